"""BalanceBar: the 尚待分配 line, pinned under a balanced table and aligned with its columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QSizePolicy, QTableView, QWidget

from gui.table.balance_model import BalanceModel

if TYPE_CHECKING:
    from gui.table.count_table_view import CountTableView


class BalanceBar(QTableView):
    """A one-row, read-only table whose column widths follow the table above it."""

    def __init__(self, model: BalanceModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        # as wide as offered, up to the table's own width (set_widths): it never holds the window wide
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet("QTableView { gridline-color: #9aa5b1; }")
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.horizontalHeader().setMinimumSectionSize(1)
        if model.label_cols > 1:
            self.setSpan(0, 0, 1, model.label_cols)
        height = self.fontMetrics().height() + 10
        self.setRowHeight(0, height)
        self.setFixedHeight(height + 2 * self.frameWidth())

    def follow(self, table: CountTableView) -> None:
        """Keep the columns under the table's: its widths, and its sideways scrolling on a narrow window."""
        table.columnsFitted.connect(self.set_widths)
        table.horizontalScrollBar().valueChanged.connect(self.horizontalScrollBar().setValue)
        table.horizontalScrollBar().rangeChanged.connect(
            lambda *_: self.horizontalScrollBar().setValue(table.horizontalScrollBar().value()))

    def set_widths(self, widths: list[int]) -> None:
        """Follow the table's column widths (and its width: value columns are capped on wide screens)."""
        for col, width in enumerate(widths):
            self.setColumnWidth(col, width)
        self.setMaximumWidth(sum(widths) + 2 * self.frameWidth())
