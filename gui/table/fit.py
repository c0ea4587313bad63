"""How wide an official table's columns must be, measured with the font in use (never fixed pixels)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontMetrics

if TYPE_CHECKING:
    from core.template import Cell, ValueKind
    from gui.table.count_table_model import CountTableModel

COUNT_DIGITS = 6  # the widest count a report may hold (an office reporting a million applications has other tools)
CELL_PADDING = 10  # the item delegate's text margins (2 × (focus margin + 1)), the grid line, and a little air
ONE_LINE_HEADING = 8  # a column heading this short gets its full width on one line
# A break is fine after closing punctuation and before an opening bracket: （三）|不予公开, 本年收费金额|（单位：|万元）
_BREAKS = re.compile(r"(?<=[）)、，,：:；;。])|(?=[（(])")


def widest_text(kind: ValueKind, computed: bool) -> str:
    """The widest text a cell of this kind can show: six-digit counts and totals, a sign where
    negatives are allowed, every decimal place an amount may have."""
    digits = "9" * COUNT_DIGITS
    sign = "-" if kind.min is None or kind.min < 0 else ""
    decimals = "." + "9" * kind.decimals if kind.type == "decimal" and kind.decimals else ""
    return sign + digits + decimals


def segments(text: str) -> list[str]:
    """A label cut where a line may break without splitting a word."""
    return [part for part in _BREAKS.split(text) if part]


def break_label(text: str, width: int, metrics: QFontMetrics) -> str:
    """The label with line breaks between words, as many words a line as fit in ``width`` pixels; a single
    word wider than that is left for Qt to wrap."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    lines: list[str] = []
    line = ""
    for part in segments(text):
        if line and metrics.horizontalAdvance(line + part) > width:
            lines.append(line)
            line = part
        else:
            line += part
    return "\n".join([*lines, line])


def heading_need(text: str, metrics: QFontMetrics) -> int:
    """The narrowest a column heading may be: the whole heading when it is short, else its widest word."""
    if len(text) <= ONE_LINE_HEADING:
        return metrics.horizontalAdvance(text)
    return max(metrics.horizontalAdvance(part) for part in segments(text))


def value_needs(model: CountTableModel, font: QFont) -> list[int]:
    """Per value column, the narrowest width that shows its widest value (bold for totals) and its heading."""
    plain = QFontMetrics(font)
    bold_font = QFont(font)
    bold_font.setBold(True)
    bold = QFontMetrics(bold_font)
    heading_font = QFont(font)
    heading_font.setPointSizeF(font.pointSizeF() * model.HEADING_SCALE)
    heading = QFontMetrics(heading_font)
    grid = model.grid
    by_column: dict[str, list[Cell]] = {}
    for cell in model.table.cells:
        by_column.setdefault(cell.column, []).append(cell)
    needs = []
    for j, column in enumerate(leaf.id for leaf in model.table.column_leaves()):
        width = max(((bold if c.computed else plain).horizontalAdvance(widest_text(c.value_kind, c.computed))
                     for c in by_column.get(column, [])), default=0)
        leaf = [h for h in model.labels
                if h.col == grid.label_cols + j and h.colspan == 1 and h.row < grid.header_rows]
        width = max([width, *(heading_need(h.text, heading) for h in leaf)])
        needs.append(width + CELL_PADDING)
    return needs
