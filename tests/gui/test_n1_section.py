"""An N1 finding (a sentence of 一 disagreeing with 表三) is counted, listed and shown where the sentence is."""

from __future__ import annotations

from core.checks.validation import validate
from core.report import SetText
from gui.document import ReportDocument
from gui.issues_panel import ISSUE_ROLE
from gui.main_window import MainWindow
from gui.section_tab import SectionTab
from gui.settings import Settings

WRONG = "本年新收政府信息公开申请30件"  # 表三 一、本年新收 总计 is 29


def _wrong_overview(document: ReportDocument) -> None:
    text = document.report.texts["overview"].replace("本年新收政府信息公开申请29件", WRONG)
    document.apply(SetText("overview", text))


def test_n1_belongs_to_the_section_of_its_sentence(full_report) -> None:
    full_report.texts["overview"] = full_report.texts["overview"].replace("本年新收政府信息公开申请29件", WRONG)
    n1 = [i for i in validate(full_report) if i.rule == "N1"]
    assert n1 and all(i.section == "s1" for i in n1)
    assert all("表三" in i.message for i in n1)  # the message names the table it was compared with


def test_n1_badges_tab_one_and_opens_the_sentence(document: ReportDocument, settings: Settings, qtbot) -> None:
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    _wrong_overview(document)
    assert "⚠1" in window.tabs.tabText(1)  # 一、总体情况
    assert "⚠" not in window.tabs.tabText(3)  # not 三
    items = window.issues_panel.issue_items()
    n1 = [item for item in items if item.data(ISSUE_ROLE).rule == "N1"]
    assert len(n1) == 1 and n1[0].text().startswith("[一]")
    window.issues_panel.issue_list.itemActivated.emit(n1[0])
    tab = window.tabs.currentWidget()
    assert isinstance(tab, SectionTab) and tab.section.id == "s1"
    assert WRONG in tab.texts["overview"].editor.textCursor().selectedText()
