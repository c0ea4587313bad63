"""A number typed into a cell and not yet confirmed is saved to SQLite after a pause (a crash loses at
most that pause); text that is no valid value is marked as not saved and never written."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from gui.session import Session
from gui.table.count_delegate import IDLE_MS

KEY = "t3.N.C2"


def _stored(session: Session) -> str | None:
    """The cell's row in the database file, read over a connection of its own (what a restart would see)."""
    with sqlite3.connect(session.db_path) as conn:
        row = conn.execute("SELECT value FROM cells WHERE report_id = ? AND key = ?",
                           (session.document.report_id, KEY)).fetchone()
    return row[0] if row else None


def _start_typing(session: Session, qtbot, text: str) -> QLineEdit:
    window = session.window
    tab = window.section_tabs["s3"]
    window.tabs.setCurrentWidget(tab)
    view = tab.tables["t3"]
    view.select_key(KEY)
    qtbot.keyClicks(view, text[0])
    editor = view.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, text[1:])
    return editor


def test_a_half_typed_number_is_saved_after_a_pause(full_session: Session, qtbot) -> None:
    before = _stored(full_session)
    editor = _start_typing(full_session, qtbot, "123")
    assert _stored(full_session) == before, "not yet: the clerk is still typing"
    qtbot.waitUntil(lambda: _stored(full_session) == "123", timeout=IDLE_MS + 2000)
    assert editor.isVisible() and editor.text() == "123", "the editor stays open with the typed text"
    qtbot.keyClicks(editor, "4")  # typing on appends, it does not replace the saved text
    qtbot.waitUntil(lambda: _stored(full_session) == "1234", timeout=IDLE_MS + 2000)
    steps = full_session.document.undo_stack.count()
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Enter after the pause: no second edit, the cursor moves down
    view = full_session.window.section_tabs["s3"].tables["t3"]
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert view.model().key(view.currentIndex()) == "t3.B.C2"
    assert full_session.document.undo_stack.count() == steps and _stored(full_session) == "1234"


def test_an_invalid_half_typed_text_is_marked_and_never_saved(full_session: Session, qtbot) -> None:
    before = _stored(full_session)
    editor = _start_typing(full_session, qtbot, "12x")
    qtbot.waitUntil(lambda: editor.property("unsaved") is True, timeout=IDLE_MS + 2000)
    assert _stored(full_session) == before
    assert "未保存" in editor.toolTip() and editor.styleSheet()
    assert editor.isVisible() and editor.text() == "12x", "the typed text stays to be corrected"
