"""Session: the open store, the settings and the window; opens, creates, copies, imports and deletes reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from core.new_report import new_report
from core.report import Report
from gui import settings as keys
from gui.document import ReportDocument
from gui.main_window import MainWindow
from gui.new_report_dialog import NewReportDialog
from gui.settings import Settings


class Session(QObject):
    """Everything between the store and the one window showing a report."""

    def __init__(self, store: Any, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.window: MainWindow | None = None
        self.document: ReportDocument | None = None

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
        self.settings.set(keys.LAST_REPORT, report_id)
        if old is not None:
            self.window.setGeometry(old.geometry())
            old.close()
            old.deleteLater()
        self.window.show()
        return self.window

    def show_list(self) -> bool:
        """文件 → 打开: the report list; True if a report is open afterwards."""
        from gui.report_list_dialog import ReportListDialog
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
        dialog = NewReportDialog(self.has_previous, current.agency if current else "",
                                 current.meta.get("agency_kind", "department") if current else "department",
                                 parent or self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
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

    def copy_to_next_year(self, report_id: int) -> int | None:
        """复制为下一年度: a new draft for year + 1 started from this report."""
        source = self.store.load(report_id)
        return self.create(source.agency, source.meta.get("agency_kind", "department"), source.year + 1, True)

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
        from core.read_any import read_any_report
        report: Report = read_any_report(path, notes)
        if self.store.find(report.agency, report.year) is not None:
            raise ValueError(f"{report.agency}{report.year} 年的年报已存在，请先删除或改名后再导入")
        return self.store.create(report)

    def export_file(self, report_id: int, path: Path) -> None:
        """Write a report file (.json)."""
        from core.report_file import write_report_file
        write_report_file(self.store.load(report_id), path)
