"""A 汇总 report says so in the window: its title, and 基本信息 lists the units summed (read-only)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView

from core.report import SCOPE_AGGREGATE, Report, Source
from gui.document import ReportDocument
from gui.main_window import MainWindow
from gui.settings import Settings


def test_aggregate_report_shows_scope_and_sources(full_report: Report, settings: Settings, qtbot) -> None:
    full_report.scope = SCOPE_AGGREGATE
    full_report.sources = [Source("甲局", "甲局.json", "ab" * 32, "final"),
                           Source("乙镇", "乙镇.xlsx", "cd" * 32, "draft")]
    window = MainWindow(ReportDocument(full_report), settings)
    qtbot.addWidget(window)
    assert window.windowTitle().startswith(f"{full_report.title}（汇总） — ")
    tab = window.meta_tab
    assert tab.scope_label.text().startswith("汇总（2 个单位")
    assert not tab.sources.isHidden() and tab.sources.rowCount() == 2
    rows = [[tab.sources.item(r, c).text() for c in range(4)] for r in range(2)]
    assert rows == [["甲局", "甲局.json", "定稿（校验码相符）", "ab" * 32], ["乙镇", "乙镇.xlsx", "草稿", "cd" * 32]]
    assert tab.sources.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers


def test_own_report_has_no_marker(full_report: Report, settings: Settings, qtbot) -> None:
    window = MainWindow(ReportDocument(full_report), settings)
    qtbot.addWidget(window)
    assert "汇总" not in window.windowTitle()
    assert window.meta_tab.scope_label.text().startswith("本级") and window.meta_tab.sources.isHidden()
