"""Keys in the official tables: Tab, Shift+Tab, Enter, Home/End, Ctrl+Home never land on a label or a total,
never jump back to the table's top, and the cell they land on is scrolled into sight."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from gui.document import ReportDocument
from gui.main_window import MainWindow
from gui.section_tab import SectionTab
from gui.settings import Settings

Key = Qt.Key
Mod = Qt.KeyboardModifier


@pytest.fixture
def window(document: ReportDocument, settings: Settings, qtbot) -> MainWindow:
    w = MainWindow(document, settings)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def _view(window: MainWindow, table_id: str):
    for tab in window.section_tabs.values():
        if isinstance(tab, SectionTab) and table_id in tab.tables:
            window.tabs.setCurrentWidget(tab)
            view = tab.tables[table_id]
            return view
    raise KeyError(table_id)


def _at(view) -> str:
    return view.model().key(view.currentIndex())


def _visible(view) -> bool:
    """The current cell is inside the table's viewport and inside the window's visible area."""
    rect = view.visualRect(view.currentIndex())
    if not view.viewport().rect().contains(rect.center()):
        return False
    top_left = view.viewport().mapTo(view.window(), rect.center())
    clip = view.viewport().visibleRegion().boundingRect()
    return clip.contains(rect.center()) and view.window().rect().contains(top_left)


def test_tab_at_a_rows_end_goes_to_the_next_rows_first_input(window: MainWindow, qtbot) -> None:
    view = _view(window, "t3")
    view.select_key("t3.R1.C6")  # the last input of （一）予以公开 (C7 总计 is computed)
    qtbot.keyClick(view, Key.Key_Tab)
    assert _at(view) == "t3.R2.C1"
    view.select_key("t3.D8.C6")
    qtbot.keyClick(view, Key.Key_Tab)
    assert _at(view) == "t3.U1.C1", "not back to （一）予以公开"
    assert _visible(view)
    qtbot.keyClick(view, Key.Key_Backtab, Mod.ShiftModifier)
    assert _at(view) == "t3.D8.C6", "Shift+Tab goes back to the previous row's last input"
    view.select_key("t3.O3.C6")
    qtbot.keyClick(view, Key.Key_Tab)
    assert _at(view) == "t3.F.C1", "the computed （七）总计 row is skipped"
    assert _visible(view)


def test_tab_in_the_editor_writes_the_next_row_not_the_first(window: MainWindow, document: ReportDocument,
                                                            qtbot) -> None:
    view = _view(window, "t3")
    view.setFocus()
    first = document.report.cells["t3.R1.C1"]
    view.select_key("t3.D7.C6")
    qtbot.keyClicks(view, "7")
    editor = view.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, Key.Key_Tab)
    qtbot.waitUntil(lambda: _at(view) == "t3.D8.C1")
    editor = view.focusWidget()
    assert isinstance(editor, QLineEdit), "the next row's first input opens for typing"
    qtbot.keyClicks(editor, "9")
    qtbot.keyClick(editor, Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert document.report.cells["t3.D7.C6"] == 7 and document.report.cells["t3.D8.C1"] == 9
    assert document.report.cells["t3.R1.C1"] == first
    assert _visible(view)


def test_home_end_and_ctrl_home_stay_in_value_cells(window: MainWindow, qtbot) -> None:
    view = _view(window, "t3")
    view.select_key("t3.D5.C4")
    qtbot.keyClick(view, Key.Key_Home)
    assert _at(view) == "t3.D5.C1", "Home: the row's first value, not （一）予以公开"
    qtbot.keyClick(view, Key.Key_End)
    assert _at(view) == "t3.D5.C7"
    qtbot.keyClick(view, Key.Key_Left)
    qtbot.keyClick(view, Key.Key_Home, Mod.ControlModifier)
    assert _at(view) == "t3.N.C1"
    assert _visible(view)
    qtbot.keyClick(view, Key.Key_End, Mod.ControlModifier)
    assert _at(view) == "t3.F.C7"
    assert _visible(view)
    view.select_key("t3.R1.C1")
    qtbot.keyClick(view, Key.Key_Left)
    assert _at(view) == "t3.R1.C1", "Left at the first value stays (labels are no place to type)"


def test_enter_moves_down_over_totals(window: MainWindow, qtbot) -> None:
    view = _view(window, "t3")
    view.select_key("t3.O3.C2")
    qtbot.keyClick(view, Key.Key_Return)
    assert _at(view) == "t3.F.C2", "（七）总计 is skipped"
    qtbot.keyClick(view, Key.Key_Return)
    assert _at(view) == "t3.F.C2", "the bottom row stays"


def test_table_two_grids_tab_and_scroll(window: MainWindow, qtbot) -> None:
    view = _view(window, "t2_1")
    view.select_key("t2_1.rules.in_force")
    qtbot.keyClick(view, Key.Key_Tab)
    assert _at(view) == "t2_1.norms.issued"
    qtbot.keyClick(view, Key.Key_Home, Mod.ControlModifier)
    assert _at(view) == "t2_1.rules.issued"
    window.resize(900, 420)  # the section scrolls: the last grid is below the fold
    qtbot.wait(20)
    last = _view(window, "t2_8")
    last.setFocus()
    last.select_key("t2_8.fees.amount")
    assert _visible(last), "the section scrolls to the cell typing goes into"
    qtbot.keyClick(last, Key.Key_Tab)
    assert _at(last) == "t2_8.fees.amount"


def test_table_four_tab_skips_totals(window: MainWindow, qtbot) -> None:
    view = _view(window, "t4")
    view.select_key("t4.cases.rv_pending")
    qtbot.keyClick(view, Key.Key_Tab)
    assert _at(view) == "t4.cases.ld_upheld", "总计 (computed) is skipped"
    qtbot.keyClick(view, Key.Key_Backtab, Mod.ShiftModifier)
    assert _at(view) == "t4.cases.rv_pending"
    qtbot.keyClick(view, Key.Key_End)
    assert _at(view) == "t4.cases.lr_total"
    assert _visible(view)
