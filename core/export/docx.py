"""The report as a Word document (.docx) in 公文 layout, editable in Word and WPS, built with python-docx.

What it prints comes from core.export.report_outline (the same outline as the web page); the page, fonts
and styles from core.export.docx_style. The official tables are real Word tables drawn from
core.table_grid: merged headers, header rows repeated on every page, numbers right-aligned, blanks
blank, widths that fit the A4 text block at 9–10.5 pt.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, BinaryIO

import docx
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from lxml import etree

from core.export.docx_style import (
    BODY_STYLE,
    HEADING_STYLES,
    TABLE_STYLE,
    TITLE_STYLE,
    add_styles,
    font_run,
    indent_chars,
    page_mark,
    page_numbers,
    setup_page,
)
from core.export.narrative_lines import clean_text
from core.export.own_marks import CUSTOM_PART, MARKER, META_NAME
from core.export.report_outline import (
    CELL_PAD_MM,
    CLOSING,
    HEADING,
    PARAGRAPH,
    TABLE,
    TITLE,
    Block,
    Status,
    carried_meta,
    char_width,
    column_widths,
    identifier,
    report_outline,
    report_status,
    table_font_size,
    title_break,
    value_texts,
)
from core.report import Report
from core.table_grid import ROW, TableGrid

BLANK_LINES = 2  # before the 落款 (GB/T 9704 §7.3.5)
DATE_RIGHT_CHARS = 4


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


def _element(tag: str, **attrs: str) -> Any:
    """A w: element with w: attributes."""
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _row(grid: TableGrid, r: int, widths: list[float], values: dict[str, str], style_id: str,
         size: str | None) -> Any:
    """One w:tr: each cell starting in row ``r`` with its w:gridSpan, and a w:vMerge cell under every cell
    spanning down from above (python-docx's merge is the same XML, cell by cell, at 20 times the cost);
    ``size`` (half-points) where the table's size differs from the table style's."""
    tr = _element("w:tr")
    tr_pr = tr.get_or_add_trPr()
    tr_pr.append(_element("w:cantSplit"))  # rows never split across pages
    if r < grid.header_rows:
        tr_pr.append(_element("w:tblHeader"))  # header rows repeat at the top of each page
    # a row of labels only (a stacked part's 第二十条… caption and header) never ends a page: Word keeps a row
    # whose paragraphs all keep with the next with the row below
    labels_only = not any(cell.is_value for cell in grid.row_cells(r))
    c = 0
    while c < grid.cols:
        cell = grid.at(r, c)
        span = cell.colspan if cell is not None else 1
        tc = tr.add_tc()
        tc_pr = tc.get_or_add_tcPr()
        tc_pr.append(_element("w:tcW", w=str(round(sum(widths[c:c + span]) / 25.4 * 1440)), type="dxa"))
        if span > 1:
            tc_pr.append(_element("w:gridSpan", val=str(span)))
        if cell is not None and cell.rowspan > 1:
            tc_pr.append(_element("w:vMerge", val="restart") if cell.row == r else _element("w:vMerge"))
        tc_pr.append(_element("w:vAlign", val="center"))
        p = tc.p_lst[0]
        p_pr = p.get_or_add_pPr()
        p_pr.append(_element("w:pStyle", val=style_id))
        if labels_only:
            p_pr.append(_element("w:keepNext"))
        if cell is not None and cell.row == r:
            align = "right" if cell.is_value else "left" if cell.role == ROW else ""
            if align:
                p_pr.append(_element("w:jc", val=align))
            text = values.get(cell.key, "") if cell.is_value else cell.text
            if text:
                run = p.add_r()
                run.text = text
                if size:
                    run_pr = run.get_or_add_rPr()
                    run_pr.append(_element("w:sz", val=size))
                    run_pr.append(_element("w:szCs", val=size))
        c += span
    return tr


def add_grid_table(document: Document, grid: TableGrid, values: dict[str, str]) -> docx.table.Table:
    """One official table (or a section's stacked tables) with its merged cells, from the grid."""
    size = table_font_size(grid.cols - grid.label_cols)
    table = document.add_table(rows=0, cols=grid.cols)
    table.style = document.styles["Table Grid"]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _table_props(table)
    widths = column_widths(grid, size)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    style = document.styles[TABLE_STYLE]
    own = None if style.font.size.pt == size else str(round(size * 2))  # 二 at 10.5 pt beside 三 at 9 pt
    for r in range(grid.rows):
        table._tbl.append(_row(grid, r, widths, values, style.style_id, own))
    return table


def _title(document: Document, block: Block) -> None:
    """Centred 2号 小标宋, broken after the agency's name when it does not fit one line (公文 habit)."""
    paragraph = document.add_paragraph(style=TITLE_STYLE)
    lines = title_break(block)
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        if i < len(lines) - 1:
            run.add_break()


def _paragraph(document: Document, block: Block) -> None:
    paragraph = document.add_paragraph(style=BODY_STYLE)
    if block.head:
        font_run(paragraph, block.text[:block.head], "heading2")  # only the run-in heading in 楷体
    paragraph.add_run(block.text[block.head:])


def _closing(document: Document, block: Block) -> None:
    """Two blank lines, then the agency centred over the date; the date four characters from the right."""
    body = document.element.body
    last = next((child for child in reversed(body) if child.tag != qn("w:sectPr")), None)
    if last is not None and last.tag == qn("w:p"):  # the 落款 never stands alone: the body's last lines go with it
        Paragraph(last, document._body).paragraph_format.keep_with_next = True
    for _ in range(BLANK_LINES):
        document.add_paragraph(style=BODY_STYLE).paragraph_format.keep_with_next = True
    date_w = char_width(block.lines[-1])
    for i, line in enumerate(block.lines):
        paragraph = document.add_paragraph(style=BODY_STYLE)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # centred over the date, but never past the right edge of the text block (as the PDF places it)
        indent_chars(paragraph._p.get_or_add_pPr(), right=max(0.0, DATE_RIGHT_CHARS + (date_w - char_width(line)) / 2))
        paragraph.paragraph_format.keep_with_next = i < len(block.lines) - 1
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
    props.keywords = MARKER
    props.comments = f"定稿 第 {status.version} 版 · 校验码 {status.content_hash}" if status.version else ""
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now
    props.revision = 1


_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the fmtid Word gives user-defined properties


def _custom_properties(document: Document, meta: dict[str, str]) -> None:
    """The 基本信息 the page does not print, as custom document properties (python-docx has no API for them)."""
    if not meta:
        return
    root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    for pid, (key, value) in enumerate(meta.items(), start=2):
        prop = etree.SubElement(root, f"{{{_CUSTOM_NS}}}property", fmtid=_CUSTOM_FMTID, pid=str(pid),
                                name=f"{META_NAME}.{key}")
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = value
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = document.part.package
    part = Part(PackURI(CUSTOM_PART), CT.OFC_CUSTOM_PROPERTIES, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


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
    _custom_properties(document, carried_meta(report, public=public))
    return document


def write_docx(report: Report, stream: BinaryIO, *, previous: Report | None = None, public: bool = False) -> None:
    """Write the report as a .docx: title, 前言, the six sections with their tables, the 落款.

    A draft (or a 定稿 core.final_status does not trust) says 草稿 at the top of every page; a trusted
    定稿 carries its version and content hash in the document properties. ``public``: the 公开版, without
    the internal version line and properties.
    """
    build_docx(report, previous=previous, public=public).save(stream)
