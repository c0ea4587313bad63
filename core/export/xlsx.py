"""The report as an Excel workbook in the official layout, plus its full text, check report and metadata.

Sheets, in order:
  报告全文   title, the six headings and each narrative, one paragraph per row; the hidden column B
             marks each row (section id, text key, "续" for a paragraph continued from the row above)
  二、… 三、… 四、…  one sheet per table section, drawn from the template (core.export.xlsx_layout): merged
             official headers and row labels, inputs and computed totals as numbers, never formulas
  校验单     one row per rule of core.checks.validation.run_checks
  基本信息   format marker, edition, year, metadata, status, version, hash and the officer's 说明;
             the hidden column C holds the key each row is read back by
core.read.xlsx_import reads the workbook back from the same positions.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core import APP_TITLE, __version__
from core.export.xlsx_check_sheet import write_check_sheet
from core.export.xlsx_layout import (
    CHECK_SHEET,
    FORMAT_MARKER,
    FORMAT_VERSION,
    MARK_CONTINUED,
    MARK_NOTE,
    MARK_TITLE,
    META_SHEET,
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
from core.export.xlsx_style import (
    BORDER,
    CENTER,
    FONT_BODY,
    FONT_BOLD,
    FONT_DEFAULT,
    FONT_HEADING,
    FONT_LEVEL2,
    FONT_SMALL,
    FONT_TEXT,
    FONT_TITLE,
    LEFT,
    TOP_LEFT,
    PageMarks,
    merge,
    page_marks,
    put_text,
    put_value,
    setup_page,
    style_range,
)
from core.final_status import FinalStatus, final_status
from core.preface import preface_text
from core.report import META_FIELDS, SCOPE_LABELS, STATUS_DRAFT, Report, computed_values, source_dict
from core.template import AGENCY_KINDS
from core.values import Value
from core.wording import STATUS_LABELS, UNIT_STATUS_LABELS

if TYPE_CHECKING:
    from core.template import Template

__all__ = ["STATUS_LABELS", "write_xlsx"]


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


MARK_DEFAULT = "preface.default"  # a row core.read.xlsx_import skips (not a text key)
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
    if report.is_aggregate:  # the units summed, read back from the hidden column D (core.read.xlsx_import)
        rows.append(("报告范围", SCOPE_LABELS[report.scope], "scope"))
        rows += [(f"汇总来源 {n}", f"{s.agency}（{s.file}，{UNIT_STATUS_LABELS.get(s.status, s.status)}，"
                  f"文件校验码 {s.hash}）", "source") for n, s in enumerate(report.sources, start=1)]
    rows += [
        ("状态", STATUS_LABELS[STATUS_DRAFT] if final.untrusted else STATUS_LABELS.get(report.status, report.status),
         "status"),
        ("版本", report.version, "version"),
        ("内容校验码（SHA-256）", report.content_hash, "hash"),
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
    sources = iter(report.sources)
    for index, (label, value, key) in enumerate(rows, start=2):
        if key == "source":  # the unit's record as the report file keeps it (its cells too: the hash covers them)
            put_text(ws.cell(index, 4), json.dumps(source_dict(next(sources)), ensure_ascii=False, sort_keys=True))
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
    ws.column_dimensions["D"].hidden = True
    ws.print_area = f"A1:B{len(rows) + 1}"
    setup_page(ws, False, 0, header)

