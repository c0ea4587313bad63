"""MainWindow: tabs from the template, live badges, jumping to issues, finalise/reopen, export, menus."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import issue
from openpyxl import load_workbook
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from core.report import SetText
from gui.document import ReportDocument
from gui.main_window import MainWindow
from gui.section_tab import SectionTab
from gui.settings import Settings


@pytest.fixture
def window(document: ReportDocument, settings: Settings, qtbot) -> MainWindow:
    w = MainWindow(document, settings)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_one_tab_per_section_plus_meta(window: MainWindow, document: ReportDocument) -> None:
    sections = document.template.sections
    assert window.tabs.count() == len(sections) + 1
    assert window.tabs.tabText(0) == "基本信息"
    assert window.tabs.tabText(3).startswith("三、收到和处理")
    assert isinstance(window.tabs.widget(3), SectionTab) and "t3" in window.tabs.widget(3).tables


def test_badges_and_jump_to_cell(window: MainWindow, document: ReportDocument, fake_issues) -> None:
    fake_issues.append(issue("R3.1", "error", "（七）总计（其他）应为 1，当前为 0，相差 1", ("t3.O3.C6",), anchor="C6"))
    fake_issues.append(issue("T5", "warning", "五 太短", field="problems", span=(0, 4), section="s5"))
    document.set_cell_text("t3.N.C6", "1")
    assert window.tabs.tabText(3).endswith("✖1") and window.tabs.tabText(5).endswith("⚠1")
    assert "错误 1" in window.counts_label.text()
    items = window.issues_panel.issue_items()
    assert len(items) == 2 and window.issues_panel.issue_list.count() == 4  # two headings, two issues
    window.issues_panel.issue_list.itemActivated.emit(items[0])  # as a double-click/Enter on the issue does
    tab = window.tabs.currentWidget()
    assert isinstance(tab, SectionTab) and tab.section.id == "s3"
    view = tab.tables["t3"]
    assert view.model().key(view.currentIndex()) == "t3.O3.C6"
    assert view.viewport().visibleRegion().contains(view.visualRect(view.currentIndex()).center())
    window.show_issue(fake_issues[1])
    assert window.tabs.currentIndex() == 5
    assert window.section_tabs["s5"].texts["problems"].editor.textCursor().selectedText() == \
        document.report.texts["problems"][:4]


def test_finalise_blocked_then_allowed_and_reopen(window: MainWindow, document: ReportDocument, fake_issues,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    fake_issues.append(issue("X6", "warning", "文字与上年高度重复", field="problems", anchor="problems", section="s5"))
    document.apply(SetText("other", "本年度未收取信息处理费。"))
    panel = window.issues_panel
    assert not panel.finalise_button.isEnabled() and "文字与上年高度重复" in panel.blockers.toPlainText()
    window.finalise()
    assert shown and "文字与上年高度重复" in shown[-1] and not document.report.is_final
    assert panel.select_issue("X6@problems")
    panel.note.setText("本年问题确与上年相同，整改仍在进行")
    panel.note_button.click()
    assert document.report.explanations["X6@problems"].startswith("本年问题")
    assert panel.finalise_button.isEnabled()
    panel.finalise_button.click()
    assert document.report.is_final and window.banner.isVisibleTo(window)
    assert "已定稿 第1版" in window.banner_label.text()
    assert window.section_tabs["s6"].texts["other"].editor.isReadOnly()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("补充遗漏数据", True))
    window.reopen()
    assert not document.report.is_final and document.report.version == 2
    assert not window.banner.isVisibleTo(window) and "草稿 第2版" in window.version_label.text()


def test_reopen_needs_a_reason(fake_issues, window: MainWindow, document: ReportDocument,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window.finalise()
    assert not document.report.is_final  # the officer said no
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.finalise()
    assert document.report.is_final
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("  ", True))
    window.reopen()
    assert document.report.is_final


def test_export_excel_proposes_name_and_writes(window: MainWindow, document: ReportDocument, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    proposed: list[str] = []

    def save_dialog(_parent, _title, path, _filter):
        proposed.append(path)
        return str(tmp_path / "out"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    window.actions_["export_xlsx"].trigger()
    assert proposed[0].endswith("示例市示例区生态环境局2023年政府信息公开工作年度报告.xlsx")
    book = load_workbook(tmp_path / "out.xlsx")
    assert book.sheetnames
    assert window.settings.get(__import__("gui.settings", fromlist=["EXPORT_DIR"]).EXPORT_DIR) == str(tmp_path)


def test_export_warns_with_errors(window: MainWindow, document: ReportDocument, fake_issues,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: pytest.fail("must not ask for a file"))
    fake_issues.append(issue("R3.1", "error", "不平衡", ("t3.T.C1",)))
    document.set_cell_text("t3.N.C1", "26")
    window.actions_["export_pdf"].trigger()
    assert asked and "1 个错误" in asked[0]


def test_undo_action_follows_the_stack(window: MainWindow, document: ReportDocument) -> None:
    assert not window.actions_["undo"].isEnabled()
    document.set_cell_text("t3.N.C1", "30")
    assert window.actions_["undo"].isEnabled()
    window.actions_["undo"].trigger()
    assert document.report.cells["t3.N.C1"] == 25
    window.actions_["redo"].trigger()
    assert document.report.cells["t3.N.C1"] == 30


def test_undo_shows_the_cell_it_changed_on_its_tab(window: MainWindow, document: ReportDocument) -> None:
    """编辑 → 撤销 from another tab: the clerk sees which cell went back, and the status bar says so."""
    document.set_cell_text("t3.F.C1", "35")
    document.set_cell_text("t4.cases.rv_upheld", "3")
    window.tabs.setCurrentIndex(1)
    window.actions_["undo"].trigger()
    tab = window.tabs.currentWidget()
    assert isinstance(tab, SectionTab) and tab.section.id == "s4"
    assert tab.tables["t4"].model().key(tab.tables["t4"].currentIndex()) == "t4.cases.rv_upheld"
    assert window.statusBar().currentMessage().startswith("已撤销：填写 ") and "结果维持" in \
        window.statusBar().currentMessage()
    window.actions_["undo"].trigger()
    view = window.tabs.currentWidget().tables["t3"]
    assert view.model().key(view.currentIndex()) == "t3.F.C1" and document.report.cells["t3.F.C1"] == 2
    window.actions_["redo"].trigger()
    assert window.statusBar().currentMessage().startswith("已重做：填写 四、结转下年度继续办理")


def test_geometry_is_remembered(window: MainWindow, settings: Settings) -> None:
    window.close()
    from gui import settings as keys
    from gui.window_geometry import screen_setup
    assert not settings.get(keys.for_screens(keys.GEOMETRY, screen_setup())).isEmpty()


def test_ctrl_number_goes_to_a_part(window: MainWindow) -> None:
    assert window.actions_["tab3"].shortcut().toString() == "Ctrl+4"
    window.actions_["tab3"].trigger()
    assert window.tabs.currentIndex() == 3
    assert "收到和处理" in window.actions_["tab3"].text()


def test_wide_window_shares_its_width_and_the_bar_stays_under_the_table(window: MainWindow, qtbot) -> None:
    """Maximised on a 1920 screen the issues dock widens with the window, and the 尚待分配 line is exactly
    as wide as the table above it (value columns are capped, so the table no longer fills the page)."""
    window.tabs.setCurrentWidget(window.section_tabs["s3"])
    narrow = window.issues_panel.width()
    window.resize(1920, 1050)
    qtbot.waitUntil(lambda: window.width() == 1920)
    QApplication.processEvents()
    assert window.issues_panel.width() >= narrow * 1.4
    tab = window.section_tabs["s3"]
    view, bar = tab.tables["t3"], tab.balance_bars["t3"]
    content = sum(view.columnWidth(c) for c in range(view.model().columnCount()))
    assert bar.geometry().left() == view.geometry().left() and abs(bar.width() - content) <= 2 * bar.frameWidth()
    assert [bar.columnWidth(c) for c in range(bar.model().columnCount())] == \
        [view.columnWidth(c) for c in range(view.model().columnCount())]
    wide = window.issues_panel.width()
    window.resize(900, 720)
    qtbot.waitUntil(lambda: window.width() == 900)  # the bar never holds the window wide
    window.resize(1920, 1050)
    qtbot.waitUntil(lambda: window.width() == 1920)
    qtbot.waitUntil(lambda: window.issues_panel.width() == wide)  # a clamp when small does not ratchet the share


def test_undo_menu_undoes_the_text_being_edited_not_a_cell_elsewhere(window: MainWindow, document: ReportDocument,
                                                                      qtbot) -> None:
    """Writing 一、总体情况 and clicking 编辑 → 撤销 takes back the writing; away from the text, the table edit."""
    document.set_cell_text("t3.N.C1", "30")
    window.tabs.setCurrentWidget(window.section_tabs["s1"])
    editor = window.section_tabs["s1"].texts["overview"].editor
    before = editor.toPlainText()
    window.activateWindow()
    editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, "abc")
    assert editor.toPlainText() == before + "abc"
    undo = window.actions_["undo"]
    assert undo.text() == "撤销（正在编辑的文字）" and undo.isEnabled()
    undo.trigger()
    assert editor.toPlainText() == before and document.report.cells["t3.N.C1"] == 30
    window.tabs.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not editor)
    assert undo.text().startswith("撤销 填写 一、本年新收")
    undo.trigger()
    assert document.report.cells["t3.N.C1"] == 25
