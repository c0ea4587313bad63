"""N1: numbers the narrative states about the tables must agree with them.

Each claim of the rule (template data) has regexes with a ``{NUM}`` placeholder, the cells it is
compared with and, optionally, an alternative sum that is also accepted (收到申请: 一 or 一+二).
Only clear claims count: a match whose clause talks about another year, a comparison, a part of
the year or one applicant group is left alone, to avoid false alarms.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from core.checks_base import Context, Outcome, make_issue, num, say, show
from core.checks_text import sentences

if TYPE_CHECKING:
    from core.template import Rule

# Arabic digits followed by 万 ("3万件") are rounded figures: not matched, so never compared.
NUM = r"\d{1,3}(?:,\d{3})+|\d+|[零〇一二两三四五六七八九十百千万]+"
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CLAUSE = "，,、：:（("
# Words that make a clause about something else than the year's whole figure.
SKIP_WORDS = (
    "上年", "去年", "上一年", "前年", "同比", "较", "比上", "累计", "历年", "以来", "月份", "季度", "上半年", "下半年",
    "平均", "复议后", "直接起诉", "未经复议", "通过", "网络", "信函", "当面", "传真", "邮寄",
    "自然人", "法人", "商业企业", "科研机构", "公益组织", "法律服务机构",
)
_OTHER_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def chinese_number(text: str) -> int | None:
    """二十九 -> 29, 一百零五 -> 105, 两千 -> 2000, 二〇二三 -> 2023; Arabic digits too (None if not a number)."""
    text = text.replace(",", "")
    if text.isdigit():
        return int(text)
    if not all(c in _DIGITS or c in _UNITS or c == "万" for c in text):
        return None
    if not any(c in _UNITS or c == "万" for c in text):
        return int("".join(str(_DIGITS[c]) for c in text))
    total = section = digit = 0
    for c in text:
        if c in _DIGITS:
            digit = _DIGITS[c]
        elif c in _UNITS:
            section += (digit or 1) * _UNITS[c]
            digit = 0
        else:  # 万
            total += (section + digit) * 10000
            section = digit = 0
    return total + section + digit


@dataclass(frozen=True)
class Claim:
    """A number the narrative states: which quantity, its value, the words and where they are."""

    id: str
    stated: int
    quote: str
    span: tuple[int, int]
    sentence: tuple[int, int]


_SPECS: dict[int, tuple[Any, tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]]] = {}


def _spec(rule: Rule) -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    """The rule's claims compiled once (kept with the params object they came from)."""
    held = _SPECS.get(id(rule.params))
    if held is None or held[0] is not rule.params:
        compiled = tuple((c["id"], tuple(re.compile(p.replace("{NUM}", NUM)) for p in c.get("patterns", ())))
                         for c in rule.params.get("claims", ()))
        held = _SPECS[id(rule.params)] = (rule.params, compiled)
    return held[1]


def _clause_prefix(text: str, sentence_start: int, pos: int) -> str:
    cut = max(text.rfind(c, sentence_start, pos) for c in _CLAUSE)
    return text[max(cut + 1, sentence_start):pos]


def _is_clear(text: str, sentence_start: int, match: re.Match[str], year: int) -> bool:
    prefix = _clause_prefix(text, sentence_start, match.start())
    if any(w in prefix for w in SKIP_WORDS):
        return False
    return all(int(y) in (year, year + 1) for y in _OTHER_YEAR.findall(prefix))


@lru_cache(maxsize=256)
def find_claims(text: str, year: int, spec: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]) -> tuple[Claim, ...]:
    """Every clear claim of the text, in text order."""
    spans = sentences(text)
    starts = [s for s, _ in spans]
    found: dict[tuple[int, int], Claim] = {}
    for claim_id, patterns in spec:
        for pattern in patterns:
            for m in pattern.finditer(text):
                i = bisect.bisect_right(starts, m.start()) - 1
                sentence = spans[i] if i >= 0 else (0, len(text))
                stated = chinese_number(m.group("n"))
                if stated is None or not _is_clear(text, sentence[0], m, year):
                    continue
                found.setdefault(m.span(), Claim(claim_id, stated, m.group(0), m.span(), sentence))
    return tuple(sorted(found.values(), key=lambda c: c.span))


def _total(ctx: Context, keys: list[str]) -> int | None:
    values = [ctx.values.get(k) for k in keys]
    if all(v is None for v in values):
        return None  # not entered yet: nothing to compare (V4 reports the blanks)
    return sum(num(v) for v in values)


def check_narrative(rule: Rule, ctx: Context) -> Outcome:
    """N1: each clear claim against its cells (or the accepted alternative sum)."""
    claims = {c["id"]: c for c in rule.params.get("claims", ())}
    spec = _spec(rule)
    out = Outcome()
    for key in rule.fields:
        seen: dict[str, int] = {}
        for claim in find_claims(ctx.text(key), ctx.report.year, spec):
            data = claims[claim.id]
            cells = [k for k in data.get("cells", ()) if k in ctx.template.cells]
            if not cells:
                continue
            seen[claim.id] = seen.get(claim.id, 0) + 1
            anchor = f"{key}.{claim.id}" + (f".{seen[claim.id]}" if seen[claim.id] > 1 else "")
            _compare(rule, ctx, out, key, claim, data, cells, anchor)
    if not out.compared:
        out.compared.append("文字中没有可与表格比对的数字")
    return out


def _compare(rule: Rule, ctx: Context, out: Outcome, key: str, claim: Claim, data: dict, cells: list[str],
             anchor: str) -> None:
    label = ctx.field_label(key)
    actual = _total(ctx, cells)
    target = " + ".join(ctx.template.cell_label(k) for k in cells)
    head = f"{label}“{claim.quote}”"
    if actual is None:
        out.compared.append(f"{head}：表格尚未填写，未比对")
        return
    alt_cells = [k for k in data.get("alt_cells", ()) if k in ctx.template.cells]
    alt = _total(ctx, alt_cells) if alt_cells else None
    if claim.stated == actual:
        out.compared.append(f"{head}：文字 {claim.stated}，{target} {show(actual)}，一致")
        return
    alt_label = data.get("alt_label", "另一口径")
    if alt is not None and claim.stated == alt:
        out.compared.append(f"{head}：文字 {claim.stated}，按{alt_label}比对为 {show(alt)}，一致")
        return
    alt_text = f"，{alt_label}为 {show(alt)}" if alt is not None else ""
    out.compared.append(f"{head}：文字 {claim.stated}，{target} {show(actual)}{alt_text}，不一致")
    message = say(rule, field=label, quote=claim.quote, stated=claim.stated, target=target, actual=show(actual),
                  alt=alt_text, diff=show(abs(claim.stated - actual)))
    out.issues.append(make_issue(rule, message, cells=tuple(cells), field=key, span=claim.sentence, anchor=anchor))
