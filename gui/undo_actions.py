"""编辑 → 撤销 / 重做: the text being edited when a text field has the focus, else the table edits.

Ctrl+Z in a text field never reaches these actions (the field takes the shortcut for its own undo);
the menu items follow the same rule, so clicking 撤销 while writing 一、总体情况 undoes the writing,
not a table cell on another tab.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack

TextWidget = QPlainTextEdit | QTextEdit | QLineEdit
REDO_KEYS = [QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")]


def _text_target(window: QWidget) -> TextWidget | None:
    """The editable text field of this window that has the focus, if any."""
    widget = QApplication.focusWidget()
    if isinstance(widget, (QPlainTextEdit, QTextEdit, QLineEdit)) and not widget.isReadOnly() \
            and widget.window() is window:
        return widget
    return None


class UndoRouter(QObject):
    """Owns the two actions and keeps their text and state in step with the focus and the undo stack."""

    def __init__(self, window: QWidget, stack: QUndoStack) -> None:
        super().__init__(window)
        self.window_ = window
        self.stack = stack
        self.undo = QAction("撤销", window)
        self.undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo.triggered.connect(lambda: self._run(False))
        self.redo = QAction("重做", window)
        # Ctrl+Y (Windows, WPS) and Ctrl+Shift+Z (Linux, macOS) both redo, whatever the platform's default
        self.redo.setShortcuts(REDO_KEYS)
        self.redo.triggered.connect(lambda: self._run(True))
        stack.indexChanged.connect(self.refresh)
        stack.canUndoChanged.connect(self.refresh)
        stack.canRedoChanged.connect(self.refresh)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self.refresh)
        self.refresh()

    def refresh(self, *_: object) -> None:
        """Name what 撤销 / 重做 would act on now."""
        if not shiboken6.isValid(self.stack):  # its destructor still emits (clear()) once Python's side is gone
            return
        target = _text_target(self.window_)
        for action, redo in ((self.undo, False), (self.redo, True)):
            verb = "重做" if redo else "撤销"
            if target is not None:  # enabled: the field's own history changes with every keystroke
                action.setText(f"{verb}（正在编辑的文字）")
                action.setEnabled(True)
            else:
                can = self.stack.canRedo() if redo else self.stack.canUndo()
                what = self.stack.redoText() if redo else self.stack.undoText()
                action.setText(f"{verb} {what}" if can and what else verb)
                action.setEnabled(can)

    def _run(self, redo: bool) -> None:
        target = _text_target(self.window_)
        undoer = target if target is not None else self.stack
        if redo:
            undoer.redo()
        else:
            undoer.undo()
        self.refresh()
