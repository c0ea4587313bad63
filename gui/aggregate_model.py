"""The 汇总 status board as a table model: one row per unit file, a check box to sum it or leave it out."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from core.aggregate import Board
from core.aggregate_units import Unit
from core.wording import UNIT_CHANGED, UNIT_STATUS_LABELS, UNIT_UNTRUSTED, UNKNOWN_AGENCY, UNKNOWN_EDITION, UNKNOWN_YEAR

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("汇总", "机关名称", "文件", "年度", "格式", "状态", "错误", "未说明", "待核实/未找到", "说明")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_LEFT_OUT = QColor("#fde2e1")
_FLAGGED = QColor("#fff4ce")


class BoardModel(QAbstractTableModel):
    """The board's units; toggling a check box re-marks conflicts and refreshes every row."""

    changed = Signal()

    def __init__(self, board: Board, parent: Any = None) -> None:
        super().__init__(parent)
        self.board = board

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.board.units)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and self.board.units[index.row()].readable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        unit = self.board.units[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if self._included(unit) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(unit, column)
        if role == SORT_ROLE:
            return self._sort_key(unit, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(unit)
        if role == Qt.ItemDataRole.ToolTipRole and column in (6, 7, 9):
            lines = {6: unit.errors, 7: unit.warnings, 9: [self._text(unit, 9)]}[column]
            return "\n".join(f"• {line}" for line in lines[:20] if line) or None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        unit = self.board.units[index.row()]
        unit.include = Qt.CheckState(value) == Qt.CheckState.Checked
        self.refresh()
        return True

    def refresh(self) -> None:
        """Re-mark conflicts (leaving out one of two files settles them) and repaint every row."""
        self.board.mark_conflicts()
        if self.board.units:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.board.units) - 1, len(HEADERS) - 1), [])
        self.changed.emit()

    def reset(self) -> None:
        """After units were added: the whole table anew."""
        self.beginResetModel()
        self.board.mark_conflicts()
        self.endResetModel()
        self.changed.emit()

    def _included(self, unit: Unit) -> bool:
        return unit.included(self.board.include_errors)

    def _text(self, unit: Unit, column: int) -> str:
        if column == 0:
            return "汇总" if self._included(unit) else "不汇总"
        if column == 8:
            return f"{len(unit.uncertain)}/{len(unit.missing)}" if unit.uncertain or unit.missing else ""
        values = ("", unit.agency or UNKNOWN_AGENCY, unit.path.name, str(unit.year or UNKNOWN_YEAR),
                  unit.edition or UNKNOWN_EDITION, UNIT_STATUS_LABELS[unit.status],
                  str(len(unit.errors)) if unit.readable else "", str(len(unit.warnings)) if unit.readable else "",
                  "", unit.reason(self.board.include_errors))
        return values[column]

    def _sort_key(self, unit: Unit, column: int) -> Any:
        if column == 0:
            return int(self._included(unit))
        if column in (6, 7):
            return len(unit.errors if column == 6 else unit.warnings)
        if column == 8:
            return len(unit.uncertain) + len(unit.missing)
        return self._text(unit, column)

    def _background(self, unit: Unit) -> QBrush | None:
        if not self._included(unit):
            return QBrush(_LEFT_OUT)
        if unit.errors or unit.warnings or unit.status in (UNIT_CHANGED, UNIT_UNTRUSTED) or unit.uncertain:
            return QBrush(_FLAGGED)
        return None
