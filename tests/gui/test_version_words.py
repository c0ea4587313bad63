"""The version is worded 第N版 everywhere: report list, status bar, window title (never "v1")."""

from __future__ import annotations

from core.report import Report
from core.store.storage import Store
from core.wording import status_words
from gui.document import ReportDocument
from gui.main_window import MainWindow
from gui.settings import Settings


def test_status_words_words() -> None:
    assert status_words("draft", 1) == "草稿 第1版"
    assert status_words("final", 1) == "已定稿 第1版"
    assert status_words("draft", 3) == "草稿 第3版"


def test_list_and_window_agree(tmp_path, full_report: Report, settings: Settings, qtbot) -> None:
    store = Store(tmp_path / "n.sqlite")
    report_id = store.create(full_report)
    info = next(i for i in store.list_reports() if i.id == report_id)
    window = MainWindow(ReportDocument(store.load(report_id), store=store, report_id=report_id), settings)
    qtbot.addWidget(window)
    listed = status_words(info.status, info.version)
    assert listed == window.version_label.text() and listed in window.windowTitle()
    assert "v1" not in listed
    store.close()
