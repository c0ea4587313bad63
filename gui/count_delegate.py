"""CountDelegate: a right-aligned line editor for a cell, and last year's value drawn beside it on request."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from gui.count_table_model import KIND_ROLE, PREVIOUS_ROLE

Index = QModelIndex | QPersistentModelIndex


class CountDelegate(QStyledItemDelegate):
    """Edits a count as text; the document parses it and may refuse it. Painting stays in C++ (fast)."""

    committed = ""  # the text last handed to the model (shown again when the model refuses it)
    reopen_with: str | None = None  # the next editor starts from this text instead of the value

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A plain line edit: IME commits and pastes reach the model as text and are parsed there."""
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Start from the current value."""
        assert isinstance(editor, QLineEdit)
        text, self.reopen_with = self.reopen_with, None
        editor.setText(text if text is not None else str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        """Hand the committed text to the model, unchanged (normalisation happens in core.values)."""
        assert isinstance(editor, QLineEdit)
        if editor.text().strip() == str(index.data(Qt.ItemDataRole.EditRole) or ""):
            return
        self.committed = editor.text()
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)



class PreviousYearDelegate(CountDelegate):
    """CountDelegate that also paints last year's value (installed only while 显示上年数 is on)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """The standard cell, plus 上年 N in small grey text on the left."""
        super().paint(painter, option, index)
        if index.data(KIND_ROLE) not in {"input", "computed"}:
            return
        previous = index.data(PREVIOUS_ROLE)
        if previous is None:
            return
        painter.save()
        font = painter.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
        painter.setFont(font)
        painter.setPen(QColor("#7a7a7a"))
        rect = option.rect.adjusted(3, 0, -3, 0)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         f"上年{previous or '空'}")
        painter.restore()
