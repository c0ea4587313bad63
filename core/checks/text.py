"""Rule kinds on the narrative texts (T1–T8) and the sentence tools shared with X6 and N1.

Text analysis is cached by the text itself: the GUI re-validates on every keystroke, and only the
text being typed changes.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from core.checks.base import Context, Outcome, Skip, make_issue, say

if TYPE_CHECKING:
    from core.rule_params import (
        MaxCharsParams,
        MentionsParams,
        PlaceholderParams,
        RequiredParams,
        SubstantiveParams,
        YearsParams,
    )
    from core.template import Rule

_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*")
_SPACE = re.compile(r"\s+")
_YEAR_WORD = re.compile(r"(?:19|20)\d{2}\s*年")
_YEAR = re.compile(r"(?<![\d〔\[［(（])((?:19|20)\d{2})\s*年")
_RANGE = "-—–~～至到"
_COMPARE = ("较", "比", "与", "同比", "相比", "对比")
# The year before the report year is legitimately named for what it carried over and for its report.
_PREVIOUS = re.compile(r"度?的?(?:结转|(?:政府信息公开)?(?:工作)?(?:年度)?(?:报告|年报))"
                       r"|度[^，,。；;]{0,12}?(?:考核|评议|测评|评估|评价)")


@lru_cache(maxsize=512)
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence, split at 。！？； and line breaks, surrounding spaces left out."""
    spans = []
    for m in _SENTENCE.finditer(text):
        start, end = m.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return tuple(spans)


def _normal(sentence: str) -> str:
    """A sentence for comparison: no spaces, years replaced (a copy with the year updated is still a copy)."""
    return _YEAR_WORD.sub("#年", _SPACE.sub("", sentence))


@lru_cache(maxsize=256)
def reused_sentences(new: str, old: str, shortest: int = 8) -> tuple[int, list[tuple[int, int]]]:
    """How many sentences of ``new`` count, and the spans of those also found in ``old``."""
    before = {_normal(old[a:b]) for a, b in sentences(old)}
    counted, reused = 0, []
    for a, b in sentences(new):
        normal = _normal(new[a:b])
        if len(normal) < shortest:
            continue  # short stock phrases ("无。", headings) say nothing about copying
        counted += 1
        if normal in before:
            reused.append((a, b))
    return counted, reused


def chars(text: str) -> int:
    """Characters as counted for the 一千字 limit: everything but whitespace."""
    return len(_SPACE.sub("", text))


def check_required(rule: Rule[RequiredParams], ctx: Context) -> Outcome:
    """T1: sections 一, 五 and 六 are not empty, nor the 基本信息 fields the title needs (机关名称)."""
    out = Outcome()
    for name in rule.params.meta_fields:
        field = f"meta.{name}"
        label = ctx.field_label(field)
        filled = bool(ctx.meta(name).strip())
        out.compared.append(f"{label}：{'已填写' if filled else '为空'}")
        if not filled:
            message = say(rule, rule.params.message_meta, field=label)
            out.issues.append(make_issue(rule, message, field=field, anchor=field))
    for key in rule.fields:
        label = ctx.field_label(key)
        count = chars(ctx.text(key))
        out.compared.append(f"{label}：{count} 字")
        if not count:
            out.issues.append(make_issue(rule, say(rule, field=label), field=key, anchor=key))
    return out


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@lru_cache(maxsize=256)
def _placeholders(text: str, pattern: re.Pattern[str], exempt: re.Pattern[str] | None
                  ) -> tuple[tuple[str, int, int], ...]:
    """Matches of ``pattern`` not inside a match of ``exempt`` (李×× is a name withheld, not a blank)."""
    spared = [m.span() for m in exempt.finditer(text)] if exempt else []
    return tuple((m.group(0), m.start(), m.end()) for m in pattern.finditer(text)
                 if not any(a <= m.start() and m.end() <= b for a, b in spared))


def check_placeholder(rule: Rule[PlaceholderParams], ctx: Context) -> Outcome:
    """T2: leftover template or placeholder text, each occurrence marked."""
    pattern = _compiled(rule.params.patterns)
    spared = _compiled(rule.params.exempt) if rule.params.exempt else None
    out = Outcome()
    for key in rule.fields:
        label = ctx.field_label(key)
        found = _placeholders(ctx.text(key), pattern, spared)
        out.compared.append(f"{label}：占位文字 {len(found)} 处")
        for token, start, end in found[:20]:
            message = say(rule, field=label, found=token)
            out.issues.append(make_issue(rule, message, field=key, span=(start, end), anchor=f"{key}.{start}"))
    return out


def check_max_chars(rule: Rule[MaxCharsParams], ctx: Context) -> Outcome:
    """T3: a text longer than its field's limit (2021: 一 at most about 1,000 characters)."""
    out = Outcome()
    for key in rule.fields:
        limit = ctx.template.texts[key].max_chars or 0  # the template refuses a T3 field without a limit
        label = ctx.field_label(key)
        count = chars(ctx.text(key))
        out.compared.append(f"{label}：{count} 字（上限 {limit} 字）")
        if count > limit:
            message = say(rule, field=label, count=count, limit=limit)
            out.issues.append(make_issue(rule, message, field=key, anchor=key))
    return out


def check_mentions(rule: Rule[MentionsParams], ctx: Context) -> Outcome:
    """T4/T7/T8: a text names each group of words (any word of a group will do)."""
    kinds = rule.params.agency_kinds
    if kinds and ctx.meta("agency_kind") not in kinds:
        raise Skip("本机关类型不适用")
    out = Outcome()
    for key in rule.fields:
        text, label = ctx.text(key), ctx.field_label(key)
        if not text.strip():
            out.compared.append(f"{label}：未填写（见 T1）")
            continue
        groups = rule.params.groups
        missing = [group[0] for group in groups if not any(w in text for w in group)]
        present = [group[0] for group in groups if group[0] not in missing]
        # what was found; the missing ones are the issue's message
        out.compared.append(f"{label}：已写到{'、'.join(present)}" if present else f"{label}：一项也未写到")
        if missing:
            message = say(rule, field=label, missing="、".join(missing))
            out.issues.append(make_issue(rule, message, field=key, anchor=key))
    return out


def _substance(text: str, p: SubstantiveParams) -> list[str]:
    """Why a 五 text is not a real answer (empty list when it is)."""
    count, shortest = chars(text), p.min_chars
    if text.strip().rstrip("。.") in {"无", "暂无", "没有", "无问题", "没有问题"}:
        return ["只写了“无”，请写明存在的具体问题和改进措施"]
    reasons = []
    if count < shortest:
        reasons.append(f"内容过短（{count} 字，应不少于 {shortest} 字）")
    if not any(w in text for w in p.problem_words):
        reasons.append("没有写明存在的具体问题")
    if not any(w in text for w in p.improve_words):
        reasons.append("没有写明改进措施")
    return reasons


def check_substantive(rule: Rule[SubstantiveParams], ctx: Context) -> Outcome:
    """T5: section 五 names problems and improvements, and is not just "无"."""
    out = Outcome()
    for key in rule.fields:
        text, label = ctx.text(key), ctx.field_label(key)
        if not text.strip():
            out.compared.append(f"{label}：未填写（见 T1）")
            continue
        reasons = _substance(text, rule.params)
        out.compared.append(f"{label}：{chars(text)} 字" + (f"，{'；'.join(reasons)}" if reasons else "，内容具体"))
        if reasons:
            message = say(rule, field=label, reason="：" + "；".join(reasons))
            out.issues.append(make_issue(rule, message, field=key, anchor=key))
    return out


def _in_book_title(text: str, pos: int) -> bool:
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


@lru_cache(maxsize=256)
def stray_years(text: str, year: int) -> tuple[tuple[int, int, int], ...]:
    """(year, start, end) of each "20XX年" that is neither ``year`` nor ``year + 1``.

    Left out as legitimate: years inside 《》 titles, comparisons ("较2022年"), ranges ("2021—2025年"),
    revision dates ("2019年修订", "2019年新修订的《条例》"), starting points ("2019年以来", "自2019年5月15日
    起"), the long-range goals ("2035年远景目标") and, for the year before, its carry-over, its report
    and its assessment ("2022年结转的2件", "2022年度政府信息公开工作年度报告", "2022年度考核中").
    """
    found = []
    for m in _YEAR.finditer(text):
        value, start, end = int(m.group(1)), m.start(), m.end()
        if value in (year, year + 1) or _in_book_title(text, start):
            continue
        before, after = text[max(0, start - 3):start].rstrip(), text[end:end + 2]
        if (before and before[-1] in _RANGE) or (after and after[0] in _RANGE):
            continue
        if text.startswith(("修订", "新修订", "以来"), end):
            continue
        if any(before.endswith(w) for w in _COMPARE):
            continue
        if before.endswith("同") and re.match(r"度?(?:相比|比较)", text[end:end + 4]):  # 同2022年相比
            continue
        if before[-1:] in ("自", "从"):  # a starting point: 自2020年起, 自2019年5月15日起施行
            continue
        if (value > year + 1 and after == "远景") or (value == year - 1 and _PREVIOUS.match(text, end)):
            continue
        found.append((value, start, end))
    return tuple(found)


def check_years(rule: Rule[YearsParams], ctx: Context) -> Outcome:
    """T6: stray years in the texts; 填报日期 and 公开日期 in the report year or the next."""
    year = ctx.report.year
    out = Outcome()
    for key in rule.fields:
        label, seen = ctx.field_label(key), set()
        for value, start, end in stray_years(ctx.text(key), year):
            if value in seen:
                continue
            seen.add(value)
            message = say(rule, field=label, found=f"{value}年", year=year, next=year + 1)
            out.issues.append(make_issue(rule, message, field=key, span=(start, end), anchor=f"{key}.{value}"))
        years = "、".join(f"{y}年" for y in sorted(seen))
        out.compared.append(f"{label}：出现其他年份 {years}" if years else f"{label}：未出现其他年份")
    for name in ("fill_date", "publish_date"):
        _check_date(rule, ctx, out, name)
    return out


def _check_date(rule: Rule[YearsParams], ctx: Context, out: Outcome, name: str) -> None:
    raw, year = ctx.meta(name).strip(), ctx.report.year
    if not raw:
        return
    field = f"meta.{name}"
    label = ctx.field_label(field)
    try:
        when = date.fromisoformat(raw)
    except ValueError:
        message = say(rule, rule.params.message_date, field=label, value=raw)
    else:
        if when.year in (year, year + 1):
            out.compared.append(f"{label}：{raw}")
            return
        message = say(rule, rule.params.message_meta, field=label, value=raw, year=year, next=year + 1)
    out.compared.append(f"{label}：{raw}（不符）")
    out.issues.append(make_issue(rule, message, field=field, anchor=field))
