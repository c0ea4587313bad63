"""A failed undo or redo leaves the undo history where it was, so the edit can still be undone."""

from __future__ import annotations

from core.store.storage import Store


def _refuse_writes(store: Store, refuse: bool) -> None:
    """The database itself refuses every write, as a read-only or full disk does (SQLITE_READONLY)."""
    store._conn.execute(f"PRAGMA query_only={int(refuse)}")  # the real connection, no mock


def test_failed_undo_keeps_the_history(stored, qtbot) -> None:
    store, report_id, document = stored
    assert document.set_cell_text("t3.N.C1", "30")
    _refuse_writes(store, True)
    with qtbot.waitSignal(document.failed) as failed:
        document.undo_stack.undo()
    assert "保存失败" in failed.args[0]
    assert document.undo_stack.index() == 1 and document.undo_stack.canUndo()
    assert document.report.cells["t3.N.C1"] == 30 and store.load(report_id).cells["t3.N.C1"] == 30
    _refuse_writes(store, False)
    document.undo_stack.undo()
    assert document.undo_stack.index() == 0
    assert document.report.cells["t3.N.C1"] == 25 and store.load(report_id).cells["t3.N.C1"] == 25


def test_failed_redo_keeps_the_history(stored, qtbot) -> None:
    store, report_id, document = stored
    assert document.set_cell_text("t3.N.C1", "30")
    document.undo_stack.undo()
    _refuse_writes(store, True)
    with qtbot.waitSignal(document.failed):
        document.undo_stack.redo()
    assert document.undo_stack.index() == 0 and document.undo_stack.canRedo()
    assert store.load(report_id).cells["t3.N.C1"] == 25
    _refuse_writes(store, False)
    document.undo_stack.redo()
    assert document.undo_stack.index() == 1 and store.load(report_id).cells["t3.N.C1"] == 30
    document.undo_stack.undo()
    assert store.load(report_id).cells["t3.N.C1"] == 25


def test_the_menu_undo_goes_through_the_same_guard(stored, qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    from gui.undo_actions import UndoRouter
    store, report_id, document = stored
    window = QWidget()
    qtbot.addWidget(window)
    router = UndoRouter(window, document.undo_stack)
    assert document.set_cell_text("t3.N.C1", "30")
    _refuse_writes(store, True)
    router.undo.trigger()
    assert document.undo_stack.index() == 1 and router.undo.isEnabled()
    _refuse_writes(store, False)
    router.undo.trigger()
    assert store.load(report_id).cells["t3.N.C1"] == 25 and not router.undo.isEnabled()
