"""The workbook's 校验单 sheet: one row per rule, the summary, and the signature and seal lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from core.checks.results import CheckRow, Summary, check_rows, run_results, summarize
from core.export.xlsx_layout import clean_text, row_height, text_lines
from core.export.xlsx_style import (
    CENTER,
    FILL_ERROR,
    FILL_WARNING,
    FONT_BODY,
    FONT_BOLD,
    FONT_TITLE,
    LEFT,
    TOP_LEFT,
    UNDERLINE,
    PageMarks,
    merge,
    put_text,
    setup_page,
    style_range,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from core.report import Report

CHECK_HEADERS = ("编号", "检查项", "级别", "结果", "比对数值", "问题", "说明")  # as the PDF 勾稽校验单 heads them
CHECK_WIDTHS = (8.0, 26.0, 9.0, 16.0, 34.0, 44.0, 30.0)


def sheet_row(row: CheckRow) -> tuple[str, ...]:
    """A check-report row as the sheet's seven columns."""
    outcome = f"{row.outcome}：{row.skipped}" if row.skipped else row.outcome
    return (row.id, row.title, row.severity, outcome, "\n".join(row.compared),
            "\n".join(i.message for i in row.issues), "\n".join(row.notes))


def check_summary(s: Summary) -> str:
    """One line with the counts of the check report."""
    return (f"共 {s.rules} 条规则：通过 {s.passed} 条；未通过 {s.failed} 条（错误 {s.failed_of('error')} 条，"
            f"需核实 {s.failed_of('warning')} 条，提示 {s.failed_of('info')} 条）；未运行 {s.skipped} 条")


def write_check_sheet(ws: Worksheet, report: Report, previous: Report | None, header: PageMarks) -> None:
    """The 勾稽校验单: every rule, whether it passed, the values compared, problems and explanations."""
    results = run_results(report, previous)
    rows = [(sheet_row(row), row.state) for row in check_rows(report, results)]
    width = len(CHECK_HEADERS)
    summary = check_summary(summarize(report, results))
    for row, text, font in ((1, f"{report.title}勾稽校验单", FONT_TITLE), (2, summary, FONT_BODY)):
        merge(ws, (row, 1), (row, width))
        put_text(ws.cell(row, 1), text)
        style_range(ws, (row, 1), (row, width), font, CENTER if row == 1 else LEFT, border=False)
        ws.row_dimensions[row].height = 28.0 if row == 1 else 20.0
    for col, text in enumerate(CHECK_HEADERS, start=1):
        put_text(ws.cell(3, col), text)
        ws.column_dimensions[get_column_letter(col)].width = CHECK_WIDTHS[col - 1]
    style_range(ws, (3, 1), (3, width), FONT_BOLD, CENTER)
    for index, (cells, state) in enumerate(rows, start=4):
        for col, text in enumerate(cells, start=1):
            put_text(ws.cell(index, col), text)
        style_range(ws, (index, 1), (index, width), FONT_BODY, TOP_LEFT)
        fill = FILL_ERROR if state == "error" else FILL_WARNING if state == "warning" else None
        if fill is not None:
            for col in range(1, width + 1):
                ws.cell(index, col).fill = fill
        lines = max(text_lines(t, w) for t, w in zip(cells, CHECK_WIDTHS, strict=True))
        ws.row_dimensions[index].height = row_height(lines)
    last = write_signatures(ws, report, max(3, len(rows) + 3) + 2, width)
    ws.print_area = f"A1:{get_column_letter(width)}{last}"
    setup_page(ws, True, 3, header)


SIGN_ROLES = (("填报人", "filler"), ("审核人", "reviewer"), ("负责人", "leader"))
_SIGN_RIGHT = Alignment(horizontal="right", vertical="bottom")
_SIGN_LEFT = Alignment(horizontal="left", vertical="bottom")  # names and 日期 sit on the ruled line


def write_signatures(ws: Worksheet, report: Report, top: int, width: int) -> int:
    """填报人 / 审核人 / 负责人 lines to sign and date and the seal line under the check table; returns the last row."""
    for row, (role, key) in enumerate(SIGN_ROLES, start=top):
        name = clean_text(str(report.meta.get(key, "") or ""))
        parts = ((1, 2, f"{role}：{name}"), (3, 4, "签字："), (5, 5, ""), (6, 6, "日期：　　　　年　　月　　日"))
        for first, last, text in parts:
            merge(ws, (row, first), (row, last))
            put_text(ws.cell(row, first), text)
            style_range(ws, (row, first), (row, last), FONT_BODY, _SIGN_RIGHT if first == 3 else _SIGN_LEFT,
                        border=False)
        for col in (5, 6):  # ruled lines to write on
            ws.cell(row, col).border = UNDERLINE
        ws.row_dimensions[row].height = 30.0
    seal = top + len(SIGN_ROLES)
    merge(ws, (seal, 1), (seal, width))
    put_text(ws.cell(seal, 1), f"填报单位（盖章）：{clean_text(report.agency)}")
    style_range(ws, (seal, 1), (seal, width), FONT_BODY, _SIGN_LEFT, border=False)
    ws.row_dimensions[seal].height = 48.0  # room for the seal
    return seal
