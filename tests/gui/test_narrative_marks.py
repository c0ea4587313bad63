"""Wavy underlines follow the text: after undo or redo in a narrative field they mark exactly the sentences
the checks name, at once (not after a pause, and not left behind where text was)."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor

from core.report import SetText
from gui.document import ReportDocument
from gui.narrative_edit import NarrativeEdit

WRONG = "本年新收政府信息公开申请30件"  # 表三 says 29: N1


def _marks(editor: NarrativeEdit) -> list[tuple[int, int]]:
    return sorted((s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in editor.extraSelections())


def _spans(document: ReportDocument, key: str) -> list[tuple[int, int]]:
    return sorted(i.span for i in document.issues_for_field(key) if i.span is not None)


def _editor(document: ReportDocument, qtbot) -> NarrativeEdit:
    text = document.report.texts["overview"].replace("本年新收政府信息公开申请29件", WRONG)
    document.apply(SetText("overview", text))
    editor = NarrativeEdit(document, "overview")
    qtbot.addWidget(editor)
    assert _marks(editor) == _spans(document, "overview") != []
    return editor


def test_undo_right_after_a_deletion_restores_the_marks(document: ReportDocument, qtbot) -> None:
    editor = _editor(document, qtbot)
    start, _end = _spans(document, "overview")[0]
    cursor = editor.textCursor()
    cursor.setPosition(start - 5)
    cursor.setPosition(start + 5, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    cursor.removeSelectedText()  # the mark's start is gone with the text …
    editor.undo()  # … and undone before the checks ran again: the text is as stored
    assert editor.toPlainText() == document.report.texts["overview"]
    assert _marks(editor) == _spans(document, "overview")


def test_undo_and_redo_move_the_marks_at_once(document: ReportDocument, qtbot) -> None:
    editor = _editor(document, qtbot)
    cursor = editor.textCursor()
    cursor.setPosition(0)
    editor.setTextCursor(cursor)
    editor.insertPlainText("据统计，")  # text before the sentence: its mark moves along
    editor.commit()
    moved = _spans(document, "overview")
    assert _marks(editor) == moved
    editor.undo()
    assert document.report.texts["overview"] == editor.toPlainText()  # stored at once, checks ran
    assert _marks(editor) == _spans(document, "overview") != moved
    editor.redo()
    assert _marks(editor) == moved == _spans(document, "overview")


def test_ctrl_z_in_the_field_remarks_at_once(document: ReportDocument, qtbot) -> None:
    from PySide6.QtCore import Qt

    editor = _editor(document, qtbot)
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.setPosition(0)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "ab")
    editor.commit()
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.report.texts["overview"] == editor.toPlainText()
    assert _marks(editor) == _spans(document, "overview")
