"""A finalised report looks read-only, says so when the officer types, and looks editable again after 重新打开."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QMessageBox

from gui.main_window import MainWindow
from gui.read_only import READ_ONLY_BG, READ_ONLY_HINT
from gui.settings import Settings
from gui.table.count_table_model import COMPUTED_BG

INPUT, TOTAL = "t3.N.C1", "t3.N.C7"


@pytest.fixture
def window(stored, settings: Settings, qtbot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    w = MainWindow(stored.document, settings)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    monkeypatch.setattr("gui.main_window.QMessageBox.question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr("gui.report_window.QInputDialog.getText", lambda *a, **k: ("发现笔误", True))
    return w


def _finalise(w: MainWindow) -> None:
    for issue in w.document.issues:
        if issue.severity == "warning":
            w.document.explain(issue.fingerprint, "已核实")
    w.finalise()
    assert w.document.read_only


def _db(stored) -> dict[str, str]:
    """The stored cells, read with a separate SQLite connection."""
    store, report_id, _ = stored
    conn = sqlite3.connect(store.path)
    try:
        return dict(conn.execute("SELECT key, value FROM cells WHERE report_id = ?", (report_id,)).fetchall())
    finally:
        conn.close()


def _type(qtbot, view, text: str) -> None:
    """Type into a cell as the officer does: the first key opens the editor, Enter commits."""
    qtbot.keyClick(view, text[0])
    editor = view.indexWidget(view.currentIndex())
    assert isinstance(editor, QLineEdit) and editor.text() == text[0]
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def _background(w: MainWindow, key: str):
    view = w.section_tabs["s3"].tables["t3"]
    return view.model().index_of(key).data(Qt.ItemDataRole.BackgroundRole)


def _base(widget) -> object:
    return widget.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base)


def test_finalised_cells_and_fields_look_read_only_and_reopen_restores_them(window: MainWindow) -> None:
    w = window
    normal_base = _base(w.meta_tab.edits["filler"])
    assert _background(w, INPUT) is None and _background(w, TOTAL).color() == COMPUTED_BG
    editor = w.section_tabs["s1"].texts["overview"].editor
    assert not editor.isReadOnly() and _base(editor) == normal_base
    _finalise(w)
    assert _background(w, INPUT).color() == READ_ONLY_BG
    assert _background(w, TOTAL).color() == COMPUTED_BG != READ_ONLY_BG  # totals stay distinguishable
    tip = w.section_tabs["s3"].tables["t3"].model().index_of(INPUT).data(Qt.ItemDataRole.ToolTipRole)
    assert READ_ONLY_HINT in tip
    for tab in w.section_tabs.values():
        for box in tab.texts.values():
            assert box.editor.isReadOnly() and _base(box.editor) == READ_ONLY_BG
            assert box.editor.isEnabled()  # not greyed out: the text stays black and selectable
            flags = box.editor.textInteractionFlags()
            assert flags & Qt.TextInteractionFlag.TextSelectableByKeyboard
            assert flags & Qt.TextInteractionFlag.TextSelectableByMouse
    for edit in w.meta_tab.edits.values():
        assert edit.isReadOnly() and edit.isEnabled() and _base(edit) == READ_ONLY_BG
    assert w.meta_tab.edits["fill_date"].placeholderText() == "（未填写）"
    kind = w.meta_tab.kind
    assert not kind.isEnabled()
    for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Text):  # disabled, and still legible
        assert kind.palette().color(QPalette.ColorGroup.Disabled, role) == kind.palette().color(
            QPalette.ColorGroup.Active, role)
    assert not w.actions_["fill"].isEnabled()
    editor.selectAll()
    editor.copy()
    assert QGuiApplication.clipboard().text() == w.document.report.texts["overview"]

    w.reopen()
    assert not w.document.read_only and w.document.report.version == 2
    assert _background(w, INPUT) is None and _background(w, TOTAL).color() == COMPUTED_BG
    for tab in w.section_tabs.values():
        for box in tab.texts.values():
            assert not box.editor.isReadOnly() and _base(box.editor) == normal_base
    for edit in w.meta_tab.edits.values():
        assert not edit.isReadOnly() and _base(edit) == normal_base
    assert w.meta_tab.kind.isEnabled() and w.actions_["fill"].isEnabled()
    assert w.meta_tab.edits["fill_date"].placeholderText().startswith("例如 ")


def test_typing_into_a_finalised_report_is_refused_with_a_hint(window: MainWindow, stored, qtbot) -> None:
    w = window
    _finalise(w)
    before = _db(stored)
    w.tabs.setCurrentWidget(w.section_tabs["s3"])
    view = w.section_tabs["s3"].tables["t3"]
    view.select_key(INPUT)
    qtbot.waitUntil(view.hasFocus)
    current = view.currentIndex()
    for key in (Qt.Key.Key_2, Qt.Key.Key_Delete, Qt.Key.Key_F2):
        w.statusBar().clearMessage()
        qtbot.keyClick(view, key)
        assert w.statusBar().currentMessage() == READ_ONLY_HINT
        assert view.state() != QAbstractItemView.State.EditingState
        assert view.currentIndex() == current  # no jump to a cell that starts with "2"
    QGuiApplication.clipboard().setText("9\t9")
    w.statusBar().clearMessage()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert w.statusBar().currentMessage() == READ_ONLY_HINT
    assert view.paste_grid([["5"]]) == (0, [])
    assert _db(stored) == before and w.document.report.cells[INPUT] == 25

    editor = w.section_tabs["s1"].texts["overview"].editor
    w.tabs.setCurrentWidget(w.section_tabs["s1"])
    editor.setFocus()
    text = editor.toPlainText()
    w.statusBar().clearMessage()
    qtbot.keyClicks(editor, "abc")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.toPlainText() == text and w.statusBar().currentMessage() == READ_ONLY_HINT
    w.statusBar().clearMessage()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all: no hint
    assert w.statusBar().currentMessage() == ""

    w.tabs.setCurrentWidget(w.meta_tab)
    filler = w.meta_tab.edits["filler"]
    filler.setFocus()
    qtbot.keyClicks(filler, "x")
    assert filler.text() == "张三" and w.statusBar().currentMessage() == READ_ONLY_HINT
    w.menuBar().setFocus()
    QApplication.processEvents()
    assert w.document.report.meta["filler"] == "张三"

    w.reopen()  # and now the same keys edit and store
    w.tabs.setCurrentWidget(w.section_tabs["s3"])
    view.select_key(INPUT)
    qtbot.waitUntil(view.hasFocus)
    _type(qtbot, view, "26")
    assert w.document.report.cells[INPUT] == 26 and _db(stored)[INPUT] == "26"


def test_typing_into_a_total_says_it_is_computed(window: MainWindow, stored, qtbot) -> None:
    w = window
    w.tabs.setCurrentWidget(w.section_tabs["s3"])
    view = w.section_tabs["s3"].tables["t3"]
    view.select_key(TOTAL)
    qtbot.waitUntil(view.hasFocus)
    before = _db(stored)
    qtbot.keyClick(view, Qt.Key.Key_3)
    assert "自动计算" in w.statusBar().currentMessage()
    assert view.model().key(view.currentIndex()) == TOTAL and view.state() != QAbstractItemView.State.EditingState
    assert _db(stored) == before
    view.select_key(INPUT)  # an input cell next to it still takes typing
    _type(qtbot, view, "27")
    assert w.document.report.cells[INPUT] == 27
