"""ReportListDialog: every report by agency and year with its status; open, new, copy, delete, import, export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.wording import status_words
from gui import settings as keys
from gui.settings import Settings

if TYPE_CHECKING:
    from core.store.storage import Store

COLUMNS = ("机关名称", "年度", "格式", "状态", "最后修改")


class Shelf(Protocol):
    """What the list does through the session (gui.session.Session), which opens this list."""

    store: Store
    settings: Settings

    def open_report(self, report_id: int) -> object:
        """Show the report in the window."""

    def new_report_interactive(self, parent: QWidget | None = None) -> int | None:
        """The 新建年报 dialog; the new report's id, None when cancelled."""

    def copy_to_next_year(self, report_id: int) -> int | None:
        """A new draft for the next year started from this report."""

    def delete(self, report_id: int) -> None:
        """Delete the report (closing it if open)."""

    def import_interactive(self, from_previous: bool = False) -> int | None:
        """Pick a file, review it, store it and open it; the report's id, None when nothing was saved."""

    def export_file(self, report_id: int, path: Path) -> None:
        """Write the report file (.json)."""


class ReportListDialog(QDialog):
    """The reports in the store."""

    def __init__(self, session: Shelf, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("年报列表")
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.itemDoubleClicked.connect(lambda _item: self.open_selected())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in (("open", "打开(&O)", self.open_selected), ("new", "新建(&N)…", self.new),
                                 ("copy", "复制为下一年度(&C)", self.copy_next), ("delete", "删除(&D)…", self.delete),
                                 ("import", "导入(&I)…", self.import_file), ("export", "导出(&E)…", self.export_file),
                                 ("close", "关闭", self.reject)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.buttons[name] = button
            row.addWidget(button)
        layout.addLayout(row)
        self.buttons["open"].setDefault(True)
        self.refresh()

    def refresh(self) -> None:
        """Reload the list from the store."""
        infos = sorted(self.session.store.list_reports(), key=lambda i: (i.agency, -i.year))
        self.table.setRowCount(len(infos))
        for r, info in enumerate(infos):
            updated = info.updated[:16].replace("T", " ")
            agency = info.agency + ("（汇总）" if info.scope == "aggregate" else "")  # 本级 and 汇总 may share a year
            for c, text in enumerate((agency, f"{info.year}", f"{info.edition} 版",
                                      status_words(info.status, info.version), updated)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, info.id)
                self.table.setItem(r, c, item)
        if infos:
            self.table.selectRow(0)

    def selected_id(self) -> int | None:
        """The id of the selected report."""
        items = self.table.selectedItems()
        return int(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def _selected_words(self) -> tuple[str, str]:
        """The agency and the year shown in the selected row."""
        texts = {item.column(): item.text() for item in self.table.selectedItems()}
        return texts.get(0, ""), texts.get(1, "")

    def open_selected(self) -> None:
        """Open the selected report and close the list."""
        report_id = self.selected_id()
        if report_id is not None:
            self.session.open_report(report_id)
            self.accept()

    def new(self) -> None:
        """新建年报."""
        if self.session.new_report_interactive(self) is not None:
            self.accept()

    def copy_next(self) -> None:
        """复制为下一年度."""
        report_id = self.selected_id()
        if report_id is not None and self.session.copy_to_next_year(report_id) is not None:
            self.accept()

    def delete(self) -> None:
        """Delete the selected report after asking."""
        report_id = self.selected_id()
        if report_id is None:
            return
        name, year = self._selected_words()
        answer = QMessageBox.question(self, "删除年报",
                                      f"确定删除“{name}{year}年”的年报吗？删除后无法在本程序中恢复（可从备份还原）。")
        if answer == QMessageBox.StandardButton.Yes:
            self.session.delete(report_id)
            self.refresh()

    def import_file(self) -> None:
        """导入: pick any importable file, review it, store it (as 文件 → 导入 does); the list closes on the
        report it opened."""
        if self.session.import_interactive() is not None:
            self.accept()

    def export_file(self) -> None:
        """Export the selected report as a report file (.json)."""
        report_id = self.selected_id()
        if report_id is None:
            return
        folder = self.session.settings.get(keys.EXPORT_DIR) or str(Path.home())
        agency, year = self._selected_words()
        name = f"{agency}{year}年年报.json"
        chosen, _ = QFileDialog.getSaveFileName(self, "导出年报文件", str(Path(folder) / name), "年报文件 (*.json)")
        if not chosen:
            return
        self.session.settings.set(keys.EXPORT_DIR, str(Path(chosen).parent))
        try:
            self.session.export_file(report_id, Path(chosen))
        except (ValueError, OSError) as exc:
            QMessageBox.warning(self, "导出失败", str(exc))
