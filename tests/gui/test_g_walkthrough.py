"""What a clerk stumbled on: pasting a row with its 总计, writing several 说明 in a row, an idle 说明 field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from gui.document import ReportDocument
from gui.main_window import MainWindow
from gui.settings import Settings


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


def test_a_row_pasted_with_its_matching_total_is_taken_without_complaint(window: MainWindow, qtbot) -> None:
    doc = window.document
    view = window.section_tabs["s3"].tables["t3"]
    window.tabs.setCurrentWidget(window.section_tabs["s3"])
    view.select_key("t3.R1.C1")
    QGuiApplication.clipboard().setText("9\t2\t0\t0\t0\t0\t11\r\n")  # a row copied from Excel, 总计 included
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert doc.report.cells["t3.R1.C1"] == 9 and doc.value("t3.R1.C7") == 11
    assert window.dialogs == [] and window.statusBar().currentMessage() == "已粘贴 1 个单元格"  # C2 was 2

    view.select_key("t3.R2.C1")
    changed, refused = view.paste_grid([["4", "0", "0", "0", "0", "0", "5"]])  # the 总计 disagrees
    assert changed == 1 and doc.report.cells["t3.R2.C1"] == 4
    assert len(refused) == 1 and "计算为 4" in refused[0] and "“5”未采用" in refused[0]
    assert "合计由程序按分项计算为 4" in window.dialogs[-1]
    changed, refused = view.paste_grid([["4", "0", "0", "0", "0", "0", "合计"]])  # a word stays refused
    assert changed == 0 and "合计格由程序计算，不能粘贴" in refused[0]


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
    assert panel._current_issue().fingerprint == warnings[1] and panel.note.text() == ""  # noqa: SLF001
    assert window.statusBar().currentMessage() == "已保存说明，已转到下一条需核实的问题"
    qtbot.keyClicks(panel.note, "fine")
    qtbot.keyClick(panel.note, Qt.Key.Key_Return)
    assert doc.report.explanations[warnings[1]] == "fine" and doc.counts() == (0, 0)
    assert window.statusBar().currentMessage() == "已保存说明；需核实的问题均已说明"
    assert panel.finalise_button.isEnabled()
    monkeypatch.setattr("gui.main_window.QMessageBox.question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    panel.finalise_button.click()
    assert doc.read_only and not panel.note.isEnabled()
