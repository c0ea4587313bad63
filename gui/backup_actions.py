"""文件 → 备份: 立即备份, 备份到…, 打开数据文件夹 (恢复… is the session's: it swaps the database under the window)."""

from __future__ import annotations

import contextlib
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.store.backups import BackupError, check_database, make_backup
from gui import settings as keys
from gui.report_window import ReportWindow
from gui.startup_checks import backup_dir_of

if TYPE_CHECKING:
    from core.store.storage import Store

TITLE = "备份与恢复"


def db_path_of(window: ReportWindow) -> Path | None:
    """The database file behind the window's report (None for a report not in a store)."""
    store = window.document.store
    return store.path if store is not None else None


def _no_store(window: ReportWindow) -> None:
    QMessageBox.information(window, TITLE, "当前没有打开数据库。")


def backup_now(window: ReportWindow) -> Path | None:
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


def backup_copy(window: ReportWindow) -> Path | None:
    """备份到…: a verified copy of the whole database at a place the officer chooses (e.g. a USB stick)."""
    store = window.document.store
    if store is None:
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
        copy_database(store, target)
    except BackupError as exc:
        QMessageBox.warning(window, "备份到", str(exc))
        return None
    window.statusBar().showMessage(f"已备份到：{target}", 8000)
    QMessageBox.information(window, "备份到", f"已备份并校验：\n{target}")
    return target


def copy_database(store: Store, target: Path) -> None:
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


def open_data_folder(window: ReportWindow) -> None:
    """打开数据文件夹 in the file manager."""
    db = db_path_of(window)
    if db is None:
        _no_store(window)
        return
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(db.parent))):
        QMessageBox.information(window, "数据文件夹", f"数据文件夹：{db.parent}")
