"""One QUndoCommand for every core edit, and the undo stack that moves only when the store took the change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand, QUndoStack

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
        self._done: str | None = None  # "undo"/"redo" already committed by GuardedUndoStack

    def redo(self) -> None:
        """Apply the edit (again); the store commits it before the screen updates."""
        if self._applied:
            self._applied = False  # push() calls redo() once; the edit is already committed
            return
        if self._done == "redo":
            self._done = None
            return
        self.commit_redo()

    def undo(self) -> None:
        """Apply the inverse."""
        if self._done == "undo":
            self._done = None
            return
        self.commit_undo()

    def commit_redo(self) -> bool:
        """Commit the edit again; False (and the document's ``failed``) when the store refused it."""
        inverse = self._document.commit(self._edit)
        if inverse is None:
            return False
        self._inverse = inverse
        self._document.replayed.emit(self._edit, f"已重做：{self.text()}")
        return True

    def commit_undo(self) -> bool:
        """Commit the inverse; False (and the document's ``failed``) when the store refused it."""
        edit = self._document.commit(self._inverse)
        if edit is None:
            return False
        self._edit = edit
        self._document.replayed.emit(self._inverse, f"已撤销：{self.text()}")
        return True

    def commit_first(self, undo: bool) -> bool:
        """Commit the undo or redo before the stack moves; the stack's own call then does nothing."""
        done = self.commit_undo() if undo else self.commit_redo()
        if done:
            self._done = "undo" if undo else "redo"
        return done


class GuardedUndoStack(QUndoStack):
    """A QUndoStack whose undo()/redo() move the history only after the store took the change.

    QUndoStack moves its index whatever the command did, so an undo that failed to save (disk full, a
    read-only database) would leave the edit on screen and in the file but no longer undoable.
    """

    def undo(self) -> None:
        """Undo the previous command if the store takes it; otherwise the history stays."""
        if self._commit_first(self.index() - 1, undo=True):
            super().undo()

    def redo(self) -> None:
        """Redo the next command if the store takes it; otherwise the history stays."""
        if self._commit_first(self.index(), undo=False):
            super().redo()

    def _commit_first(self, position: int, *, undo: bool) -> bool:
        if not 0 <= position < self.count():
            return False
        command = self.command(position)
        return not isinstance(command, EditCommand) or command.commit_first(undo)
