"""GUI side of backups and fonts: start-up check + backup, 恢复 round trip, PDF 字体 dialog (prints ms)."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["NIANBAO_CONFIG_DIR"] = tempfile.mkdtemp(prefix="nb-cfg-")

import core.store.storage  # noqa: F401  (before tests/ joins the path: tests/core would shadow core)
import gui.app  # noqa: F401

sys.path.append(str(Path(__file__).resolve().parents[1] / "tests"))
from factories import full_2021_report
from PySide6.QtWidgets import QApplication, QMessageBox

from core.store.backups import BACKUP_DIR_NAME, list_backups, make_backup
from core.store.storage import Store
from gui.font_settings_dialog import FontSettingsDialog
from gui.session import Session as DataSession
from gui.settings import Settings
from gui.startup_checks import BackupScheduler, recover_database


def ms(start: float) -> str:
    return f"{(time.perf_counter() - start) * 1000:.0f} ms"


def main() -> None:
    app = QApplication.instance() or QApplication([])
    QMessageBox.information = lambda *a, **k: None  # type: ignore[method-assign]
    folder = Path(tempfile.mkdtemp(prefix="nb-bench-"))
    db = folder / "nianbao.sqlite3"
    with Store(db) as store:
        ids = [store.create(full_2021_report(year)) for year in range(2021, 2027)]
    print(f"database: 6 reports, {db.stat().st_size // 1024} KB")
    t = time.perf_counter()
    assert recover_database(db)
    print("start-up health check:", ms(t))
    t = time.perf_counter()
    BackupScheduler(db, print).run(on_start=True)
    print("start-up backup:", ms(t))
    session = DataSession(Store(db), Settings())
    session.open_report(ids[-1])
    make_backup(db, folder / BACKUP_DIR_NAME, keep=None)
    backup = next(b for b in list_backups(folder / BACKUP_DIR_NAME) if not b.before_restore)
    t = time.perf_counter()
    session.restore(backup.path)
    app.processEvents()
    print("恢复 round trip (safety copy, restore, reopen store and window):", ms(t))
    t = time.perf_counter()
    dialog = FontSettingsDialog(session.settings)
    print("PDF 字体 dialog opened:", ms(t))
    t = time.perf_counter()
    dialog.boxes["body"].setCurrentIndex(1)
    print("PDF 字体 dialog, one choice re-resolved:", ms(t))
    session.window.close()
    session.store.close()


if __name__ == "__main__":
    main()
