"""A character no installed font can print in the PDF is marked in the window, not only named by `check`."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from core.export.fonts import find_cjk_fonts
from core.export.glyph_check import glyph_tip
from core.report import Report
from gui.document import ReportDocument
from gui.glyph_marks import FONTS
from gui.main_window import MainWindow
from gui.settings import Settings

NONE_HAS = "\U000f0001"  # a private-use character of plane 15: no font has it (two UTF-16 units in Qt)


@pytest.fixture
def fonts():
    fs = find_cjk_fonts()
    if not fs.embedded:
        pytest.skip("no CJK TrueType font on this machine")
    FONTS.set_fonts(fs)
    yield fs
    FONTS.set_fonts(None)


def test_unprintable_characters_are_marked_in_texts_fields_and_panel(fonts, full_report: Report,
                                                                    settings: Settings, qtbot) -> None:
    full_report.texts["overview"] = f"第一句。其中有{NONE_HAS}字，常用字不标。"
    full_report.meta["leader"] = f"张{NONE_HAS}"
    window = MainWindow(ReportDocument(full_report), settings)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    editor = window.section_tabs["s1"].texts["overview"].editor
    marks = [s for s in editor.extraSelections() if s.format.toolTip() == glyph_tip(NONE_HAS)]
    assert len(marks) == 1
    assert editor.toPlainText()[7] == NONE_HAS
    assert (marks[0].cursor.selectionStart(), marks[0].cursor.selectionEnd()) == (7, 9)  # UTF-16: two units
    assert marks[0].cursor.selectedText() == NONE_HAS
    assert glyph_tip(NONE_HAS) in window.meta_tab.edits["leader"].toolTip()
    assert window.meta_tab.edits["leader"].styleSheet()  # coloured
    assert glyph_tip(NONE_HAS) not in window.meta_tab.edits["filler"].toolTip()
    panel = window.issues_panel.glyph_line
    assert panel.isVisible() and f"“{NONE_HAS}”" in panel.text() and "等 2 处" in panel.text()
    window.section_tabs["s1"].texts["overview"].editor.setPlainText("全部常用字。")
    window.section_tabs["s1"].texts["overview"].editor.commit()
    assert not [s for s in editor.extraSelections() if s.format.toolTip().startswith("导出的 PDF")]
    assert "等" not in panel.text() and "负责人" in panel.text()


def test_nothing_is_marked_until_the_fonts_are_known(full_report: Report, settings: Settings, qtbot) -> None:
    FONTS.set_fonts(None)
    full_report.texts["overview"] = f"其中有{NONE_HAS}字。"
    window = MainWindow(ReportDocument(full_report), settings)
    qtbot.addWidget(window)
    editor = window.section_tabs["s1"].texts["overview"].editor
    assert not editor.extraSelections() and not window.issues_panel.glyph_line.isVisibleTo(window)
    fs = find_cjk_fonts()
    if not fs.embedded:
        pytest.skip("no CJK TrueType font on this machine")
    try:
        FONTS.set_fonts(fs)  # as the warm-up does once the window is up
        QApplication.processEvents()
        assert [s.format.toolTip() for s in editor.extraSelections()] == [glyph_tip(NONE_HAS)]
        assert window.issues_panel.glyph_line.isVisibleTo(window)
    finally:
        FONTS.set_fonts(None)


def test_hovering_a_marked_character_shows_its_tooltip(fonts, full_report: Report, settings: Settings, qtbot) -> None:
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent, QTextCursor
    from PySide6.QtWidgets import QToolTip

    full_report.texts["overview"] = f"其中有{NONE_HAS}字。"
    window = MainWindow(ReportDocument(full_report), settings)
    qtbot.addWidget(window)
    window.show()
    tab = window.section_tabs["s1"]
    window.tabs.setCurrentWidget(tab)
    editor = tab.texts["overview"].editor
    cursor = QTextCursor(editor.document())
    cursor.setPosition(3)
    rect = editor.cursorRect(cursor)
    at = QPoint(rect.right() + 3, rect.center().y())  # inside the marked character
    event = QHelpEvent(QEvent.Type.ToolTip, at, editor.viewport().mapToGlobal(at))
    QApplication.sendEvent(editor.viewport(), event)
    assert QToolTip.text() == glyph_tip(NONE_HAS)
