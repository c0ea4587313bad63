"""CountDelegate: a right-aligned line editor for a cell, and last year's value drawn beside it on request."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from core.values import ValueRefused, parse_value
from gui.table.count_table_model import KEY_ROLE, KIND_ROLE, PREVIOUS_ROLE, CountTableModel

if TYPE_CHECKING:
    from core.template import ValueKind

IDLE_MS = 1500  # a valid number typed and left alone this long is saved, editor still open
UNSAVED_STYLE = "QLineEdit { background: #fde2e2; border: 1px solid #c62828; }"

Index = QModelIndex | QPersistentModelIndex


def _value_kind(index: Index) -> ValueKind:
    """What the cell at this index holds (KeyError: not a cell of a count table)."""
    model = index.model()
    if not isinstance(model, CountTableModel):
        raise KeyError(index.data(KEY_ROLE))
    return model.table_cell(index.data(KEY_ROLE)).value_kind


class CountDelegate(QStyledItemDelegate):
    """Edits a count as text; the document parses it and may refuse it. Painting stays in C++ (fast)."""

    committed = ""  # the text last handed to the model (shown again when the model refuses it)
    reopen_with: str | None = None  # the next editor starts from this text instead of the value

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A plain line edit: IME commits and pastes reach the model as text and are parsed there."""
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setFrame(False)
        # Half-typed numbers survive a crash: saved after a pause in typing (a crash loses at most the
        # last IDLE_MS of typing in this one cell); text that is no valid value is marked, never saved.
        idle = QTimer(editor)
        idle.setSingleShot(True)
        idle.setInterval(IDLE_MS)
        persistent = QPersistentModelIndex(index)
        idle.timeout.connect(lambda: self._idle_commit(editor, persistent))
        editor.textEdited.connect(lambda _text: idle.start())
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Start from the current value; an editor already open keeps what is typed when the value it
        just saved comes back from the document."""
        assert isinstance(editor, QLineEdit)
        current = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if editor.property("opened"):
            if self._parsed(editor.text(), index) != self._parsed(current, index):
                editor.setText(current)  # changed from elsewhere (undo): show it, leave the cursor alone
            return
        editor.setProperty("opened", True)
        text, self.reopen_with = self.reopen_with, None
        editor.setText(text if text is not None else current)
        editor.selectAll()

    @staticmethod
    def _parsed(text: str, index: Index) -> object:
        try:
            return parse_value(text, _value_kind(index))
        except (ValueRefused, AttributeError, KeyError):
            return ("refused", text)

    def _idle_commit(self, editor: QLineEdit, index: QPersistentModelIndex) -> None:
        """Save a valid value typed a moment ago; mark one that is no valid value as not saved."""
        if not shiboken6.isValid(editor) or not index.isValid():
            return
        try:
            parse_value(editor.text(), _value_kind(index))
        except ValueRefused as exc:
            editor.setStyleSheet(UNSAVED_STYLE)
            editor.setToolTip(f"未保存：{exc}")
            editor.setProperty("unsaved", True)
            return
        editor.setStyleSheet("")
        editor.setToolTip("")
        editor.setProperty("unsaved", False)
        if self._parsed(editor.text(), index) != self._parsed(str(index.data(Qt.ItemDataRole.EditRole) or ""), index):
            self.commitData.emit(editor)

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
        rect = option.rect.adjusted(3, 0, -3, 0)  # type: ignore[attr-defined]  # PySide6's stub omits QStyleOption's fields
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         f"上年{previous or '空'}")
        painter.restore()
