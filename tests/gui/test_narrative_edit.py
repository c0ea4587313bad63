"""Narrative editors: IME input reaches the document after the debounce or on focus-out; issues are marked."""

from __future__ import annotations

from gui_helpers import issue
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QInputMethodEvent, QTextCharFormat
from PySide6.QtWidgets import QApplication

from core.report import SetText
from gui.document import ReportDocument
from gui.narrative_edit import NarrativeEdit
from gui.text_field_box import TextFieldBox, char_count


def _ime(widget: NarrativeEdit, text: str) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_ime_text_is_committed_after_debounce(document: ReportDocument, qtbot) -> None:
    box = TextFieldBox(document, "other")
    qtbot.addWidget(box)
    box.editor.clear()
    _ime(box.editor, "本年度未收取信息处理费。")
    assert document.report.texts["other"] != "本年度未收取信息处理费。"  # not yet: debounce
    qtbot.waitUntil(lambda: document.report.texts.get("other") == "本年度未收取信息处理费。", timeout=2000)
    assert "已输入 12 字" in box.counter.text()


def test_focus_out_commits_at_once(document: ReportDocument, qtbot) -> None:
    editor = NarrativeEdit(document, "problems")
    qtbot.addWidget(editor)
    editor.setPlainText("一是问题；改进措施是培训。")
    editor.commit()  # what focusOutEvent does
    assert document.report.texts["problems"] == "一是问题；改进措施是培训。"


def test_outside_change_updates_editor(document: ReportDocument, qtbot) -> None:
    editor = NarrativeEdit(document, "other")
    qtbot.addWidget(editor)
    document.apply(SetText("other", "由导入更新的文字"))
    assert editor.toPlainText() == "由导入更新的文字"


def test_paste_strips_formatting(document: ReportDocument, qtbot) -> None:
    editor = NarrativeEdit(document, "other")
    qtbot.addWidget(editor)
    editor.clear()
    mime = QMimeData()
    mime.setHtml("<b>加粗</b><img src='x.png'>")
    mime.setText("加粗\x0b第二行")
    editor.insertFromMimeData(mime)
    assert editor.toPlainText() == "加粗\n第二行"


def test_limit_counter_and_marked_sentence(document: ReportDocument, fake_issues, qtbot) -> None:
    fake_issues.append(issue("T2", "error", "残留模板文字“（文字描述）”", field="overview", span=(0, 6),
                             section="s1"))
    box = TextFieldBox(document, "overview")
    qtbot.addWidget(box)
    document.apply(SetText("overview", "（文字描述）" + "字" * 1000))
    assert "上限约 1000 字" in box.counter.text() and "已超出" in box.counter.text()
    selections = box.editor.extraSelections()
    assert len(selections) == 1
    assert selections[0].format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert (selections[0].cursor.selectionStart(), selections[0].cursor.selectionEnd()) == (0, 6)
    assert box.issue_list.count() == 1 and "残留模板文字" in box.issue_list.item(0).text()
    box.editor.select_span((0, 6))
    assert box.editor.textCursor().selectedText() == "（文字描述）"


def test_char_count_ignores_white_space() -> None:
    assert char_count("一 二\n三\u3000") == 3
