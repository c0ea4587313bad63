"""Session: the open store, the settings and the window; opens, creates, copies, imports and deletes reports,
and restores a backup in place of the database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from core.new_report import new_report
from core.read.read_any import read_any_report
from core.read.report_file import write_report_file
from core.store.backups import BackupError, RestoreResult, restore_backup
from core.store.storage import Store
from core.template import DEFAULT_AGENCY_KIND
from gui import settings as keys
from gui.document import ReportDocument
from gui.import_actions import import_interactive
from gui.main_window import MainWindow
from gui.new_report_dialog import NewReportDialog
from gui.read_only import mark_database_read_only
from gui.report_list_dialog import ReportListDialog
from gui.restore_dialog import RestoreDialog
from gui.settings import Settings
from gui.startup_checks import backup_dir_of

RESTORE_TITLE = "备份与恢复"


class Session(QObject):
    """Everything between the store (in its data folder) and the one window showing a report."""

    def __init__(self, store: Store, settings: Settings, journal: str = "wal", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.journal = journal  # the store's journal mode, kept when a restore reopens it
        self.window: MainWindow | None = None
        self.document: ReportDocument | None = None

    @property
    def db_path(self) -> Path:
        """The database file."""
        return self.store.path

    # ---- start-up ------------------------------------------------------------------------

    def start(self) -> bool:
        """Open the last report; else the list (or the 新建 dialog on an empty store). False if nothing opened."""
        last = int(self.settings.get(keys.LAST_REPORT) or 0)
        ids = {info.id for info in self.store.list_reports()}
        if last in ids and self.open_report(last) is not None:
            return True
        if ids:
            return self.show_list()
        return self.new_report_interactive() is not None

    # ---- opening -------------------------------------------------------------------------

    def open_report(self, report_id: int) -> MainWindow | None:
        """Load a report into a fresh document and window (replacing the current one)."""
        try:
            report = self.store.load(report_id)
            previous = self.store.previous_of(report)
        except Exception as exc:  # e.g. a finalised report whose content no longer matches its hash
            QMessageBox.critical(self.window, "无法打开年报", str(exc))
            return None
        old = self.window
        if old is not None:
            old.commit_texts()
        self.document = ReportDocument(report, store=self.store, report_id=report_id, previous=previous)
        self.window = MainWindow(self.document, self.settings)
        self.window.openRequested.connect(self.show_list)
        self.window.newRequested.connect(self.new_report_interactive)
        self.window.importRequested.connect(self.import_interactive)
        self.window.restoreRequested.connect(self.restore_interactive)
        self.window.openReportRequested.connect(self.open_report)
        self.settings.set(keys.LAST_REPORT, report_id)
        if old is not None:
            # the old window's place and normal size, and its maximised or full-screen state
            self.window.restoreGeometry(old.saveGeometry())
            self.window.setWindowState(old.windowState() & ~Qt.WindowState.WindowActive)
            old.close()
            old.deleteLater()
        self.window.show()
        if self.store.read_only:
            mark_database_read_only(self.window, str(self.db_path), self.window.saved_label)
        return self.window

    def show_list(self) -> bool:
        """文件 → 打开: the report list; True if a report is open afterwards."""
        dialog = ReportListDialog(self, self.window)
        dialog.exec()
        return self.window is not None

    # ---- creating ------------------------------------------------------------------------

    def has_previous(self, agency: str, year: int) -> bool:
        """Whether the store holds that agency's report of that year."""
        return self.store.find(agency, year) is not None

    def new_report_interactive(self, parent: QWidget | None = None) -> int | None:
        """The 新建年报 dialog; opens the new report."""
        current = self.document.report if self.document else None
        kind = current.meta.get("agency_kind", DEFAULT_AGENCY_KIND) if current else DEFAULT_AGENCY_KIND
        while True:
            dialog = NewReportDialog(self.has_previous, current.agency if current else "", kind, parent or self.window)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            if not dialog.from_file:
                break
            imported = self.import_interactive(True)
            if imported is not None:
                return imported  # else (no file, cancelled, unreadable): back to the 新建 dialog
        agency, kind, year, from_previous = dialog.values()
        return self.create(agency, kind, year, from_previous)

    def create(self, agency: str, kind: str, year: int, from_previous: bool = False) -> int | None:
        """Create and open a report; an existing agency/year is opened instead of duplicated."""
        existing = self.store.find(agency, year)
        if existing is not None:
            QMessageBox.information(self.window, "新建年报", f"{agency}{year} 年的年报已存在，已为您打开。")
            self.open_report(existing)
            return existing
        previous = None
        if from_previous:
            prev_id = self.store.find(agency, year - 1)
            previous = self.store.load(prev_id) if prev_id is not None else None
        report_id = self.store.create(new_report(year, agency, kind, previous=previous))
        self.open_report(report_id)
        return report_id

    def import_interactive(self, from_previous: bool = False) -> int | None:
        """文件 → 导入 / 新建 → 从上年报告开始: pick a published report, review it, store it."""
        return import_interactive(self, self.window, from_previous)

    def copy_to_next_year(self, report_id: int) -> int | None:
        """复制为下一年度: a new draft for year + 1 started from this report."""
        source = self.store.load(report_id)
        return self.create(source.agency, source.meta.get("agency_kind", DEFAULT_AGENCY_KIND), source.year + 1, True)

    # ---- deleting, importing, exporting report files --------------------------------------

    def delete(self, report_id: int) -> None:
        """Delete a report (the caller asked first); closes it if open."""
        if self.document is not None and self.document.report_id == report_id and self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = self.document = None
        self.store.delete(report_id)

    def import_file(self, path: Path, notes: list[str] | None = None) -> int:
        """Read a report file or workbook into the store (a new report; an existing agency/year is refused).

        The reader is the command line's (by content, not extension); ``notes`` receives what it assumed.
        """
        report = read_any_report(path, notes)
        if self.store.find(report.agency, report.year) is not None:
            raise ValueError(f"{report.agency}{report.year} 年的年报已存在，请先删除或改名后再导入")
        return self.store.create(report)

    def export_file(self, report_id: int, path: Path) -> None:
        """Write a report file (.json)."""
        write_report_file(self.store.load(report_id), path)

    # ---- restoring a backup ----------------------------------------------------------------

    def restore_interactive(self) -> RestoreResult | None:
        """文件 → 备份 → 恢复…: choose a backup in the dialog, then put it in place of the database."""
        window = self.window
        dialog = RestoreDialog(backup_dir_of(self.db_path), window)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
            return None
        try:
            result = self.restore(dialog.chosen)
        except Exception as exc:  # BackupError, or a restored file the store cannot open: say so, nothing lost
            QMessageBox.critical(self.window or window, "恢复失败",
                                 f"{exc}\n\n当前数据未被替换或已另存在备份文件夹中，没有丢失。")
            return None
        kept = result.previous_copy.name if result.previous_copy else "（原数据库不存在）"
        text = f"已恢复：{result.restored.name}\n恢复前的数据已另存为：{kept}"
        if self.window is not None:
            self.window.statusBar().showMessage(text.replace("\n", "　"), 10000)
        QMessageBox.information(self.window, RESTORE_TITLE, text)
        return result

    def restore(self, source: Path) -> RestoreResult:
        """Replace the database by a backup (the current one is kept as a backup) and reopen the report."""
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
        if report_id is not None and report_id in ids and self.open_report(report_id) is not None:
            return
        if self.window is not None:  # its report is not in the restored data: never edit a closed store
            self.window.close()
            self.window.deleteLater()
            self.window = self.document = None
        self.start()
