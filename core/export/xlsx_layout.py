"""Where every label and value of the official tables goes on a worksheet, derived from the template.

The writer (core.export.xlsx) draws these positions and the reader (core.read.xlsx_import) reads the
values back from the very same positions, so the two can never drift apart.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field, replace

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core.export.label_words import word_lines
from core.table_grid import TITLE, section_grid
from core.template import Section, Template, ValueKind

FORMAT_MARKER = "nianbao-xlsx"
FORMAT_VERSION = 1
TEXT_SHEET = "报告全文"
CHECK_SHEET = "校验单"
META_SHEET = "基本信息"

# Markers in the hidden column B of the text sheet (section ids and text keys are markers too).
MARK_TITLE = "title"
MARK_NOTE = "note"
MARK_CONTINUED = "续"
UNSET = "unset."  # 基本信息 key prefix of a metadata field the report does not have

CHUNK_CHARS = 800  # longest text row: keeps a row below Excel's 409 pt and a cell far below 32,767
LINE_PT = 14.5     # height of one wrapped line of 10.5–11 pt 宋体
MAX_ROW_PT = 409.0

# A4 minus the margins core.export.xlsx.setup_page sets (0.6 in left/right, 0.8 in top/bottom), in points.
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


_ROLES = {TITLE: "table_title"}  # a table's own title row; every other grid role keeps its name


def layout_sheet(section: Section) -> SheetLayout:
    """Lay out the tables of one section, stacked, under the section title: core.table_grid's grid
    one row down (the sheet title is row 1) and one column right (sheet rows and columns start at 1)."""
    grid = section_grid(section)
    sheet = SheetLayout(section, sheet_name(section), grid.cols, header_end=grid.header_rows + 1)
    sheet.areas.append(Area(1, 1, 1, sheet.width, section.title, "title"))
    cells = {c.key: c for t in section.tables for c in t.cells}
    for cell in grid.cells:
        if cell.is_value:
            spec = cells[cell.key]
            sheet.slots.append(Slot(cell.key, cell.row + 2, cell.col + 1, cell.last_col + 1, spec.computed,
                                    spec.value_kind))
        else:
            sheet.areas.append(Area(cell.row + 2, cell.col + 1, cell.last_row + 2, cell.last_col + 1, cell.text,
                                    _ROLES.get(cell.role, cell.role)))
    sheet.last_row = grid.rows + 1
    _size(sheet, grid.label_cols, grid.cols - grid.label_cols)
    return sheet


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
