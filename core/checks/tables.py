"""Rule kinds on the tables of one report: values (V1–V3), blanks (V4), magnitude (V5), R3.1, carried totals."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from core.checks.base import Context, Outcome, diff, is_number, make_issue, num, plainly_fits, refusal, say, show

if TYPE_CHECKING:
    from core.rule_params import (
        BalanceParams,
        BlankParams,
        CarriedTotalParams,
        DecimalsParams,
        MagnitudeParams,
        ValueParams,
    )
    from core.template import Rule, TableSpec
    from core.values import Value


def check_value(rule: Rule[ValueParams], ctx: Context) -> Outcome:
    """V1–V3: values that failed normalisation (``report.invalid``) or do not fit their cell."""
    kinds = set(rule.params.value_kinds)
    out = Outcome()
    cells = ctx.report.cells if isinstance(ctx.report.cells, dict) else {}
    invalid = ctx.report.invalid if isinstance(ctx.report.invalid, dict) else {}
    checked = 0
    for key, cell in ctx.template.cells.items():
        if cell.value_kind.id not in kinds:
            continue
        checked += 1
        reason = ""
        if key in invalid:
            raw, why = _pair(invalid[key])
            reason = why or f"“{raw}”无法识别"
        elif not cell.computed and not plainly_fits(value := cells.get(key), cell.value_kind):
            reason = refusal(value, cell)
        if reason:
            label = ctx.template.cell_label(key)
            out.issues.append(make_issue(rule, say(rule, cell=label, reason=reason), cells=(key,), anchor=key))
    out.compared.append(f"检查 {checked} 个单元格，{len(out.issues)} 个取值无效")
    return out


def _pair(entry: object) -> tuple[str, str]:
    if isinstance(entry, (tuple, list)) and len(entry) == 2:
        return str(entry[0]), str(entry[1])
    return str(entry), ""


def _table_name(ctx: Context, table: TableSpec) -> str:
    section = ctx.template.section_of(table.id)
    if len(section.tables) == 1:
        return f"表{section.number}"
    return f"表{section.number}“{table.title}”"


def check_blank(rule: Rule[BlankParams], ctx: Context) -> Outcome:
    """V4: one grouped warning per table counting its blank input cells."""
    out = Outcome()
    cells = ctx.report.cells if isinstance(ctx.report.cells, dict) else {}
    invalid = ctx.report.invalid if isinstance(ctx.report.invalid, dict) else {}
    full = checked = 0
    for table in ctx.template.tables.values():
        inputs = [c.key for c in table.cells if not c.computed]
        blank = tuple(k for k in inputs if cells.get(k) is None and k not in invalid)
        name = _table_name(ctx, table)
        checked += len(inputs)
        if blank:
            out.compared.append(f"{name}：{len(inputs)} 个填报格中空白 {len(blank)} 个")
            message = say(rule, table=name, count=len(blank))
            out.issues.append(make_issue(rule, message, cells=blank, anchor=table.id))
        else:
            full += 1
    if full == len(ctx.template.tables):
        out.compared.append(f"各表 {checked} 个填报格均已填写")
    elif full:
        out.compared.append(f"其余 {full} 张表均已填满")
    return out


def check_magnitude(rule: Rule[MagnitudeParams], ctx: Context) -> Outcome:
    """V5: an amount in 万元 so large it was probably typed in 元."""
    threshold = rule.params.threshold
    out = Outcome()
    for key in rule.cells:
        value = ctx.values.get(key)
        label = ctx.template.cell_label(key)
        out.compared.append(f"{label}：{show(value)}（提示阈值 {show(threshold)}）")
        if value is not None and value >= threshold:
            message = say(rule, cell=label, value=show(value), threshold=show(threshold))
            out.issues.append(make_issue(rule, message, cells=(key,), anchor=key))
    return out


def check_decimals(rule: Rule[DecimalsParams], ctx: Context) -> Outcome:
    """V6: an amount in 元 with digits past the fen: probably typed in 万元."""
    most = rule.params.max_decimals
    out = Outcome()
    for key in rule.cells:
        value = ctx.values.get(key)
        label = ctx.template.cell_label(key)
        places = _decimals(value)
        out.compared.append(f"{label}：{show(value)}（{places} 位小数，提示阈值 {most} 位）")
        if places > most:
            message = say(rule, cell=label, value=show(value), decimals=places)
            out.issues.append(make_issue(rule, message, cells=(key,), anchor=key))
    return out


def _decimals(value: object) -> int:
    """Digits after the point of a stored amount, trailing zeros included (2059.2090 has 4)."""
    if not isinstance(value, Decimal) or not value.is_finite():
        return 0
    exponent = value.as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0


def check_balance(rule: Rule[BalanceParams], ctx: Context) -> Outcome:
    """R3.1: per column, 一 + 二 = （七）总计 + 四."""
    table = ctx.template.tables[rule.params.table]
    (n_row, b_row), (t_row, f_row) = rule.params.left, rule.params.right
    out = Outcome()
    for column in table.column_leaves():
        keys = tuple(table.key(r, column.id) for r in (n_row, b_row, t_row, f_row))
        bad = ctx.unusable_in(*keys)
        if bad:
            out.compared.append(f"{column.label}：{ctx.unusable_note(bad)}，本列无法核对")
            continue
        n, b, t, f = (ctx.values.get(k) for k in keys)
        left, right = num(n) + num(b), num(t) + num(f)
        sign = "=" if left == right else "≠"
        out.compared.append(f"{column.label}：{show(num(n))} + {show(num(b))} {sign} {show(num(t))} + {show(num(f))}")
        if left != right:
            message = say(rule, column=column.label, n=show(num(n)), b=show(num(b)), t=show(num(t)),
                          f=show(num(f)), left=show(left), right=show(right), diff=diff(left, right))
            out.issues.append(make_issue(rule, message, cells=keys, anchor=column.id))
    return out


def check_carried_total(rule: Rule[CarriedTotalParams], ctx: Context) -> Outcome:
    """R3.2/R3.3/R4.1: a total that came in a file must equal the one computed from its terms."""
    carried = ctx.report.carried if isinstance(ctx.report.carried, dict) else {}
    out = Outcome()
    count = 0
    for key, total in ctx.template.totals.items():
        if total.rule != rule.id or key not in carried:
            continue
        count += 1
        had: Value | str = carried[key]  # a non-finite Decimal becomes its text below
        computed = ctx.values.get(key)
        if had is not None and not is_number(had):
            had = str(had)
        label = ctx.template.cell_label(key)
        bad = ctx.unusable_in(*total.terms)
        if bad:  # a total computed without the refused cell would be a made-up number: say it cannot be checked
            message = say(rule, rule.params.message_unusable, cell=label, carried=show(had), bad=ctx.unusable_note(bad),
                          computed="", diff="")
            out.compared.append(f"{label}：文件中为{_shown(had)}，{ctx.unusable_note(bad)}，无法按分项计算合计")
            out.issues.append(make_issue(rule, message, cells=(key, *bad), anchor=key))
            continue
        if _same(had, computed):
            continue
        out.compared.append(f"{label}：文件中为{_shown(had)}，按分项计算为{_shown(computed)}")
        out.issues.append(make_issue(rule, _total_message(rule, label, had, computed), cells=(key, *total.terms),
                                     anchor=key))
    if count:  # nothing carried (no file imported, or none with totals): nothing to say
        out.compared.append(f"核对文件带入的合计 {count} 个，不一致 {len(out.issues)} 个")
    return out


def _shown(value: object) -> str:
    """A carried or computed total inside a sentence: a number with a space before it, words without."""
    if isinstance(value, (int, Decimal)):
        return f" {show(value)}"
    return "空白" if value is None else f"“{value}”"


def _total_message(rule: Rule[CarriedTotalParams], label: str, had: object, computed: Value) -> str:
    """The carried-total finding; a blank or non-numeric side gets its own wording, never "应为 空白"."""
    if isinstance(had, (int, Decimal)) and computed is not None:
        return say(rule, cell=label, carried=show(had), computed=show(computed), diff=diff(had, computed))
    text = rule.params.message_items_blank if computed is None else rule.params.message_blank
    return say(rule, text, cell=label, carried=_shown(had), computed=show(computed), diff="")


def _same(had: object, computed: object) -> bool:
    if had is None or computed is None:
        return had is None and computed is None
    return isinstance(had, (int, Decimal)) and had == computed
