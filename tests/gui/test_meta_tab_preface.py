"""The 前言 on the 基本信息 tab: its default follows the fields above until the officer edits it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLineEdit

from core.preface import default_preface, preface_text
from core.report import SetMeta
from gui.document import ReportDocument
from gui.main_window import MainWindow
from gui.settings import Settings


def _window(document: ReportDocument, settings: Settings, qtbot) -> MainWindow:
    w = MainWindow(document, settings)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    return w


def test_preface_shows_its_default_until_edited(document: ReportDocument, settings: Settings, qtbot) -> None:
    w = _window(document, settings, qtbot)
    editor = w.meta_tab.texts["preface"].editor
    report = document.report
    assert editor.toPlainText() == default_preface(report, report.template) != ""
    assert "preface" not in report.texts
    document.apply(SetMeta("contact", "钱七 0517-88886666"))  # the default follows 基本信息
    assert "钱七 0517-88886666" in editor.toPlainText() and "preface" not in report.texts
    editor.setPlainText("本机关自拟的前言。")
    w.commit_texts()  # what the debounce, focus-out or an export does
    assert report.texts["preface"] == "本机关自拟的前言。" == preface_text(report)
    document.apply(SetMeta("contact", "孙八"))
    assert editor.toPlainText() == "本机关自拟的前言。"  # edited: no longer follows
    w.tabs.setCurrentWidget(w.meta_tab)
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    editor.clear()
    editor.commit()  # still in the field: an emptied 前言 is not replaced under the cursor
    assert editor.toPlainText() == "" and report.texts["preface"] == "本机关自拟的前言。"
    w.meta_tab.edits["agency"].setFocus()
    QApplication.processEvents()
    qtbot.waitUntil(lambda: "preface" not in report.texts)
    assert editor.toPlainText() == default_preface(report, report.template)  # left empty: the default again
    assert "孙八" in editor.toPlainText()


def test_preface_fits_the_basic_information_tab(document: ReportDocument, settings: Settings, qtbot) -> None:
    w = _window(document, settings, qtbot)
    box = w.meta_tab.texts["preface"]
    assert box.isVisible() and box.editor.height() >= 3 * box.editor.fontMetrics().lineSpacing()
    last = max(w.meta_tab.findChildren(QLineEdit), key=lambda e: e.mapTo(w.meta_tab, e.rect().bottomLeft()).y())
    assert box.mapTo(w.meta_tab, box.rect().topLeft()).y() > last.mapTo(w.meta_tab, last.rect().bottomLeft()).y()
