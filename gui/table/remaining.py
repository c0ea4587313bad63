"""The 尚待分配 line under a balanced table: left side minus right side of its balance rule, per column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.rule_params import BalanceParams
from core.values import Value, as_number

if TYPE_CHECKING:
    from core.template import TableSpec, Template

LABEL = "尚待分配"


@dataclass(frozen=True)
class Balance:
    """Rows added and rows subtracted to get what is still to be allocated in a column."""

    plus: tuple[str, ...]
    minus: tuple[str, ...]
    rule: str
    title: str


def balance_of(template: Template, table: TableSpec) -> Balance | None:
    """The table's balance rule (kind ``balance``) as row lists, or None when it has none."""
    for rule in template.rules:
        p = rule.params
        if isinstance(p, BalanceParams) and p.table == table.id:
            return Balance(p.left, p.right, rule.id, rule.title)
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
