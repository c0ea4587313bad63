"""Read a Word document nianbao wrote (core.export.docx) back into a Report.

The document properties' identifier names the edition, year and agency kind; the body is read in
order by its paragraph styles (title, 黑体 / 楷体 headings, body text; the right-aligned 落款 at
the end) and its tables cell by cell, merged cells expanded to the grid they were drawn from.
Another program's Word document is refused with a message saying so (it is not a report file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from core.export.docx_style import HEADING_STYLES, TITLE_STYLE
from core.export.own_marks import CUSTOM_PART, META_NAME
from core.export.report_outline import CLOSING, HEADING, PARAGRAPH, TABLE, TITLE
from core.read.file_kind import unreadable_content
from core.read.outline_read import Found, clean_read_text, parse_identifier, report_from_outline
from core.read.zip_guard import check_zip
from core.report import Report, ReportFileError

WHAT = "Word 文档"

def _grid_texts(table: Table) -> tuple[dict[tuple[int, int], str], int]:
    """Each cell's text at its top-left grid position (w:gridSpan widens, a w:vMerge continuation is skipped)."""
    cells: dict[tuple[int, int], str] = {}
    rows = table._tbl.tr_lst
    for r, tr in enumerate(rows):
        col = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            if tc.vMerge != "continue":
                text = "\n".join(Paragraph(p, table).text for p in tc.p_lst)
                cells[(r, col)] = clean_read_text(text)
            col += span
    return cells, len(rows)


def _style_names(document: Any) -> dict[str, str]:
    """Style id → name of the styles the export uses (title, headings)."""
    return {style.style_id: style.name for style in document.styles if style.name in (TITLE_STYLE, *HEADING_STYLES)}


def _paragraph_part(paragraph: Paragraph, names: dict[str, str]) -> Found | None:
    text = clean_read_text(paragraph.text.replace("\n", ""))
    if not text.strip():
        return None
    name = names.get(paragraph._p.style or "", "")
    if name == TITLE_STYLE:
        return Found(TITLE, text)
    if name in HEADING_STYLES:
        return Found(HEADING, text, level=HEADING_STYLES.index(name) + 1)
    if paragraph.alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        return Found(CLOSING, text)
    return Found(PARAGRAPH, text)


def _carried_meta(document: Any) -> dict[str, str]:
    """The 基本信息 core.export.docx carried as custom properties (``nianbao-meta.<key>``)."""
    part = next((p for p in document.part.package.iter_parts() if str(p.partname) == CUSTOM_PART), None)
    if part is None:
        return {}
    try:
        root = etree.fromstring(part.blob, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return {}
    prefix = f"{META_NAME}."
    return {prop.get("name", "")[len(prefix):]: "".join(prop.itertext())
            for prop in root if prop.get("name", "").startswith(prefix)}


def read_docx(path: Path) -> Report:
    """The report in a .docx nianbao exported; ReportFileError (Chinese) for anything else."""
    path = Path(path)
    check_zip(path)
    try:
        document = docx.Document(str(path))
    except Exception:  # python-docx raises several kinds for a broken package
        raise ReportFileError(unreadable_content(path, "docx")) from None
    try:
        parse_identifier(document.core_properties.identifier, WHAT)  # another program's document stops here
    except ReportFileError as exc:
        raise ReportFileError(f"{path.name}：{exc}") from None
    names = _style_names(document)
    parts: list[Found] = []
    body: Any = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            found = _paragraph_part(Paragraph(child, document._body), names)
            if found is not None:
                parts.append(found)
        elif child.tag == qn("w:tbl"):
            cells, rows = _grid_texts(Table(child, document._body))
            parts.append(Found(TABLE, cells=cells, rows=rows))
    try:
        return report_from_outline(document.core_properties.identifier, parts, WHAT, _carried_meta(document))
    except ReportFileError as exc:
        raise ReportFileError(f"{path.name}：{exc}") from None
