"""MetaTab: 基本信息 — the report's metadata fields (agency, kind, contact, signatories, dates)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.agency import follow_name
from core.report import META_FIELDS, SCOPE_LABELS, SetMeta
from core.template import AGENCY_KINDS, DEFAULT_AGENCY_KIND
from core.values import ValueRefused, parse_date
from core.wording import UNIT_STATUS_LABELS
from gui.document import ReportDocument
from gui.glyph_marks import FONTS, tip, unprintable_positions
from gui.read_only import READ_ONLY_HINT, ReadOnlyHint, legible_when_disabled, set_read_only_look
from gui.text_field_box import TextFieldBox

DATE_FIELDS = ("fill_date", "publish_date")


class MetaTab(QWidget):
    """A form over core.report.META_FIELDS; each field is stored when the officer leaves it."""

    notice = Signal(str, bool)  # a refused date, said in the status bar

    def __init__(self, document: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.edits: dict[str, QLineEdit] = {}
        self._bad: set[str] = set()  # fields whose typed text was refused (not stored)
        # Scrolls when the form, a 汇总 report's sources and the 前言 do not fit the window (1366×768).
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        page.addWidget(scroll)
        inner = QWidget()
        scroll.setWidget(inner)
        outer = QVBoxLayout(inner)
        box = QWidget()
        box.setMaximumWidth(820)  # short fields: a very wide form is harder to read
        form = QFormLayout(box)
        outer.addWidget(box)
        t = document.template
        self.texts: dict[str, TextFieldBox] = {}  # the 前言, printed before 一, prefilled from the fields above
        if t.preface is not None:
            self.texts[t.preface.key] = preface = TextFieldBox(document, t.preface.key)
            preface.setMaximumWidth(820)
            heading = QLabel(t.preface.label)
            heading.setStyleSheet("font-weight: bold;")
            outer.addWidget(heading)
            outer.addWidget(preface, 1)
        else:
            outer.addStretch(1)
        self.year_label = QLabel()
        form.addRow("报告年度：", self.year_label)
        self.edition_label = QLabel(f"{t.name}（{t.document_number}）")
        self.edition_label.setWordWrap(True)
        form.addRow("适用格式：", self.edition_label)
        self.scope_label = QLabel()
        self.scope_label.setWordWrap(True)
        form.addRow("报告范围：", self.scope_label)
        self.sources = self._sources_table()
        self.kind = QComboBox()
        legible_when_disabled(self.kind)  # disabled once finalised, and still readable
        self._hint = ReadOnlyHint(lambda: self.document.read_only, self)
        for kid, label in AGENCY_KINDS.items():
            self.kind.addItem(label, kid)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        for key, label in META_FIELDS.items():
            if key == "agency_kind":
                form.addRow(f"{label}：", self.kind)
                continue
            edit = QLineEdit()
            edit.installEventFilter(self._hint)
            edit.editingFinished.connect(lambda k=key: self._commit(k))
            self.edits[key] = edit
            form.addRow(f"{label}：", edit)
        self.sources_label = QLabel("汇总来源：")
        form.addRow(self.sources_label, self.sources)
        document.metaChanged.connect(self._on_meta_changed)
        document.statusChanged.connect(self.refresh)
        document.issuesChanged.connect(self.mark_issues)
        document.metaChanged.connect(lambda _key: self.mark_issues())
        FONTS.changed.connect(self.mark_issues)  # the PDF fonts became known after start-up
        self.refresh()
        self.mark_issues()

    def _sources_table(self) -> QTableWidget:
        """The units a 汇总 report sums, read-only: agency, file, status, the file's SHA-256."""
        table = QTableWidget(0, 4)
        table.setHorizontalHeaderLabels(["汇总单位", "文件", "状态", "文件校验码（SHA-256）"])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setWordWrap(False)
        return table

    def _show_scope(self) -> None:
        report = self.document.report
        units = report.sources
        scope = SCOPE_LABELS.get(report.scope, report.scope)
        self.scope_label.setText(f"{scope}（{len(units)} 个单位的报告逐格相加，汇总来源只读）"
                                 if report.is_aggregate else f"{scope}（本机关自身的工作）")
        self.sources.setVisible(report.is_aggregate)
        self.sources_label.setVisible(report.is_aggregate)
        self.sources.setRowCount(len(units))
        for row, unit in enumerate(units):
            for col, text in enumerate((unit.agency, unit.file, UNIT_STATUS_LABELS.get(unit.status, unit.status),
                                        unit.hash)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.sources.setItem(row, col, item)
        shown = min(len(units), 4)  # more scroll inside the table
        rows = shown * self.sources.verticalHeader().defaultSectionSize()
        self.sources.setFixedHeight(self.sources.horizontalHeader().sizeHint().height() + rows
                                    + 2 * self.sources.frameWidth() + (8 if shown else 0))

    def mark_issues(self) -> None:
        """Colour the fields that an issue names and put its message in their tooltip."""
        for key, widget in (*self.edits.items(), ("agency_kind", self.kind)):
            if key in self._bad:
                continue  # keeps the refusal of a malformed date visible
            issues = [i for i in self.document.issues_for_field(f"meta.{key}") if not self.document.is_explained(i)]
            severity = next((s for s in ("error", "warning", "info") if any(i.severity == s for i in issues)), "")
            text = widget.text() if isinstance(widget, QLineEdit) else ""
            glyphs = [tip(ch) for ch in dict.fromkeys(text[p] for p in unprintable_positions(text))]
            severity = "error" if glyphs else severity  # an empty box in the PDF
            colour = {"error": "#f8c9c9", "warning": "#fde9b0", "info": "#dcebfa"}.get(severity)
            style = f"background: {colour};" if colour else ""
            if widget.styleSheet() != style:  # re-polishing every field after every edit costs time
                widget.setStyleSheet(style)
            lines = glyphs + [i.message for i in issues] + ([READ_ONLY_HINT] if self.document.read_only else [])
            widget.setToolTip("\n".join(lines))

    def refresh(self) -> None:
        """Show the document's metadata; editable only while drafting."""
        report = self.document.report
        self.year_label.setText(f"{report.year} 年")
        self._show_scope()
        for key in DATE_FIELDS:  # an example in the month the report is due, not a fixed year
            # A finalised report invites no typing: an empty field says so rather than showing an example.
            example = "（未填写）" if report.is_final else f"例如 {self._example_date()}"
            self.edits[key].setPlaceholderText(example)
        for key, edit in self.edits.items():
            if not edit.hasFocus():
                edit.setText(report.meta.get(key, ""))
            edit.setReadOnly(report.is_final)
            set_read_only_look(edit, report.is_final)
        index = self.kind.findData(report.meta.get("agency_kind", DEFAULT_AGENCY_KIND))
        self.kind.blockSignals(True)
        self.kind.setCurrentIndex(max(index, 0))
        self.kind.blockSignals(False)
        self.kind.setEnabled(not report.is_final)
        self.mark_issues()  # the tooltips say 只读 while finalised

    def _commit(self, key: str) -> None:
        text = self.edits[key].text().strip()
        if key in DATE_FIELDS and text:
            try:
                text = parse_date(text)  # 2026年1月28日, 2026/1/28 … are stored as 2026-01-28
            except ValueRefused as exc:
                self._bad.add(key)
                self.edits[key].setStyleSheet("background: #f8c9c9;")
                self.edits[key].setToolTip(f"{exc}（未保存）")
                self.notice.emit(f"{META_FIELDS[key]}：{exc}（未保存，原值保留）", False)
                return
            self.edits[key].setText(text)
        self._bad.discard(key)
        self.edits[key].setStyleSheet("")
        meta = self.document.report.meta
        if text != meta.get(key, "") and not self.document.read_only:
            kind = meta.get("agency_kind", DEFAULT_AGENCY_KIND)
            follows = follow_name(kind, meta.get("agency", ""), text) if key == "agency" else kind
            self.document.apply(SetMeta(key, text))
            if follows != kind:  # a kind that still matched the old name follows the new one
                self.document.apply(SetMeta("agency_kind", follows))

    def _example_date(self) -> str:
        return f"{self.document.report.year + 1}-01-20"

    def _on_kind_changed(self) -> None:
        kind = self.kind.currentData()
        if kind != self.document.report.meta.get("agency_kind") and not self.document.read_only:
            self.document.apply(SetMeta("agency_kind", kind))

    def _on_meta_changed(self, key: str) -> None:
        if key in self.edits and not self.edits[key].hasFocus():
            self.edits[key].setText(self.document.report.meta.get(key, ""))
