"""Official tables for the PDF, drawn from the template's header trees (never hand-built per table).

Column headers come from ``TableSpec.columns`` (groups become merged cells over their leaves, leaves
that sit higher than the deepest level are merged down), row labels from ``TableSpec.rows`` (groups
are merged down over their leaves, shallow leaves are merged across), the corner note over the header
block and the column caption (e.g. 申请人情况) over all value columns.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib import textsplit as _rl_textsplit
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus import paragraph as _rl_paragraph

from core.label_words import word_lines, word_tokens  # noqa: F401 (word_tokens re-exported)
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

    def width(u: object) -> float:
        w = u.width  # type: ignore[attr-defined]
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


@dataclass(frozen=True)
class Layout:
    """Where a table's parts go in the grid: label columns, value columns and header rows."""

    label_cols: int
    grid: int  # value columns of the grid (a section's tables share one grid)
    title_rows: int
    header_rows: int
    caption_rows: int

    @property
    def top(self) -> int:
        """First body row."""
        return self.title_rows + self.header_rows


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
        return Paragraph("<br/>".join(escape(line) for line in lines), style)
    return Paragraph(escape(text), style)


def _styles(font: str, size: float) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("cell", fontName=font, fontSize=size, leading=round(size * 1.3, 1),
                          wordWrap="CJK", alignment=TA_CENTER)
    return {"center": base, "left": ParagraphStyle("cell-left", parent=base, alignment=TA_LEFT)}


def has_row_labels(spec: TableSpec) -> bool:
    """False for a table whose single row has no label and no corner (table 四)."""
    return bool(spec.corner) or any(leaf.label for leaf in spec.row_leaves())


def column_widths(spec: TableSpec, layout: Layout, width: float, size: float) -> list[float]:
    """Widths of label columns then value columns, filling the text block exactly."""
    if not layout.label_cols:
        return [width / layout.grid] * layout.grid
    # Numbers need little room; 11 mm still holds 自然人 and five digits at 9 pt.
    value_w = min(max(width * 0.5 / layout.grid, 11 * mm), 30 * mm)
    labels_w = width - value_w * layout.grid
    groups: list[float] = []
    for level in range(layout.label_cols - 1):
        names = [n.label for n in _nodes_at(spec.rows, level) if not n.is_leaf]
        chars = min(max(3, math.ceil(max((len(x) for x in names), default=4) / 2)), 6)
        groups.append(chars * size + 2 * PAD + 2)
    last = labels_w - sum(groups)
    return [*groups, last] + [value_w] * layout.grid


def _nodes_at(nodes: tuple[HeaderNode, ...], level: int) -> list[HeaderNode]:
    if level == 0:
        return list(nodes)
    return [c for n in nodes for c in _nodes_at(n.children, level - 1)]


def _leaf_spans(count: int, grid: int) -> list[tuple[int, int]]:
    """Grid columns [start, end] of each leaf when a table has fewer value columns than the grid."""
    starts = [round(i * grid / count) for i in range(count + 1)]
    return [(starts[i], starts[i + 1] - 1) for i in range(count)]


class _Grid:
    """A table's cells and SPAN commands, filled in by the header and label walkers."""

    def __init__(self, rows: int, cols: int) -> None:
        self.data: list[list[object]] = [[""] * cols for _ in range(rows)]
        self.spans: list[tuple[int, int, int, int]] = []  # (col0, row0, col1, row1)

    def put(self, row: int, col: int, value: object, row1: int | None = None, col1: int | None = None) -> None:
        row1 = row if row1 is None else row1
        col1 = col if col1 is None else col1
        self.data[row][col] = value
        if row1 != row or col1 != col:
            self.spans.append((col, row, col1, row1))


def _column_headers(spec: TableSpec, lay: Layout, grid: _Grid, widths: list[float], st: dict) -> None:
    depth = spec.column_depth()
    spans = _leaf_spans(len(spec.column_leaves()), lay.grid)
    leaf_index = {leaf.id: i for i, leaf in enumerate(spec.column_leaves())}
    first = lay.title_rows + lay.caption_rows

    def walk(node: HeaderNode, level: int) -> None:
        leaves = node.leaves()
        c0 = lay.label_cols + spans[leaf_index[leaves[0].id]][0]
        c1 = lay.label_cols + spans[leaf_index[leaves[-1].id]][1]
        r1 = first + (depth - 1 if node.is_leaf else level)
        avail = sum(widths[c0:c1 + 1]) - 2 * PAD
        grid.put(first + level, c0, _para(node.label, st["center"], avail), r1, c1)
        for child in node.children:
            walk(child, level + 1)

    for node in spec.columns:
        walk(node, 0)
    if lay.caption_rows:
        row = lay.title_rows
        grid.put(row, lay.label_cols, _para(spec.column_caption, st["center"]), row, lay.label_cols + lay.grid - 1)


def _row_labels(spec: TableSpec, lay: Layout, grid: _Grid, widths: list[float], st: dict,
                rows: list[HeaderNode]) -> None:
    row_of = {leaf.id: lay.top + i for i, leaf in enumerate(rows)}

    def walk(node: HeaderNode, level: int) -> None:
        present = [row_of[leaf.id] for leaf in node.leaves() if leaf.id in row_of]
        if not present:
            return
        r0, r1 = min(present), max(present)
        if node.is_leaf:
            grid.put(r0, level, _para(node.label, st["left"]), r0, lay.label_cols - 1)
        else:  # a group cut by a page break is labelled again on the next page
            grid.put(r0, level, _para(node.label, st["center"], widths[level] - 2 * PAD), r1, level)
        for child in node.children:
            walk(child, level + 1)

    for node in spec.rows:
        walk(node, 0)


def build_table(spec: TableSpec, values: dict[str, Value], font: str, width: float, *,
                grid_columns: int | None = None, show_title: bool = False,
                start: int = 0, stop: int | None = None) -> Table:
    """The official layout of one table (rows ``start:stop``) with its values (blank stays blank)."""
    leaves = spec.column_leaves()
    grid_n = max(grid_columns or len(leaves), len(leaves))
    labels = spec.row_depth() if has_row_labels(spec) else 0
    lay = Layout(labels, grid_n, int(show_title), (1 if spec.column_caption else 0) + spec.column_depth(),
                 1 if spec.column_caption else 0)
    size = table_font_size(grid_n)
    st = _styles(font, size)
    widths = column_widths(spec, lay, width, size)
    rows = spec.row_leaves()[start:stop]
    grid = _Grid(lay.top + len(rows), labels + grid_n)
    if show_title:
        grid.put(0, 0, _para(spec.title, st["center"]), 0, labels + grid_n - 1)
    if labels:
        grid.put(lay.title_rows, 0, _para(spec.corner, st["center"]), lay.top - 1, labels - 1)
        _row_labels(spec, lay, grid, widths, st, rows)
    _column_headers(spec, lay, grid, widths, st)
    spans = _leaf_spans(len(leaves), grid_n)
    for r, row in enumerate(rows):
        for leaf, (c0, c1) in zip(leaves, spans, strict=True):
            grid.put(lay.top + r, labels + c0, format_value(values.get(spec.key(row.id, leaf.id))),
                     lay.top + r, labels + c1)
    style = [("FONT", (0, 0), (-1, -1), font, size), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
             *[(p, (0, 0), (-1, -1), PAD) for p in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING",
                                                      "BOTTOMPADDING")],
             *[("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in grid.spans]]
    table = Table(grid.data, colWidths=widths, style=TableStyle(style), repeatRows=lay.top, hAlign="LEFT")
    table.header_rows = lay.top  # type: ignore[attr-defined]
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
        self.options = {"grid_columns": grid_columns, "show_title": show_title}
        self.start, self.stop = start, len(spec.row_leaves()) if stop is None else stop
        self.lead = lead or []
        self.gap = gap if self.lead else 0
        self.table = build_table(*self.args, start=self.start, stop=self.stop, **self.options)

    def _piece(self, start: int, stop: int, lead: list[Flowable] | None) -> OfficialTable:
        piece = OfficialTable(*self.args, start=start, stop=stop, lead=lead, gap=self.gap, **self.options)
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
        top = self.table.header_rows  # type: ignore[attr-defined]
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
