"""Geometry of an official table in the window: column widths from the font's metrics, labels broken
between words, rows as tall as their labels (a mixin of gui.table.count_table_view.CountTableView)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent

from gui.table import fit as table_fit

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

    from gui.table.count_table_model import CountTableModel
    from gui.table.frozen_header import FrozenHeader

    _View = QTableView  # to the type checker the mixin is the view it is mixed into
else:
    _View = object


class TableGeometry(_View):
    """fit() and its helpers; the class using it is a QTableView with ``_model``, ``_available``,
    ``scrolling``, ``frozen`` and a ``columnsFitted`` signal."""

    _model: CountTableModel
    _available: int | None
    scrolling: bool
    frozen: FrozenHeader | None
    columnsFitted: SignalInstance

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Share the width between label and value columns, then fit the row heights."""
        super().resizeEvent(event)
        self.fit(self._available)

    def fit(self, available: int | None = None) -> None:
        """Column widths from the available width: every value column at least as wide as its widest value
        and its heading (measured with the font in use), at most ~10 characters (numbers stay near their
        labels on wide screens); the row labels give way first, and a table still too wide scrolls sideways.
        Rows as tall as their labels, broken between words."""
        grid = self._model.grid
        em = self.fontMetrics().horizontalAdvance("国")
        if available is not None:
            self._available = available
        available = max(self._available or self.viewport().width() + 2 * self.frameWidth(), 1)
        available -= 2 * self.frameWidth()
        scrollbar = self.verticalScrollBar().sizeHint().width() if self.scrolling else 0
        available -= scrollbar
        labels = [self._label_width(i, em, available) for i in range(grid.label_cols)]
        needs = table_fit.value_needs(self._model, self.font())
        base = min(10 * em, max(0, available - sum(labels)) // max(len(needs), 1))
        values = [max(base, need) for need in needs]
        excess = sum(labels) + sum(values) - available
        if excess > 0 and labels:  # the longest labels wrap onto one more line rather than hide a number
            labels[-1] -= min(excess, max(0, labels[-1] - 6 * em))
        widths = labels + values
        self.setMaximumWidth(sum(widths) + 2 * self.frameWidth() + scrollbar)
        for c, w in enumerate(widths):
            self.setColumnWidth(c, w)
        self._break_labels()
        for r, h in enumerate(self._row_heights()):
            self.setRowHeight(r, h)
        total = sum(self.rowHeight(r) for r in range(grid.rows)) + 2 * self.frameWidth()
        if self.horizontalScrollBar().maximum() > 0 or sum(widths) > available:
            total += self.horizontalScrollBar().sizeHint().height()
        if self.scrolling:
            self.setMaximumHeight(total)  # never taller than the table; shorter pages scroll inside
        else:
            self.setFixedHeight(total)
        if self.frozen is not None:
            self.frozen.sync()
        self.columnsFitted.emit(widths)

    def _break_labels(self) -> None:
        """Break every label between words for the width its cell now has."""
        breaks = {}
        for cell in self._model.labels:
            width = sum(self.columnWidth(c) for c in range(cell.col, cell.col + cell.colspan)) - table_fit.CELL_PADDING
            font = self._model.label_font(cell.row) or self.font()
            text = table_fit.break_label(cell.text, width, QFontMetrics(font))
            if text != cell.text:
                breaks[(cell.row, cell.col)] = text
        self._model.set_breaks(breaks)

    def _text_height(self, text: str, width: int, font: QFont | None = None) -> int:
        flags = int(Qt.TextFlag.TextWordWrap)
        metrics = QFontMetrics(font) if font is not None else self.fontMetrics()
        return metrics.boundingRect(0, 0, max(width - 10, 10), 10000, flags, text).height() + 6

    def _row_heights(self) -> list[int]:
        """One line per row unless a label in it wraps; spanned labels only grow their rows when they must."""
        grid = self._model.grid
        heights = [self.fontMetrics().height() + 6] * grid.rows
        spanned = []
        for cell in self._model.labels:
            width = sum(self.columnWidth(c) for c in range(cell.col, cell.col + cell.colspan))
            font = self._model.index(cell.row, cell.col).data(Qt.ItemDataRole.FontRole)
            text = self._model.index(cell.row, cell.col).data(Qt.ItemDataRole.DisplayRole) or ""
            need = self._text_height(text, width, font)
            if cell.rowspan == 1:
                heights[cell.row] = max(heights[cell.row], need)
            else:
                spanned.append((cell, need))
        for cell, need in spanned:
            rows = range(cell.row, cell.row + cell.rowspan)
            short = need - sum(heights[r] for r in rows)
            if short > 0:
                for r in rows:
                    heights[r] += -(-short // cell.rowspan)
        return heights

    def _label_width(self, col: int, em: int, available: int) -> int:
        grid = self._model.grid
        cells = [c for c in self._model.labels if c.col == col and c.colspan == 1 and c.row >= grid.header_rows]
        if col < grid.label_cols - 1:
            need = max((math.ceil(len(c.text) / (1.5 * c.rowspan)) for c in cells), default=2)
            floor = 2.2 if col == 0 else 5.5  # inner groups span few rows: keep their labels to two lines
            return int(em * min(7.5, max(floor, need + 1.2)))
        longest = max((len(c.text) for c in self._model.labels if c.col + c.colspan == grid.label_cols
                       and c.row >= grid.header_rows), default=4)
        cap = max(8 * em, int(available * 0.34) - (grid.label_cols - 1) * 3 * em)
        return min(int((longest + 1.5) * em), cap)
