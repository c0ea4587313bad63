"""Excel print layout: each table sheet on one readable page, the orientation
that prints it larger, and sign lines under the check sheet."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from core.export.xlsx import write_xlsx
from core.export.xlsx_layout import MIN_ONE_PAGE_SCALE, PRINTABLE_PT, column_points, layout_sheet, table_sections
from core.read.report_file import read_report_file
from core.template import load_template
from tests.factories import SEED_FILE


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_every_table_fits_one_page_in_its_better_orientation(edition: str) -> None:
    for section in table_sections(load_template(edition)):
        layout = layout_sheet(section)
        upright, across = layout.page_scale(False), layout.page_scale(True)
        assert layout.one_page, section.title
        assert max(upright, across) >= MIN_ONE_PAGE_SCALE
        assert layout.page_scale(layout.landscape) >= max(upright, across) - 0.02 - 1e-9, section.title
        width, height = layout.size_pt()
        assert width == pytest.approx(sum(column_points(w) for w in layout.col_widths))
        assert height >= 20 * layout.last_row * 0.9


def test_page_scale_arithmetic() -> None:
    layout = layout_sheet(table_sections(load_template("2021"))[-1])  # 四: one wide row of 16 values
    width, _height = layout.size_pt()
    assert width > PRINTABLE_PT[0] and layout.landscape
    assert layout.page_scale(False) == pytest.approx(PRINTABLE_PT[0] / width)


def test_seed_workbook_print_setup_and_signatures() -> None:
    out = io.BytesIO()
    write_xlsx(read_report_file(SEED_FILE), out)
    wb = load_workbook(io.BytesIO(out.getvalue()))
    three = wb["三、收到和处理政府信息公开申请情况"]
    assert three.page_setup.fitToHeight == 1 and three.page_setup.fitToWidth == 1
    check = wb["校验单"]
    labels = [check.cell(r, 1).value for r in range(1, check.max_row + 1)]
    assert labels[-4:-1] == ["填报人：", "审核人：", "负责人："], "the seed has no names: the lines stay blank"
    assert labels[-1].startswith("填报单位（盖章）：")
    last = check.max_row - 1
    assert check.cell(last, 5).border.bottom.style == "thin" and check.cell(last, 6).border.bottom.style == "thin"
    assert all(check.cell(last, c).font.name == "宋体" for c in range(1, 8) if check.cell(last, c).value)
