"""The state of an import review: the report read, the cells still uncertain or missing, the officer's choices."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QBrush, QColor

from core.importers.recognise import recognise
from core.importers.result import ImportResult, with_uncertain_marked
from core.report import Report, SetCarried, SetCell, SetMeta
from core.template import load_template
from core.values import Value, format_value
from gui.document import ReportDocument
from gui.table.count_table_model import COMPUTED_BG, CountTableModel

UNCERTAIN_BG = QColor("#ffc46b")  # orange: pick a candidate
CHOSEN_BG = QColor("#cdeccb")  # green: picked from the candidates by the officer
MISSING_BG = QColor("#e4d4f4")  # lavender: not found in the source, stays blank
REVIEW_HINT = "导入核对时不能直接填写：待核实的单元格请在下方选择候选数值，其余请保存后在年报中修改"


class ReviewDocument(ReportDocument):
    """The imported report in memory: read-only to the table views; candidates are applied by the review."""

    @property
    def read_only(self) -> bool:
        """Always: nothing is typed during the review."""
        return True


class ImportReview(QObject):
    """An ImportResult under review; ``reset`` fires when the report is read again (another edition)."""

    reset = Signal()
    chosen = Signal(str)  # the cell key a candidate was chosen for

    def __init__(self, result: ImportResult, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._load(result)

    def _load(self, result: ImportResult) -> None:
        self.result = result
        self.document = ReviewDocument(result.report, parent=self)
        self.uncertain: dict[str, list[Value]] = dict(result.uncertain)
        self.missing: set[str] = set(result.missing)
        self.picked: dict[str, Value] = {}

    # ---- reading -------------------------------------------------------------------------

    @property
    def report(self) -> Report:
        """The report as reviewed so far."""
        return self.document.report

    def open_keys(self) -> list[str]:
        """Cells still uncertain, in the template's order."""
        return [k for k in self.report.template.cells if k in self.uncertain]

    def candidates(self, key: str) -> list[Value]:
        """The candidates of a cell still uncertain (empty otherwise)."""
        return list(self.uncertain.get(key, []))

    def cell_state(self, key: str) -> str:
        """``uncertain`` / ``chosen`` / ``missing`` / ``""``."""
        if key in self.uncertain:
            return "uncertain"
        if key in self.picked:
            return "chosen"
        return "missing" if key in self.missing else ""

    def problem(self) -> str:
        """Why the report cannot be saved as it is ("" when it can)."""
        report = self.report
        if not report.agency.strip():
            return "请填写机关名称"
        template = report.template
        if report.year < template.first_year or (template.last_year is not None and report.year > template.last_year):
            return (f"{report.year} 年度不适用“{template.name}”：请核对年度，"
                    "或改选表格格式（将按所选格式重新读取原文）")
        return ""

    # ---- changing ------------------------------------------------------------------------

    def choose(self, key: str, value: Value) -> None:
        """Set an uncertain cell to one of its candidates (a total is kept as the printed total)."""
        if value not in self.uncertain.get(key, []):
            raise ValueError(f"{key} 没有候选数值 {format_value(value)}")
        cell = self.report.template.cells[key]
        edit = SetCarried(key, True, value) if cell.computed else SetCell(key, value)
        if self.document.commit(edit) is None:
            return
        self.uncertain.pop(key)
        self.picked[key] = value
        self.chosen.emit(key)

    def set_meta(self, key: str, value: str) -> None:
        """Set the agency or its kind."""
        self.document.commit(SetMeta(key, value.strip()))

    def set_year(self, year: int) -> None:
        """Set the report year (the tables stay as read)."""
        self.report.year = year
        self.document.issuesChanged.emit()

    def set_edition(self, edition: str) -> None:
        """Read the source again as another edition (choices made so far are dropped: other cells)."""
        if edition == self.report.edition:
            return
        doc = self.result.document
        if doc is None:
            raise ValueError("本程序的年报文件按原样读取，不能改选表格格式")
        meta, year = dict(self.report.meta), self.report.year
        again = recognise(doc, edition)
        again.report.meta.update(meta)
        again.report.year = year
        again.notes.insert(0, f"已按所选的“{load_template(edition).name}”重新读取原文")
        self._load(again)
        self.reset.emit()

    def report_to_save(self) -> Report:
        """The reviewed report; cells still uncertain stay blank and are named for the checks."""
        return with_uncertain_marked(self.report, self.uncertain)


class ImportTableModel(CountTableModel):
    """One official table of the report under review: read-only, coloured by what the import knows."""

    def __init__(self, review: ImportReview, table: Any, parent: Any = None) -> None:
        super().__init__(review.document, table, parent)
        self.review = review
        review.chosen.connect(self._on_chosen)

    def _background(self, key: str, kind: str) -> QBrush | None:
        state = self.review.cell_state(key)
        color = {"uncertain": UNCERTAIN_BG, "chosen": CHOSEN_BG, "missing": MISSING_BG}.get(state)
        if color is not None:
            return QBrush(color)
        return QBrush(COMPUTED_BG) if kind == "computed" else None

    def _tooltip(self, key: str, kind: str) -> str:
        lines = [self.document.template.cell_label(key)]
        state = self.review.cell_state(key)
        if state == "uncertain":
            shown = "、".join(format_value(v) or "空白" for v in self.review.candidates(key)) or "无法判断"
            lines.append(f"待核实：原文数字无法唯一确定，可能为 {shown}；未选择前保持空白")
        elif state == "chosen":
            lines.append(f"已从候选数值中选定 {format_value(self.review.picked[key])}")
        elif state == "missing":
            lines.append("原文中未找到，保持空白")
        elif kind == "computed":
            lines.append("合计（原文印出的合计与分项不符时按原文保留，保存后校验会列出）")
        return "\n".join(lines)

    def _on_chosen(self, key: str) -> None:
        if key.startswith(f"{self.table.id}."):
            self._cells_changed({key}, [])
