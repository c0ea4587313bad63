"""机关类型 follows the agency's name (淮安市人民政府 → 县级以上地方人民政府) until the officer picks one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from core.report import Report
from gui.document import ReportDocument
from gui.meta_tab import MetaTab
from gui.new_report_dialog import NewReportDialog


def _ime(widget: QWidget, text: str) -> None:
    """Type Chinese as an input method does (QTest cannot send CJK key clicks)."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_new_report_dialog_infers_the_kind_while_typing(qtbot) -> None:
    dialog = NewReportDialog(None, "")
    qtbot.addWidget(dialog)
    _ime(dialog.agency, "淮安市人民政府")
    assert dialog.values()[1] == "government"
    dialog.agency.clear()
    _ime(dialog.agency, "某某县某某镇人民政府")
    assert dialog.values()[1] == "township"


def test_new_report_dialog_keeps_a_kind_picked_by_hand(qtbot) -> None:
    dialog = NewReportDialog(None, "")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.kind.setFocus()
    qtbot.keyClick(dialog.kind, Qt.Key.Key_End)  # 其他, chosen with the keyboard
    assert dialog.kind.currentData() == "other"
    _ime(dialog.agency, "淮安市人民政府")
    assert dialog.values()[1] == "other"


def _meta_tab(qtbot, agency: str, kind: str) -> tuple[MetaTab, ReportDocument]:
    document = ReportDocument(Report.blank(2024, agency, kind))
    tab = MetaTab(document)
    qtbot.addWidget(tab)
    return tab, document


def _rename(qtbot, tab: MetaTab, name: str) -> None:
    edit = tab.edits["agency"]
    edit.selectAll()
    _ime(edit, name)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_meta_tab_kind_follows_a_new_name(qtbot) -> None:
    tab, document = _meta_tab(qtbot, "淮安市", "department")
    _rename(qtbot, tab, "淮安市人民政府")
    assert document.report.meta["agency_kind"] == "government"
    assert tab.kind.currentData() == "government"


def test_meta_tab_keeps_a_kind_set_against_the_name(qtbot) -> None:
    tab, document = _meta_tab(qtbot, "淮安市人民政府", "other")
    _rename(qtbot, tab, "某某县某某镇人民政府")
    assert document.report.meta["agency"] == "某某县某某镇人民政府"
    assert document.report.meta["agency_kind"] == "other"
    assert tab.kind.currentData() == "other"
