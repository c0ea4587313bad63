"""Official tables for the PDF: core.table_grid's grid drawn as reportlab Tables (merged cells, 公文 fonts).

Which label or value sits where and what spans what comes from the grid; this module only chooses
column widths, fonts and line breaks, and breaks a long table across pages with its header repeated.
"""

from __future__ import annotations

import math
import re
from html import escape as html_escape
from typing import Any

from reportlab.lib import colors
from reportlab.lib import textsplit as _rl_textsplit
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus import paragraph as _rl_paragraph

from core.export.label_words import word_lines, word_tokens  # noqa: F401 (word_tokens re-exported)
from core.table_grid import COLUMN, COLUMN_GROUP, ROW, ROW_GROUP, GridCell, table_grid
from core.template import HeaderNode, TableSpec
from core.values import Value, format_value

PAD = 2.0  # cell padding in points, each side
_PREFIX = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+\.)")
_NO_LINE_START = set("，。、；：）》」』”’）,.;:)%")


# Chinese line-breaking rules (禁则): what may not start or end a line. reportlab only hangs one
# punctuation mark, so "》，" or "”，" at a break left a comma at the start of the next line.
CANNOT_START = set("，。、；：！？）》」』】〕〉”’…％·,.;:!?)%]}")
CANNOT_END = set("（《「『【〔〈“‘([{")


def _glued(a: str, b: str) -> bool:
    """True when no line may break between a and b (punctuation rules, or inside 2023 / ABC)."""
    return b in CANNOT_START or a in CANNOT_END or (a.isascii() and b.isascii() and a.isalnum() and b.isalnum())


def break_lines(text: str, widths: list[float], first: float, rest: float) -> list[str]:
    """Greedy CJK line breaking that moves characters down rather than start a line with ，。） etc."""
    lines: list[str] = []
    start, used, avail = 0, 0.0, first
    i = 0
    while i < len(text):
        if used + widths[i] <= avail + 0.01 or i == start:
            used += widths[i]
            i += 1
            continue
        cut = i
        while cut > start + 1 and _glued(text[cut - 1], text[cut]):
            cut -= 1
        if cut == start + 1 and _glued(text[cut - 1], text[cut]):
            cut = i  # an unbreakable run longer than a line: break it where it overflows
        lines.append(text[start:cut])
        start, i, used, avail = cut, cut, 0.0, rest
    lines.append(text[start:])
    return lines



def _cut_at(text: list[str], start: int, i: int) -> int:
    """Where to end the line that ``text[i]`` overflows: moved back past glued pairs (禁则)."""
    cut = i
    while cut > start + 1 and _glued(text[cut - 1], text[cut]):
        cut -= 1
    if cut == start + 1 and _glued(text[cut - 1], text[cut]):
        cut = i  # an unbreakable run longer than a line: break it where it overflows
    return cut


def _cjk_frag_split(frags: list, max_widths: list[float], calc_bounds: bool, encoding: str = "utf8") -> object:
    """reportlab's CJK line breaker with 禁则 that never lets a character overhang the line.

    reportlab hangs a ，。、 that cannot start a line past the right edge, which in a narrow table
    cell crosses the cell's border; here the character before it moves down with it instead
    (as ``break_lines`` does for the body text).
    """
    rp = _rl_paragraph
    chars: list = []
    for frag in frags:
        text = frag.text.decode(encoding) if isinstance(frag.text, bytes) else frag.text
        chars += [rp.cjkU(t, frag, encoding) for t in text] if text else [rp.cjkU(text, frag, encoding)]
    lines: list = []
    max_width = max_widths[0]

    def width(u: Any) -> float:  # a reportlab cjkU
        w = u.width
        if hasattr(w, "normalizedValue"):
            w._normalizer = max_width
            w = w.normalizedValue(max_width)
        return w

    def emit(stop: int, used: float, line_break: bool) -> None:
        nonlocal max_width
        lines.append(rp.makeCJKParaLine(chars[start:stop], max_width, used, max_width - used, line_break,
                                        calc_bounds))
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]

    start = i = 0
    used = 0.0
    while i < len(chars):
        u = chars[i]
        w = width(u)
        if hasattr(u.frag, "lineBreak"):
            emit(i + 1, used + w, True)
            start = i = i + 1
            used = 0.0
        elif used + w <= max_width + rp._FUZZ or i == start:
            used += w
            i += 1
        else:
            cut = _cut_at(chars, start, i)
            emit(cut, sum(width(c) for c in chars[start:cut]), False)
            start = i = cut
            used = 0.0
    if used > 0:
        emit(len(chars), used, False)
    return rp.ParaLines(kind=1, lines=lines)


def _cjk_word_split(word: str | bytes, max_widths: float | list[float], font: str, size: float,
                    encoding: str = "utf8") -> list[list]:
    """reportlab's single-fragment CJK splitter (textsplit.wordSplit) with the same 禁则, no overhang."""
    text = word.decode(encoding) if isinstance(word, bytes) else word
    widths = _rl_textsplit.getCharWidths(text, font, size)
    avail = list(max_widths) if isinstance(max_widths, (list, tuple)) else [max_widths]
    out: list[list] = []
    pos = 0
    for n, line in enumerate(break_lines(text, widths, avail[0], avail[min(1, len(avail) - 1)])):
        out.append([avail[min(n, len(avail) - 1)] - sum(widths[pos:pos + len(line)]), line])
        pos += len(line)
    return out


# Paragraph looks both up as module globals (multi-fragment and single-fragment paragraphs).
_rl_paragraph.cjkFragSplit = _cjk_frag_split
_rl_paragraph.wordSplit = _cjk_word_split


def table_font_size(grid: int) -> float:
    """五号 (10.5 pt) for narrow tables, 9 pt when many value columns must fit the text block."""
    return 10.5 if grid <= 4 else 9.0


def _word_lines(text: str, font: str, size: float, avail: float) -> list[str] | None:
    """The fewest lines, broken between the templates' label words, that fit ``avail``."""
    lines = word_lines(text, lambda t: stringWidth(t, font, size), avail)
    return lines if lines and len(lines) > 1 else None


def balanced_lines(text: str, font: str, size: float, avail: float) -> list[str]:
    """Split a short label into lines of about equal width (商业/企业), breaking after an enumeration
    and between words (社会/公益/组织, 上一年/项目数量)."""
    width = stringWidth(text, font, size)
    if width <= avail or len(text) < 2:
        return [text]
    prefix = _PREFIX.match(text)
    if prefix and stringWidth(text[prefix.end():], font, size) <= avail:
        return [prefix.group(0), text[prefix.end():]]
    if len(text) <= 12:  # header labels; longer text is left to the paragraph's own wrapping
        words = _word_lines(text, font, size, avail)
        if words:
            return words
    count = math.ceil(width / avail)
    target = width / count
    lines: list[str] = []
    current = ""
    for ch in text:
        if (current and len(lines) < count - 1 and ch not in _NO_LINE_START
                and stringWidth(current + ch, font, size) > target + size * 0.5):
            lines.append(current)
            current = ch
        else:
            current += ch
    lines.append(current)
    if any(stringWidth(line, font, size) > avail for line in lines):
        return [text]  # let the paragraph wrap it
    return lines


def _para(text: str, style: ParagraphStyle, avail: float | None = None) -> Paragraph:
    if avail is not None:
        lines = balanced_lines(text, style.fontName, style.fontSize, avail)
        return Paragraph("<br/>".join(html_escape(line, quote=False) for line in lines), style)
    return Paragraph(html_escape(text, quote=False), style)


def _styles(font: str, size: float) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("cell", fontName=font, fontSize=size, leading=round(size * 1.3, 1),
                          wordWrap="CJK", alignment=TA_CENTER)
    return {"center": base, "left": ParagraphStyle("cell-left", parent=base, alignment=TA_LEFT)}


def column_widths(spec: TableSpec, label_cols: int, grid: int, width: float, size: float) -> list[float]:
    """Widths of label columns then the ``grid`` value columns, filling the text block exactly."""
    if not label_cols:
        return [width / grid] * grid
    # Numbers need little room; 11 mm still holds 自然人 and five digits at 9 pt.
    value_w = min(max(width * 0.5 / grid, 11 * mm), 30 * mm)
    labels_w = width - value_w * grid
    groups: list[float] = []
    for level in range(label_cols - 1):
        names = [n.label for n in _nodes_at(spec.rows, level) if not n.is_leaf]
        chars = min(max(3, math.ceil(max((len(x) for x in names), default=4) / 2)), 6)
        groups.append(chars * size + 2 * PAD + 2)
    last = labels_w - sum(groups)
    return [*groups, last] + [value_w] * grid


def _nodes_at(nodes: tuple[HeaderNode, ...], level: int) -> list[HeaderNode]:
    if level == 0:
        return list(nodes)
    return [c for n in nodes for c in _nodes_at(n.children, level - 1)]


def _drawn(cell: GridCell, values: dict[str, Value], widths: list[float], st: dict) -> object:
    """What a grid cell shows: its value, or its label as a paragraph (headings balanced over lines)."""
    if cell.is_value:
        return format_value(values.get(cell.key))
    if cell.role in (COLUMN, COLUMN_GROUP):
        return _para(cell.text, st["center"], sum(widths[cell.col:cell.last_col + 1]) - 2 * PAD)
    if cell.role == ROW_GROUP:
        return _para(cell.text, st["center"], widths[cell.col] - 2 * PAD)
    return _para(cell.text, st["left" if cell.role == ROW else "center"])


def build_table(spec: TableSpec, values: dict[str, Value], font: str, width: float, *,
                grid_columns: int | None = None, show_title: bool = False,
                start: int = 0, stop: int | None = None) -> Table:
    """The official layout of one table (rows ``start:stop``) with its values (blank stays blank); a table
    with fewer value columns than ``grid_columns`` spreads its leaves evenly over them."""
    grid = table_grid(spec, title=show_title, value_cols=grid_columns, spread="even", start=start, stop=stop)
    size = table_font_size(grid.cols - grid.label_cols)
    st = _styles(font, size)
    widths = column_widths(spec, grid.label_cols, grid.cols - grid.label_cols, width, size)
    data: list[list[object]] = [[""] * grid.cols for _ in range(grid.rows)]
    for cell in grid.cells:
        data[cell.row][cell.col] = _drawn(cell, values, widths, st)
    style = [("FONT", (0, 0), (-1, -1), font, size), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
             *[(p, (0, 0), (-1, -1), PAD) for p in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING",
                                                      "BOTTOMPADDING")],
             *[("SPAN", (c.col, c.row), (c.last_col, c.last_row)) for c in grid.cells
               if c.rowspan > 1 or c.colspan > 1]]
    table = Table(data, colWidths=widths, style=TableStyle(style), repeatRows=grid.header_rows, hAlign="LEFT")
    table.header_rows = grid.header_rows
    return table


class OfficialTable(Flowable):
    """A template table that breaks across pages anywhere, repeating its header rows and group labels.

    reportlab's Table will not split inside a merged cell, so 三、本年度办理结果 (22 rows) could only
    move whole to the next page and leave half a page empty. ``lead`` (the section heading) is drawn
    above the first rows so a heading never ends a page alone.
    """

    def __init__(self, spec: TableSpec, values: dict[str, Value], font: str, width: float, *,
                 grid_columns: int | None = None, show_title: bool = False, start: int = 0,
                 stop: int | None = None, lead: list[Flowable] | None = None, gap: float = 4) -> None:
        super().__init__()
        self.args = (spec, values, font, width)
        self.grid_columns, self.show_title = grid_columns, show_title
        self.start, self.stop = start, len(spec.row_leaves()) if stop is None else stop
        self.lead = lead or []
        self.gap = gap if self.lead else 0
        self.table = build_table(*self.args, grid_columns=grid_columns, show_title=show_title, start=self.start,
                                 stop=self.stop)

    def _piece(self, start: int, stop: int, lead: list[Flowable] | None) -> OfficialTable:
        piece = OfficialTable(*self.args, grid_columns=self.grid_columns, show_title=self.show_title, start=start,
                              stop=stop, lead=lead, gap=self.gap)
        return piece

    def _lead_height(self, aw: float) -> float:
        return sum(f.wrap(aw, 10_000)[1] for f in self.lead) + self.gap

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        """Size of the heading plus the table."""
        self.width = self.args[3]
        self.height = self._lead_height(aw) + self.table.wrap(aw, ah)[1]
        return self.width, self.height

    def draw(self) -> None:
        """Draw the heading lines, then the table, top down."""
        y = self.height
        for f in self.lead:
            y -= f.wrap(self.width, 10_000)[1]
            f.drawOn(self.canv, 0, y)
        y -= self.gap
        self.table.drawOn(self.canv, 0, y - self.table._height)

    def split(self, aw: float, ah: float) -> list[Flowable]:
        """As many rows as fit here (at least one), the rest in a new piece with the header repeated."""
        self.wrap(aw, ah)
        if self.height <= ah:
            return [self]
        pos = self.table._rowpositions  # computed row tops, first row first
        heights = [pos[i] - pos[i + 1] for i in range(len(pos) - 1)]
        top = self.table.header_rows
        room = ah - self._lead_height(aw) - sum(heights[:top])
        k = self.start
        for h in heights[top:]:
            if room < h:
                break
            room -= h
            k += 1
        while k > self.start:
            first = self._piece(self.start, k, self.lead)
            if first.wrap(aw, ah)[1] <= ah:
                first.spaceBefore, first.spaceAfter = getattr(self, "spaceBefore", 0), 0
                rest = self._piece(k, self.stop, None)
                rest.spaceBefore, rest.spaceAfter = 0, getattr(self, "spaceAfter", 0)
                return [first, rest]
            k -= 1
        return []
