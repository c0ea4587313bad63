"""FrozenHeader: the column headings of a scrolling table, kept in place over its top rows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QStyledItemDelegate, QTableView

from core.table_grid import GridCell
from gui.table.count_table_model import Index

_ENSURE = QAbstractItemView.ScrollHint.EnsureVisible


class FrozenHeader(QTableView):
    """A second view of the same model over the first rows of a table, which never scrolls vertically.

    Qt's "frozen column" example, turned sideways: the table's headings are ordinary (spanned) cells,
    so a real QHeaderView cannot show them; this overlay does.
    """

    def __init__(self, table: QTableView, rows: int, headers: list[GridCell]) -> None:
        super().__init__(table)
        self._table = table
        self._rows = rows
        self.setModel(table.model())
        self.setSelectionModel(table.selectionModel())
        # Its own delegate: a shared one would send the table's editor commits here as well.
        self.setItemDelegate(QStyledItemDelegate(self))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAutoScroll(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setStyleSheet(table.styleSheet() + " QTableView { border-bottom: 1px solid #9aa5b1; }")
        for cell in headers:
            if cell.row < rows and (cell.rowspan > 1 or cell.colspan > 1):
                self.setSpan(cell.row, cell.col, min(cell.rowspan, rows - cell.row), cell.colspan)
        table.horizontalScrollBar().valueChanged.connect(self.horizontalScrollBar().setValue)

    def scrollTo(self, index: Index, hint: QAbstractItemView.ScrollHint = _ENSURE) -> None:
        """Never scroll: the shared selection moves below, in the table itself."""

    @property
    def height_needed(self) -> int:
        """The height of the frozen rows."""
        return sum(self._table.rowHeight(r) for r in range(self._rows))

    def sync(self) -> None:
        """Copy column widths and row heights from the table and sit exactly over its first rows."""
        model = self._table.model()
        for c in range(model.columnCount()):
            self.setColumnWidth(c, self._table.columnWidth(c))
        for r in range(model.rowCount()):
            self.setRowHeight(r, self._table.rowHeight(r))
        frame = self._table.frameWidth()
        self.setGeometry(frame, frame, self._table.viewport().width(), self.height_needed + 1)
        self.raise_()
