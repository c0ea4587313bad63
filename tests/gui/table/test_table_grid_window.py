"""The window draws core.table_grid's grid: the same spans, labels and value cells at the same positions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.report import Report
from core.table_grid import table_grid
from gui.document import ReportDocument
from gui.table.count_table_model import KIND_ROLE, CountTableModel
from gui.table.count_table_view import CountTableView


@pytest.mark.parametrize("edition", ["2021", "2019"])
def test_window_draws_the_core_grid(edition, qtbot):
    document = ReportDocument(Report.blank(2023, "示例局", "department", edition=edition))
    for spec in document.template.tables.values():
        view = CountTableView(CountTableModel(document, spec))
        qtbot.addWidget(view)
        model, grid = view.model(), table_grid(spec)
        assert (model.rowCount(), model.columnCount()) == (grid.rows, grid.cols)
        for cell in grid.cells:
            spans = view.rowSpan(cell.row, cell.col), view.columnSpan(cell.row, cell.col)
            assert spans == (cell.rowspan, cell.colspan)
            index = model.index(cell.row, cell.col)
            if cell.is_value:
                assert model.key(index) == cell.key and model.index_of(cell.key) == index
            else:
                assert model.data(index, KIND_ROLE) == "header"
                assert model.data(index, Qt.ItemDataRole.ToolTipRole) == cell.text
