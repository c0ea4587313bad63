"""The 尚待分配 line under a balanced table: left side minus right side of its balance rule, per column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.values import Value, as_number

if TYPE_CHECKING:
    from core.template import Rule, TableSpec, Template

LABEL = "尚待分配"
# Fallback when the template has no ``balance`` rule yet: the keys of docs/architecture.md for table 三
# (一 N + 二 B = （七）总计 T + 四 F).
_FALLBACK = {"t3": (("N", "B"), ("T", "F"), "R3.1")}


@dataclass(frozen=True)
class Balance:
    """Rows added and rows subtracted to get what is still to be allocated in a column."""

    plus: tuple[str, ...]
    minus: tuple[str, ...]
    rule: str
    title: str


def _rows(rule: Rule, names: tuple[str, ...]) -> tuple[str, ...]:
    for name in names:
        rows = rule.params.get(name)
        if isinstance(rows, list) and rows:
            return tuple(str(r) for r in rows)
    return ()


def balance_of(template: Template, table: TableSpec) -> Balance | None:
    """The table's balance rule (kind ``balance``) as row lists, or None when it has none."""
    row_ids = {leaf.id for leaf in table.row_leaves()}
    for rule in template.rules:
        if rule.kind != "balance":
            continue
        plus, minus = _rows(rule, ("left", "plus", "lhs")), _rows(rule, ("right", "minus", "rhs"))
        refs = [r.split(".")[-1] if "." in r else r for r in (*plus, *minus)]
        in_table = rule.params.get("table", "t3") == table.id  # as core.checks_tables.check_balance reads it
        if plus and minus and in_table and set(refs) <= row_ids:
            strip = lambda rows: tuple(r.split(".")[-1] for r in rows)  # noqa: E731
            return Balance(strip(plus), strip(minus), rule.id, rule.title)
    fallback = _FALLBACK.get(table.id)
    if fallback and {*fallback[0], *fallback[1]} <= row_ids:
        return Balance(fallback[0], fallback[1], fallback[2], "")
    return None


def remaining(balance: Balance, table: TableSpec, values: dict[str, Value], column: str) -> Value:
    """Left minus right for one column (blank counts as 0); None while the column is wholly blank.

    A green 0 under an empty column would read as "balanced" on a table nobody has filled in.
    """
    if all(values.get(table.key(r, column)) is None for r in (*balance.plus, *balance.minus)):
        return None
    total = sum((as_number(values.get(table.key(r, column))) for r in balance.plus), start=as_number(None))
    total -= sum((as_number(values.get(table.key(r, column))) for r in balance.minus), start=as_number(None))
    return int(total) if total == total.to_integral_value() else total
