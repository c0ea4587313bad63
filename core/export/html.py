"""The report as one self-contained web page (.html) that pastes cleanly into a portal's CMS editor.

UTF-8, no scripts, no external resources, no images: the title, 前言, sections and paragraphs as
plain HTML, the official tables as ``<table>`` with rowspan/colspan (core.table_grid) and borders as
attributes and inline styles (no classes, which a CMS would drop with the style sheet), and an
inline print style sheet. Built as an lxml element tree, so every text is escaped (a narrative with
``<script>`` or ``&`` shows literally).
"""

from __future__ import annotations

import json
from typing import BinaryIO

from lxml import etree
from lxml.html import builder as E

from core.export.label_words import word_lines
from core.export.own_marks import MARKER, META_NAME, PAGE_META
from core.export.report_outline import (
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

BODY_FONT = '仿宋_GB2312, 仿宋, FangSong, STFangsong, serif'
TITLE_FONT = '方正小标宋简体, 小标宋, 华文中宋, STZhongsong, 宋体, SimSun, serif'
HEI_FONT = '黑体, SimHei, Heiti SC, sans-serif'
KAI_FONT = '楷体_GB2312, 楷体, KaiTi, STKaiti, serif'
SONG_FONT = '宋体, SimSun, Songti SC, serif'
PAGE_EM, FONT_PX, CELL_PAD_PX = 46, 16, 4  # the text column's width; its font size; a cell's side padding
CELL = f"border:1px solid #000;padding:2px {CELL_PAD_PX}px;"
PARA = f"margin:0;text-indent:2em;text-align:justify;line-height:1.8;font-family:{BODY_FONT};"
PRINT_CSS = (
    "@page{size:A4;margin:37mm 26mm 35mm 28mm}"
    "@media print{body{max-width:none!important;margin:0!important;font-size:16pt!important}"
    "table{page-break-inside:auto;font-size:9pt!important}tr{page-break-inside:avoid}"
    "thead{display:table-header-group}h2,h3{page-break-after:avoid}}"
)


def _header_text(td: etree._Element, text: str, width_px: float, size: float) -> None:
    """A header label broken between its words (商业<br>企业) where it would not fit its column on one line,
    as the PDF breaks it, rather than wherever the browser runs out of room (商业企<br>业)."""
    avail = (width_px - 2 * CELL_PAD_PX - 1) / (size * 96 / 72)
    lines = word_lines(text, char_width, avail) if char_width(text) > avail else None
    td.text = lines[0] if lines else text
    for line in (lines or [])[1:]:
        td.append(E.BR())
        td[-1].tail = line


def _table(grid: TableGrid, values: dict[str, str]) -> etree._Element:
    """The grid as a bordered table: header rows in ``<thead>`` (repeated when printed), spans as attributes."""
    size = table_font_size(grid.cols - grid.label_cols)
    wide = "min-width:42em;" if size < 10 else ""  # 三 and 四 scroll sideways on a phone rather than squeeze
    table = E.TABLE(border="1", cellspacing="0", cellpadding="4", width="100%",
                    style=f"border-collapse:collapse;width:100%;{wide}table-layout:fixed;font-size:{size:g}pt;"
                          f"font-family:{SONG_FONT};margin:0.5em 0;border:1px solid #000;")
    widths = column_widths(grid, size)
    table.append(E.COLGROUP(*[E.COL(width=f"{w / sum(widths) * 100:.1f}%") for w in widths]))
    px = [w / sum(widths) * PAGE_EM * FONT_PX for w in widths]
    head, body = E.THEAD(), E.TBODY()
    for r in range(grid.rows):
        tr = E.TR()
        for cell in grid.row_cells(r):
            align = "right" if cell.is_value else "left" if cell.role == ROW else "center"
            td = E.TD(values.get(cell.key, "") if cell.is_value else cell.text,
                      style=f"{CELL}text-align:{align};vertical-align:middle;")
            if align == "center":
                _header_text(td, cell.text, sum(px[cell.col:cell.col + cell.colspan]), size)
            if cell.rowspan > 1:
                td.set("rowspan", str(cell.rowspan))
            if cell.colspan > 1:
                td.set("colspan", str(cell.colspan))
            tr.append(td)
        (head if r < grid.header_rows else body).append(tr)
    if len(head):
        table.append(head)
    table.append(body)
    return table


def _block(block: Block, values: dict[str, str]) -> list[etree._Element]:
    if block.kind == TITLE:
        lines = title_break(block)
        parts: list = [lines[0]]
        for line in lines[1:]:
            parts += [E.BR(), line]
        return [E.H1(*parts, style=f"text-align:center;font-size:22pt;font-weight:normal;line-height:1.5;"
                                       f"margin:0 0 1em;font-family:{TITLE_FONT};")]
    if block.kind == HEADING and block.level == 1:
        return [E.H2(block.text, style=f"{PARA}font-size:1em;font-weight:normal;font-family:{HEI_FONT};")]
    if block.kind == HEADING:
        return [E.H3(block.text, style=f"{PARA}font-size:1em;font-weight:normal;font-family:{KAI_FONT};")]
    if block.kind == PARAGRAPH and block.head:
        return [E.P(E.SPAN(block.text[:block.head], style=f"font-family:{KAI_FONT};"), block.text[block.head:],
                    style=PARA)]
    if block.kind == PARAGRAPH:
        return [E.P(block.text, style=PARA)]
    if block.kind == TABLE and block.grid is not None:
        return [E.DIV(_table(block.grid, values), style="overflow-x:auto;")]
    if block.kind == CLOSING:
        return [E.P(line, style=f"margin:{'2em' if i == 0 else '0'} 4em 0 0;text-align:right;line-height:1.8;"
                                f"font-family:{BODY_FONT};") for i, line in enumerate(block.lines)]
    return []


def _head(report: Report, status: Status, title: str, meta: dict[str, str]) -> etree._Element:
    head = E.HEAD(E.META(charset="utf-8"),
                  E.META(name="viewport", content="width=device-width, initial-scale=1"),
                  E.META(name="generator", content=MARKER),
                  E.META(name=PAGE_META, content=identifier(report)),
                  E.TITLE(title))
    if status.version:
        mark = f"定稿 第 {status.version} 版 · 校验码 {status.content_hash}"
        head.append(E.META(name="nianbao-version", content=mark))
    if meta:
        head.append(E.META(name=META_NAME, content=json.dumps(meta, ensure_ascii=False)))
    head.append(E.STYLE(PRINT_CSS))
    return head


def build_html(report: Report, *, previous: Report | None = None, public: bool = False) -> etree._Element:
    """The page as an lxml element tree (see write_html)."""
    status = report_status(report, previous, public=public)
    blocks = report_outline(report)
    values = value_texts(report)
    body = E.BODY(style=f"max-width:{PAGE_EM}em;margin:1em auto;padding:0 1em;font-size:{FONT_PX}px;color:#000;"
                        f"font-family:{BODY_FONT};")
    if status.mark:
        body.append(E.P(status.mark, style="margin:0 0 1em;text-align:center;color:#555;font-size:0.85em;"
                                           f"font-family:{SONG_FONT};"))
    for block in blocks:
        body.extend(_block(block, values))
    html = E.HTML(_head(report, status, blocks[0].text, carried_meta(report, public=public)), body)
    html.set("lang", "zh-CN")
    return html


def write_html(report: Report, stream: BinaryIO, *, previous: Report | None = None, public: bool = False) -> None:
    """Write the report as one UTF-8 web page: a draft says 草稿 at the top; ``public`` leaves internal marks out."""
    page = build_html(report, previous=previous, public=public)
    stream.write(etree.tostring(page, method="html", encoding="utf-8", doctype="<!DOCTYPE html>"))
