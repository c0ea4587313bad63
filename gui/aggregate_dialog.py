"""文件 → 汇总…: pick the units' files or a folder, see the status board, choose who is summed, create the 汇总."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.aggregate import AggregateRefused, Board, aggregate
from core.aggregate_units import UNIT_SUFFIXES
from core.report import SCOPE_AGGREGATE, Report
from gui.aggregate_model import SORT_ROLE, BoardModel
from gui.report_window import ReportWindow

_FILTER = f"各单位的年报 ({' '.join('*' + s for s in UNIT_SUFFIXES)});;所有文件 (*)"


class AggregateDialog(QDialog):
    """The status board of a 汇总; ``created_id`` is the new report's id once it is created in the store."""

    def __init__(self, store: Any, board: Board | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.board = board or Board()
        self.created_id: int | None = None
        self.setWindowTitle("汇总各单位年报")
        self.resize(1100, 560)
        self.model = BoardModel(self.board, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = self._make_view()
        self.agency = QLineEdit(self.board.default_agency())
        self.agency.setPlaceholderText("汇总报告的机关名称，如：某某县人民政府")
        self.include_errors = QCheckBox("有错误的单位也汇总")
        self.include_errors.setChecked(self.board.include_errors)
        self.include_errors.toggled.connect(self._set_include_errors)
        self.summary = QLabel()
        self.buttons: dict[str, QPushButton] = {}
        self._lay_out()
        self.model.changed.connect(self._update_summary)
        self._update_summary()

    def _make_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the files' own order until a header is clicked
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.setWordWrap(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        em = view.fontMetrics().horizontalAdvance("国")
        for column, chars in enumerate((4, 12, 8, 3, 3, 9, 2, 3, 5)):
            view.setColumnWidth(column, em * (chars + 2))
        return view

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        for name, text, slot in (("folder", "添加文件夹(&F)…", self.add_folder),
                                 ("files", "添加文件(&A)…", self.add_files)):
            self.buttons[name] = QPushButton(text)
            self.buttons[name].clicked.connect(slot)
            top.addWidget(self.buttons[name])
        top.addSpacing(16)
        top.addWidget(QLabel("汇总报告的机关名称："))
        top.addWidget(self.agency, 1)
        top.addWidget(self.include_errors)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        for name, text, slot in (("create", "创建汇总报告(&C)", self.create_report), ("cancel", "取消", self.reject)):
            self.buttons[name] = QPushButton(text)
            self.buttons[name].clicked.connect(slot)
            bottom.addWidget(self.buttons[name])
        layout.addLayout(bottom)

    # ---- adding units -----------------------------------------------------------------------

    def add_folder(self) -> None:
        """Pick a folder: every unit file in it goes on the board."""
        chosen = QFileDialog.getExistingDirectory(self, "选择各单位年报所在的文件夹")
        if chosen:
            self.add_paths([Path(chosen)])

    def add_files(self) -> None:
        """Pick unit files."""
        chosen, _ = QFileDialog.getOpenFileNames(self, "选择各单位的年报", "", _FILTER)
        if chosen:
            self.add_paths([Path(p) for p in chosen])

    def add_paths(self, paths: list[Path]) -> int:
        """Read the files (and folders) onto the board; returns how many units were added."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            added = self.board.add(paths)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.model.reset()
        if not self.agency.text().strip():
            self.agency.setText(self.board.default_agency())
        return added

    def _set_include_errors(self, on: bool) -> None:
        self.board.include_errors = on
        self.model.refresh()

    def _update_summary(self) -> None:
        units = self.board.units
        included = self.board.included()
        unreadable = sum(1 for u in units if not u.readable)
        with_errors = sum(1 for u in units if u.errors and u not in included)
        conflicts = sum(1 for u in units if u.conflict)
        parts = [f"共 {len(units)} 个文件，汇总 {len(included)} 个单位"]
        parts += [f"{with_errors} 个有错误未汇总"] if with_errors else []
        parts += [f"{conflicts} 个年度、格式不一或单位重复，未汇总"] if conflicts else []
        parts += [f"{unreadable} 个无法读取"] if unreadable else []
        self.summary.setText("；".join(parts) + ("。" if units else "。请添加各单位年报所在的文件夹或文件。"))
        self.buttons["create"].setEnabled(bool(included))

    # ---- creating ---------------------------------------------------------------------------

    def build(self) -> Report:
        """The 汇总 report of the units ticked.

        Raises:
            AggregateRefused: nothing to sum, or no agency named.
        """
        return aggregate(self.board, self.agency.text())

    def create_report(self) -> None:
        """Create the 汇总 report in the store (a new draft) and close; says why when it cannot."""
        try:
            report = self.build()
        except AggregateRefused as exc:
            QMessageBox.warning(self, "无法汇总", str(exc))
            return
        if self.store.find(report.agency, report.year, SCOPE_AGGREGATE) is not None:
            QMessageBox.warning(self, "无法汇总", f"{report.agency}{report.year} 年的汇总报告已存在，"
                                "请先在年报列表中删除它，或改用其他机关名称")
            return
        left_out = [u for u in self.board.units if u not in self.board.included()]
        if left_out and QMessageBox.question(
                self, "汇总", f"有 {len(left_out)} 个文件未汇总（见表中“说明”列）。仍然创建汇总报告吗？"
        ) != QMessageBox.StandardButton.Yes:
            return
        try:
            self.created_id = self.store.create(report)
        except Exception as exc:  # a store error: the officer sees it, nothing half-made
            QMessageBox.critical(self, "无法保存汇总报告", str(exc))
            return
        self.accept()


def run_aggregate(window: ReportWindow) -> None:
    """文件 → 汇总…: the dialog over the window's store; the new report is opened in the window."""
    dialog = AggregateDialog(window.document.store, parent=window)
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.created_id is not None:
        window.openReportRequested.emit(dialog.created_id)
