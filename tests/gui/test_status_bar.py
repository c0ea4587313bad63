"""A status-bar message is never drawn under 已保存 and the other permanent labels."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from gui.document import ReportDocument
from gui.main_window import MainWindow
from gui.settings import Settings
from gui.status_bar import StatusBar

LONG = ("一、总体情况中“全年主动公开政府信息312条，本年新收政府信息公开申请30件，上年结转3件，予以公开12件，"
        "结转下年度继续办理2件。”：文字所写收到申请 30，表三 一、本年新收 总计为 29，相差 1")


@pytest.mark.parametrize(("width", "text"), [(1366, "已将 12 个空白单元格填为 0"), (1366, LONG), (900, LONG)])
def test_message_ends_before_the_permanent_labels(document: ReportDocument, settings: Settings, qtbot,
                                                  width: int, text: str) -> None:
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.resize(width, 700)
    window.show()
    qtbot.waitExposed(window)
    bar = window.statusBar()
    assert isinstance(bar, StatusBar)
    bar.showMessage(text, 5000)
    QApplication.processEvents()
    shown = bar.currentMessage()
    labels = [w for w in (window.saved_label, window.counts_label, window.edition_label, window.version_label)
              if w.isVisible()]
    assert window.saved_label in labels  # 已保存 always stays
    first = min(w.geometry().left() for w in labels)
    assert bar.fontMetrics().horizontalAdvance(shown) + 8 <= first  # text (drawn after a small margin) ends before
    if shown != text:
        assert shown.endswith("…") and bar.toolTip() == text  # elided only as a last resort; whole in the tooltip
    else:
        assert bar.toolTip() == ""
    bar.clearMessage()
    assert all(w.isVisible() for w in (window.counts_label, window.edition_label, window.version_label))


def test_short_message_keeps_every_label(document: ReportDocument, settings: Settings, qtbot) -> None:
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.resize(1366, 700)
    window.show()
    qtbot.waitExposed(window)
    window.statusBar().showMessage("已保存说明", 5000)
    assert window.counts_label.isVisible() and window.edition_label.isVisible()
