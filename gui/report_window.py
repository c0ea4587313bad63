"""ReportWindow: the report's pages (基本信息 and one tab per section), its issues dock, and the commands on them.

MainWindow (gui.main_window) arranges these with the banner, status bar, menus and remembered geometry. The
menus and the export and backup commands need only this part, so they never import the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QTabWidget,
    QWidget,
)

from gui import settings as keys
from gui.document import ReportDocument
from gui.issues_panel import IssuesPanel
from gui.meta_tab import MetaTab
from gui.section_tab import SectionTab
from gui.settings import Settings

if TYPE_CHECKING:
    from gui.help_window import HelpWindow


class TightTabStyle(QProxyStyle):
    """The application's style with less padding beside a tab's title (Qt's 24 px cost a whole tab)."""

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,
                    widget: QWidget | None = None) -> int:
        """Half the usual horizontal space around a tab title."""
        if metric == QStyle.PixelMetric.PM_TabBarTabHSpace:
            return 12
        return super().pixelMetric(metric, option, widget)


class ReportWindow(QMainWindow):
    """A main window over one ReportDocument: its tabs, its issues dock and what the menus ask of them."""

    openRequested = Signal()  # 文件 → 打开: the session shows the report list
    newRequested = Signal()  # 文件 → 新建: the session asks for the new report
    restoreRequested = Signal()  # 文件 → 备份 → 恢复: the session swaps the database
    openReportRequested = Signal(int)  # a report made here (文件 → 汇总) to be opened by the session
    importRequested = Signal(bool)  # 文件 → 导入 (False) / 从上年报告开始 (True): the session imports a file

    def __init__(self, document: ReportDocument, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.settings = settings
        self.help_window: HelpWindow | None = None  # 帮助 → 用户手册, made when first asked for
        self.font_note: QMessageBox | None = None  # the last PDF export's note on substitute fonts
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        # Whole titles; on a screen too narrow for all of them, scroll buttons rather than "三、收到…".
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)
        self.tabs.setUsesScrollButtons(True)
        self._tab_style = TightTabStyle()  # kept: a widget does not own the style it is given
        self.tabs.tabBar().setStyle(self._tab_style)
        self.meta_tab = MetaTab(document)
        self.meta_tab.notice.connect(self.show_notice)
        self.tabs.addTab(self.meta_tab, "基本信息")
        self.section_tabs: dict[str, SectionTab] = {}
        for section in document.template.sections:
            tab = SectionTab(document, section)
            tab.notice.connect(self.show_notice)
            self.section_tabs[section.id] = tab
            self.tabs.addTab(tab, section.short_title)
        self.issues_panel = IssuesPanel(document, self)
        self.issues_panel.finaliseRequested.connect(self.finalise)

    # ---- commands ------------------------------------------------------------------------

    def show_notice(self, text: str, important: bool = False) -> None:
        """A short message in the status bar, or a dialog for something the officer must read."""
        if important:
            QMessageBox.warning(self, "提示", text)
        else:
            self.statusBar().showMessage(text, 6000)

    def confirm_saved(self) -> None:
        """Ctrl+S: every edit is already stored; say so."""
        self.commit_texts()
        saved = self.document.last_saved
        last = f"，最近一次 {saved:%H:%M:%S}" if saved else ""
        self.statusBar().showMessage(f"已保存（每次修改都会立即保存{last}）", 5000)

    def commit_texts(self) -> None:
        """Store any narrative text still waiting for its debounce."""
        tabs: list[MetaTab | SectionTab] = [self.meta_tab, *self.section_tabs.values()]  # 基本信息 holds the 前言
        for tab in tabs:
            for box in tab.texts.values():
                box.editor.commit()

    def finalise(self) -> None:
        """定稿, or say what still blocks it."""
        self.commit_texts()
        if not self.document.blockers() and QMessageBox.question(
                self, "定稿", f"定稿后第 {self.document.report.version} 版内容将冻结，只能查看和导出。确定定稿吗？",
        ) != QMessageBox.StandardButton.Yes:
            return
        blockers = self.document.finalise()
        if blockers:
            QMessageBox.information(self, "暂不能定稿", "需先处理：\n" + "\n".join(f"• {b}" for b in blockers[:15]))
        else:
            self.statusBar().showMessage(f"已定稿 第{self.document.report.version}版", 8000)

    def reopen(self) -> None:
        """Ask for a reason, then start the next version."""
        reason, ok = QInputDialog.getText(self, "重新打开", "重新打开已定稿的报告将生成新版本，请填写原因：")
        if not ok:
            return
        if not reason.strip():
            QMessageBox.information(self, "重新打开", "请填写重新打开的原因。")
            return
        if self.document.reopen(reason.strip()):
            self.statusBar().showMessage(f"已重新打开，当前为草稿 第{self.document.report.version}版", 8000)

    def set_show_previous(self, on: bool) -> None:
        """Toggle last year's values beside the cells."""
        for tab in self.section_tabs.values():
            tab.set_show_previous(on)
        self.settings.set(keys.SHOW_PREVIOUS, on)

    def current_section_tab(self) -> SectionTab | None:
        """The section tab shown, if any."""
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, SectionTab) else None
