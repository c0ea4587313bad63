"""What the clerk sees: one table shows the cursor, readable tab titles, an unclipped 说明 field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit

from gui.document import ReportDocument
from gui.main_window import MainWindow
from gui.settings import Settings
from gui.table.count_table_view import CountTableView


@pytest.fixture
def window(document: ReportDocument, settings: Settings, qtbot, qapp) -> MainWindow:
    from gui.app import choose_font
    choose_font(qapp)
    w = MainWindow(document, settings)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    return w


def _cell_colour(view: CountTableView, key: str) -> QColor:
    """The colour painted near the left edge of a cell (numbers are right-aligned, so no text there)."""
    rect = view.visualRect(view.model().index_of(key))  # type: ignore[attr-defined]
    image = view.viewport().grab().toImage()
    return image.pixelColor(rect.left() + 4, rect.center().y())


def _is(colour: QColor, expected: QColor) -> bool:
    """Equal up to the style's shading of a selected cell."""
    return all(abs(a - b) <= 6 for a, b in zip(colour.getRgb()[:3], expected.getRgb()[:3], strict=True))


def test_only_the_focused_table_shows_its_selection(window: MainWindow, qtbot) -> None:
    tab = window.section_tabs["s2"]
    window.tabs.setCurrentWidget(tab)
    keys = {"t2_1": "t2_1.rules.issued", "t2_5": "t2_5.license.decisions",
            "t2_6": "t2_6.penalty.decisions", "t2_8": "t2_8.fees.amount"}
    for table_id, key in keys.items():  # the clerk has clicked into every table in turn
        tab.tables[table_id].select_key(key)
    qtbot.waitUntil(lambda: tab.tables["t2_8"].hasFocus())
    highlight = tab.tables["t2_8"].palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    assert _is(_cell_colour(tab.tables["t2_8"], keys["t2_8"]), highlight)
    for table_id in ("t2_1", "t2_5", "t2_6"):
        view = tab.tables[table_id]
        assert view.model().key(view.currentIndex()) == keys[table_id]  # where typing resumes
        assert _is(_cell_colour(view, keys[table_id]), QColor("white")), f"{table_id} shows a selection"
    tab.tables["t2_5"].setFocus()
    qtbot.waitUntil(lambda: tab.tables["t2_5"].hasFocus())
    assert _is(_cell_colour(tab.tables["t2_5"], keys["t2_5"]), highlight)
    assert _is(_cell_colour(tab.tables["t2_8"], keys["t2_8"]), QColor("white"))


def test_selection_stays_while_the_cell_editor_is_open(window: MainWindow, qtbot) -> None:
    tab = window.section_tabs["s2"]
    window.tabs.setCurrentWidget(tab)
    view = tab.tables["t2_1"]
    view.select_key("t2_1.rules.issued")
    view.selectionModel().select(view.model().index_of("t2_1.norms.issued"),  # type: ignore[attr-defined]
                                 view.selectionModel().SelectionFlag.Select)
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, "7")
    editor = view.indexWidget(view.currentIndex())
    assert isinstance(editor, QLineEdit) and QApplication.focusWidget() is editor
    highlight = view.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    assert _is(_cell_colour(view, "t2_1.norms.issued"), highlight)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)


def test_a_message_box_or_menu_keeps_the_selection(window: MainWindow, qtbot) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QFocusEvent
    tab = window.section_tabs["s3"]
    window.tabs.setCurrentWidget(tab)
    view = tab.tables["t3"]
    view.select_key("t3.N.C1")
    qtbot.waitUntil(view.hasFocus)
    for reason in (Qt.FocusReason.ActiveWindowFocusReason, Qt.FocusReason.PopupFocusReason):
        QApplication.sendEvent(view, QFocusEvent(QEvent.Type.FocusOut, reason))
        assert view.selectionModel().isSelected(view.model().index_of("t3.N.C1"))


@pytest.mark.parametrize(("width", "height"), ((1280, 720), (1366, 768), (1920, 1080)))
def test_note_hint_and_blockers_are_not_clipped(document: ReportDocument, settings: Settings, qtbot, qapp,
                                                width: int, height: int) -> None:
    from gui.app import choose_font
    choose_font(qapp)
    w = MainWindow(document, settings)
    qtbot.addWidget(w)
    w.resize(width, height)
    w.show()
    qtbot.waitExposed(w)
    panel = w.issues_panel
    note = panel.note
    # 说明 is a paragraph box: several wrapped lines across the dock's whole width
    note.setText("说明：" + "本年度新收申请数以登记簿为准，其中一件于十二月三十一日收到。" * 3)
    QApplication.processEvents()
    assert note.viewport().height() >= 5 * note.fontMetrics().lineSpacing()
    assert note.width() >= panel.widget().width() - 2 * panel.widget().layout().contentsMargins().left() - 2
    assert note.horizontalScrollBar().maximum() == 0 and note.document().lineCount() > 1
    for key, value in (("t3.N.C1", "30"), ("t3.N.C2", "9"), ("t3.N.C3", "5"), ("t3.N.C4", "5")):
        document.set_cell_text(key, value)  # errors: 一 + 二 no longer balances (more than three: five lines)
    lines = panel.blockers.toPlainText().split("\n")
    assert lines[0].startswith("还需处理") and any(line.startswith("✖") for line in lines)
    room = panel.blockers.viewport().width()
    for line in lines:
        assert panel.blockers.fontMetrics().horizontalAdvance(line) <= room, line
    box = panel.blockers  # the last line as laid out (fallback fonts included) lies inside the box
    last = box.blockBoundingGeometry(box.document().lastBlock()).translated(box.contentOffset())
    assert len(lines) == box.document().blockCount() and last.bottom() <= box.viewport().height()


@pytest.mark.parametrize(("width", "height"), ((1280, 720), (1366, 768), (1920, 1080)))
def test_tab_titles_whole_and_never_elided(document: ReportDocument, settings: Settings, qtbot, qapp,
                                           width: int, height: int) -> None:
    from gui.app import choose_font
    choose_font(qapp)
    w = MainWindow(document, settings)
    qtbot.addWidget(w)
    w.resize(width, height)
    w.show()
    qtbot.waitExposed(w)
    bar = w.tabs.tabBar()
    assert bar.elideMode() == Qt.TextElideMode.ElideNone and bar.usesScrollButtons()
    assert w.tabs.tabText(3) == "三、收到和处理申请"
    assert w.tabs.tabToolTip(3).startswith("三、收到和处理政府信息公开申请情况")
    for i in range(bar.count()):  # every title has room for its whole text
        text = bar.tabText(i)
        assert "…" not in text
        assert bar.tabRect(i).width() >= bar.fontMetrics().horizontalAdvance(text)
    if width >= 1366:  # the clerk's usual screen: all titles at once, no scrolling
        assert bar.tabRect(bar.count() - 1).right() <= bar.width()
    document.set_cell_text("t3.N.C1", "30")  # 一 + 二 ≠ 三 + 四 for 自然人, and so on
    errors, warnings = document.counts("s3")
    assert errors and w.tabs.tabText(3) == f"三、收到和处理申请 ✖{errors}" + (f" ⚠{warnings}" if warnings else "")
    assert f"错误 {errors} 条" in w.tabs.tabToolTip(3)
    if width >= 1366:
        assert bar.tabRect(bar.count() - 1).right() <= bar.width(), "badges fit as well"


def test_only_a_tall_table_scrolls_inside_and_fill_buttons_sit_by_their_titles(window: MainWindow, qtbot) -> None:
    assert window.section_tabs["s3"].tables["t3"].scrolling
    four = window.section_tabs["s4"]
    window.tabs.setCurrentWidget(four)
    qtbot.wait(10)
    view = four.tables["t4"]
    assert not view.scrolling and view.frozen is None  # one row of values: no scroll bar beside it
    assert not view.verticalScrollBar().isVisible()
    two = window.section_tabs["s2"]
    window.tabs.setCurrentWidget(two)
    qtbot.wait(10)
    for button, view in zip(two._fill_buttons, two.tables.values(), strict=True):
        right = button.mapTo(two, button.rect().topRight()).x()
        near = 12 * button.fontMetrics().horizontalAdvance("国")  # measured in the font in use, not pixels
        assert right <= view.mapTo(two, view.rect().topRight()).x() + near, "空白填 0 far from its table"


def test_a_long_group_label_starts_at_the_top(document: ReportDocument) -> None:
    from gui.table.count_table_model import CountTableModel
    model = CountTableModel(document, document.template.tables["t3"])
    tall = next(c for c in model.labels if c.rowspan > 10)
    short = next(c for c in model.labels if 1 < c.rowspan <= 10 and c.col < model.grid.label_cols)
    align = model.index(tall.row, tall.col).data(Qt.ItemDataRole.TextAlignmentRole)
    assert align & Qt.AlignmentFlag.AlignTop
    assert model.index(short.row, short.col).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignVCenter


def test_date_examples_follow_the_report_year(window: MainWindow, document: ReportDocument) -> None:
    edit = window.meta_tab.edits["publish_date"]
    assert edit.placeholderText() == f"例如 {document.report.year + 1}-01-20"
