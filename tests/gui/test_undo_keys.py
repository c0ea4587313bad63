"""Ctrl+Y and Ctrl+Shift+Z both redo, in the tables and in a text field (the user guide promises Ctrl+Y)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from gui.document import ReportDocument
from gui.main_window import MainWindow
from gui.settings import Settings

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(document: ReportDocument, settings: Settings, qtbot) -> MainWindow:
    w = MainWindow(document, settings)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.mark.parametrize("redo", [(Qt.Key.Key_Y, CTRL), (Qt.Key.Key_Z, CTRL | SHIFT)])
def test_redo_keys_in_a_table(window: MainWindow, document: ReportDocument, qtbot, redo) -> None:
    tab = window.section_tabs["s3"]
    window.tabs.setCurrentWidget(tab)
    view = tab.tables["t3"]
    before = document.report.cells["t3.N.C1"]
    assert document.set_cell_text("t3.N.C1", "31")
    view.select_key("t3.N.C1")
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert document.report.cells["t3.N.C1"] == before
    qtbot.keyClick(view, *redo)
    assert document.report.cells["t3.N.C1"] == 31


@pytest.mark.parametrize("redo", [(Qt.Key.Key_Y, CTRL), (Qt.Key.Key_Z, CTRL | SHIFT)])
def test_redo_keys_in_a_text_field(window: MainWindow, qtbot, redo) -> None:
    tab = window.section_tabs["s5"]
    window.tabs.setCurrentWidget(tab)
    editor = tab.texts["problems"].editor
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    before = editor.toPlainText()
    qtbot.keyClicks(editor, "abc")
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)
    assert editor.toPlainText() == before
    qtbot.keyClick(editor, *redo)
    assert editor.toPlainText() == before + "abc"
