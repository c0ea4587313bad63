"""The report as a Word document (.docx) in 公文 layout, editable in Word and WPS, built with python-docx.

What it prints comes from core.report_outline (the same outline as the web page); the page, fonts
and styles from core.docx_style. The official tables are real Word tables drawn from
core.table_grid: merged headers, header rows repeated on every page, numbers right-aligned, blanks
blank, widths that fit the A4 text block at 9–10.5 pt.
"""

from __future__ import annotations

import math
import unicodedata
from datetime import datetime, timezone
from typing import BinaryIO

import docx
from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from core.docx_style import (
    BODY_STYLE, HEADING_STYLES, TABLE_STYLE, TEXT_W_MM, TITLE_PT, TITLE_STYLE, add_styles, font_run, indent_chars,
    page_mark, page_numbers, setup_page,
)
from core.narrative_lines import clean_text
from core.report import Report
from core.report_outline import (
    CLOSING, HEADING, MARKER, PARAGRAPH, TABLE, TITLE, Block, Status, identifier, report_outline, report_status,
    value_texts,
)
from core.table_grid import ROW, ROW_GROUP, TableGrid

CELL_PAD_MM = 1.0
BLANK_LINES = 2  # before the 落款 (GB/T 9704 §7.3.5)
DATE_RIGHT_CHARS = 4


def table_font_size(value_cols: int) -> float:
    """五号 (10.5 pt) for narrow tables, 9 pt when many value columns must fit the text block."""
    return 10.5 if value_cols <= 4 else 9.0


def column_widths(grid: TableGrid, size: float) -> list[float]:
    """Widths in mm of the label columns then the value columns, filling the 156 mm text block."""
    values = grid.cols - grid.label_cols
    if not grid.label_cols:
        return [TEXT_W_MM / values] * values
    value_w = min(max(TEXT_W_MM * 0.5 / values, 11.0), 30.0)  # 11 mm still holds 自然人 and five digits
    groups = []
    for col in range(grid.label_cols - 1):
        names = [c.text for c in grid.labels(ROW_GROUP) if c.col == col]
        chars = min(max(3, math.ceil(max((len(n) for n in names), default=4) / 2)), 6)
        groups.append((chars * size + 2) * 25.4 / 72 + 2 * CELL_PAD_MM)
    last = TEXT_W_MM - value_w * values - sum(groups)
    return [*groups, last] + [value_w] * values


def char_width(text: str) -> float:
    """Width in full-width characters (a Latin letter or digit is half a character)."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def _table_props(table: docx.table.Table) -> None:
    """Narrow cell margins (1 mm each side) so nine or ten columns of 9 pt fit."""
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", 0), ("left", round(CELL_PAD_MM / 25.4 * 1440)), ("bottom", 0),
                        ("right", round(CELL_PAD_MM / 25.4 * 1440))):
        node = OxmlElement(f"w:{side}")
        node.set(qn("w:w"), str(twips))
        node.set(qn("w:type"), "dxa")
        margins.append(node)
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _row_props(row: docx.table._Row, header: bool) -> None:
    """Rows never split across pages; header rows repeat at the top of each page (w:tblHeader)."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def add_grid_table(document: Document, grid: TableGrid, values: dict[str, str]) -> docx.table.Table:
    """One official table (or a section's stacked tables) with its merged cells, from the grid."""
    size = table_font_size(grid.cols - grid.label_cols)
    table = document.add_table(rows=grid.rows, cols=grid.cols)
    table.style = document.styles["Table Grid"]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _table_props(table)
    widths = column_widths(grid, size)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for r, row in enumerate(table.rows):
        _row_props(row, r < grid.header_rows)
    slots = [row.cells for row in table.rows]
    style_id = document.styles[TABLE_STYLE].style_id  # set by id: python-docx's style setter scans all styles
    for cell in grid.cells:
        target = slots[cell.row][cell.col]
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(slots[cell.last_row][cell.last_col])
        target.width = Mm(sum(widths[cell.col:cell.last_col + 1]))
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for extra in target.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        paragraph = target.paragraphs[0]
        paragraph._p.style = style_id
        text = values.get(cell.key, "") if cell.is_value else cell.text
        if cell.is_value:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif cell.role == ROW:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        if text:
            paragraph.add_run(text)
    return table


def _title(document: Document, block: Block) -> None:
    """Centred 2号 小标宋, broken after the agency's name when it does not fit one line (公文 habit)."""
    paragraph = document.add_paragraph(style=TITLE_STYLE)
    per_line = TEXT_W_MM / 25.4 * 72 / TITLE_PT
    agency = block.lines[0] if block.lines else ""
    rest = block.text[len(agency):] if agency and block.text.startswith(agency) else ""
    if char_width(block.text) > per_line and rest and char_width(rest) <= per_line:
        paragraph.add_run(agency).add_break()
        paragraph.add_run(rest)
    else:
        paragraph.add_run(block.text)


def _paragraph(document: Document, block: Block) -> None:
    paragraph = document.add_paragraph(style=BODY_STYLE)
    if block.head:
        font_run(paragraph, block.text[:block.head], "heading2")  # only the run-in heading in 楷体
    paragraph.add_run(block.text[block.head:])


def _closing(document: Document, block: Block) -> None:
    """Two blank lines, then the agency centred over the date; the date four characters from the right."""
    if document.paragraphs:  # the 落款 never stands alone on the last page: the body's last lines go with it
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    for _ in range(BLANK_LINES):
        document.add_paragraph(style=BODY_STYLE).paragraph_format.keep_with_next = True
    widths = [char_width(line) for line in block.lines]
    date_w = widths[-1]
    for line, width in zip(block.lines, widths, strict=True):
        paragraph = document.add_paragraph(style=BODY_STYLE)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        right = DATE_RIGHT_CHARS + max(0.0, (date_w - width) / 2) if len(block.lines) == 2 else DATE_RIGHT_CHARS
        if width > date_w:
            right = max(0.0, DATE_RIGHT_CHARS - (width - date_w) / 2)
        ind = paragraph._p.get_or_add_pPr()
        indent_chars(ind)
        ind.find(qn("w:ind")).set(qn("w:rightChars"), str(round(right * 100)))
        ind.find(qn("w:ind")).set(qn("w:right"), str(round(right * 320)))
        paragraph.paragraph_format.keep_with_next = line is not block.lines[-1]
        paragraph.add_run(line)


def _properties(document: Document, report: Report, status: Status) -> None:
    """Title, author, subject; a 定稿's version and content hash (not in the 公开版)."""
    props = document.core_properties
    props.title = clean_text(report.title)[:255]
    props.author = props.last_modified_by = clean_text(report.agency).strip()[:255]
    props.subject = f"{report.year}年政府信息公开工作年度报告"
    props.category = "政府信息公开工作年度报告"
    props.identifier = identifier(report)
    props.language = "zh-CN"
    props.content_status = "定稿" if status.final else "草稿"
    props.version = status.version
    props.keywords = f"{MARKER}"
    props.comments = f"定稿 第 {status.version} 版 · 校验码 {status.content_hash}" if status.version else ""
    now = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now
    props.revision = 1


def _drop_thumbnail(document: Document) -> None:
    """python-docx's template ships a thumbnail of an unrelated page; Explorer would show it."""
    rels = document.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            rels.pop(rid)


def build_docx(report: Report, *, previous: Report | None = None, public: bool = False) -> Document:
    """The report as a python-docx Document (see write_docx)."""
    status = report_status(report, previous, public=public)
    blocks = report_outline(report)
    widest = max((b.grid.cols - b.grid.label_cols for b in blocks if b.grid is not None), default=1)
    document = docx.Document()
    _drop_thumbnail(document)
    add_styles(document, table_font_size(widest))
    setup_page(document)
    page_numbers(document)
    if status.mark:
        page_mark(document, status.mark)
    values = value_texts(report)
    for block in blocks:
        if block.kind == TITLE:
            _title(document, block)
        elif block.kind == HEADING:
            document.add_paragraph(block.text, style=HEADING_STYLES[block.level - 1])
        elif block.kind == PARAGRAPH:
            _paragraph(document, block)
        elif block.kind == TABLE and block.grid is not None:
            add_grid_table(document, block.grid, values)
        elif block.kind == CLOSING:
            _closing(document, block)
    _properties(document, report, status)
    return document


def write_docx(report: Report, stream: BinaryIO, *, previous: Report | None = None, public: bool = False) -> None:
    """Write the report as a .docx: title, 前言, the six sections with their tables, the 落款.

    A draft (or a 定稿 core.final_status does not trust) says 草稿 at the top of every page; a trusted
    定稿 carries its version and content hash in the document properties. ``public``: the 公开版, without
    the internal version line and properties.
    """
    build_docx(report, previous=previous, public=public).save(stream)
