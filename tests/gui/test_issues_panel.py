"""The issues panel settles carried_total errors (以分项合计为准) through the store, undoably."""

from __future__ import annotations

import pytest
from gui_helpers import issue
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core.report import Report, SetExplanation
from gui.document import ReportDocument
from gui.issues_panel import IssuesPanel
from gui.main_window import MainWindow
from gui.settings import Settings
from gui.table.count_table_model import SEVERITY_BG, CountTableModel

CARRIED_RULES = {"R3.2", "R3.3", "R4.1"}


@pytest.fixture
def report_to_store(full_report: Report) -> Report:
    """The complete report with two disagreeing carried totals, for ``stored`` to keep."""
    full_report.carried.update({"t3.T.C7": 999, "t4.cases.rv_total": 888})
    return full_report


@pytest.fixture
def panel(stored, qtbot) -> IssuesPanel:
    """The issues panel over the stored report's document, shown."""
    shown = IssuesPanel(stored.document)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def _carried(doc: ReportDocument) -> list[str]:
    return sorted(i.anchor for i in doc.issues if i.rule in CARRIED_RULES)


def _select(panel: IssuesPanel, anchor: str) -> None:
    fingerprint = next(i.fingerprint for i in panel.document.issues if i.anchor == anchor)
    assert panel.select_issue(fingerprint)


def test_accept_one_drops_the_carried_total_and_undo_brings_it_back(stored, panel: IssuesPanel) -> None:
    store, rid, doc = stored
    model = CountTableModel(doc, doc.template.tables["t3"])
    index = model.index_of("t3.T.C7")
    assert _carried(doc) == ["t3.T.C7", "t4.cases.rv_total"]
    assert model.data(index, Qt.ItemDataRole.BackgroundRole).color() == SEVERITY_BG["error"]
    assert "999" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert panel.carried_box.isVisible() and panel.accept_all_button.isEnabled()
    _select(panel, "t3.T.C7")
    assert panel.accept_button.isEnabled()
    changed: list = []
    doc.cellsChanged.connect(changed.append)
    panel.accept_button.click()
    assert changed and "t3.T.C7" in changed[-1]
    assert _carried(doc) == ["t4.cases.rv_total"]
    assert all(i.data(Qt.ItemDataRole.UserRole + 10).anchor != "t3.T.C7" for i in panel.issue_items())
    assert model.data(index, Qt.ItemDataRole.BackgroundRole).color() != SEVERITY_BG["error"]
    assert "999" not in model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert store.load(rid).carried == {"t4.cases.rv_total": 888}
    assert store.edit_log(rid)[-1][1:] == ("carried", "t3.T.C7", "999", None)
    assert doc.undo_stack.undoText() == "以分项合计为准"
    doc.undo_stack.undo()
    assert _carried(doc) == ["t3.T.C7", "t4.cases.rv_total"]
    assert model.data(index, Qt.ItemDataRole.BackgroundRole).color() == SEVERITY_BG["error"]
    assert store.load(rid).carried == {"t3.T.C7": 999, "t4.cases.rv_total": 888}


def test_accept_all_is_one_undo_step_and_unblocks_finalising(stored, panel: IssuesPanel) -> None:
    store, rid, doc = stored
    doc.report.carried["t3.N.C7"] = doc.value("t3.N.C7")  # agrees: no issue, must be kept
    blockers_before = doc.blockers()
    panel.accept_all()
    assert _carried(doc) == [] and not panel.carried_box.isVisible()
    assert doc.report.carried == {"t3.N.C7": doc.value("t3.N.C7")}
    assert store.load(rid).carried == {}
    assert len(doc.blockers()) == len(blockers_before) - 2
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "全部以分项合计为准（2 项）"
    doc.undo_stack.undo()
    assert _carried(doc) == ["t3.T.C7", "t4.cases.rv_total"] and panel.carried_box.isVisible()
    assert store.load(rid).carried == {"t3.T.C7": 999, "t4.cases.rv_total": 888}
    doc.undo_stack.redo()
    assert _carried(doc) == [] and store.load(rid).carried == {}


def test_no_carried_issues_no_buttons_and_other_issues_are_not_settled(document: ReportDocument, qtbot) -> None:
    panel = IssuesPanel(document)
    qtbot.addWidget(panel)
    panel.show()
    assert not panel.carried_box.isVisible()
    assert panel.carried_issues() == []
    before = dict(document.report.carried)
    assert document.accept_computed(list(document.issues)) == 0
    assert document.report.carried == before and document.undo_stack.count() == 0


def test_finalising_disables_the_note_of_the_selected_warning(fake_issues, document: ReportDocument, qtbot) -> None:
    from gui_helpers import issue

    fake_issues.append(issue("V4", "warning", "表三有空白单元格", ("t3.N.C2",), anchor="t3"))
    document.set_cell_text("t3.N.C1", "26")  # any edit: the document picks up the fake issue
    panel = IssuesPanel(document)
    qtbot.addWidget(panel)
    assert panel.select_issue("V4@t3") and panel.note_button.isEnabled()
    panel.note.setText("空白表示未发生")
    panel.note_button.click()
    assert document.finalise() == []
    assert not panel.note_button.isEnabled() and not panel.note.isEnabled()
    assert document.reopen("补充说明")
    assert panel.note_button.isEnabled()


def test_note_is_a_paragraph_enter_saves_shift_enter_breaks(fake_issues, document: ReportDocument, qtbot) -> None:
    from gui_helpers import issue

    fake_issues.append(issue("V4", "warning", "表三有空白单元格", ("t3.N.C2",), anchor="t3"))
    document.set_cell_text("t3.N.C1", "26")
    panel = IssuesPanel(document)
    qtbot.addWidget(panel)
    assert panel.select_issue("V4@t3")
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "first")
    qtbot.keyClick(panel.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(panel.note, "second")
    assert document.report.explanations.get("V4@t3", "") == ""  # a line break does not save
    qtbot.keyClick(panel.note, Qt.Key.Key_Return)
    assert document.report.explanations["V4@t3"] == "first\nsecond"
    assert panel.note.height() >= 5 * panel.note.fontMetrics().lineSpacing()


def test_wide_note_dialog_saves_a_paragraph(fake_issues, document: ReportDocument, qtbot,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from gui_helpers import issue

    from gui.note_edit import NoteDialog

    fake_issues.append(issue("V4", "warning", "表三有空白单元格", ("t3.N.C2",), anchor="t3"))
    document.set_cell_text("t3.N.C1", "26")
    panel = IssuesPanel(document)
    qtbot.addWidget(panel)
    assert not panel.wide_note_button.isEnabled()  # nothing chosen yet
    assert panel.select_issue("V4@t3") and panel.wide_note_button.isEnabled()
    paragraph = "本年度新收申请数以登记簿为准。\n其中一件于十二月三十一日收到，次年登记，故与系统统计相差一件。"
    seen: list[NoteDialog] = []

    def fake_exec(dialog: NoteDialog) -> int:
        seen.append(dialog)
        dialog.editor.setPlainText(paragraph)
        return NoteDialog.DialogCode.Accepted

    monkeypatch.setattr(NoteDialog, "exec", fake_exec)
    panel.wide_note_button.click()
    em = seen[0].fontMetrics().horizontalAdvance("国")
    assert seen[0].width() >= 30 * em  # a paragraph wide, whatever the dock's width
    assert document.report.explanations["V4@t3"] == paragraph


def test_a_blank_note_leaves_the_warning_open_everywhere(document: ReportDocument, fake_issues, qtbot) -> None:
    """说明 of spaces only: still open in the counts and the blockers, and not greyed as explained in the list."""
    fake_issues.append(issue("W1", "warning", "请核实", anchor="t3"))
    panel = IssuesPanel(document)
    qtbot.addWidget(panel)
    document.apply(SetExplanation("W1@t3", "   "))
    item = panel.issue_items()[0]
    assert document.counts() == (0, 1) and document.open_issues() and document.blockers()
    assert item.foreground().color().name() != "#666666", "greyed as if explained"
    document.apply(SetExplanation("W1@t3", "已核实"))
    item = panel.issue_items()[0]
    assert document.counts() == (0, 0) and item.foreground().color().name() == "#666666"


@pytest.fixture
def window(document: ReportDocument, settings: Settings, qtbot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    w = MainWindow(document, settings)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    dialogs: list[str] = []
    monkeypatch.setattr("gui.main_window.QMessageBox.warning", lambda _p, _t, text, *a, **k: dialogs.append(text))
    w.dialogs = dialogs  # type: ignore[attr-defined]
    return w


def test_saving_a_note_goes_on_to_the_next_warning(window: MainWindow, qtbot,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    doc, panel = window.document, window.issues_panel
    assert not panel.note.isEnabled() and not panel.note_button.isEnabled()  # nothing chosen yet
    doc.set_cell_text("t3.N.C1", "26")  # the overview's numbers no longer match table 三: two 需核实
    doc.set_cell_text("t3.R1.C1", "11")
    warnings = [i.fingerprint for i in doc.open_issues() if i.severity == "warning"]
    assert len(warnings) == 2
    assert panel.select_issue(warnings[0]) and panel.note.isEnabled()
    qtbot.keyClicks(panel.note, "ok")
    qtbot.keyClick(panel.note, Qt.Key.Key_Return)
    assert doc.report.explanations[warnings[0]] == "ok"
    assert panel._current_issue().fingerprint == warnings[1] and panel.note.text() == ""
    assert window.statusBar().currentMessage() == "已保存说明，已转到下一条需核实的问题"
    qtbot.keyClicks(panel.note, "fine")
    qtbot.keyClick(panel.note, Qt.Key.Key_Return)
    assert doc.report.explanations[warnings[1]] == "fine" and doc.counts() == (0, 0)
    assert window.statusBar().currentMessage() == "已保存说明；需核实的问题均已说明"
    assert panel.finalise_button.isEnabled()
    monkeypatch.setattr("gui.main_window.QMessageBox.question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    panel.finalise_button.click()
    assert doc.read_only and not panel.note.isEnabled()
