"""The 说明 of a warning: a wrapping box in the issues dock, and a wide dialog for a longer paragraph."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextDocument, QTextOption
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


def box_height(box: QPlainTextEdit, lines: int) -> int:
    """The height a plain-text box needs for this many lines as laid out, CJK fallback fonts and ✖⚠ included
    (a Latin UI font's line spacing is less than that of the CJK font that draws the Chinese)."""
    sample = QTextDocument()
    sample.setDefaultFont(box.font())
    sample.setDocumentMargin(box.document().documentMargin())
    sample.setPlainText("\n".join(["还需处理 ✖⚠ℹ• 0(Z)…国"] * lines))
    margins = box.contentsMargins()
    return int(sample.size().height() + 0.999) + 2 * box.frameWidth() + margins.top() + margins.bottom()


NOTE_LINES = 5  # the 说明 box shows a short paragraph whole; a longer one scrolls
BLOCKER_LINES = 5  # the head, three blockers and "……另有 N 项"


class NoteEdit(QPlainTextEdit):
    """The 说明 of a warning: a wrapping multi-line box; Enter saves (and goes on), Shift+Enter starts a line."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedHeight(box_height(self, NOTE_LINES))

    def text(self) -> str:
        """The 说明 as typed."""
        return self.toPlainText()

    def setText(self, text: str) -> None:  # the QLineEdit name it replaces
        """Show a stored 说明."""
        if text != self.toPlainText():
            self.setPlainText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter saves; Shift+Enter (or Ctrl+Enter) breaks the line."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier):
                self.insertPlainText("\n")
            else:
                self.submitted.emit()
            return
        super().keyPressEvent(event)


class NoteDialog(QDialog):
    """说明 in a window a paragraph wide, with the issue it explains above it."""

    def __init__(self, message: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("填写说明")
        layout = QVBoxLayout(self)
        issue = QLabel(message)
        issue.setWordWrap(True)
        issue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.editor = QPlainTextEdit(text)
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText("写明为什么这样填，例如：机构改革后职责划入，数字与上年不可比")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存说明")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(issue)
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("国")
        self.editor.setMinimumHeight(box_height(self.editor, 8))
        self.resize(em * 40, self.sizeHint().height())

    def text(self) -> str:
        """The 说明 as written."""
        return self.editor.toPlainText()
