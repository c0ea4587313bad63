"""文件 → 导入 and 新建 → 从上年报告开始: pick a published report, review it, store it."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from core.final_status import ChangedAfterFinal
from core.importers import ImportRefused, ImportResult, import_file
from core.report import Report
from core.store.storage import Store
from core.template import DEFAULT_AGENCY_KIND
from core.wording import UNIT_CHANGED, UNIT_STATUS_LABELS, unreadable_message
from gui import settings as keys
from gui.import_review_dialog import SAVE_PREVIOUS, ImportReviewDialog
from gui.report_window import ReportWindow
from gui.settings import Settings


class Session(Protocol):
    """What an import does through the session (gui.session.Session), which starts it."""

    store: Store
    settings: Settings

    @property
    def window(self) -> ReportWindow | None:
        """The window showing a report, if any (read only: the session's is a MainWindow)."""

    def open_report(self, report_id: int) -> object:
        """Show the report in the window."""

    def create(self, agency: str, kind: str, year: int, from_previous: bool = False) -> int | None:
        """Create and open a report (an existing agency/year is opened instead)."""

SOURCES = "已发布的年报 (*.docx *.html *.htm *.txt *.pdf *.xlsx *.json);;所有文件 (*)"
TITLE = {False: "导入年报", True: "从上年报告开始：选择上年度的年报"}


def import_interactive(session: Session, parent: QWidget | None = None, from_previous: bool = False) -> int | None:
    """Pick a file, review it, save it; the id of the report opened afterwards (None when nothing was saved)."""
    folder = session.settings.get(keys.IMPORT_DIR) or str(Path.home())
    chosen, _ = QFileDialog.getOpenFileName(parent, TITLE[from_previous], folder, SOURCES)
    if not chosen:
        return None
    session.settings.set(keys.IMPORT_DIR, str(Path(chosen).parent))
    return review_file(session, Path(chosen), parent, from_previous)


def review_file(session: Session, path: Path, parent: QWidget | None = None,
                from_previous: bool = False) -> int | None:
    """Read a source and show its review; an unreadable file is a Chinese message and nothing is saved."""
    result = read_source(path, parent)
    if result is None:
        return None
    dialog = ImportReviewDialog(result, path.name, lambda a, y: session.store.find(a, y) is not None,
                                from_previous, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return save_reviewed(session, dialog.report_to_save(), dialog.choice, parent)


def read_source(path: Path, parent: QWidget | None = None) -> ImportResult | None:
    """The import result, or None after saying in Chinese why the file cannot be read."""
    try:
        return import_file(path)
    except ChangedAfterFinal as exc:  # the type, as the 汇总 board's status column names it
        QMessageBox.warning(parent, f"无法导入：{UNIT_STATUS_LABELS[UNIT_CHANGED]}",
                            unreadable_message(path, str(exc), "无法导入"))
    except ImportRefused as exc:
        QMessageBox.warning(parent, "无法导入", unreadable_message(path, str(exc), "无法导入"))
    except Exception as exc:  # a reader failing on a foreign file must not take the window down
        QMessageBox.warning(parent, "无法导入", f"无法导入“{path.name}”：读取时出错（{type(exc).__name__}），"
                                              "文件可能已损坏或不是年度报告")
    return None


def save_reviewed(session: Session, report: Report, choice: str, parent: QWidget | None = None) -> int | None:
    """Store a reviewed report; as last year's, also start (or open) this year's draft from it."""
    store = session.store
    if store.find(report.agency, report.year) is not None:
        QMessageBox.warning(parent, "无法导入", f"本程序中已有{report.agency} {report.year} 年度的年报，未保存")
        return None
    try:
        report_id = store.create(report)
    except Exception as exc:  # the store words disk and database problems in Chinese
        QMessageBox.critical(parent, "保存失败", f"导入的年报未能保存：{exc}")
        return None
    name = f"{report.agency} {report.year} 年度的年报"
    if choice != SAVE_PREVIOUS:
        session.open_report(report_id)
        _notice(session, f"已导入{name}")
        return report_id
    kind = report.meta.get("agency_kind", DEFAULT_AGENCY_KIND)
    this_year = store.find(report.agency, report.year + 1)
    if this_year is not None:  # this year's report exists: it now has last year's to be checked against
        session.open_report(this_year)
        _notice(session, f"已导入{name}，作为 {report.year + 1} 年度年报的上年报告（跨年度校验已启用）")
        return this_year
    opened = session.create(report.agency, kind, report.year + 1, from_previous=True)
    _notice(session, f"已导入{name}作为上年报告，并据此新建 {report.year + 1} 年度草稿（上年结转已填入）")
    return opened


def _notice(session: Session, text: str) -> None:
    if session.window is not None:
        session.window.show_notice(text)
