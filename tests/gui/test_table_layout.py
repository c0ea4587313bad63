"""The grid of each official table: merged headings where the printed form merges them."""

from __future__ import annotations

from core.template import Template
from gui.table_layout import layout_for


def test_table_three_layout(template21: Template) -> None:
    layout = layout_for(template21.tables["t3"])
    assert (layout.header_rows, layout.label_cols) == (3, 3)  # caption + two column levels; three label levels
    assert layout.rows == 3 + 25 and layout.cols == 3 + 7
    corner = layout.header_at[(0, 0)]
    assert (corner.rowspan, corner.colspan) == (3, 3) and "勾稽关系" in corner.text
    caption = layout.header_at[(0, 3)]
    assert caption.text == "申请人情况" and caption.colspan == 7
    natural = layout.header_at[(1, 3)]
    assert natural.text == "自然人" and natural.rowspan == 2  # a leaf under a two-level header fills both rows
    results = layout.header_at[(layout.position("R1", "C1")[0], 0)]
    assert results.text == "三、本年度办理结果" and results.rowspan == 22
    assert layout.key_at("t3", *layout.position("T", "C7")) == "t3.T.C7"
    assert layout.key_at("t3", 0, 0) is None


def test_table_four_has_no_label_column(template21: Template) -> None:
    layout = layout_for(template21.tables["t4"])
    assert layout.label_cols == 0 and layout.header_rows == 3
    assert layout.header_at[(0, 0)].text == "行政复议" and layout.header_at[(0, 0)].colspan == 5
    assert layout.header_at[(0, 5)].text == "行政诉讼" and layout.header_at[(0, 5)].colspan == 10


def test_every_table_covers_its_header_area(template21: Template, template19: Template) -> None:
    for template in (template21, template19):
        for table in template.tables.values():
            layout = layout_for(table)
            for r in range(layout.header_rows):
                for c in range(layout.cols):
                    assert (r, c) in layout.header_at, (table.id, r, c)
            for r in range(layout.header_rows, layout.rows):
                for c in range(layout.label_cols):
                    assert (r, c) in layout.header_at, (table.id, r, c)
