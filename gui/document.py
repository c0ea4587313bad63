"""ReportDocument: the one door through which every change to the open report passes."""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from core.checks.validation import Issue, finalise_blockers, is_explained, is_open, validate
from core.finalise import finalised
from core.report import (
    STATUS_DRAFT,
    Batch,
    Edit,
    ReadOnlyError,
    Report,
    SetCarried,
    SetCell,
    SetExplanation,
    SetMeta,
    SetText,
    apply,
    computed_values,
)
from core.values import Value, ValueRefused, parse_value
from gui.edit_command import EditCommand, GuardedUndoStack

if TYPE_CHECKING:
    from core.store.storage import Store
    from core.template import Template


class ReportDocument(QObject):
    """Owns the report, its store row, the undo stack and the current issues; emits what changed."""

    cellsChanged = Signal(list)
    textChanged = Signal(str)
    metaChanged = Signal(str)
    issuesChanged = Signal()
    statusChanged = Signal()
    refused = Signal(str, str)  # cell key, Chinese reason
    failed = Signal(str)  # Chinese message: the edit was not saved
    replayed = Signal(object, str)  # an edit undone or redone, and what to say ("已撤销：填写 ……")

    def __init__(self, report: Report, *, store: Store | None = None, report_id: int | None = None,
                 previous: Report | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.store = store
        self.report_id = report_id
        self.previous = previous
        self.undo_stack = GuardedUndoStack(self)
        self.last_saved: datetime | None = None
        self.values: dict[str, Value] = {}
        self.previous_values: dict[str, Value] = {}
        self.issues: list[Issue] = []
        self._by_cell: dict[str, list[Issue]] = {}
        self._by_field: dict[str, list[Issue]] = {}
        self._recompute_all()

    # ---- reading -------------------------------------------------------------------------

    @property
    def template(self) -> Template:
        """The template of the report's edition."""
        return self.report.template

    @property
    def read_only(self) -> bool:
        """True while the report is finalised, or while its database file cannot be written."""
        return self.report.is_final or (self.store is not None and self.store.read_only)

    def value(self, key: str) -> Value:
        """A cell's current value (inputs and computed totals)."""
        return self.values.get(key)

    def previous_value(self, key: str) -> Value:
        """Last year's value of the same cell (None when there is no previous report)."""
        return self.previous_values.get(key)

    def issues_for_cell(self, key: str) -> list[Issue]:
        """Issues that name a cell."""
        return self._by_cell.get(key, [])

    def issues_for_field(self, field: str) -> list[Issue]:
        """Issues of a text field (``overview``) or a metadata field (``meta.agency``)."""
        return self._by_field.get(field, [])

    def is_explained(self, issue: Issue) -> bool:
        """True for an issue with a non-empty 说明 (core.checks.validation.is_explained)."""
        return is_explained(self.report, issue)

    def open_issues(self) -> list[Issue]:
        """Errors and unexplained warnings (core.checks.validation.is_open)."""
        return [i for i in self.issues if is_open(self.report, i)]

    def counts(self, section: str | None = None) -> tuple[int, int]:
        """(errors, unexplained warnings), for one section or the whole report."""
        errors = warnings = 0
        for issue in self.open_issues():
            if section is None or issue.section == section:
                errors += issue.severity == "error"
                warnings += issue.severity == "warning"
        return errors, warnings

    def blockers(self) -> list[str]:
        """What keeps this report from being finalised, in Chinese (empty when it can be)."""
        return finalise_blockers(self.report, self.issues)

    # ---- changing ------------------------------------------------------------------------

    def set_cell_text(self, key: str, raw: object) -> bool:
        """Parse what the officer typed into a cell and apply it; refused input keeps the old value."""
        try:
            value = parse_value(raw, self.template.cells[key].value_kind)
        except ValueRefused as exc:
            self.refused.emit(key, str(exc))
            return False
        if value == self.report.cells.get(key) and type(value) is type(self.report.cells.get(key)):
            return True
        return self.apply(SetCell(key, value), f"填写 {self.template.cell_label(key)}")

    def apply(self, edit: Edit, label: str = "") -> bool:
        """Apply an edit: commit it to the store, then update views. Cell edits go on the undo stack."""
        inverse = self.commit(edit)
        if inverse is None:
            return False
        if isinstance(edit, (SetCell, SetCarried, Batch)):
            text = label or getattr(edit, "label", "") or "修改"
            self.undo_stack.push(EditCommand(edit, inverse, text, commit=self.commit, announce=self.replayed.emit))
        return True

    def commit(self, edit: Edit) -> Edit | None:
        """Apply and store one edit, returning its inverse; None (and ``failed``) when it could not be saved."""
        try:
            if self.store is not None and self.report_id is not None:
                inverse = self.store.apply(self.report_id, self.report, edit)
            else:
                inverse = apply(self.report, edit)
        except ReadOnlyError as exc:
            self.failed.emit(str(exc))
            return None
        except Exception as exc:  # the store reports disk/database problems; nothing must be lost silently
            self.failed.emit(f"保存失败，本次修改未生效：{exc}")
            return None
        self.last_saved = datetime.now()
        self._after_edit(edit)
        return inverse

    def fill_blanks(self, *table_ids: str) -> int:
        """Fill every blank input cell of the tables with 0 in one undo step; returns how many were filled."""
        tables = [self.template.tables[t] for t in table_ids]
        edits = tuple(SetCell(c.key, parse_value("0", c.value_kind)) for table in tables for c in table.cells
                      if not c.computed and self.report.cells.get(c.key) is None)
        if edits:
            self.apply(Batch(edits, f"{'、'.join(t.title for t in tables)}：空白填 0"))
        return len(edits)

    def carried_key(self, issue: Issue) -> str | None:
        """The total a carried_total issue is about, while the report still carries a value for it."""
        kinds = {rule.id: rule.kind for rule in self.template.rules}
        if kinds.get(issue.rule) != "carried_total" or issue.anchor not in self.report.carried:
            return None
        return issue.anchor

    def accept_computed(self, issues: list[Issue]) -> int:
        """Drop the carried totals of these issues (以分项合计为准) in one undo step; returns how many."""
        keys = list(dict.fromkeys(k for k in map(self.carried_key, issues) if k is not None))
        if not keys:
            return 0
        label = "以分项合计为准" if len(keys) == 1 else f"全部以分项合计为准（{len(keys)} 项）"
        edits = tuple(SetCarried(k, False) for k in keys)
        return len(keys) if self.apply(edits[0] if len(edits) == 1 else Batch(edits, label), label) else 0

    def explain(self, fingerprint: str, text: str) -> bool:
        """Give a warning its 说明."""
        return self.apply(SetExplanation(fingerprint, text))

    def finalise(self) -> list[str]:
        """Freeze this version (定稿); returns the blockers instead when it is not allowed yet."""
        blockers = self.blockers()
        if blockers:
            return blockers
        try:
            if self.store is not None and self.report_id is not None:
                report = self.store.finalise(self.report_id, self.report)
            else:
                report = finalised(self.report)
        except Exception as exc:
            self.failed.emit(f"定稿失败：{exc}")
            return [str(exc)]
        self._replace(report)
        return []

    def reopen(self, reason: str) -> bool:
        """Start the next version of a finalised report, recording the reason."""
        try:
            if self.store is not None and self.report_id is not None:
                report = self.store.reopen(self.report_id, reason)
            else:
                report = replace(copy.deepcopy(self.report), status=STATUS_DRAFT,
                                 version=self.report.version + 1, content_hash="")
        except Exception as exc:
            self.failed.emit(f"重新打开失败：{exc}")
            return False
        self._replace(report)
        return True

    # ---- internals -----------------------------------------------------------------------

    def _replace(self, report: Report) -> None:
        self.report = report
        self.undo_stack.clear()
        self._recompute_all()
        self.cellsChanged.emit(list(self.values))
        for key in self.template.texts:
            self.textChanged.emit(key)
        self.issuesChanged.emit()
        self.statusChanged.emit()

    def _recompute_all(self) -> None:
        self.values = computed_values(self.report, self.template)
        if self.previous is not None and self.previous.edition == self.report.edition:
            self.previous_values = computed_values(self.previous, self.previous.template)
        else:
            self.previous_values = {}
        self._set_issues(validate(self.report, previous=self.previous))

    def _after_edit(self, edit: Edit) -> None:
        if isinstance(edit, (SetCell, SetCarried, Batch)):
            old = self.values
            self.values = computed_values(self.report, self.template)
            changed = [k for k, v in self.values.items() if old.get(k) != v or type(old.get(k)) is not type(v)]
            # A dropped carried total keeps its value, but its tooltip and colour change.
            changed += [k for k in _cell_keys(edit) + _keys(edit, SetCarried) if k not in changed]
            self.cellsChanged.emit(changed)
        for key in _keys(edit, SetText):
            self.textChanged.emit(key)
        for key in _keys(edit, SetMeta):
            self.metaChanged.emit(key)
        issues = validate(self.report, previous=self.previous)
        explanation = bool(_keys(edit, SetExplanation))
        if issues != self.issues or explanation:
            self._set_issues(issues)
            self.issuesChanged.emit()
        self.statusChanged.emit()

    def _set_issues(self, issues: list[Issue]) -> None:
        self.issues = issues
        by_cell: dict[str, list[Issue]] = defaultdict(list)
        by_field: dict[str, list[Issue]] = defaultdict(list)
        for issue in issues:
            for key in issue.cells:
                by_cell[key].append(issue)
            if issue.field:
                by_field[issue.field].append(issue)
        self._by_cell, self._by_field = dict(by_cell), dict(by_field)


def _keys(edit: Edit, kind: type) -> list[str]:
    if isinstance(edit, Batch):
        return [k for e in edit.edits for k in _keys(e, kind)]
    return [edit.key] if isinstance(edit, kind) else []


def _cell_keys(edit: Edit) -> list[str]:
    return _keys(edit, SetCell)
