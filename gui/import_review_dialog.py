"""ImportReviewDialog: the source beside the official tables read from it, before anything is saved."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.agency import infer_agency_kind
from core.importers.blocks import ImportRefused
from core.importers.result import ImportResult
from core.report import Report
from core.template import AGENCY_KINDS, DEFAULT_AGENCY_KIND, editions, load_template
from core.values import format_value
from gui.import_review_model import (
    CHOSEN_BG,
    MISSING_BG,
    REVIEW_HINT,
    UNCERTAIN_BG,
    ImportReview,
    ImportTableModel,
)
from gui.read_only import is_edit_attempt, show_hint
from gui.table.count_table_view import CountTableView

SAVE_REPORT, SAVE_PREVIOUS = "report", "previous"
KEY_ROLE = Qt.ItemDataRole.UserRole


class ImportTableView(CountTableView):
    """A count table that only shows: typing says where choices are made instead."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Move and copy as usual; any edit attempt gets the review's hint."""
        if is_edit_attempt(event):
            index = self.currentIndex()
            show_hint(self, self.viewport().mapToGlobal(self.visualRect(index).bottomLeft()), REVIEW_HINT)
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """A double click selects (no editor opens in a review)."""
        index = self.indexAt(event.position().toPoint())
        if index.isValid():
            self.setCurrentIndex(index)


class ImportReviewDialog(QDialog):
    """Review an import; ``choice`` is SAVE_REPORT or SAVE_PREVIOUS after ``accept``.

    ``exists(agency, year)`` says whether the store already holds that report (saving it again is refused).
    """

    def __init__(self, result: ImportResult, source_name: str, exists: Callable[[str, int], bool] | None = None,
                 prefer_previous: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"导入核对 — {source_name}")
        self.review = ImportReview(result, self)
        self._exists = exists or (lambda _a, _y: False)
        self.choice = ""
        self._kind_by_hand = False
        outer = QVBoxLayout(self)
        outer.addLayout(self._meta_row())
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._source_pane())
        split.addWidget(self._table_pane())
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        outer.addWidget(split, 1)
        outer.addWidget(self._bottom_pane())
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #a40000;")
        self.problem.setWordWrap(True)
        outer.addWidget(self.problem)
        outer.addWidget(self._buttons(prefer_previous))
        self.review.chosen.connect(self._on_chosen)
        self.review.reset.connect(self._on_reset)
        self._fill()
        self.resize(1340, 740)

    # ---- building ------------------------------------------------------------------------

    def _meta_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.agency = QLineEdit()
        self.agency.setMinimumWidth(260)
        self.kind = QComboBox()
        for kid, kind_name in AGENCY_KINDS.items():
            self.kind.addItem(kind_name, kid)
        self.year = QSpinBox()
        self.year.setRange(2019, 2100)
        self.edition = QComboBox()
        for edition in editions():
            template = load_template(edition)
            self.edition.addItem(f"{edition} 版（{template.document_number}）", edition)
            self.edition.setItemData(self.edition.count() - 1, template.name, Qt.ItemDataRole.ToolTipRole)
        for text, widget in (("机关名称(&A)：", self.agency), ("机关类型(&K)：", self.kind), ("年度(&Y)：", self.year),
                             ("表格格式(&F)：", self.edition)):
            label = QLabel(text)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget, 2 if widget is self.agency else 0)
        self.agency.textEdited.connect(self._on_agency_edited)
        self.kind.activated.connect(self._on_kind_picked)
        self.year.valueChanged.connect(self._on_year_changed)
        self.edition.activated.connect(self._on_edition_picked)
        return row

    def _source_pane(self) -> QWidget:
        pane = QWidget()
        box = QVBoxLayout(pane)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel("原文（读取后的文字，表格每行以“|”分隔单元格）："))
        self.source = QPlainTextEdit()
        self.source.setReadOnly(True)
        self.source.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        box.addWidget(self.source, 1)
        return pane

    def _table_pane(self) -> QWidget:
        pane = QWidget()
        box = QVBoxLayout(pane)
        box.setContentsMargins(0, 0, 0, 0)
        legend = QLabel(f"<span style='background:{UNCERTAIN_BG.name()}'>　待核实　</span>　"
                        f"<span style='background:{CHOSEN_BG.name()}'>　已选定　</span>　"
                        f"<span style='background:{MISSING_BG.name()}'>　原文未找到　</span>　"
                        "点击单元格可在左侧看到它所在的原文")
        box.addWidget(legend)
        self.tabs = QTabWidget()
        box.addWidget(self.tabs, 1)
        return pane

    def _bottom_pane(self) -> QWidget:
        pane = QWidget()
        row = QHBoxLayout(pane)
        row.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        self.open_label = QLabel()
        left.addWidget(self.open_label)
        self.open_list = QListWidget()
        self.open_list.currentItemChanged.connect(self._on_open_item)
        left.addWidget(self.open_list, 1)
        self.candidate_label = QLabel("候选数值：")
        left.addWidget(self.candidate_label)
        # many candidates scroll sideways rather than widen the pane
        strip = QWidget()
        self.candidate_box = QHBoxLayout(strip)
        self.candidate_box.setContentsMargins(0, 0, 0, 0)
        self.candidate_box.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.candidate_box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(strip)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFixedHeight(strip.sizeHint().height() + QPushButton("0").sizeHint().height()
                              + scroll.horizontalScrollBar().sizeHint().height())
        scroll.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        left.addWidget(scroll)
        row.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(QLabel("导入说明："))
        self.notes = QListWidget()
        self.notes.setWordWrap(True)
        right.addWidget(self.notes, 1)
        row.addLayout(right, 2)
        pane.setMaximumHeight(self.fontMetrics().height() * 14)
        return pane

    def _buttons(self, prefer_previous: bool) -> QDialogButtonBox:
        buttons = QDialogButtonBox()
        self.save_report = QPushButton("保存为年报(&S)")
        self.save_previous = QPushButton()
        buttons.addButton(self.save_report, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.save_previous, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_report.clicked.connect(lambda: self._save(SAVE_REPORT))
        self.save_previous.clicked.connect(lambda: self._save(SAVE_PREVIOUS))
        cancel.clicked.connect(self.reject)
        (self.save_previous if prefer_previous else self.save_report).setDefault(True)
        return buttons

    # ---- filling -------------------------------------------------------------------------

    def _fill(self) -> None:
        """Show the review's current report: fields, source, tables, open cells and notes."""
        review = self.review
        report = review.report
        self.agency.setText(report.agency)
        self.kind.setCurrentIndex(max(self.kind.findData(report.meta.get("agency_kind", DEFAULT_AGENCY_KIND)), 0))
        self.year.blockSignals(True)
        self.year.setValue(report.year)
        self.year.blockSignals(False)
        self.edition.setCurrentIndex(max(self.edition.findData(report.edition), 0))
        self.edition.setEnabled(review.result.document is not None)
        self.source.setPlainText(review.result.source_text or "（本程序的工作簿，按原样读取，没有可对照的原文）")
        self.tabs.clear()
        self.views: dict[str, ImportTableView] = {}
        for spec in report.template.tables.values():
            view = ImportTableView(ImportTableModel(review, spec, self), scrolling=True)
            view.clicked.connect(self._on_cell_clicked)
            self.views[spec.id] = view
            self.tabs.addTab(view, self._tab_title(spec.id))
        self.texts = QPlainTextEdit(self._texts_text())
        self.texts.setReadOnly(True)
        self.tabs.addTab(self.texts, "文字部分")
        self.notes.clear()
        self.notes.addItems(review.result.notes or ["全部单元格均已确定读取"])
        self._fill_open()
        self._update()

    def _texts_text(self) -> str:
        """The 前言 and the sections' texts as read (what is not found stays empty)."""
        report = self.review.report
        template = report.template
        parts = []
        for field in template.texts.values():
            section = next((s for s in template.sections if s.id == field.section), None)
            title = field.label or (f"{section.number}、{section.heading}" if section else field.key)
            parts.append(f"【{title}】\n{report.texts.get(field.key) or '（原文中未找到，保持空白）'}")
        return "\n\n".join(parts)

    def _tab_title(self, table_id: str) -> str:
        template = self.review.report.template
        section = template.section_of(table_id)
        tables = [item for item in section.items if getattr(item, "id", None) in template.tables]
        title = template.tables[table_id].title if len(tables) > 1 else section.short
        return f"{section.number}、{title}"

    def _fill_open(self) -> None:
        review = self.review
        template = review.report.template
        self.open_list.blockSignals(True)
        self.open_list.clear()
        for key in review.open_keys():
            shown = "、".join(format_value(v) or "空白" for v in review.candidates(key)) or "无法判断"
            item = QListWidgetItem(f"待核实　{template.cell_label(key)}：可能为 {shown}")
            item.setData(KEY_ROLE, key)
            item.setBackground(UNCERTAIN_BG)
            self.open_list.addItem(item)
        for key in (k for k in template.cells if k in review.missing):
            item = QListWidgetItem(f"未找到　{template.cell_label(key)}（保持空白）")
            item.setData(KEY_ROLE, key)
            item.setBackground(MISSING_BG)
            self.open_list.addItem(item)
        self.open_list.blockSignals(False)
        n_open, n_missing = len(review.uncertain), len(review.missing)
        summary = f"待核实 {n_open} 个，原文未找到 {n_missing} 个（未选定的保持空白，保存后在问题清单中列出）"
        self.open_label.setText(summary if n_open or n_missing else "全部单元格均已读取，没有待核实的单元格")
        self._show_candidates(None)

    def _update(self) -> None:
        report = self.review.report
        self.save_previous.setText(f"保存为上年报告，并新建 {report.year + 1} 年度草稿(&L)")
        problem = self.review.problem()
        if not problem and self._exists(report.agency, report.year):
            problem = f"本程序中已有{report.agency} {report.year} 年度的年报，不能再保存一份；请核对机关名称和年度"
        self.problem.setText(problem)
        self.save_report.setEnabled(not problem)
        self.save_previous.setEnabled(not problem)

    # ---- selecting and choosing ----------------------------------------------------------

    def select_cell(self, key: str) -> None:
        """Show a cell: its table, its row in the source, and its candidates when uncertain."""
        table_id = key.split(".")[0]
        view = self.views.get(table_id)
        if view is not None:
            self.tabs.setCurrentWidget(view)
            view.select_key(key)
        self._show_source(key)
        self._show_candidates(key)

    def _show_source(self, key: str) -> None:
        span = self.review.result.cell_spans.get(key)
        cursor = self.source.textCursor()
        if span is None:
            cursor.clearSelection()
            self.source.setTextCursor(cursor)
            self.source.setExtraSelections([])
            return
        cursor.setPosition(span[0])
        cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(UNCERTAIN_BG if key in self.review.uncertain else CHOSEN_BG.darker(110))
        mark = QTextEdit.ExtraSelection()
        mark.cursor, mark.format = cursor, fmt  # type: ignore[attr-defined]  # PySide6's stub omits both fields
        self.source.setExtraSelections([mark])
        self.source.setTextCursor(cursor)
        self.source.centerCursor()

    def _show_candidates(self, key: str | None) -> None:
        while self.candidate_box.count() > 1:  # the stretch stays
            item = self.candidate_box.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        self.candidate_buttons: list[QPushButton] = []
        candidates = self.review.candidates(key) if key else []
        self.candidate_label.setText("候选数值（点击即填入）：" if candidates else "候选数值：选择一个待核实的单元格")
        if not key:
            return
        for i, value in enumerate(candidates):
            button = QPushButton(format_value(value) or "空白")
            button.setToolTip(f"把“{self.review.report.template.cell_label(key)}”设为 {format_value(value) or '空白'}")
            button.setMinimumWidth(button.sizeHint().width())  # a long amount is shown whole (the strip scrolls)
            button.clicked.connect(lambda _=False, k=key, v=value: self.review.choose(k, v))
            self.candidate_box.insertWidget(i, button)
            self.candidate_buttons.append(button)

    def _on_cell_clicked(self, index: QModelIndex) -> None:
        model = index.model()
        key = model.key(index) if isinstance(model, ImportTableModel) else None
        if key is not None:
            self._show_source(key)
            self._show_candidates(key)

    def _on_open_item(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.select_cell(item.data(KEY_ROLE))

    def _on_chosen(self, key: str) -> None:
        self._fill_open()
        self._show_source(key)
        following = self.review.open_keys()
        if following:  # straight on to the next uncertain cell
            self.open_list.setCurrentRow(0)

    def _on_reset(self) -> None:
        self._fill()

    # ---- the fields ----------------------------------------------------------------------

    def _on_agency_edited(self, text: str) -> None:
        self.review.set_meta("agency", text)
        if not self._kind_by_hand:
            self.kind.setCurrentIndex(max(self.kind.findData(infer_agency_kind(text)), 0))
            self.review.set_meta("agency_kind", self.kind.currentData())
        self._update()

    def _on_kind_picked(self) -> None:
        self._kind_by_hand = True
        self.review.set_meta("agency_kind", self.kind.currentData())

    def _on_year_changed(self, year: int) -> None:
        self.review.set_year(year)
        self._update()

    def _on_edition_picked(self) -> None:
        try:
            self.review.set_edition(self.edition.currentData())
        except Exception as exc:  # ImportRefused (Chinese) or a reader failing on this layout: keep what was read
            reason = str(exc) if isinstance(exc, ImportRefused) else f"读取出错（{type(exc).__name__}）"
            QMessageBox.warning(self, "无法改选表格格式", f"无法按所选格式重新读取原文：{reason}")
            self.edition.setCurrentIndex(max(self.edition.findData(self.review.report.edition), 0))

    # ---- closing -------------------------------------------------------------------------

    def _save(self, choice: str) -> None:
        self._update()
        if self.problem.text():
            return
        self.choice = choice
        self.accept()

    def report_to_save(self) -> Report:
        """The reviewed report (uncertain cells blank and named for the checks)."""
        return self.review.report_to_save()
