"""Read a web page nianbao wrote (core.export.html) back into a Report.

``<meta name="nianbao-report">`` names the edition, year and agency kind; the body is read in order:
``<h1>`` the title, ``<h2>``/``<h3>`` headings, ``<p>`` paragraphs (right-aligned ones at the end are
the 落款), each ``<table>`` expanded by its rowspan/colspan to the grid it was drawn from. Parsed
with lxml's HTML parser, which fetches nothing and runs nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from core.export.own_marks import META_NAME, PAGE_META
from core.export.report_outline import CLOSING, HEADING, PARAGRAPH, TABLE, TITLE
from core.read.file_kind import unreadable_content
from core.read.outline_read import Found, clean_read_text, report_from_outline
from core.report import Report, ReportFileError

WHAT = "网页"
MAX_BYTES = 20 * 1024 * 1024  # a report page is a few hundred KB


def _text(element: etree._Element) -> str:
    return clean_read_text(element.text_content())


def _span(cell: etree._Element, name: str) -> int:
    try:
        return max(1, int(cell.get(name, "1")))
    except ValueError:
        return 1


def table_texts(table: etree._Element) -> tuple[dict[tuple[int, int], str], int]:
    """Each cell's text at its top-left grid position, rowspan/colspan expanded as a browser lays them out."""
    cells: dict[tuple[int, int], str] = {}
    covered: set[tuple[int, int]] = set()
    rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    for r, tr in enumerate(rows):
        col = 0
        for td in tr.xpath("./td | ./th"):
            while (r, col) in covered:
                col += 1
            rowspan, colspan = _span(td, "rowspan"), _span(td, "colspan")
            cells[(r, col)] = _text(td)
            covered.update((r + dr, col + dc) for dr in range(rowspan) for dc in range(colspan))
            col += colspan
    return cells, len(rows)


def _part(element: etree._Element) -> Found | None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "div":
        tables = element.xpath(".//table")  # a table in its scrolling box
        element, tag = (tables[0], "table") if tables else (element, "")
    if tag == "table":
        cells, rows = table_texts(element)
        return Found(TABLE, cells=cells, rows=rows)
    text = _text(element) if tag else ""
    if not text.strip():
        return None
    if tag == "h1":
        return Found(TITLE, text)
    if tag in ("h2", "h3"):
        return Found(HEADING, text, level=1 if tag == "h2" else 2)
    if tag == "p" and "text-align:right" in (element.get("style") or "").replace(" ", ""):
        return Found(CLOSING, text)
    return Found(PARAGRAPH, text) if tag == "p" else None


def read_html(path: Path) -> Report:
    """The report in an .html nianbao exported; ReportFileError (Chinese) for anything else."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportFileError(f"{path.name}：无法读取（{exc.strerror or exc}）") from None
    if len(data) > MAX_BYTES:
        raise ReportFileError(f"{path.name}：网页超过 {MAX_BYTES // 1024 // 1024} MB，不是本程序导出的年度报告")
    try:
        page = lxml_html.document_fromstring(data, parser=lxml_html.HTMLParser(encoding="utf-8", no_network=True))
    except (etree.ParserError, ValueError):
        raise ReportFileError(unreadable_content(path, "html")) from None
    marks = page.xpath(f"//meta[@name='{PAGE_META}']/@content")
    carried = page.xpath(f"//meta[@name='{META_NAME}']/@content")
    try:
        meta = json.loads(carried[0]) if carried else {}
    except ValueError:
        meta = {}
    body = page.find("body")
    parts = [found for child in (body if body is not None else []) if (found := _part(child)) is not None]
    try:
        return report_from_outline(marks[0] if marks else "", parts, WHAT, meta if isinstance(meta, dict) else {})
    except ReportFileError as exc:
        raise ReportFileError(f"{path.name}：{exc}") from None
