"""Start-up safety: a damaged database is offered its newest good backup, backups run on start and daily,
and a data folder on a network drive is announced."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from core import APP_TITLE
from core.store.backup_clock import clock_warning
from core.store.backups import (
    BACKUP_DIR_NAME,
    BackupError,
    Recovery,
    backup_if_due,
    check_database,
    finish_interrupted_restore,
    newest_good_backup,
    restore_backup,
    set_aside,
)
from core.store.restore_journal import data_files_beside
from gui import settings as keys
from gui.settings import Settings

DB_NAME = "nianbao.sqlite3"
BACKUP_INTERVAL_MS = 60 * 60 * 1000  # hourly look; backup_if_due itself makes at most one backup a day


def backup_dir_of(db_path: Path) -> Path:
    """The backup folder beside the database (``<data>/backups``)."""
    return Path(db_path).parent / BACKUP_DIR_NAME


def recover_database(db_path: Path, parent: QWidget | None = None) -> bool:
    """Check the database before it is opened; False when the program must stop (nothing was changed then)."""
    try:
        note = finish_interrupted_restore(db_path)  # a restore that a kill or power cut interrupted
    except OSError as exc:
        QMessageBox.critical(parent, APP_TITLE, f"上次恢复未完成，现在也无法完成（{exc.strerror or exc}）。\n"
                             f"请关闭占用数据文件夹的程序后重新启动 nianbao，文件都还在：{db_path.parent}")
        return False
    if note:
        QMessageBox.information(parent, f"{APP_TITLE} — 上次恢复", note)
    health = check_database(db_path)
    if health.kind == "missing":
        return _missing_database(db_path, parent)
    if health.ok:
        return True
    if health.kind == "locked":  # in use or unreadable: a restore would not help, and must not be tried
        QMessageBox.critical(parent, APP_TITLE, f"{health.message}\n\n程序将退出，数据未做任何改动。")
        return False
    backups = backup_dir_of(db_path)
    plan = Recovery(health, newest_good_backup(backups))
    title = {"too_new": "数据库版本较新", "foreign": "数据库无法使用"}.get(health.kind, "数据库损坏")
    answer = QMessageBox.question(parent, f"{APP_TITLE} — {title}", plan.question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        QMessageBox.information(parent, APP_TITLE, "未做任何改动，程序将退出。\n"
                                f"数据库文件仍在：{db_path}\n备份文件夹：{backups}")
        return False
    try:
        if plan.backup is None:
            kept = set_aside(db_path, kind=health.kind)
            then = ("已打开其中仍能读出的内容，最近的一些修改可能需要重新填写。" if db_path.exists()
                    else "将新建一个空数据库。")
            QMessageBox.information(parent, APP_TITLE, f"原来的文件已改名保留：{kept.name}\n{then}")
        else:
            result = restore_backup(plan.backup, db_path, backups)
            previous = result.previous_copy
            QMessageBox.information(parent, APP_TITLE,
                                    f"已用 {plan.backup.created:%Y-%m-%d %H:%M} 的备份恢复。\n"
                                    f"原来的文件已改名保留：{previous.name if previous else '（无）'}")
    except BackupError as exc:
        QMessageBox.critical(parent, APP_TITLE, f"{exc}\n\n程序将退出。")
        return False
    return True


def _missing_database(db_path: Path, parent: QWidget | None) -> bool:
    """No database, but maybe data files beside it: never a silent first run over them."""
    backups = backup_dir_of(db_path)
    found = data_files_beside(db_path, backups)
    if not found:
        return True  # a real first run
    names = "\n".join(f"　{path.name}" for path in found[:8]) + ("\n　……" if len(found) > 8 else "")
    text = f"数据库文件不存在：{db_path}\n但数据文件夹中还有数据文件：\n{names}\n\n"
    newest = newest_good_backup(backups)
    buttons = QMessageBox.StandardButton
    if newest is not None:
        text += (f"是：用 {newest.created:%Y-%m-%d %H:%M} 的备份（{newest.path.name}）恢复；"
                 "否：新建一个空数据库（上述文件都保留）；取消：退出，不做任何改动。")
        answer = QMessageBox.question(parent, f"{APP_TITLE} — 找不到数据库", text,
                                      buttons.Yes | buttons.No | buttons.Cancel, buttons.Yes)
    else:
        text += "没有可用的备份。是否新建一个空数据库？（上述文件都保留，不会删除）"
        answer = QMessageBox.question(parent, f"{APP_TITLE} — 找不到数据库", text, buttons.Yes | buttons.Cancel,
                                      buttons.Cancel)
        answer = buttons.No if answer == buttons.Yes else answer  # Yes here means: a new empty database
    if answer == buttons.No:
        return True
    if answer != buttons.Yes or newest is None:
        QMessageBox.information(parent, APP_TITLE, f"未做任何改动，程序将退出。\n数据文件夹：{db_path.parent}")
        return False
    try:
        restore_backup(newest, db_path, backups)
    except BackupError as exc:
        QMessageBox.critical(parent, APP_TITLE, f"{exc}\n\n程序将退出。")
        return False
    QMessageBox.information(parent, APP_TITLE, f"已用 {newest.created:%Y-%m-%d %H:%M} 的备份恢复。")
    return True


class BackupScheduler(QObject):
    """The automatic backups: one at start (when the data changed) and a daily one checked every hour."""

    def __init__(self, db_path: Path, notify: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.notify = notify  # a status-bar message; backup problems never stop the program
        self.timer = QTimer(self)
        self.timer.setInterval(BACKUP_INTERVAL_MS)
        self.timer.timeout.connect(self._on_timeout)
        self._warned = ""  # the clock warning already shown

    def run(self, on_start: bool = False) -> Path | None:
        """Back up if due; a failure becomes a message, never an exception."""
        try:
            made = backup_if_due(self.db_path, backup_dir_of(self.db_path), on_start=on_start)
        except (BackupError, OSError) as exc:
            self.notify(f"自动备份失败：{exc}")
            return None
        warning = clock_warning(backup_dir_of(self.db_path))
        if made is not None and not made.is_file():  # never announce a backup that is not there
            self.notify(f"自动备份失败：刚做的备份已不存在（{made.name}）")
            return None
        text = f"已自动备份：{made.name}" if made is not None else ""
        if warning and warning != self._warned:
            self._warned = warning
            text = "　".join(t for t in (text, warning) if t)
        if text:
            self.notify(text)
        return made

    def start(self) -> None:
        """Start the hourly check."""
        self.timer.start()

    def _on_timeout(self) -> None:
        self.run()


def announce(window: QMainWindow | None, settings: Settings, notes: list[str], warning: str = "",
             folder: Path | None = None) -> QMessageBox | None:
    """Start-up notes in the status bar; a network-folder warning also once per folder as a non-modal box."""
    if window is None:
        return None
    lines = [n for n in (warning, *notes) if n]
    if lines:
        window.statusBar().showMessage("　".join(lines), 30000)
    if not warning or settings.get(keys.NETWORK_WARNED) == str(folder):
        return None
    settings.set(keys.NETWORK_WARNED, str(folder))
    box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, warning, QMessageBox.StandardButton.Ok, window)
    box.setObjectName("network_warning")
    box.setModal(False)  # the officer can read it and keep working
    box.show()
    return box
