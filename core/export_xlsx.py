"""The report as an Excel workbook in the official layout, plus its full text, check report and metadata.

Sheets, in order:
  报告全文   title, the six headings and each narrative, one paragraph per row; the hidden column B
             marks each row (section id, text key, "续" for a paragraph continued from the row above)
  二、… 三、… 四、…  one sheet per table section, drawn from the template (core.xlsx_layout): merged
             official headers and row labels, inputs and computed totals as numbers, never formulas
  校验单     one row per rule of core.validation.run_checks
  基本信息   format marker, edition, year, metadata, status, version, hash and the officer's 说明;
             the hidden column C holds the key each row is read back by
core.xlsx_import reads the workbook back from the same positions.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from core import APP_TITLE, __version__
from core.final_status import UNTRUSTED_MARK, FinalStatus, final_status
from core.preface import preface_text
from core.report import META_FIELDS, STATUS_DRAFT, Report, computed_values
from core.template import AGENCY_KINDS, SEVERITY_LABELS
from core.values import Value
from core.xlsx_import import read_workbook
from core.xlsx_layout import (
    CHECK_SHEET,
    FORMAT_MARKER,
    FORMAT_VERSION,
    MARK_CONTINUED,
    MARK_NOTE,
    MARK_TITLE,
    META_SHEET,
    STATUS_LABELS,
    TEXT_SHEET,
    UNSET,
    SheetLayout,
    clean_text,
    layout_sheet,
    row_height,
    sheet_name,
    split_paragraph,
    table_sections,
    text_lines,
)

if TYPE_CHECKING:
    from core.template import Template

__all__ = ["STATUS_LABELS", "read_xlsx", "write_xlsx"]

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
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
FILL_ERROR = PatternFill("solid", fgColor="FDE2E1")
FILL_WARNING = PatternFill("solid", fgColor="FFF4CE")
_FORMULA_LEADS = ("=", "+", "-", "@")


def write_xlsx(report: Report, stream: BinaryIO, previous: Report | None = None) -> None:
    """Write the report as an .xlsx workbook to a binary stream."""
    template = report.template
    wb = Workbook()
    # openpyxl has no public API for the default font: replace font 0 (the Normal style's, used by every
    # cell the clerk later types into in WPS/Excel) so empty cells are 宋体 too, not Calibri.
    wb._fonts = type(wb._fonts)([FONT_DEFAULT, *list(wb._fonts)[1:]])
    wb.remove(wb.active)
    wb.properties.creator = APP_TITLE
    wb.properties.title = clean_text(report.title)
    final = final_status(report, previous)
    header = page_marks(report, final)
    write_text_sheet(wb.create_sheet(TEXT_SHEET), report, template, header)
    values = computed_values(report, template)
    for section in table_sections(template):
        layout = layout_sheet(section)
        write_table_sheet(wb.create_sheet(layout.name), layout, values, report, header)
    write_check_sheet(wb.create_sheet(CHECK_SHEET), report, previous, header)
    write_meta_sheet(wb.create_sheet(META_SHEET), report, template, header, final)
    if final.trusted:  # a 定稿's sheets guard against a slip of the keyboard (no password: not a lock)
        for ws in wb.worksheets:
            ws.protection.sheet = True
    wb.save(stream)


def read_xlsx(source: object) -> Report:
    """Read a workbook written by write_xlsx (a path or a binary stream) back into a Report."""
    return read_workbook(source)


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


# ---- table sheets -------------------------------------------------------------------------------

_AREA_STYLE = {
    "title": (FONT_TITLE, CENTER, False),
    "table_title": (FONT_BOLD, CENTER, True),
    "row": (FONT_BODY, LEFT, True),
}


def write_table_sheet(ws: Worksheet, layout: SheetLayout, values: dict[str, Value], report: Report,
                      header: PageMarks) -> None:
    """One section's tables in the official layout, totals as computed values."""
    for area in layout.areas:
        first, last = (area.row, area.col), (area.last_row, area.last_col)
        merge(ws, first, last)
        put_text(ws.cell(area.row, area.col), area.text)
        font, align, border = _AREA_STYLE.get(area.role, (FONT_BODY, CENTER, True))
        style_range(ws, first, last, font, align, border)
    for slot in layout.slots:
        first, last = (slot.row, slot.col), (slot.row, slot.last_col)
        merge(ws, first, last)
        cell = ws.cell(slot.row, slot.col)
        value = values.get(slot.key)
        if value is not None:
            put_value(cell, value)
        elif slot.key in report.invalid and not slot.computed:
            put_text(cell, report.invalid[slot.key][0])  # kept as typed, so nothing is lost
        style_range(ws, first, last, FONT_BODY, CENTER)
    for index, width in enumerate(layout.col_widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for row in range(2, layout.last_row + 1):
        ws.row_dimensions[row].height = layout.row_heights.get(row, 20.0)
    ws.row_dimensions[1].height = layout.row_heights.get(1, 26.0)
    ws.print_area = f"A1:{get_column_letter(layout.width)}{layout.last_row}"
    if layout.header_end > 1:  # keep headers and row labels in view while scrolling
        ws.freeze_panes = ws.cell(layout.header_end + 1, min(slot.col for slot in layout.slots))
    setup_page(ws, layout.landscape, layout.header_end, header, one_page=layout.one_page)


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


DRAFT = "草稿"


def status_note(report: Report, final: FinalStatus | None = None) -> str:
    """The status line, worded as the PDF's footer (core.export_pdf.footer_note)."""
    final = final or FinalStatus(report.is_final)
    if final.trusted:
        return f"第 {report.version} 版 定稿 · 校验码 {report.content_hash[:12]}"
    if final.untrusted:
        return f"{DRAFT} · 第 {report.version} 版 · {UNTRUSTED_MARK}"
    return f"{DRAFT} · 第 {report.version} 版 · 未定稿"


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


# ---- full text ----------------------------------------------------------------------------------


def write_text_sheet(ws: Worksheet, report: Report, template: Template, header: PageMarks) -> None:
    """Title, the six headings and every narrative, one paragraph per row (hidden column B marks rows)."""
    width = 78.0  # fits A4 portrait at 100%: LibreOffice does not shrink a single wide column to fit
    ws.column_dimensions["A"].width = width
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["B"].hidden = True
    rows: list[tuple[str, str, Font, Alignment, float]] = [
        (report.title, MARK_TITLE, FONT_TITLE, CENTER, 32.0)]
    if template.preface is not None:
        # a default 前言 (not stored) is printed but not read back: it keeps following 基本信息
        key = template.preface.key if report.texts.get(template.preface.key) else MARK_DEFAULT
        rows += _paragraph_rows(preface_text(report), key, width)
    for section in template.sections:
        rows.append((section.title, section.id, FONT_HEADING, LEFT, 26.0))
        if section.tables:
            note = f"（本部分为表格，见工作表“{sheet_name(section)}”）"
            rows.append((note, MARK_NOTE, FONT_TEXT, LEFT, 20.0))
        for field in section.texts:
            if field.key in report.texts:
                rows += _paragraph_rows(report.texts[field.key], field.key, width)
    for index, (text, mark, font, align, height) in enumerate(rows, start=1):
        put_text(ws.cell(index, 1), text)
        put_text(ws.cell(index, 2), mark)
        ws.cell(index, 1).font = font
        ws.cell(index, 1).alignment = align
        ws.cell(index, 2).font = FONT_SMALL
        ws.row_dimensions[index].height = height
    ws.print_area = f"A1:A{len(rows)}"
    ws.sheet_view.showGridLines = False  # reads as a document on screen too
    # no repeated title rows: every page's header already names the agency and year (setup_page)
    setup_page(ws, False, 0, header)


MARK_DEFAULT = "preface.default"  # a row core.xlsx_import skips (not a text key)
_LEVEL2_HEADING = re.compile(r"^（[一二三四五六七八九十]+）[^。！？]{0,28}[。！？]?$")  # a bare （一） heading line


def _paragraph_rows(text: str, key: str, width: float) -> list[tuple[str, str, Font, Alignment, float]]:
    """A narrative's rows: one per paragraph (long ones cut into chunks marked 续), height for their lines."""
    rows = []
    for paragraph in clean_text(text).split("\n"):
        font = FONT_LEVEL2 if _LEVEL2_HEADING.match(paragraph.strip()) else FONT_TEXT  # （一）… as in the PDF
        for i, chunk in enumerate(split_paragraph(paragraph)):
            height = row_height(text_lines(chunk, width)) + 4  # a little air between paragraphs
            rows.append((chunk, key if i == 0 else MARK_CONTINUED, font, TOP_LEFT, height))
    return rows


# ---- check report -----------------------------------------------------------------------------

CHECK_HEADERS = ("编号", "检查项", "级别", "结果", "比对数值", "问题", "说明")  # as the PDF 勾稽校验单 heads them
CHECK_WIDTHS = (8.0, 26.0, 9.0, 16.0, 34.0, 44.0, 30.0)


def check_rows(report: Report, previous: Report | None) -> list[tuple[tuple[str, ...], str]]:
    """One row per rule (the seven columns) with the row's outcome: passed / error / warning / info / skipped."""
    from core.check_report import shown_compared  # imported late: validation is the heavier module
    from core.validation import run_checks

    rows = []
    for result in run_checks(report, previous):
        rule = result.rule
        if result.skipped:
            outcome, state = f"未运行：{result.skipped}", "skipped"
        elif result.passed:
            outcome, state = "通过", "passed"
        else:
            outcome, state = "未通过", rule.severity
        notes = [report.explanations.get(i.fingerprint, "") for i in result.issues]
        rows.append(((rule.id, rule.title, SEVERITY_LABELS.get(rule.severity, rule.severity), outcome,
                      "\n".join(shown_compared(result)), "\n".join(i.message for i in result.issues),
                      "\n".join(n for n in notes if n)), state))
    return rows


def check_summary(states: list[str]) -> str:
    """One line with the counts of the check report."""
    count = states.count
    failed = len(states) - count("passed") - count("skipped")
    return (f"共 {len(states)} 条规则：通过 {count('passed')} 条；未通过 {failed} 条（错误 {count('error')} 条，"
            f"需核实 {count('warning')} 条，提示 {count('info')} 条）；未运行 {count('skipped')} 条")


def write_check_sheet(ws: Worksheet, report: Report, previous: Report | None, header: PageMarks) -> None:
    """The 勾稽校验单: every rule, whether it passed, the values compared, problems and explanations."""
    try:
        rows, available = check_rows(report, previous), True
    except ImportError:  # a build without the validation module still exports the report itself
        rows, available = [], False
    width = len(CHECK_HEADERS)
    summary = check_summary([state for _, state in rows]) if available else "校验模块不可用，未生成校验结果"
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
            ws.cell(row, col).border = Border(bottom=_THIN)
        ws.row_dimensions[row].height = 30.0
    seal = top + len(SIGN_ROLES)
    merge(ws, (seal, 1), (seal, width))
    put_text(ws.cell(seal, 1), f"填报单位（盖章）：{clean_text(report.agency)}")
    style_range(ws, (seal, 1), (seal, width), FONT_BODY, _SIGN_LEFT, border=False)
    ws.row_dimensions[seal].height = 48.0  # room for the seal
    return seal


# ---- metadata ---------------------------------------------------------------------------------


def meta_rows(report: Report, template: Template, final: FinalStatus | None = None) -> list[tuple[str, object, str]]:
    """(label, value, key) rows of the 基本信息 sheet; the key in hidden column C is what is read back.

    A 定稿 that fails the finalising checks (core.final_status) is written, and read back, as a 草稿."""
    final = final or FinalStatus(report.is_final)
    rows: list[tuple[str, object, str]] = [
        ("文件格式", FORMAT_MARKER, "format"),
        ("格式版本", FORMAT_VERSION, "format_version"),
        ("报表版本", template.edition, "edition"),
        ("报表格式", f"{template.name}（{template.document_number}）", "edition_name"),
        ("报告年度", report.year, "year"),
    ]
    for key, label in META_FIELDS.items():
        value = report.meta.get(key, "")
        mark = f"meta.{key}" if key in report.meta else f"{UNSET}{key}"  # "" and absent differ in the hash
        rows.append((label, AGENCY_KINDS.get(value, value) if key == "agency_kind" else value, mark))
    rows += [(key, value, f"meta.{key}") for key, value in sorted(report.meta.items()) if key not in META_FIELDS]
    rows += [
        ("状态", STATUS_LABELS[STATUS_DRAFT] if final.untrusted else STATUS_LABELS.get(report.status, report.status),
         "status"),
        ("版本", report.version, "version"),
        ("内容哈希（SHA-256）", report.content_hash, "hash"),
        ("工具版本", __version__, "tool_version"),
    ]
    return rows


def write_meta_sheet(ws: Worksheet, report: Report, template: Template, header: PageMarks,
                     final: FinalStatus | None = None) -> None:
    """Metadata and the officer's explanations, enough to rebuild the report."""
    merge(ws, (1, 1), (1, 2))
    put_text(ws.cell(1, 1), "基本信息")
    style_range(ws, (1, 1), (1, 2), FONT_TITLE, CENTER, border=False)
    rows: list[tuple[object, object, str]] = [("项目", "内容", "")]
    rows += meta_rows(report, template, final)
    if final is not None and final.untrusted:
        rows.append(("状态说明", final.reason(), "status_note"))
    rows += [("", "", ""), ("问题标识", "核实说明", "")]
    rows += [(fp, text, "explanation") for fp, text in sorted(report.explanations.items())]
    for index, (label, value, key) in enumerate(rows, start=2):
        for col, item in enumerate((label, value, key), start=1):
            cell = ws.cell(index, col)
            if isinstance(item, int):
                put_value(cell, item)
            else:
                put_text(cell, str(item))
            cell.font = FONT_BODY
            cell.alignment = LEFT
            if label or value:
                cell.border = BORDER if col < 3 else Border()
        if label in ("项目", "问题标识") and key == "":
            style_range(ws, (index, 1), (index, 2), FONT_BOLD, CENTER)
        ws.row_dimensions[index].height = row_height(text_lines(str(value), 60.0))
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].hidden = True
    ws.print_area = f"A1:B{len(rows) + 1}"
    setup_page(ws, False, 0, header)

