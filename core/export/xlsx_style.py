"""What every sheet of the exported workbook shares: fonts, borders, cell writing and page setup."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.page import PageMargins

from core.export.xlsx_layout import clean_text
from core.final_status import FinalStatus
from core.values import Value
from core.wording import DRAFT, status_line

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell as XlCell
    from openpyxl.worksheet.worksheet import Worksheet

    from core.report import Report

_SONG, _HEI = "宋体", "黑体"
FONT_TITLE = Font(name=_HEI, size=12, bold=True, charset=134)
FONT_HEADING = Font(name=_HEI, size=12, charset=134)
FONT_BOLD = Font(name=_SONG, size=10.5, bold=True, charset=134)
FONT_BODY = Font(name=_SONG, size=10.5, charset=134)
FONT_TEXT = Font(name=_SONG, size=11, charset=134)
FONT_SMALL = Font(name=_SONG, size=10, charset=134)
FONT_LEVEL2 = Font(name="楷体", size=11, charset=134)
FONT_DEFAULT = Font(name=_SONG, size=11, charset=134, family=3)
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
UNDERLINE = Border(bottom=_THIN)  # a line to write or sign on (the 校验单's signature and seal lines)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
FILL_ERROR = PatternFill("solid", fgColor="FDE2E1")
FILL_WARNING = PatternFill("solid", fgColor="FFF4CE")
_FORMULA_LEADS = ("=", "+", "-", "@")


# ---- cells ------------------------------------------------------------------------------------


def put_text(cell: XlCell, text: str) -> None:
    """Store clerk text as text: never a formula, no characters a workbook cannot hold."""
    text = clean_text(text)
    cell.value = text
    cell.data_type = "s"
    if text.startswith(_FORMULA_LEADS):
        cell.quotePrefix = True  # stays text when the cell is edited in Excel/WPS


def put_value(cell: XlCell, value: Value) -> None:
    """Store a number as a number, with a format that shows all its decimals."""
    cell.value = value
    cell.number_format = number_format(value)


def number_format(value: Value) -> str:
    """``0`` for whole numbers, ``0.00`` (as many zeros as decimals) for amounts."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return "0." + "0" * places if places else "0"
    return "0"


def style_range(ws: Worksheet, first: tuple[int, int], last: tuple[int, int], font: Font,
                align: Alignment, border: bool = True) -> None:
    """Font, alignment and (optionally) borders on every cell of a range, merged or not."""
    for row in range(first[0], last[0] + 1):
        for col in range(first[1], last[1] + 1):
            cell = ws.cell(row, col)
            cell.font = font
            cell.alignment = align
            if border:
                cell.border = BORDER


def merge(ws: Worksheet, first: tuple[int, int], last: tuple[int, int]) -> None:
    """Merge a range when it covers more than one cell."""
    if first != last:
        ws.merge_cells(start_row=first[0], start_column=first[1], end_row=last[0], end_column=last[1])


# ---- page setup -------------------------------------------------------------------------------


class PageMarks(NamedTuple):
    """What every printed page carries: the report's name at the top, its status at the foot."""

    title: str  # agency and year
    status: str  # 草稿 · 第 N 版 · 未定稿, or 第 N 版 定稿 · 校验码 …, as in the PDF
    draft: bool


def _header_text(report: Report) -> str:
    """Page header: agency and year ('&' doubled, as header codes require)."""
    agency = clean_text(report.agency)[:80] or "（未填写机关名称）"
    return f"{agency}　{report.year}年政府信息公开工作年度报告".replace("&", "&&")


def status_note(report: Report, final: FinalStatus | None = None) -> str:
    """The status line at the foot of every printed sheet, worded as the PDF's (core.wording.status_line)."""
    final = final or FinalStatus(report.is_final)
    return status_line(report, final.trusted)


def page_marks(report: Report, final: FinalStatus | None = None) -> PageMarks:
    """The header and footer texts of the report's printed sheets (an untrusted 定稿 prints as 草稿)."""
    final = final or FinalStatus(report.is_final)
    return PageMarks(_header_text(report), status_note(report, final), not final.trusted)


def setup_page(ws: Worksheet, landscape: bool, title_rows: int, marks: PageMarks, *, one_page: bool = False) -> None:
    """A4, fit to page width (and height with ``one_page``), repeated header rows, agency/year header,
    page-number footer and the status (a draft printed from Excel/WPS says 草稿, as the PDF does)."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.6, right=0.6, top=0.8, bottom=0.8, header=0.35, footer=0.35)
    if title_rows:
        ws.print_title_rows = f"1:{title_rows}"
    parts = [(ws.oddHeader.center, marks.title, 9, "常规"), (ws.oddFooter.center, "第 &P 页，共 &N 页", 9, "常规"),
             (ws.oddFooter.right, marks.status, 8, "常规")]
    if marks.draft:
        parts.append((ws.oddHeader.right, DRAFT, 14, "加粗"))
    for part, text, size, weight in parts:
        part.text = text
        part.font = f"{_SONG},{weight}"
        part.size = size
