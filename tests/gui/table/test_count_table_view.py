"""CountTableView: spreadsheet keys, refusals, paste (TSV and HTML) as one undo step, copy, delete."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from gui.document import ReportDocument
from gui.table.count_table_model import CountTableModel
from gui.table.count_table_view import CountTableView


@pytest.fixture
def view(document: ReportDocument, qtbot) -> CountTableView:
    v = CountTableView(CountTableModel(document, document.template.tables["t3"]))
    qtbot.addWidget(v)
    v.resize(1000, 800)
    v.show()
    qtbot.waitExposed(v)
    v.activateWindow()
    v.setFocus()
    return v


def _type(qtbot, view: CountTableView, key: str, text: str) -> None:
    view.select_key(key)
    qtbot.keyClick(view, text[0])
    editor = view.indexWidget(view.currentIndex())
    assert isinstance(editor, QLineEdit), "typing a digit opens the cell editor"
    assert editor.text() == text[0], "the first key replaces the old value"
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)  # the delegate closes it queued


def test_typing_replaces_and_enter_moves_down(view: CountTableView, document: ReportDocument, qtbot) -> None:
    _type(qtbot, view, "t3.N.C1", "42")
    assert document.report.cells["t3.N.C1"] == 42
    assert view.model().key(view.currentIndex()) == "t3.B.C1"
    assert view.model().index_of("t3.N.C7").data() == "46"


def test_refused_input_keeps_old_value_says_why_and_stays_in_the_cell(view: CountTableView,
                                                                      document: ReportDocument, qtbot) -> None:
    """Like a spreadsheet's data validation: Enter on a refused value leaves the typed text open to correct."""
    notices: list[str] = []
    view.notice.connect(lambda text, _important: notices.append(text))
    view.select_key("t3.N.C1")
    qtbot.keyClicks(view, "1")
    editor = view.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, ".5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(view.focusWidget(), QLineEdit) and view.focusWidget() is not editor)
    assert document.report.cells["t3.N.C1"] == 25
    assert notices[-1] == ("一、本年新收政府信息公开申请数量（自然人）：“1.5”不是整数；"
                           "件数（非负整数）不能有小数（原值保留）")
    again = view.focusWidget()
    assert view.model().key(view.currentIndex()) == "t3.N.C1" and view.state() == view.State.EditingState
    assert again.text() == "1.5" and again.selectedText() == "1.5"
    qtbot.keyClicks(again, "15")
    qtbot.keyClick(again, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert document.report.cells["t3.N.C1"] == 15
    assert view.model().key(view.currentIndex()) == "t3.B.C1"


def test_tab_moves_right_and_skips_nothing_editable(view: CountTableView, qtbot) -> None:
    view.select_key("t3.N.C1")
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.model().key(view.currentIndex()) == "t3.N.C2"
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.model().key(view.currentIndex()) == "t3.N.C2"  # never into the column headings


def test_delete_clears_selection_in_one_step(view: CountTableView, document: ReportDocument, qtbot) -> None:
    view.select_key("t3.N.C1")
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert "t3.N.C1" not in document.report.cells and "t3.N.C2" not in document.report.cells
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert document.report.cells["t3.N.C1"] == 25 and document.report.cells["t3.N.C2"] == 4


def test_paste_tsv_block_one_undo_step(view: CountTableView, document: ReportDocument, qtbot) -> None:
    QApplication.clipboard().setText("7\t8\r\n9\t１０\r\n")
    view.select_key("t3.N.C1")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    cells = document.report.cells
    assert (cells["t3.N.C1"], cells["t3.N.C2"], cells["t3.B.C1"], cells["t3.B.C2"]) == (7, 8, 9, 10)
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert (cells["t3.N.C1"], cells["t3.B.C2"]) == (25, 0)


def test_paste_html_with_refusals_summarised(view: CountTableView, document: ReportDocument, qtbot) -> None:
    notices: list[tuple[str, bool]] = []
    view.notice.connect(lambda text, important: notices.append((text, important)))
    mime = QMimeData()
    mime.setHtml("<table><tr><td>11</td><td>无</td><td>1,200</td></tr></table>")
    mime.setText("ignored")
    QApplication.clipboard().setMimeData(mime)
    view.select_key("t3.N.C5")
    view.paste()
    cells = document.report.cells
    assert cells["t3.N.C5"] == 11 and cells["t3.N.C6"] == 0 and "t3.N.C7" not in cells
    text, important = notices[-1]
    assert important and "已粘贴 1 个单元格" in text and "没有发生的请填 0" in text and "合计" in text


def test_copy_block_as_tsv(view: CountTableView, qtbot) -> None:
    view.select_key("t3.N.C1")
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "25\n3\n"


def test_table_fits_without_inner_scrolling(view: CountTableView) -> None:
    layout = view.model().grid
    height = sum(view.rowHeight(r) for r in range(layout.rows))
    assert view.height() >= height
    assert all(view.columnWidth(c) >= view.fontMetrics().horizontalAdvance("国") * 2 for c in range(layout.cols))
