"""A read-only database file (a read-only bind mount of just that file, so even root cannot write it) is
announced as the window opens: title （只读）, a lasting status line, no 已保存, edits refused with the reason."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from test_startup_checks import store_with_report

from core.report import Report
from core.store.storage import Store
from gui import app as gui_app
from gui.main_window import MainWindow
from gui.read_only import DB_READ_ONLY_HINT
from gui.startup_checks import DB_NAME


@pytest.fixture
def read_only_db(full_report: Report) -> Iterator[Path]:
    """The data folder's database, with one report, mounted read-only on itself (the folder stays writable)."""
    data = Path(os.environ["NIANBAO_DATA_DIR"])
    data.mkdir(parents=True, exist_ok=True)
    store_with_report(data, full_report)
    db = data / DB_NAME
    if subprocess.run(["mount", "--bind", str(db), str(db)], capture_output=True).returncode != 0:
        pytest.skip("bind mounts are not permitted here")
    try:
        if subprocess.run(["mount", "-o", "remount,ro,bind", str(db)], capture_output=True).returncode != 0:
            pytest.skip("a read-only remount is not permitted here")
        yield db
    finally:
        subprocess.run(["umount", "-l", str(db)], check=False)  # lazily: a failed test may hold it open


def test_store_knows_its_file_is_read_only(read_only_db: Path) -> None:
    with Store(read_only_db) as store:
        assert store.read_only and store.list_reports()


def test_the_window_says_read_only_when_it_opens(read_only_db: Path, qapp, qtbot,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    before = read_only_db.read_bytes()
    seen: dict[str, object] = {}

    def event_loop(_app: QApplication) -> int:
        w = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        seen["title"] = w.windowTitle()
        label = w.statusBar().findChild(QLabel, "database_read_only")
        seen["label"] = label.text() if label is not None and label.isVisible() else ""
        seen["saved_visible"] = w.saved_label.isVisible()
        seen["box"] = [b.text() for b in w.findChildren(QMessageBox, "database_read_only_box") if b.isVisible()]
        seen["read_only"] = w.document.read_only
        editor = w.section_tabs["s1"].texts["overview"].editor
        w.tabs.setCurrentWidget(w.section_tabs["s1"])
        editor.setFocus()
        text = editor.toPlainText()
        qtbot.keyClicks(editor, "abc")
        seen["typed"] = editor.toPlainText() != text
        seen["hint"] = w.statusBar().currentMessage()
        w.setWindowTitle("另一标题 — nianbao")  # a later title update keeps the mark
        seen["title_after"] = w.windowTitle()
        w.close()
        return 0

    monkeypatch.setattr(gui_app, "run_event_loop", event_loop)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    assert gui_app.main([]) == 0
    assert "（只读）" in str(seen["title"]) and "（只读）" in str(seen["title_after"])
    assert "只读" in str(seen["label"]) and seen["saved_visible"] is False
    assert seen["box"] and "只读" in seen["box"][0]  # type: ignore[index]
    assert seen["read_only"] is True and seen["typed"] is False and seen["hint"] == DB_READ_ONLY_HINT
    assert read_only_db.read_bytes() == before
