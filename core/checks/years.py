"""Rule kinds comparing a report with the same agency's previous one (X1–X6), and the deadline (D1)."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from core.checks.base import Context, Outcome, Skip, diff, make_issue, num, say, show
from core.checks.text import reused_sentences
from core.report import wrong_year
from core.template import AGENCY_KINDS, DEFAULT_AGENCY_KIND

if TYPE_CHECKING:
    from core.rule_params import (
        CarryParams,
        DeadlineParams,
        IdenticalParams,
        ItemStockParams,
        JumpParams,
        StockParams,
        TextReuseParams,
    )
    from core.template import Rule
    from core.values import Value

NO_PREVIOUS = "无上年度报告"


def _previous(ctx: Context) -> dict[str, Value]:
    """Last year's values, or Skip when there is no usable previous-year report."""
    prev = ctx.previous
    if prev is None:
        raise Skip(NO_PREVIOUS)
    problem = wrong_year(ctx.report, prev)
    if problem:
        raise Skip(problem)
    return ctx.prev_values


def _expect(rule: Rule, ctx: Context, out: Outcome, key: str, expected: Value, short: str = "",
            terms: tuple[str, ...] = (), **extra: str) -> None:
    """Record one comparison and, when it fails, an issue anchored on the cell."""
    actual = ctx.values.get(key)
    label = ctx.template.cell_label(key)
    bad = ctx.unusable_in(key, *terms)
    if bad:
        out.compared.append(f"{short or label}：{ctx.unusable_note(bad)}，无法核对")
        return
    same = num(actual) == num(expected)
    out.compared.append(f"{short or label}：{show(num(actual))} {'=' if same else '≠'} {show(num(expected))}")
    if not same:
        message = say(rule, cell=label, expected=show(num(expected)), actual=show(num(actual)),
                      diff=diff(actual, expected), **extra)
        out.issues.append(make_issue(rule, message, cells=(key,), anchor=key))


def check_carry(rule: Rule[CarryParams], ctx: Context) -> Outcome:
    """X1: 二、上年结转[c] = last year's 四、结转下年度继续办理[c], every column."""
    prev = _previous(ctx)
    columns = ctx.template.tables[rule.params.table].column_leaves()
    out = Outcome()
    for column, (key, prev_key) in zip(columns, rule.params.pairs(ctx.template.tables), strict=True):
        if prev_key in prev:
            _expect(rule, ctx, out, key, prev[prev_key], column.label)
    return out


def check_stock(rule: Rule[StockParams], ctx: Context) -> Outcome:
    """X2: 现行有效 = last year's 现行有效 + 本年制发 − 本年废止 (2021 edition on both sides)."""
    prev = _previous(ctx)
    p = rule.params
    table = ctx.template.tables[p.table]
    out = Outcome()
    for row in p.rows:
        stock, added, removed = (table.key(row, c) for c in (p.stock, p.added, p.removed))
        if stock not in prev:
            raise Skip(f"上年度报告为 {ctx.previous.edition if ctx.previous else ''} 版格式，没有“现行有效件数”")
        v = ctx.values
        expected = num(prev[stock]) + num(v.get(added)) - num(v.get(removed))
        _expect(rule, ctx, out, stock, expected, terms=(added, removed), prev=show(num(prev[stock])),
                added=show(num(v.get(added))), removed=show(num(v.get(removed))))
    return out


def check_item_stock(rule: Rule[ItemStockParams], ctx: Context) -> Outcome:
    """X3: 上一年项目数量 = last year's 上一年项目数量 + last year's 本年增/减 (2019 edition)."""
    prev = _previous(ctx)
    stock_col, change_col = rule.params.stock, rule.params.change
    out = Outcome()
    for row in rule.params.rows:
        stock, change = f"{row}.{stock_col}", f"{row}.{change_col}"
        if stock not in prev or change not in prev:
            raise Skip(f"上年度报告为 {ctx.previous.edition if ctx.previous else ''} 版格式，没有“上一年项目数量”")
        expected = num(prev[stock]) + num(prev[change])
        _expect(rule, ctx, out, stock, expected, prev=show(num(prev[stock])), change=show(num(prev[change])))
    return out


def _jump(actual: Value, prev: Value, p: JumpParams) -> str:
    """How a key figure jumped against last year ("" when unremarkable)."""
    if actual is None or prev is None:
        return ""
    factor, zero_from, floor = p.factor, p.zero_from, p.min_larger
    if actual == 0:
        return f"由 {show(prev)} 降为 0" if prev >= zero_from else ""
    if prev <= 0 or max(actual, prev) < floor:
        return ""
    ratio = Decimal(actual) / Decimal(prev)
    if ratio >= factor:
        return f"增至上年的 {ratio:.1f} 倍"
    if ratio * factor <= 1:
        return f"降至上年的 {ratio * 100:.0f}%"
    return ""


def check_jump(rule: Rule[JumpParams], ctx: Context) -> Outcome:
    """X4: a key total ×5, ÷5 or down to 0 from ≥ 20 against last year."""
    prev = _previous(ctx)
    out = Outcome()
    for key in rule.cells:
        if key not in prev or key not in ctx.values:
            continue
        actual, before = ctx.values[key], prev[key]
        label = ctx.template.cell_label(key)
        bad = ctx.unusable_in(key)
        if bad:
            out.compared.append(f"{label}：{ctx.unusable_note(bad)}，无法与上年比较")
            continue
        out.compared.append(f"{label}：本年 {show(actual)}，上年 {show(before)}")
        change = _jump(actual, before, rule.params)
        if change:
            message = say(rule, cell=label, actual=show(actual), prev=show(before), change=change)
            out.issues.append(make_issue(rule, message, cells=(key,), anchor=key))
    return out


def check_identical(rule: Rule[IdenticalParams], ctx: Context) -> Outcome:
    """X5: every number the two reports share is identical (and not all zero)."""
    prev = _previous(ctx)
    prev_inputs = set(ctx.previous.template.input_keys()) if ctx.previous else set()
    common = [k for k in ctx.template.input_keys() if k in prev_inputs]
    same = sum(1 for k in common if ctx.values.get(k) == prev.get(k))
    nonzero = tuple(k for k in common if num(ctx.values.get(k)) != 0)
    out = Outcome(compared=[f"共同单元格 {len(common)} 个，与上年相同 {same} 个"])
    if common and same == len(common) and nonzero:
        out.issues.append(make_issue(rule, say(rule, count=len(common)), cells=nonzero, anchor="all"))
    return out


def check_text_reuse(rule: Rule[TextReuseParams], ctx: Context) -> Outcome:
    """X6: more than half of the sentences of 一 or 五 copied from last year's report."""
    _previous(ctx)  # Skip without a usable previous-year report
    previous_texts = ctx.previous.texts if ctx.previous is not None else {}
    share, shortest = rule.params.share, rule.params.min_sentence_chars
    out = Outcome()
    for key in rule.fields:
        old = previous_texts.get(key, "") if isinstance(previous_texts, dict) else ""
        total, reused = reused_sentences(ctx.text(key), old if isinstance(old, str) else "", shortest)
        label = ctx.field_label(key)
        percent = round(100 * len(reused) / total) if total else 0
        out.compared.append(f"{label}：{total} 句中 {len(reused)} 句与上年相同（{percent}%）")
        if total and len(reused) / total > share:
            message = say(rule, field=label, total=total, same=len(reused), percent=percent)
            out.issues.append(make_issue(rule, message, field=key, span=reused[0], anchor=key))
    return out


def _deadline(rule: Rule[DeadlineParams], ctx: Context) -> tuple[date, str, str]:
    """The deadline, the agency kind as named in the message, and a note on other deadlines of that kind."""
    kind = ctx.meta("agency_kind")
    if kind not in AGENCY_KINDS:
        kind = DEFAULT_AGENCY_KIND
    month, day = rule.params.deadlines[kind]
    year = ctx.report.year + 1
    when = date(year, month, min(day, calendar.monthrange(year, month)[1]))
    return when, AGENCY_KINDS[kind], rule.params.notes.get(kind, "")


def check_deadline(rule: Rule[DeadlineParams], ctx: Context) -> Outcome:
    """D1: publication deadline by agency kind: a countdown, a late 公开日期, and quiet once long past.

    A report whose deadline passed more than ``recent_days`` ago, or that is older than last year's
    (one typed in afterwards for the record), gets no countdown: the check report states the deadline.
    """
    deadline, kind, note = _deadline(rule, ctx)
    shown = f"{deadline.year}年{deadline.month}月{deadline.day}日"
    out = Outcome()
    raw = ctx.meta("publish_date").strip()
    try:
        published = date.fromisoformat(raw) if raw else None
    except ValueError:
        published = None  # T6 names a malformed date
    if published is not None:
        late = (published - deadline).days
        wording = None if late > 0 else rule.params.message_ontime
        text = say(rule, wording, date=raw, kind=kind, deadline=shown, days=late, note=note)
        out.compared.append(text)
        if late > 0:
            out.issues.append(make_issue(rule, text, field="meta.publish_date", anchor="publish_date"))
        return out
    left = (deadline - ctx.today).days
    recent = rule.params.recent_days
    if -left > recent or ctx.report.year < ctx.today.year - 1:
        # not "通过": nothing was compared; the check report says plainly why
        raise Skip(say(rule, rule.params.message_past, kind=kind, deadline=shown, days=-left, note=note))
    wording = rule.params.message_countdown if left >= 0 else rule.params.message_overdue
    text = say(rule, wording, kind=kind, deadline=shown, days=abs(left), note=note)
    out.compared.append(text)
    out.issues.append(make_issue(rule, text, field="meta.publish_date", anchor="publish_date"))
    return out
