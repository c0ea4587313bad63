"""MainWindow: the report's pages (gui.report_window) arranged with the issues dock, menus and the status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QCloseEvent, QMoveEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from core import APP_TITLE
from core.report import Batch
from core.template import Section
from core.wording import status_words
from gui import settings as keys
from gui.document import ReportDocument
from gui.main_menus import build_menus
from gui.report_window import ReportWindow
from gui.settings import Settings
from gui.status_bar import StatusBar
from gui.window_geometry import GeometryKeeper

if TYPE_CHECKING:
    from core.checks.validation import Issue


def set_text(label: QLabel, text: str) -> None:
    """Change a label's text only when it differs (a word-wrapped label relayouts its window otherwise)."""
    if label.text() != text:
        label.setText(text)


def badges(errors: int, warnings: int) -> str:
    """Live counts for a tab title, e.g. `` ✖2 ⚠1`` (empty when there is nothing to do)."""
    return (f" ✖{errors}" if errors else "") + (f" ⚠{warnings}" if warnings else "")


def tab_title(section: Section, errors: int, warnings: int) -> str:
    """A tab title: the section's short name from the template and its live counts,
    e.g. ``三、收到和处理申请 ✖2 ⚠1`` (the full heading is the tab's tooltip and the page's title)."""
    return f"{section.short_title}{badges(errors, warnings)}"


class MainWindow(ReportWindow):
    """The data-entry window over one ReportDocument: its pages and dock arranged, status bar, menus, geometry."""

    def __init__(self, document: ReportDocument, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(document, settings, parent)
        self.setObjectName("main_window")
        self.banner = self._make_banner()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self._dock_share = (-1, 0.0)  # (width last given to the dock, -1 if clamped; its share of the width)
        self.issues_panel.issueActivated.connect(self.show_issue)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.issues_panel)
        self._make_status_bar()
        self.actions_: dict[str, QAction] = build_menus(self)
        document.issuesChanged.connect(self._update_badges)
        document.statusChanged.connect(self._update_status)
        # a refused cell is reported by its table view, with the cell's name (CountTableView._on_refused)
        document.replayed.connect(self.show_replayed)
        document.failed.connect(lambda text: QMessageBox.critical(self, "保存失败", text))
        self.set_show_previous(bool(settings.get(keys.SHOW_PREVIOUS)))
        self._update_badges()
        self._update_status()
        self.restore_geometry()

    # ---- construction helpers ------------------------------------------------------------

    def _make_banner(self) -> QWidget:
        banner = QWidget()
        banner.setStyleSheet("background: #fff3cd; color: #5c4400;")
        row = QHBoxLayout(banner)
        self.banner_label = QLabel()
        row.addWidget(self.banner_label, 1)
        self.reopen_button = QPushButton("重新打开(&R)…")
        self.reopen_button.clicked.connect(self.reopen)
        row.addWidget(self.reopen_button)
        return banner

    def _make_status_bar(self) -> None:
        self.status_bar = StatusBar(self)
        self.setStatusBar(self.status_bar)
        self.saved_label = QLabel()
        self.counts_label = QLabel()
        self.edition_label = QLabel()
        self.version_label = QLabel()
        for label in (self.saved_label, self.counts_label, self.edition_label, self.version_label):
            label.setContentsMargins(8, 0, 8, 0)  # Qt puts permanent widgets nearly edge to edge
            self.statusBar().addPermanentWidget(label)
        # Said elsewhere too (the dock's summary, the title bar): they step aside for a long message.
        self.status_bar.spare = [self.edition_label, self.version_label, self.counts_label]
        # A fixed width: the time changes with every edit and must not relayout the whole window.
        self.saved_label.setMinimumWidth(self.saved_label.fontMetrics().horizontalAdvance("已保存 00:00:00") + 24)

    # ---- updates from the document -------------------------------------------------------

    def _set_tab_text(self, index: int, text: str) -> None:
        # Setting a tab's text relayouts the whole tab widget, even when it did not change.
        if self.tabs.tabText(index) != text:
            self.tabs.setTabText(index, text)

    def _update_badges(self) -> None:
        for i, section in enumerate(self.document.template.sections, start=1):
            errors, warnings = self.document.counts(section.id)
            self._set_tab_text(i, tab_title(section, errors, warnings))
            self._set_tab_tip(i, section.title, errors, warnings)
        errors, warnings = self.document.counts("meta")
        self._set_tab_text(0, "基本信息" + badges(errors, warnings))
        self._set_tab_tip(0, "基本信息", errors, warnings)
        errors, warnings = self.document.counts()
        set_text(self.counts_label, f"错误 {errors} 条　未说明的需核实 {warnings} 条")

    def _set_tab_tip(self, index: int, title: str, errors: int, warnings: int) -> None:
        counts = f"错误 {errors} 条，未说明的需核实 {warnings} 条" if errors or warnings else "没有待处理的问题"
        tip = f"{title}\n{counts}"
        if self.tabs.tabToolTip(index) != tip:
            self.tabs.setTabToolTip(index, tip)

    def _update_status(self) -> None:
        report = self.document.report
        saved = self.document.last_saved
        set_text(self.saved_label, f"已保存 {saved:%H:%M:%S}" if saved else "已保存")
        t = self.document.template
        set_text(self.edition_label, f"格式：{t.edition} 版")
        status = status_words(report.status, report.version)
        set_text(self.version_label, status)
        self.banner.setVisible(report.is_final)
        set_text(self.banner_label, f"已定稿 第{report.version}版：内容已冻结，只能查看和导出。"
                                  "如需修改，请点“重新打开”并说明原因。")
        scope = "（汇总）" if report.is_aggregate else ""  # 本级 and 汇总 of one agency share a title
        self.setWindowTitle(f"{report.title or '（未命名）'}{scope} — {status} — {APP_TITLE}")
        self.actions_["finalise"].setEnabled(not report.is_final)
        self.actions_["reopen"].setEnabled(report.is_final)
        self.actions_["fill"].setEnabled(not report.is_final)

    # ---- commands ------------------------------------------------------------------------

    def show_issue(self, issue: Issue) -> None:
        """Switch to the issue's tab and put the cursor on its sentence, or select its cell."""
        if issue.field and not issue.field.startswith("meta.") and issue.field in self.document.template.texts:
            section = self.document.template.section_of(issue.field)  # where it is listed (N1: 一, not 三)
            tab = self.section_tabs[section.id]
            self.tabs.setCurrentWidget(tab)
            tab.focus_text(issue.field, issue.span)
        elif issue.cells:
            key = issue.cells[0]
            section = self.document.template.section_of(key)
            tab = self.section_tabs[section.id]
            self.tabs.setCurrentWidget(tab)
            tab.focus_cell(key)
        elif issue.field in self.meta_tab.texts:  # the 前言
            self.tabs.setCurrentWidget(self.meta_tab)
            self.meta_tab.texts[issue.field].editor.select_span(issue.span)
        elif issue.field and issue.field.startswith("meta."):
            self.tabs.setCurrentWidget(self.meta_tab)
            edit = self.meta_tab.edits.get(issue.field[5:])
            if edit is not None:
                edit.setFocus()
        self.statusBar().showMessage(issue.message, 10000)

    def show_replayed(self, edit: object, text: str) -> None:
        """After undo or redo, show the cell that changed (it may be on another tab) and say what was done."""
        while isinstance(edit, Batch) and edit.edits:
            edit = edit.edits[0]
        key = getattr(edit, "key", "")
        if key in self.document.template.cells:
            tab = self.section_tabs[self.document.template.section_of(key).id]
            self.tabs.setCurrentWidget(tab)
            tab.focus_cell(key)
        self.statusBar().showMessage(text, 8000)

    # ---- geometry ------------------------------------------------------------------------

    def restore_geometry(self) -> None:
        """Restore size, place, maximised state and dock layout saved for these screens (1280×720 the first time)."""
        self.geometry_keeper = GeometryKeeper(self, self.settings)
        if not self.geometry_keeper.restore():
            # Narrow enough that table 四's fifteen columns keep their labels on one line at 1280 px.
            self.resizeDocks([self.issues_panel], [max(200, self.width() // 6)], Qt.Orientation.Horizontal)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the issues dock's share of the width: maximised on a wide screen, its messages get room too
        (Qt gives the central widget all the extra width otherwise)."""
        super().resizeEvent(event)
        self._keep_geometry()
        old, new = event.oldSize().width(), event.size().width()
        panel = self.issues_panel
        if old > 0 and new != old and panel.isVisible() and not panel.isFloating():
            # the share is the one last set, unless the officer has dragged the dock since; a width
            # clamped at a small size (200 px) never becomes the share, or it would ratchet up
            set_width, share = self._dock_share
            if share <= 0 or (set_width > 0 and abs(panel.width() - set_width) > 4):
                share = panel.width() / old
            wanted = round(share * new)
            width = max(200, min(wanted, new // 3))
            self.resizeDocks([panel], [width], Qt.Orientation.Horizontal)
            self._dock_share = (width if width == wanted else -1, share)

    def _keep_geometry(self) -> None:
        keeper = getattr(self, "geometry_keeper", None)  # Qt sends events before __init__ has made it
        if keeper is not None:
            keeper.changed()

    def moveEvent(self, event: QMoveEvent) -> None:
        """Remember the new place."""
        super().moveEvent(event)
        self._keep_geometry()

    def changeEvent(self, event: QEvent) -> None:
        """Remember being maximised or restored."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange:
            self._keep_geometry()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Commit pending text and remember the window layout for these screens."""
        self.commit_texts()
        self.geometry_keeper.save()
        super().closeEvent(event)
