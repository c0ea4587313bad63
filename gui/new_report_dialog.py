"""NewReportDialog: 新建年报 — agency, kind, year (with the edition it implies), optionally from last year."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from core.agency import infer_agency_kind
from core.template import AGENCY_KINDS, DEFAULT_AGENCY_KIND, earliest_year, edition_for_year, load_template

NO_AGENCY = "请填写机关名称：报告标题由机关名称和年度组成，不能为空"


class NewReportDialog(QDialog):
    """Asks what a new report is for; ``has_previous(agency, year)`` says whether last year's exists."""

    def __init__(self, has_previous: Callable[[str, int], bool] | None = None, agency: str = "",
                 kind: str = DEFAULT_AGENCY_KIND, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建年报")
        self._has_previous = has_previous or (lambda _a, _y: False)
        form = QFormLayout(self)
        self.agency = QLineEdit(agency)
        self.agency.setPlaceholderText("例如 某某市某某区生态环境局")
        self.kind = QComboBox()
        for kid, label in AGENCY_KINDS.items():
            self.kind.addItem(label, kid)
        self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
        # The kind follows the name (淮安市人民政府 → 县级以上地方人民政府) until the officer picks one.
        self._kind_by_hand = False
        self.kind.activated.connect(self._on_kind_picked)
        self.year = QSpinBox()
        self.year.setRange(earliest_year(), date.today().year + 1)
        self.year.setValue(date.today().year - 1)
        # Two explicit lines, no word wrap: a wrapped label in a form is given one line's height (its
        # height-for-width is not applied to the dialog), which cut the second line off.
        self.edition = QLabel()
        self.from_previous = QCheckBox("从上年度报告开始（文字复制为草稿，“上年结转”取上年“结转下年度”）")
        self.agency_hint = QLabel()
        form.addRow("机关名称(&A)：", self.agency)
        form.addRow("", self.agency_hint)
        form.addRow("机关类型(&K)：", self.kind)
        form.addRow("报告年度(&Y)：", self.year)
        form.addRow("适用格式：", self.edition)
        form.addRow(self.from_previous)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("新建(&N)")
        # The first year with nianbao: last year's report is a Word file, a web page, a PDF… (import review)
        self.from_file = False
        from_file = self.buttons.addButton("从上年报告文件开始(&F)…", QDialogButtonBox.ButtonRole.ActionRole)
        from_file.setToolTip("导入上年度已发布的年报（Word、网页、文本、PDF、Excel），核对后存为上年报告，并据此新建本年度草稿")
        from_file.clicked.connect(self._on_from_file)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.agency.textChanged.connect(self._update)
        self.agency.textEdited.connect(self._infer_kind)
        self.year.valueChanged.connect(self._update)
        self.resize(560, 0)
        self._update()

    def _update(self) -> None:
        template = load_template(edition_for_year(self.year.value()))
        self.edition.setText(f"{template.name}\n{template.document_number}")
        name = self.agency.text().strip()
        available = bool(name) and self._has_previous(name, self.year.value() - 1)
        self.from_previous.setEnabled(available)
        self.from_previous.setChecked(available)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(name))
        self.agency_hint.setText("" if name else NO_AGENCY)

    def _on_kind_picked(self) -> None:
        self._kind_by_hand = True

    def _infer_kind(self, name: str) -> None:
        if not self._kind_by_hand:
            self.kind.setCurrentIndex(max(self.kind.findData(infer_agency_kind(name)), 0))

    def _on_from_file(self) -> None:
        self.from_file = True
        super().accept()

    def accept(self) -> None:
        """Create only with an agency name: the report's title is made from it (Enter must not bypass that)."""
        if not self.agency.text().strip():
            self.agency_hint.setText(NO_AGENCY)
            self.agency.setFocus()
            return
        super().accept()

    def values(self) -> tuple[str, str, int, bool]:
        """(agency, kind, year, start from last year)."""
        return (self.agency.text().strip(), self.kind.currentData(), self.year.value(),
                self.from_previous.isEnabled() and self.from_previous.isChecked())
