"""Shared pieces of the check rules: Issue, RuleResult, the check context and number wording.

The rule kinds live in ``tables`` / ``years`` / ``text`` / ``narrative`` beside this module;
``core.checks.validation`` runs them in template order and is the public door.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache, cached_property
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from core.report import computed_values
from core.template import META_FIELDS, TableSpec, TemplateError, ValueKind, editions, load_template
from core.values import MAX_COUNT, Value, ValueRefused, format_value, parse_value

if TYPE_CHECKING:
    from core.report import Report
    from core.template import Cell, Rule, Template

BLANK = "空白"


@cache
def _section_map() -> dict[str, str]:
    """Table id or text key -> section id, over every shipped edition (they agree on ids)."""
    out: dict[str, str] = {}
    for edition in editions():
        for section in load_template(edition).sections:
            for item in section.items:
                out.setdefault(item.id if isinstance(item, TableSpec) else item.key, section.id)
    return out


@dataclass(frozen=True)
class Issue:
    """One finding of a rule: what is wrong, where, and how severe."""

    rule: str
    severity: str
    message: str
    cells: tuple[str, ...] = ()
    field: str | None = None
    span: tuple[int, int] | None = None
    anchor: str = ""

    @property
    def fingerprint(self) -> str:
        """Key of ``report.explanations``: stable while the same problem persists."""
        return f"{self.rule}@{self.anchor}"

    @property
    def section(self) -> str:
        """The section id (``s1``) of the text field where the problem is written, else of the first cell;
        ``meta`` for 基本信息 (an N1 sentence of 一 that disagrees with 表三 belongs to 一)."""
        if self.field and not self.field.startswith("meta."):
            return _section_map().get(self.field, "meta")
        if self.cells:
            return _section_map().get(self.cells[0].split(".", 1)[0], "meta")
        return "meta"


@dataclass(frozen=True)
class RuleResult:
    """The outcome of one template rule, for the check report."""

    rule: Rule
    issues: tuple[Issue, ...]
    compared: tuple[str, ...]
    skipped: str = ""

    @property
    def passed(self) -> bool:
        """True when the rule ran and found nothing."""
        return not self.skipped and not self.issues


class Skip(Exception):
    """Raised by a check that cannot run; ``str(exc)`` is the Chinese reason."""


@dataclass
class Outcome:
    """What a check function hands back: issues and the comparisons it made."""

    issues: list[Issue] = field(default_factory=list)
    compared: list[str] = field(default_factory=list)


def is_number(value: object) -> bool:
    """True for the value types a cell may hold (int, not bool; finite Decimal)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, Decimal) and value.is_finite()


def plainly_fits(value: object, kind: ValueKind) -> bool:
    """True for a blank, or a whole number in range in a whole-number cell: the common case, decided
    without parsing (validation runs on every keystroke, and ``check`` on thousands of files)."""
    return value is None or (type(value) is int and kind.type == "integer" and (kind.min is None or value >= kind.min)
                             and -MAX_COUNT <= value <= MAX_COUNT)


def refusal(value: object, cell: Cell) -> str:
    """Why a stored value does not fit its cell ("" when it fits)."""
    kind = cell.value_kind
    if plainly_fits(value, kind):
        return ""
    if not is_number(value):
        return f"“{value}”不是有效的数值；本栏应填写{kind.label}"
    try:
        parse_value(value, kind)
    except ValueRefused as exc:
        return str(exc)
    return ""


def clean_cells(report: Report, template: Template) -> dict[str, Value]:
    """Input cells with anything that is not a number dropped (it is reported by V1–V3 instead)."""
    cells = report.cells if isinstance(report.cells, dict) else {}
    return {k: v for k in template.input_keys() if type(v := cells.get(k)) is int or is_number(v)}


def all_values(report: Report, template: Template) -> dict[str, Value]:
    """Every cell's value with totals computed from the numeric inputs only."""
    shim: Any = SimpleNamespace(cells=clean_cells(report, template))
    return computed_values(shim, template)


@dataclass
class Context:
    """What every check may read: the report, its template, all values, last year's report, today."""

    report: Report
    template: Template
    previous: Report | None
    today: date

    @cached_property
    def values(self) -> dict[str, Value]:
        """This year's values, totals included."""
        return all_values(self.report, self.template)

    @cached_property
    def prev_values(self) -> dict[str, Value]:
        """Last year's values, totals included (empty without a previous report)."""
        if self.previous is None:
            return {}
        try:
            return all_values(self.previous, self.previous.template)
        except (TemplateError, KeyError):
            return {}

    @cached_property
    def unusable(self) -> frozenset[str]:
        """Input cells whose value cannot be used: refused in a file (``report.invalid``) or not fitting.

        V1–V3 report each of them as an error; arithmetic on them (R3.1, carried totals, X1–X4) would
        compare a number the officer never gave, so those checks leave the affected comparison out.
        """
        invalid = self.report.invalid if isinstance(self.report.invalid, dict) else {}
        cells = self.report.cells if isinstance(self.report.cells, dict) else {}
        return frozenset(k for k, c in self.template.cells.items() if not c.computed
                         and (k in invalid or (not plainly_fits(v := cells.get(k), c.value_kind) and refusal(v, c))))

    def unusable_in(self, *keys: str) -> tuple[str, ...]:
        """The unusable input cells the values of ``keys`` rest on (a total rests on its terms)."""
        if not self.unusable:
            return ()
        found: dict[str, None] = {}
        stack, seen = list(keys), set()
        while stack:
            key = stack.pop(0)
            if key in seen:
                continue
            seen.add(key)
            if key in self.unusable:
                found[key] = None
            total = self.template.totals.get(key)
            if total is not None:
                stack.extend(total.terms)
        return tuple(found)

    def unusable_note(self, keys: tuple[str, ...]) -> str:
        """Chinese words naming unusable cells, e.g. ``一、本年新收…（自然人）的取值无效``."""
        first = self.template.cell_label(keys[0])
        more = f"等 {len(keys)} 个单元格" if len(keys) > 1 else ""
        return f"{first}{more}的取值无效"

    def text(self, key: str) -> str:
        """A narrative text ("" when missing or not a string)."""
        value = self.report.texts.get(key, "") if isinstance(self.report.texts, dict) else ""
        return value if isinstance(value, str) else ""

    def meta(self, key: str) -> str:
        """A metadata field ("" when missing)."""
        value = self.report.meta.get(key, "") if isinstance(self.report.meta, dict) else ""
        return value if isinstance(value, str) else ""

    def field_label(self, key: str) -> str:
        """Chinese name of a text field (its section title) or a ``meta.`` field."""
        if key.startswith("meta."):
            return META_FIELDS.get(key[5:], key[5:])
        try:
            return self.template.section_of(key).title
        except KeyError:
            return key


def num(value: Value) -> Decimal | int:
    """A value for arithmetic: blank counts as 0."""
    return 0 if value is None else value


def show(value: object) -> str:
    """A value as printed in a message (``空白`` for blank)."""
    if value is None:
        return BLANK
    if isinstance(value, Decimal):
        return format_value(value.normalize() if value == value.to_integral() else value)
    return format_value(value) if isinstance(value, int) else str(value)


def diff(a: Value, b: Value) -> str:
    """The absolute difference of two values, blank counted as 0."""
    return show(abs(num(a) - num(b)))


def say(rule: Rule, text: str | None = None, **params: object) -> str:
    """Fill the rule's Chinese message, or ``text`` (an alternative message of its params)."""
    return (rule.message if text is None else text).format(**params)


def make_issue(rule: Rule, message: str, *, cells: tuple[str, ...] = (), field: str | None = None,
               span: tuple[int, int] | None = None, anchor: str = "") -> Issue:
    """An Issue of this rule with the rule's severity."""
    return Issue(rule.id, rule.severity, message, cells, field, span, anchor)
