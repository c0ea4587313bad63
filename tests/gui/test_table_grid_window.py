"""The window's table layout (gui.table_layout) is the same grid core.table_grid computes."""

from __future__ import annotations

import pytest

from core.table_grid import table_grid
from core.template import load_template
from gui.table_layout import layout_for


@pytest.mark.parametrize("edition", ["2021", "2019"])
def test_window_layout_is_the_core_grid(edition):
    for spec in load_template(edition).tables.values():
        layout, grid = layout_for(spec), table_grid(spec)
        assert (layout.rows, layout.cols, layout.header_rows, layout.label_cols) == (
            grid.rows, grid.cols, grid.header_rows, grid.label_cols)
        assert {(h.row, h.col, h.rowspan, h.colspan, h.text) for h in layout.headers} == {
            (c.row, c.col, c.rowspan, c.colspan, c.text) for c in grid.cells if not c.is_value}
        for cell in grid.value_cells():
            assert layout.key_at(spec.id, cell.row, cell.col) == cell.key
