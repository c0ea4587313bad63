"""core.table_grid: the one grid of an official table, checked against the workbook's and the PDF's layouts."""

from __future__ import annotations

import pytest

from core.table_grid import (
    CAPTION,
    COLUMN,
    COLUMN_GROUP,
    COMPUTED,
    CORNER,
    ROW,
    ROW_GROUP,
    TITLE,
    VALUE,
    leaf_spans,
    section_grid,
    table_grid,
)
from core.template import load_template

EDITIONS = ("2021", "2019")


def _covered_once(grid):
    seen = {}
    for cell in grid.cells:
        for r in range(cell.row, cell.last_row + 1):
            for c in range(cell.col, cell.last_col + 1):
                assert (r, c) not in seen
                seen[(r, c)] = cell
    return seen


@pytest.mark.parametrize("edition", EDITIONS)
def test_table_three_official_header(edition):
    t3 = load_template(edition).tables["t3"]
    grid = table_grid(t3)
    assert (grid.label_cols, grid.header_rows, grid.cols) == (3, 3, 10)
    corner = grid.at(0, 0)
    assert corner.role == CORNER and (corner.rowspan, corner.colspan) == (3, 3) and "勾稽关系" in corner.text
    caption = grid.at(0, 3)
    assert (caption.role, caption.text, caption.colspan) == (CAPTION, "申请人情况", 7)
    natural = grid.at(1, 3)
    assert (natural.role, natural.text, natural.rowspan) == (COLUMN, "自然人", 2)
    legal = grid.at(1, 4)
    assert (legal.role, legal.text, legal.colspan) == (COLUMN_GROUP, "法人或其他组织", 5)
    assert grid.at(2, 4).text == "商业企业" and grid.at(2, 9).text == "总计" and grid.at(2, 9).row == 1
    results = [c for c in grid.labels(ROW_GROUP) if c.text == "三、本年度办理结果"]
    assert len(results) == 1 and results[0].col == 0
    # 2021 splits （六）其他处理 into three rows (O1–O3), 2019 has one (O); （七）总计 is under 三 too
    assert results[0].rowspan == (22 if edition == "2021" else 20)
    first = grid.at(3, 0)
    assert (first.role, first.colspan) == (ROW, 3) and first.text.startswith("一、本年新收")
    assert grid.key_at(3, 3) == "t3.N.C1" and grid.at(3, 3).role == VALUE
    assert grid.at(3, 9).role == COMPUTED  # 总计 is a total
    assert set(_covered_once(grid)) == {(r, c) for r in range(grid.rows) for c in range(grid.cols)}


def test_table_four_has_no_label_columns():
    grid = table_grid(load_template("2021").tables["t4"])
    assert grid.label_cols == 0 and grid.header_rows == 3 and grid.cols == 15
    assert len(grid.value_cells()) == 15 and grid.rows == 4
    assert grid.at(0, 0).role == COLUMN_GROUP and grid.at(0, 0).text == "行政复议"


def test_section_two_shares_one_grid_and_widens_single_cells():
    section = load_template("2021").sections[1]
    grid = section_grid(section)
    assert grid.tables == ("t2_1", "t2_5", "t2_6", "t2_8") and grid.cols == 4
    titles = grid.labels(TITLE)
    assert [t.text for t in titles] == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项",
                                        "第二十条第（八）项"]
    assert all(t.colspan == 4 for t in titles)
    single = [c for c in grid.value_cells() if c.table == "t2_5"]
    assert len(single) == 1 and (single[0].col, single[0].colspan) == (1, 3)
    assert grid.cell_of(single[0].key) == single[0] and grid.position(single[0].key) == (single[0].row, 1)
    _covered_once(grid)


def test_row_range_relabels_a_cut_group():
    t3 = load_template("2021").tables["t3"]
    grid = table_grid(t3, start=5, stop=9)
    groups = {c.text: c for c in grid.labels(ROW_GROUP)}
    assert groups["三、本年度办理结果"].rowspan == 4 and groups["三、本年度办理结果"].row == grid.header_rows
    assert len(grid.value_cells()) == 4 * 7


def test_leaf_spans():
    assert leaf_spans(2, 3, "last") == [(0, 0), (1, 2)]
    assert leaf_spans(2, 3, "even") == [(0, 1), (2, 2)]
    assert leaf_spans(1, 3) == [(0, 2)]
    with pytest.raises(ValueError):
        leaf_spans(1, 3, "middle")


_XLSX_ROLES = {"table_title": TITLE, "corner": CORNER, "caption": CAPTION, "column": COLUMN,
               "column_group": COLUMN_GROUP, "row": ROW, "row_group": ROW_GROUP}


@pytest.mark.parametrize("edition", EDITIONS)
def test_same_grid_as_the_workbook(edition):
    """core.export.xlsx_layout's labels and value slots sit where the grid puts them (sheet row = grid row + 2)."""
    from core.export.xlsx_layout import layout_sheet, table_sections

    for section in table_sections(load_template(edition)):
        sheet, grid = layout_sheet(section), section_grid(section)
        areas = {(a.row - 2, a.col - 1, a.last_row - 2, a.last_col - 1, _XLSX_ROLES[a.role], a.text.replace("\n", ""))
                 for a in sheet.areas if a.role != "title"}
        mine = {(c.row, c.col, c.last_row, c.last_col, c.role, c.text) for c in grid.cells if not c.is_value}
        assert areas == mine
        slots = {(s.key, s.row - 2, s.col - 1, s.last_col - 1) for s in sheet.slots}
        assert slots == {(c.key, c.row, c.col, c.last_col) for c in grid.value_cells()}


@pytest.mark.parametrize("edition", EDITIONS)
def test_same_spans_as_the_pdf(edition):
    """core.export.pdf_tables' merged cells (SPAN commands) are the grid's spans with the even spread."""
    from reportlab.platypus import Paragraph

    from core.export.pdf_tables import build_table

    template = load_template(edition)
    for section in template.sections:
        width = max((len(t.column_leaves()) for t in section.tables), default=1)
        for spec in section.tables:
            shown = spec.title != section.heading
            table = build_table(spec, {}, "Helvetica", 440, grid_columns=width, show_title=shown)
            grid = table_grid(spec, title=shown, value_cols=width, spread="even")
            spans = {(sc, sr, ec, er) for _, (sc, sr), (ec, er) in table._spanCmds}
            assert spans == {(c.col, c.row, c.last_col, c.last_row) for c in grid.cells
                             if c.rowspan > 1 or c.colspan > 1}
            for cell in grid.cells:
                drawn = table._cellvalues[cell.row][cell.col]
                text = drawn.getPlainText() if isinstance(drawn, Paragraph) else str(drawn)
                assert text.replace("\n", "") == cell.text
