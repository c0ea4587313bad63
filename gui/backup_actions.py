"""文件 → 备份: 立即备份, 备份到…, 恢复…, 打开数据文件夹; and the session that can swap its database."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from core.backups import BackupError, RestoreResult, _uri, check_database, make_backup, restore_backup
from gui import settings as keys
from gui.read_only import mark_database_read_only
from gui.session import Session
from gui.settings import Settings
from gui.startup_checks import backup_dir_of

if TYPE_CHECKING:
    from gui.main_window import MainWindow

TITLE = "备份与恢复"


class DataSession(Session):
    """A Session that knows its data folder, so that a backup can be restored in place of the database."""

    def __init__(self, store: Any, settings: Settings, journal: str = "wal") -> None:
        super().__init__(store, settings)
        self.journal = journal

    @property
    def db_path(self) -> Path:
        """The database file."""
        return Path(self.store.path)

    def open_report(self, report_id: int) -> MainWindow | None:
        """As Session.open_report; the window learns its session (for 恢复…)."""
        window = super().open_report(report_id)
        if window is not None:
            window.data_session = self  # type: ignore[attr-defined]
            if getattr(self.store, "read_only", False):
                mark_database_read_only(window, str(self.db_path))
        return window

    def restore(self, source: Path) -> RestoreResult:
        """Replace the database by a backup (the current one is kept as a backup) and reopen the report."""
        from core.storage import Store
        report_id = self.document.report_id if self.document is not None else None
        if self.window is not None:
            self.window.commit_texts()  # nothing typed may be lost with the old connection
        db = self.db_path
        self.store.close()
        failure: BackupError | None = None
        try:
            result = restore_backup(source, db, backup_dir_of(db))
        except BackupError as exc:
            failure = exc
        self.store = Store(db, journal=self.journal)  # the untouched old database when the restore failed
        self._show_restored(report_id)  # the window must not keep the closed connection either way
        if failure is not None:
            raise failure
        return result

    def _show_restored(self, report_id: int | None) -> None:
        ids = {info.id for info in self.store.list_reports()}
        if report_id in ids and self.open_report(report_id) is not None:  # type: ignore[arg-type]
            return
        if self.window is not None:  # its report is not in the restored data: never edit a closed store
            self.window.close()
            self.window.deleteLater()
            self.window = self.document = None
        self.start()


def session_of(window: MainWindow) -> DataSession | None:
    """The DataSession showing this window, if any."""
    return getattr(window, "data_session", None)


def db_path_of(window: MainWindow) -> Path | None:
    """The database file behind the window's report (None for a report not in a store)."""
    store = window.document.store
    return Path(store.path) if store is not None and getattr(store, "path", None) else None


def _no_store(window: MainWindow) -> None:
    QMessageBox.information(window, TITLE, "当前没有打开数据库。")


def backup_now(window: MainWindow) -> Path | None:
    """立即备份: a verified copy in the backup folder; says its name."""
    db = db_path_of(window)
    if db is None:
        _no_store(window)
        return None
    window.commit_texts()
    try:
        made = make_backup(db, backup_dir_of(db))
    except BackupError as exc:
        QMessageBox.warning(window, TITLE, str(exc))
        return None
    window.statusBar().showMessage(f"已备份：{made.name}", 8000)
    QMessageBox.information(window, TITLE, f"已备份并校验：{made.name}\n备份文件夹：{made.parent}")
    return made


def backup_copy(window: MainWindow) -> Path | None:
    """备份到…: a verified copy of the whole database at a place the officer chooses (e.g. a USB stick)."""
    db = db_path_of(window)
    if db is None:
        _no_store(window)
        return None
    window.commit_texts()
    folder = window.settings.get(keys.BACKUP_EXPORT_DIR) or str(Path.home())
    name = f"nianbao-备份-{datetime.now():%Y%m%d-%H%M}.db"
    chosen, _ = QFileDialog.getSaveFileName(window, "备份到", str(Path(folder) / name), "nianbao 备份 (*.db)")
    if not chosen:
        return None
    target = Path(chosen) if Path(chosen).suffix else Path(chosen + ".db")
    window.settings.set(keys.BACKUP_EXPORT_DIR, str(target.parent))
    try:
        copy_database(window.document.store, target)
    except BackupError as exc:
        QMessageBox.warning(window, "备份到", str(exc))
        return None
    window.statusBar().showMessage(f"已备份到：{target}", 8000)
    QMessageBox.information(window, "备份到", f"已备份并校验：\n{target}")
    return target


def copy_database(store: Any, target: Path) -> None:
    """Store.backup_to through a temporary file, checked, then renamed: never a half-written backup."""
    tmp = target.with_name(f".~{target.name}.tmp")
    try:
        store.backup_to(tmp)
        health = check_database(tmp)
        if not health.ok:
            raise BackupError(f"备份文件校验未通过：{health.message}")
        os.replace(tmp, target)
    except PermissionError:
        raise BackupError(f"无法写入：{target}（文件被占用或没有权限）") from None
    except BackupError:
        raise
    except Exception as exc:  # StoreError, OSError: a full or removed USB stick
        raise BackupError(f"备份失败：{exc}") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def open_data_folder(window: MainWindow) -> None:
    """打开数据文件夹 in the file manager."""
    db = db_path_of(window)
    if db is None:
        _no_store(window)
        return
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(db.parent))):
        QMessageBox.information(window, "数据文件夹", f"数据文件夹：{db.parent}")


def is_nianbao_database(path: Path) -> bool:
    """True for a readable SQLite file holding nianbao's reports table."""
    if not check_database(path).ok or not Path(path).is_file():
        return False
    try:
        conn = sqlite3.connect(_uri(Path(path), "ro"), uri=True, timeout=1)
        try:
            row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reports'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return row is not None


def restore(window: MainWindow) -> RestoreResult | None:
    """恢复…: choose a backup in the dialog, then put it in place of the database."""
    from gui.restore_dialog import RestoreDialog
    session = session_of(window)
    if session is None:
        _no_store(window)
        return None
    dialog = RestoreDialog(backup_dir_of(session.db_path), window)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
        return None
    try:
        result = session.restore(dialog.chosen)
    except Exception as exc:  # BackupError, or a restored file the store cannot open: say so, nothing lost
        QMessageBox.critical(session.window or window, "恢复失败",
                             f"{exc}\n\n当前数据未被替换或已另存在备份文件夹中，没有丢失。")
        return None
    kept = result.previous_copy.name if result.previous_copy else "（原数据库不存在）"
    text = f"已恢复：{result.restored.name}\n恢复前的数据已另存为：{kept}"
    if session.window is not None:
        session.window.statusBar().showMessage(text.replace("\n", "　"), 10000)
    QMessageBox.information(session.window, TITLE, text)
    return result
