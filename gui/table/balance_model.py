"""BalanceModel: one row per balanced table — what is still to be allocated in each column (尚待分配)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from core.values import format_value
from gui.table.remaining import LABEL, Balance, remaining

if TYPE_CHECKING:
    from core.template import TableSpec
    from gui.document import ReportDocument

Index = QModelIndex | QPersistentModelIndex
BAR_BG = QColor("#fff8dc")
OPEN_FG = QColor("#b00020")
DONE_FG = QColor("#2e7d32")


class BalanceModel(QAbstractTableModel):
    """Label columns, then left side minus right side of the balance rule for each value column."""

    def __init__(self, document: ReportDocument, table: TableSpec, balance: Balance, label_cols: int,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document
        self.table = table
        self.balance = balance
        self.label_cols = label_cols
        self.columns = [c.id for c in table.column_leaves()]
        rows = {leaf.id: leaf.label for leaf in table.row_leaves()}
        plus = " + ".join(rows[r].split("、")[0] for r in balance.plus)
        minus = " − ".join(rows[r].split("、")[0] for r in balance.minus)
        self.label = f"{LABEL}（{plus} − {minus}）"
        self.tooltip = (f"{LABEL} = " + " + ".join(rows[r] for r in balance.plus) + " − "
                        + " − ".join(rows[r] for r in balance.minus) + "；为 0 时本列平衡")
        self._values = self._compute()
        document.cellsChanged.connect(self._on_cells_changed)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One row."""
        return 0 if parent.isValid() else 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Label columns plus one per value column."""
        return 0 if parent.isValid() else self.label_cols + len(self.columns)

    def value(self, column_id: str) -> Any:
        """What is left to allocate in a column."""
        return self._values[column_id]

    def _compute(self) -> dict[str, Any]:
        return {c: remaining(self.balance, self.table, self.document.values, c) for c in self.columns}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The label, then the numbers (red while not 0)."""
        if not index.isValid():
            return None
        col = index.column() - self.label_cols
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(BAR_BG)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip
        if col < 0:
            return self.label if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        left = self.value(self.columns[col])
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(left)
        if role == Qt.ItemDataRole.ForegroundRole and left is not None:
            return QBrush(OPEN_FG if left else DONE_FG)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Read-only."""
        return Qt.ItemFlag.ItemIsEnabled if index.isValid() else Qt.ItemFlag.NoItemFlags

    def _on_cells_changed(self, keys: list[str]) -> None:
        if any(k.startswith(f"{self.table.id}.") for k in keys):
            self._values = self._compute()
            self.dataChanged.emit(self.index(0, 0), self.index(0, self.columnCount() - 1), [])
