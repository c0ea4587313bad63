"""With the real template rules (core.checks.validation): an unbalanced column shows up everywhere it should."""

from __future__ import annotations

from core.report import Report
from gui.document import ReportDocument
from gui.main_window import MainWindow
from gui.settings import Settings
from gui.table.count_table_model import SEVERITY_BG


def test_unbalanced_column_error_badge_colour_and_jump(full_report: Report, settings: Settings, qtbot) -> None:
    document = ReportDocument(full_report)
    assert document.counts()[0] == 0, [i.message for i in document.issues if i.severity == "error"]
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    document.set_cell_text("t3.N.C1", "30")
    errors = [i for i in document.issues if i.rule == "R3.1"]
    assert len(errors) == 2 and {e.anchor for e in errors} == {"C1", "C7"}  # 自然人 and 总计
    assert "✖2" in window.tabs.tabText(3)
    assert "30" in errors[0].message or "35" in errors[0].message
    view = window.section_tabs["s3"].tables["t3"]
    cell = view.model().index_of(errors[0].cells[0])
    assert cell.data(0x8) is not None and cell.data(0x8).color() == SEVERITY_BG["error"]  # BackgroundRole
    assert not window.issues_panel.finalise_button.isEnabled()
    window.show_issue(errors[0])
    assert window.tabs.currentWidget() is window.section_tabs["s3"]
    assert view.model().key(view.currentIndex()) == errors[0].cells[0]
    document.undo_stack.undo()
    assert not [i for i in document.issues if i.rule == "R3.1"]


def test_placeholder_sentence_is_marked_while_typing(full_report: Report, qtbot) -> None:
    from PySide6.QtGui import QTextCharFormat

    from gui.text_field_box import TextFieldBox
    document = ReportDocument(full_report)
    box = TextFieldBox(document, "problems")
    qtbot.addWidget(box)
    text = "一是培训不足。二是（文字描述）。改进措施：2024年组织专题培训两次，修订答复模板，建立每月通报制度。"
    box.editor.setPlainText(text)
    qtbot.waitUntil(lambda: any(i.rule == "T2" for i in document.issues_for_field("problems")), timeout=2000)
    issue = next(i for i in document.issues_for_field("problems") if i.rule == "T2")
    assert issue.severity == "error" and issue.span is not None
    marked = [s for s in box.editor.extraSelections()
              if s.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline]
    assert any(s.cursor.selectionStart() <= text.index("（文字描述）") < s.cursor.selectionEnd() for s in marked)
    assert box.issue_list.isVisibleTo(box) and any("文字描述" in box.issue_list.item(i).text()
                                                   for i in range(box.issue_list.count()))
