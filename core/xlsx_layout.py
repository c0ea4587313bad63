"""Where every label and value of the official tables goes on a worksheet, derived from the template.

The writer (core.export_xlsx) draws these positions and the reader (core.xlsx_import) reads the
values back from the very same positions, so the two can never drift apart.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field, replace

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core.label_words import word_lines
from core.template import HeaderNode, Section, TableSpec, Template, ValueKind

FORMAT_MARKER = "nianbao-xlsx"
FORMAT_VERSION = 1
TEXT_SHEET = "报告全文"
CHECK_SHEET = "校验单"
META_SHEET = "基本信息"

# Markers in the hidden column B of the text sheet (section ids and text keys are markers too).
MARK_TITLE = "title"
MARK_NOTE = "note"
MARK_CONTINUED = "续"
STATUS_LABELS = {"draft": "草稿", "final": "定稿"}
UNSET = "unset."  # 基本信息 key prefix of a metadata field the report does not have

CHUNK_CHARS = 800  # longest text row: keeps a row below Excel's 409 pt and a cell far below 32,767
LINE_PT = 14.5     # height of one wrapped line of 10.5–11 pt 宋体
MAX_ROW_PT = 409.0

# A4 minus the margins core.export_xlsx.setup_page sets (0.6 in left/right, 0.8 in top/bottom), in points.
PRINTABLE_PT = (595.3 - 2 * 0.6 * 72, 841.9 - 2 * 0.8 * 72)
MIN_ONE_PAGE_SCALE = 0.6


def column_points(width: float) -> float:
    """Printed width in points of a column of ``width`` Excel units (7 px a unit + 5 px padding at 96 dpi)."""
    return (width * 7 + 5) * 0.75


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_NON_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Area:
    """A label rectangle (1-based, inclusive) and its text; ``role`` says how it is drawn."""

    row: int
    col: int
    last_row: int
    last_col: int
    text: str
    role: str  # title | table_title | corner | caption | column | row_group | row


@dataclass(frozen=True)
class Slot:
    """Where one cell's value goes: a row and a (possibly merged) column range."""

    key: str
    row: int
    col: int
    last_col: int
    computed: bool
    kind: ValueKind


@dataclass
class SheetLayout:
    """One table sheet: its labels, value slots, sizes and print settings."""

    section: Section
    name: str
    width: int
    header_end: int
    last_row: int = 0
    areas: list[Area] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)
    col_widths: list[float] = field(default_factory=list)
    row_heights: dict[int, float] = field(default_factory=dict)

    def size_pt(self) -> tuple[float, float]:
        """The printed table's width and height in points at 100 %."""
        width = sum(column_points(w) for w in self.col_widths)
        height = sum(self.row_heights.get(r, 20.0) for r in range(1, self.last_row + 1))
        return width, height

    def page_scale(self, landscape: bool) -> float:
        """The zoom at which the whole table fits one A4 page in that orientation (at most 1)."""
        width, height = self.size_pt()
        page_w, page_h = (PRINTABLE_PT[1], PRINTABLE_PT[0]) if landscape else PRINTABLE_PT
        return min(1.0, page_w / max(width, 1.0), page_h / max(height, 1.0))

    @property
    def landscape(self) -> bool:
        """Across the page when the whole table prints larger that way (四; 三 when it is short)."""
        return self.page_scale(True) > self.page_scale(False) + 0.02  # a tie prints upright

    @property
    def one_page(self) -> bool:
        """Print the table on one page (fit to width and height) unless that makes it too small to read;
        三 split over two landscape pages lost its group labels' bottom border and read badly."""
        return self.page_scale(self.landscape) >= MIN_ONE_PAGE_SCALE


def clean_text(text: str) -> str:
    """Text as a workbook can hold it: Word's breaks become newlines, control characters go."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n").replace("\x0c", "\n")
    return _NON_XML.sub("", ILLEGAL_CHARACTERS_RE.sub("", text))


def sheet_name(section: Section) -> str:
    """The worksheet name of a table section (Excel allows 31 characters, no []:*?/\\)."""
    return _BAD_SHEET_CHARS.sub("", section.title)[:31]


def display_width(text: str) -> int:
    """Width in Excel column units: CJK and full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def text_lines(text: str, width: float) -> int:
    """Wrapped lines a text needs in a column range of the given width."""
    usable = max(width - 1.5, 2.0)
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in text.split("\n"))


def row_height(lines: int, minimum: float = 20.0) -> float:
    """Row height in points for a number of wrapped lines."""
    return min(MAX_ROW_PT, max(minimum, lines * LINE_PT + 6))


def split_paragraph(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Cut a long paragraph into rows, preferably after a sentence end."""
    chunks: list[str] = []
    while len(text) > limit:
        cut = max(text.rfind(p, limit // 2, limit) for p in "。；！？;!?")
        cut = cut + 1 if cut > 0 else limit
        chunks.append(text[:cut])
        text = text[cut:]
    chunks.append(text)
    return chunks


def table_sections(template: Template) -> list[Section]:
    """The sections drawn as table sheets, in order."""
    return [s for s in template.sections if s.tables]


def _leaf_spans(count: int, grid: int) -> list[int]:
    """Column spans of a table's leaves in a grid: a table with fewer columns widens its last one."""
    return [1] * (count - 1) + [grid - count + 1]


def _has_row_labels(table: TableSpec) -> bool:
    return any(leaf.label for leaf in table.row_leaves())


def layout_sheet(section: Section) -> SheetLayout:
    """Lay out the tables of one section, stacked, under the section title."""
    tables = section.tables
    label_cols = max((t.row_depth() for t in tables if _has_row_labels(t)), default=0)
    grid = max(len(t.column_leaves()) for t in tables)
    sheet = SheetLayout(section, sheet_name(section), label_cols + grid, header_end=1)
    sheet.areas.append(Area(1, 1, 1, sheet.width, section.title, "title"))
    row = 2
    for table in tables:
        if table.title != section.heading:
            sheet.areas.append(Area(row, 1, row, sheet.width, table.title, "table_title"))
            row += 1
        header_top = row
        row = _place_header(sheet, table, row, label_cols, grid)
        if len(tables) == 1:
            sheet.header_end = row - 1
        row = _place_rows(sheet, table, row, label_cols, grid, header_top)
    sheet.last_row = row - 1
    _size(sheet, label_cols, grid)
    return sheet


def _place_header(sheet: SheetLayout, table: TableSpec, top: int, label_cols: int, grid: int) -> int:
    depth = table.column_depth()
    height = depth + (1 if table.column_caption else 0)
    if label_cols:
        sheet.areas.append(Area(top, 1, top + height - 1, label_cols, table.corner, "corner"))
    if table.column_caption:
        sheet.areas.append(Area(top, label_cols + 1, top, sheet.width, table.column_caption, "caption"))
    tree_top = top + height - depth
    starts = _leaf_columns(table, label_cols, grid)

    def place(node: HeaderNode, level: int) -> None:
        leaves = node.leaves()
        first, last = starts[leaves[0].id][0], starts[leaves[-1].id][1]
        bottom = tree_top + depth - 1 if node.is_leaf else tree_top + level
        sheet.areas.append(Area(tree_top + level, first, bottom, last, node.label,
                                "column" if node.is_leaf else "column_group"))
        for child in node.children:
            place(child, level + 1)

    for node in table.columns:
        place(node, 0)
    return top + height


def _leaf_columns(table: TableSpec, label_cols: int, grid: int) -> dict[str, tuple[int, int]]:
    leaves = table.column_leaves()
    out, col = {}, label_cols + 1
    for leaf, span in zip(leaves, _leaf_spans(len(leaves), grid), strict=True):
        out[leaf.id] = (col, col + span - 1)
        col += span
    return out


def _place_rows(sheet: SheetLayout, table: TableSpec, top: int, label_cols: int, grid: int,
                header_top: int) -> int:
    leaves = table.row_leaves()
    row_of = {leaf.id: top + i for i, leaf in enumerate(leaves)}

    def place(node: HeaderNode, level: int) -> None:
        rows = [row_of[leaf.id] for leaf in node.leaves()]
        if node.is_leaf:
            sheet.areas.append(Area(rows[0], 1 + level, rows[0], label_cols, node.label, "row"))
        else:
            sheet.areas.append(Area(rows[0], 1 + level, rows[-1], 1 + level, node.label, "row_group"))
            for child in node.children:
                place(child, level + 1)

    if label_cols and _has_row_labels(table):
        for node in table.rows:
            place(node, 0)
    columns = _leaf_columns(table, label_cols, grid)
    cells = {c.key: c for c in table.cells}
    for leaf in leaves:
        for col_id, (first, last) in columns.items():
            cell = cells[table.key(leaf.id, col_id)]
            sheet.slots.append(Slot(cell.key, row_of[leaf.id], first, last, cell.computed, cell.value_kind))
    return top + len(leaves)


def _size(sheet: SheetLayout, label_cols: int, grid: int) -> None:
    """Column widths from the labels they hold; rows as tall as their longest wrapped label."""
    widths = [0.0] * sheet.width
    for col in range(label_cols):
        texts = [a.text for a in sheet.areas if a.role in ("row", "row_group") and a.col == col + 1
                 and a.last_col == col + 1]
        widest = max((display_width(t) for t in texts), default=8)
        last = col == label_cols - 1
        widths[col] = min(36.0, max(10.0, widest / (1 if last else 2) + 2))
    columns = [a for a in sheet.areas if a.role == "column" and a.col == a.last_col]
    widest_header = max((display_width(a.text) for a in columns), default=8)
    # Few value columns: headers on one line; many (三, 四): narrow, headers wrap as printed (商业/企业).
    value_width = widest_header + 2 if grid <= 3 else 9.0
    for col in range(label_cols, sheet.width):
        widths[col] = min(16.0, max(9.0, value_width))
    sheet.col_widths = widths
    sheet.areas = [_break_label(a, sum(widths[a.col - 1:a.last_col])) for a in sheet.areas]
    heights: dict[int, float] = {}
    for area in sheet.areas:
        if area.row != area.last_row:
            continue
        span = sum(widths[area.col - 1:area.last_col])
        minimum = 26.0 if area.role == "title" else 20.0
        heights[area.row] = max(heights.get(area.row, 0.0), row_height(text_lines(area.text, span), minimum))
    sheet.row_heights = heights


_BROKEN_ROLES = ("column", "column_group", "row_group", "caption")


def _break_label(area: Area, width: float) -> Area:
    """A header label too wide for its cell, with line breaks between words (社会/公益/组织), as the
    official template prints it; WPS/Excel would otherwise wrap it mid-word (社会公益组/织)."""
    usable = max(width - 1.5, 2.0)
    if area.role not in _BROKEN_ROLES or "\n" in area.text or display_width(area.text) <= usable:
        return area
    lines = word_lines(area.text, display_width, usable)
    return replace(area, text="\n".join(lines)) if lines else area
