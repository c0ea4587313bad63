"""One QUndoCommand for every core edit: it keeps the edit and its inverse and replays them through the document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from core.report import Edit
    from gui.document import ReportDocument


class EditCommand(QUndoCommand):
    """An applied edit on the undo stack; the first redo is skipped because the document applied it already."""

    def __init__(self, document: ReportDocument, edit: Edit, inverse: Edit, text: str) -> None:
        super().__init__(text)
        self._document = document
        self._edit = edit
        self._inverse = inverse
        self._applied = True

    def redo(self) -> None:
        """Apply the edit (again); the store commits it before the screen updates."""
        if self._applied:
            self._applied = False  # push() calls redo() once; the edit is already committed
            return
        inverse = self._document.commit(self._edit)
        if inverse is not None:
            self._inverse = inverse
            self._document.replayed.emit(self._edit, f"已重做：{self.text()}")

    def undo(self) -> None:
        """Apply the inverse."""
        edit = self._document.commit(self._inverse)
        if edit is not None:
            self._edit = edit
            self._document.replayed.emit(self._inverse, f"已撤销：{self.text()}")
