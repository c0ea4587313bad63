"""The official tables inside the window: one selected cell in the whole section, the 尚待分配 line
following table 三 sideways."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from gui.document import ReportDocument
from gui.main_window import MainWindow
from gui.settings import Settings


@pytest.fixture
def window(document: ReportDocument, settings: Settings, qtbot) -> MainWindow:
    w = MainWindow(document, settings)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def _click(qtbot, view, key: str) -> None:
    index = view.model().index_of(key)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def test_only_the_grid_being_typed_in_shows_a_selection(window: MainWindow, qtbot) -> None:
    tab = window.section_tabs["s2"]
    window.tabs.setCurrentWidget(tab)
    first, second = tab.tables["t2_1"], tab.tables["t2_5"]
    _click(qtbot, first, "t2_1.rules.issued")
    qtbot.keyClicks(first, "5")
    assert isinstance(first.focusWidget(), QLineEdit), "editing in the first grid"
    _click(qtbot, second, "t2_5.license.decisions")
    qtbot.waitUntil(lambda: second.hasFocus())
    assert second.selectionModel().hasSelection()
    assert not first.selectionModel().hasSelection(), "the grid left from its cell editor keeps no selection"


def test_balance_line_scrolls_sideways_with_table_three(window: MainWindow, qtbot) -> None:
    window.resize(760, 600)
    tab = window.section_tabs["s3"]
    window.tabs.setCurrentWidget(tab)
    qtbot.wait(20)
    view, bar = tab.tables["t3"], tab.balance_bars["t3"]
    scroll = view.horizontalScrollBar()
    assert scroll.maximum() > 0, "too narrow for table 三: it scrolls sideways"
    for value in (scroll.maximum(), scroll.maximum() // 2, 0):
        scroll.setValue(value)
        last = view.model().columnCount() - 1
        assert bar.columnViewportPosition(last) == view.columnViewportPosition(last)
        assert bar.columnWidth(last) == view.columnWidth(last)
