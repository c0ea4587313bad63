"""One QUndoCommand for every core edit, and the undo stack that moves only when the store took the change."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand, QUndoStack

if TYPE_CHECKING:
    from core.report import Edit

Commit = Callable[["Edit"], "Edit | None"]  # stores an edit, returns its inverse (None: refused, already said)
Announce = Callable[["Edit", str], None]  # shows the edit just undone or redone, with what to say


class EditCommand(QUndoCommand):
    """An applied edit on the undo stack; the first redo is skipped because the document applied it already."""

    def __init__(self, edit: Edit, inverse: Edit, text: str, *, commit: Commit, announce: Announce) -> None:
        super().__init__(text)
        self._commit = commit
        self._announce = announce
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
        """Commit the edit again; False when the store refused it (``commit`` has said why)."""
        inverse = self._commit(self._edit)
        if inverse is None:
            return False
        self._inverse = inverse
        self._announce(self._edit, f"已重做：{self.text()}")
        return True

    def commit_undo(self) -> bool:
        """Commit the inverse; False when the store refused it (``commit`` has said why)."""
        edit = self._commit(self._inverse)
        if edit is None:
            return False
        self._edit = edit
        self._announce(self._inverse, f"已撤销：{self.text()}")
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
