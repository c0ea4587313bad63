"""A report: metadata, narrative texts, input cells, explanations and status, keyed by template ids."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from core.template import AGENCY_KINDS, META_FIELDS, edition_for_year, load_template  # noqa: F401 (META_FIELDS re-exported)
from core.values import Value, format_value

if TYPE_CHECKING:
    from core.template import Template

# Metadata fields in display order, with their Chinese labels. Dates are ISO ``YYYY-MM-DD``.

STATUS_DRAFT = "draft"
STATUS_FINAL = "final"

# The report's scope: the agency's own work (本级), or the sum of its units' reports (汇总).
SCOPE_OWN = "own"
SCOPE_AGGREGATE = "aggregate"
SCOPE_LABELS = {SCOPE_OWN: "本级", SCOPE_AGGREGATE: "汇总"}


@dataclass(frozen=True)
class Source:
    """One unit's report summed into a 汇总 report: its agency, file name, the file's SHA-256, its status
    (core.wording.UNIT_STATUS_LABELS) and its input cells as summed (so contributions can be shown later)."""

    agency: str
    file: str
    hash: str
    status: str
    cells: dict[str, Value] = field(default_factory=dict, compare=True, hash=False)


@dataclass
class Report:
    """One agency's report for one year.

    ``cells`` holds input cells only (computed totals are derived, never stored); a key missing
    from ``cells`` is blank. ``carried`` holds totals that came in a file typed elsewhere, to be
    compared with the computed ones. ``invalid`` keeps values from a file that failed
    normalisation, as (raw text, reason), so validation can name them.
    """

    edition: str
    year: int
    meta: dict[str, str] = field(default_factory=dict)
    cells: dict[str, Value] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)
    carried: dict[str, Value] = field(default_factory=dict)
    invalid: dict[str, tuple[str, str]] = field(default_factory=dict)
    status: str = STATUS_DRAFT
    version: int = 1
    content_hash: str = ""
    scope: str = SCOPE_OWN
    sources: list[Source] = field(default_factory=list)

    @classmethod
    def blank(cls, year: int, agency: str = "", agency_kind: str = "department",
              edition: str | None = None) -> Report:
        """A new empty report; the edition follows from the year unless given."""
        if agency_kind not in AGENCY_KINDS:
            raise ValueError(f"机关类型无效：{agency_kind}")
        ed = edition or edition_for_year(year)
        return cls(ed, year, meta={"agency": agency, "agency_kind": agency_kind})

    @property
    def template(self) -> Template:
        """The template of this report's edition."""
        return load_template(self.edition)

    @property
    def agency(self) -> str:
        """The agency's name."""
        return self.meta.get("agency", "")

    @property
    def is_final(self) -> bool:
        """True when this version is finalised (定稿) and read-only."""
        return self.status == STATUS_FINAL

    @property
    def is_aggregate(self) -> bool:
        """True for a 汇总 report (the sum of its units' reports)."""
        return self.scope == SCOPE_AGGREGATE

    @property
    def title(self) -> str:
        """The report's title as printed."""
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def value(self, key: str) -> Value:
        """A cell's value: the stored input, or the computed total."""
        return computed_values(self, self.template).get(key)


def computed_values(report: Report, template: Template) -> dict[str, Value]:
    """Every cell's value: inputs as stored, totals summed (blank only when all terms are blank)."""
    values: dict[str, Value] = {k: report.cells.get(k) for k in template.input_keys()}

    totals = template.totals

    def get(key: str) -> Value:
        if key in values:
            return values[key]
        result: Value = None
        for term in totals[key].terms:  # left to right, as sum() adds (no lists: `check` runs this 10,000 times)
            value = get(term)
            if value is not None:
                result = value if result is None else result + value
        values[key] = result
        return result

    for key in template.totals:
        get(key)
    return {k: values[k] for k in template.cells}


# ---- edits: small frozen dataclasses; applying one returns its inverse ----------------------


@dataclass(frozen=True)
class SetCell:
    """Set an input cell (``None`` clears it)."""

    key: str
    value: Value


@dataclass(frozen=True)
class SetText:
    """Set a narrative text."""

    key: str
    text: str


@dataclass(frozen=True)
class SetMeta:
    """Set a metadata field."""

    key: str
    value: str


@dataclass(frozen=True)
class SetExplanation:
    """Set (or clear, with ``""``) the officer's 说明 for a warning, keyed by the issue's fingerprint."""

    key: str
    text: str


@dataclass(frozen=True)
class SetCarried:
    """Set or drop a total carried in from a file (``present=False`` drops it; a present ``None`` is blank).

    Dropping a carried total that disagrees with the computed one is how the officer settles a
    carried_total error in favour of the items (以分项合计为准).
    """

    key: str
    present: bool
    value: Value = None


@dataclass(frozen=True)
class Batch:
    """Several edits applied together (a paste or a fill), undone together."""

    edits: tuple[Edit, ...]
    label: str = ""


Edit = SetCell | SetText | SetMeta | SetExplanation | SetCarried | Batch


class ReportFileError(ValueError):
    """A report file (JSON or workbook) that cannot be read; the message names the place and the reason."""


class ReadOnlyError(RuntimeError):
    """An edit to a finalised report."""


def apply(report: Report, edit: Edit) -> Edit:
    """Apply an edit in place and return the edit that undoes it."""
    if report.is_final:
        raise ReadOnlyError("本报告已定稿，需先重新打开才能修改")
    if isinstance(edit, Batch):
        inverses = [apply(report, e) for e in edit.edits]
        return Batch(tuple(reversed(inverses)), edit.label)
    if isinstance(edit, SetCell):
        if edit.key not in report.template.cells or report.template.cells[edit.key].computed:
            raise KeyError(f"不能填写单元格 {edit.key}")
        old = report.cells.get(edit.key)
        _put(report.cells, edit.key, edit.value)
        report.invalid.pop(edit.key, None)
        return SetCell(edit.key, old)
    if isinstance(edit, SetText):
        old_text = report.texts.get(edit.key, "")
        _put(report.texts, edit.key, edit.text or None)
        return SetText(edit.key, old_text)
    if isinstance(edit, SetMeta):
        old_meta = report.meta.get(edit.key, "")
        _put(report.meta, edit.key, edit.value or None)
        return SetMeta(edit.key, old_meta)
    if isinstance(edit, SetCarried):
        return _apply_carried(report, edit)
    old_note = report.explanations.get(edit.key, "")
    _put(report.explanations, edit.key, edit.text.strip() or None)
    return SetExplanation(edit.key, old_note)


def _apply_carried(report: Report, edit: SetCarried) -> SetCarried:
    cell = report.template.cells.get(edit.key)
    if cell is None or not cell.computed:
        raise KeyError(f"{edit.key} 不是合计单元格")
    inverse = SetCarried(edit.key, edit.key in report.carried, report.carried.get(edit.key))
    if edit.present:
        report.carried[edit.key] = edit.value  # a present None is a blank the file carried
    else:
        report.carried.pop(edit.key, None)
    return inverse


def _put(target: dict, key: str, value: object) -> None:
    if value is None:
        target.pop(key, None)
    else:
        target[key] = value


# ---- content identity ----------------------------------------------------------------------


def content_dict(report: Report) -> dict:
    """The report's content as plain JSON-ready data (what a finalised version freezes).

    A 汇总 report adds its scope and sources; a 本级 report's content (and so its hash) is as it always was.
    """
    content = {
        "edition": report.edition,
        "year": report.year,
        "meta": dict(sorted(report.meta.items())),
        "cells": {k: format_value(report.cells.get(k)) or None for k in report.template.input_keys()},
        "texts": dict(sorted(report.texts.items())),
        "explanations": dict(sorted(report.explanations.items())),
    }
    if report.scope != SCOPE_OWN:
        content["scope"] = report.scope
        content["sources"] = [source_dict(s) for s in report.sources]
    return content


def source_dict(source: Source) -> dict:
    """A source as JSON-ready data (its blank cells left out, amounts as exact decimal strings)."""
    cells = {k: v if isinstance(v, int) else format_value(v) for k, v in source.cells.items() if v is not None}
    return {"agency": source.agency, "file": source.file, "hash": source.hash, "status": source.status, "cells": cells}


def content_hash(report: Report) -> str:
    """SHA-256 over the canonical JSON of the content (independent of status and version)."""
    data = json.dumps(content_dict(report), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def today_iso() -> str:
    """Today's date as ``YYYY-MM-DD``."""
    return date.today().isoformat()


def wrong_year(report: Report, previous: Report) -> str | None:
    """Why ``previous`` cannot stand for last year's report (Chinese), or None."""
    if previous.year != report.year - 1:
        return f"所给报告为 {previous.year} 年度，不是上一年度（{report.year - 1} 年）"
    return None


def previous_note(report: Report, previous: Report | None) -> str:
    """Which report the cross-year checks used, said so that an approver can tell (or why none)."""
    if previous is None:
        return "无（跨年度检查未运行）"
    problem = wrong_year(report, previous)
    if problem:
        return f"{problem}，跨年度检查未运行"
    if previous.is_final:
        state = f"定稿第 {previous.version} 版，校验码 {previous.content_hash[:12]}"
    else:
        state = f"草稿第 {previous.version} 版，当前内容校验码 {content_hash(previous)[:12]}"
    note = f"{previous.title}（{state}），已用于跨年度比对"
    if previous.agency.strip() != report.agency.strip():
        note += f"；注意：其机关名称与本报告（{report.agency}）不同"
    return note
