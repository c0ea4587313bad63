"""N1: numbers the narrative states about the tables must agree with them.

Each claim of the rule (template data) has regexes with a ``{NUM}`` placeholder, optional
``zero_patterns`` that state 0 without a digit ("未收到政府信息公开申请"), the cells it is compared
with, a short ``label`` naming them, extra ``skip_words`` (before the number), ``clause_words``
(anywhere in its clause: "未发生行政复议和行政诉讼**败诉**案件" is not "no 行政复议"),
``sentence_words`` (anywhere in its sentence: "制发**公文**568件，……不予公开87件" counts documents), ``keywords``
(one of which a text must contain for the patterns to be tried at all: a pattern that opens with a
number is tried at every character) and, optionally, an alternative sum that is also accepted
(收到申请: 一 or 一+二).
Only clear claims count: a match whose clause talks about another year, a comparison, a part of
the year, another body or one applicant group is left alone, to avoid false alarms.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from core.checks.base import Context, Outcome, make_issue, num, say, show
from core.checks.text import sentences
from core.rule_params import NUM, ClaimParams, NarrativeParams

if TYPE_CHECKING:
    from core.template import Rule
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CLAUSE = "，,、：:（("
# Words that make a clause about something else than the year's whole figure of this body.
_OTHER_TIME = ("上年", "去年", "上一年", "前年", "同比", "较", "比上", "累计", "历年", "以来", "平均")
_PART_OF_YEAR = ("月份", "每月", "月均", "季度", "上半年", "下半年", "前半年", "后半年", "年初至", "半年")
_OTHER_BODY = (  # the tables are this body's own figures
    "全区", "全市", "全县", "全省", "全州", "全旗", "全盟", "全镇", "全乡", "全国", "全系统", "系统内",
    "各部门", "各单位", "各乡镇", "各街道", "各镇", "各县", "各区", "各级", "委员会", "下属", "所属",
)
_ONE_GROUP = (  # one channel or one applicant group
    "复议后", "直接起诉", "直接提起", "未经复议", "未经行政复议", "通过", "网络", "信函", "当面", "传真", "邮寄",
    "自然人", "法人", "商业企业", "科研机构", "公益组织", "法律服务机构",
)
SKIP_WORDS = _OTHER_TIME + _PART_OF_YEAR + _OTHER_BODY + _ONE_GROUP
# Words that skip a claim even after its number, anywhere in its clause.
_SCOPE_WORDS = _PART_OF_YEAR + _OTHER_BODY
# The stock phrase for all applicants is not one applicant group.
_ALL_APPLICANTS = re.compile(r"公民、法人(?:或者?|和|及|以及)其他组织")
# A clause that starts with a month ("3月，", "1月至6月", "2023年十二月") speaks of part of the year.
_M = r"(?:\d{1,2}|[０-９]{1,2}|十[一二]?|[一二三四五六七八九])"
_MONTH = re.compile(rf"^(?:自|从|于|在|今年|本年度?)?\s*(?:(?:19|20)\d{{2}}\s*年)?\s*"
                    rf"(?:{_M}\s*月?\s*[-—–~～至到]\s*)?{_M}\s*月")
# A month (in digits) named in the claim's clause, except as the year's end ("截至12月31日", "1-12月").
_MONTH_IN = re.compile(r"(?<![\d至到])(?:(?P<first>\d{1,2})\s*月?\s*[-—–~～至到]\s*)?(?P<last>\d{1,2})\s*月"
                       r"(?!\s*(?:底|末|31\s*日|三十一日))")
# ... unless the claim's own clause says it is the whole year.
_WHOLE_YEAR = ("全年", "本年", "年度", "截至", "截止")
_OTHER_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_QUOTE_LIMIT = 120  # a longer sentence is quoted around the claim, with ……


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


@dataclass(frozen=True)
class ClaimSpec:
    """One claim of the rule, compiled: number patterns, zero patterns and its own skip words."""

    id: str
    patterns: tuple[re.Pattern[str], ...]
    zero_patterns: tuple[re.Pattern[str], ...] = ()
    skip_words: tuple[str, ...] = ()
    clause_words: tuple[str, ...] = ()
    sentence_words: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


_SPECS: dict[int, tuple[NarrativeParams, tuple[ClaimSpec, ...]]] = {}


def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p.replace("{NUM}", NUM)) for p in patterns)


def _spec(rule: Rule[NarrativeParams]) -> tuple[ClaimSpec, ...]:
    """The rule's claims compiled once (kept with the params object they came from)."""
    held = _SPECS.get(id(rule.params))
    if held is None or held[0] is not rule.params:
        compiled = tuple(ClaimSpec(c.id, _compile(c.patterns), _compile(c.zero_patterns), c.skip_words,
                                   c.clause_words, c.sentence_words, c.keywords)
                         for c in rule.params.claims)
        held = _SPECS[id(rule.params)] = (rule.params, compiled)
    return held[1]


def _clause_start(text: str, sentence_start: int, pos: int) -> int:
    return max(max(text.rfind(c, sentence_start, pos) for c in _CLAUSE) + 1, sentence_start)


def _clause_end(text: str, pos: int, sentence_end: int) -> int:
    ends = [i for i in (text.find(c, pos, sentence_end) for c in _CLAUSE) if i >= 0]
    return min(ends, default=sentence_end)


def _month_scoped(text: str, sentence: tuple[int, int], clause_start: int, own_clause: str, before: str) -> bool:
    """The claim's clause starts with or names a month, or an earlier clause of its sentence starts with one."""
    if _MONTH.match(own_clause.strip()):
        return True
    for m in _MONTH_IN.finditer(before):
        whole = m.group("first") in ("1", "01") and m.group("last") == "12"
        if not whole and not before[:m.start()].rstrip().endswith(("截至", "截止")):
            return True
    if any(w in own_clause for w in _WHOLE_YEAR):
        return False
    earlier = re.split(f"[{_CLAUSE}]", text[sentence[0]:clause_start])
    return any(_MONTH.match(part.strip()) for part in earlier)


def _is_clear(text: str, sentence: tuple[int, int], match: re.Match[str], year: int, claim: ClaimSpec) -> bool:
    """No skip word, other year or month in the clause before the claim (or in the free words inside it);
    no other body, part of the year or clause word of the claim after it."""
    start = _clause_start(text, sentence[0], match.start())
    if start - 2 >= sentence[0] and text[start - 1] in "，," and text[start - 2] == "的":
        start = _clause_start(text, sentence[0], start - 1)  # "对属于国家秘密的，不予公开2件": one condition
    gap = (match.group("gap") or "") if "gap" in match.re.groupindex else ""  # free words inside the match
    before = _ALL_APPLICANTS.sub("", text[start:match.start()] + "#" + gap)
    if any(w in before for w in SKIP_WORDS + claim.skip_words):
        return False
    if not all(int(y) in (year, year + 1) for y in _OTHER_YEAR.findall(before)):
        return False
    own_clause = text[start:_clause_end(text, match.end(), sentence[1])]
    if any(w in own_clause for w in _SCOPE_WORDS + claim.clause_words):
        return False
    if any(w in text[sentence[0]:sentence[1]] for w in claim.sentence_words):
        return False
    return not _month_scoped(text, sentence, start, own_clause, before)


@lru_cache(maxsize=256)
def find_claims(text: str, year: int, spec: tuple[ClaimSpec, ...]) -> tuple[Claim, ...]:
    """Every clear claim of the text, in text order (one per stated number)."""
    spans = sentences(text)
    starts = [s for s, _ in spans]
    found: dict[tuple[Any, ...], Claim] = {}
    for claim in spec:
        if claim.keywords and not any(k in text for k in claim.keywords):
            continue
        for zero, patterns in ((False, claim.patterns), (True, claim.zero_patterns)):
            for pattern in patterns:
                for m in pattern.finditer(text):
                    i = bisect.bisect_right(starts, m.start()) - 1
                    sentence = spans[i] if i >= 0 else (0, len(text))
                    stated = 0 if zero else chinese_number(m.group("n"))
                    if stated is None or not _is_clear(text, sentence, m, year, claim):
                        continue
                    # a number belongs to one claim; a zero statement to one claim per quantity
                    key = (claim.id, m.end()) if zero else m.span("n")
                    found.setdefault(key, Claim(claim.id, stated, m.group(0), m.span(), sentence))
    return tuple(sorted(found.values(), key=lambda c: c.span))


def quote(text: str, claim: Claim, limit: int = _QUOTE_LIMIT) -> str:
    """The claim's whole sentence; a very long one is cut around the claim, marked with ……."""
    start, end = claim.sentence
    if end - start <= limit:
        return text[start:end]
    room = max(limit - (claim.span[1] - claim.span[0]), 0)
    a = max(start, claim.span[0] - room // 2)
    b = min(end, a + max(limit, claim.span[1] - claim.span[0]))
    a = max(start, min(a, b - limit))
    return ("……" if a > start else "") + text[a:b] + ("……" if b < end else "")


def _total(ctx: Context, keys: tuple[str, ...]) -> int | Decimal | None:
    values = [ctx.values.get(k) for k in keys]
    if all(v is None for v in values):
        return None  # not entered yet: nothing to compare (V4 reports the blanks)
    return sum(num(v) for v in values)


def check_narrative(rule: Rule[NarrativeParams], ctx: Context) -> Outcome:
    """N1: each clear claim against its cells (or the accepted alternative sum)."""
    claims = {c.id: c for c in rule.params.claims}
    spec = _spec(rule)
    out = Outcome()
    for key in rule.fields:
        seen: dict[str, int] = {}
        text = ctx.text(key)
        for claim in find_claims(text, ctx.report.year, spec):
            data = claims[claim.id]
            seen[claim.id] = seen.get(claim.id, 0) + 1
            anchor = f"{key}.{claim.id}" + (f".{seen[claim.id]}" if seen[claim.id] > 1 else "")
            _compare(rule, ctx, out, key, text, claim, data, anchor)
    if not out.compared:
        out.compared.append("文字中没有可与表格比对的数字")
    return out


def _compare(rule: Rule[NarrativeParams], ctx: Context, out: Outcome, key: str, text: str, claim: Claim,
             data: ClaimParams, anchor: str) -> None:
    label = ctx.field_label(key)
    cells = data.cells
    actual = _total(ctx, cells)
    target = data.label  # the cells by a short name, e.g. 表三 一、本年新收 总计
    head = f"{label}“{claim.quote}”"
    if actual is None:
        out.compared.append(f"{head}：表格尚未填写，未比对")
        return
    if data.kind == "rate":
        _compare_rate(rule, ctx, out, key, text, claim, data, anchor)
        return
    alt = _total(ctx, data.alt_cells) if data.alt_cells else None
    if claim.stated == actual:
        out.compared.append(f"{head}：文字 {claim.stated}，{target} {show(actual)}，一致")
        return
    alt_label = data.alt_label
    if alt is not None and claim.stated == alt:
        out.compared.append(f"{head}：文字 {claim.stated}，按{alt_label}比对为 {show(alt)}，一致")
        return
    alt_text = f"，{alt_label}为 {show(alt)}" if alt is not None else ""
    out.compared.append(f"{head}：文字 {claim.stated}，{target} {show(actual)}{alt_text}，不一致")
    message = say(rule, field=label, sentence=quote(text, claim), quote=claim.quote, claim=data.claim,
                  stated=claim.stated, target=target, actual=show(actual), alt=alt_text,
                  diff=show(abs(claim.stated - actual)))
    out.issues.append(make_issue(rule, message, cells=cells, field=key, span=claim.sentence, anchor=anchor))


def _compare_rate(rule: Rule[NarrativeParams], ctx: Context, out: Outcome, key: str, text: str, claim: Claim,
                  data: ClaimParams, anchor: str) -> None:
    """A rate of handling applications (按时办结率100%) needs applications: warn when there were none."""
    label, target, actual = ctx.field_label(key), data.label, _total(ctx, data.cells)
    head = f"{label}“{claim.quote}”"
    if actual != 0:
        out.compared.append(f"{head}：{target} {show(actual)}，有申请可计算比率")
        return
    out.compared.append(f"{head}：{target} 为 0，文字却写有比率 {claim.stated}%")
    message = say(rule, rule.params.rate_message, field=label, sentence=quote(text, claim), claim=data.claim,
                  stated=claim.stated, target=target)
    out.issues.append(make_issue(rule, message, cells=data.cells, field=key, span=claim.sentence, anchor=anchor))
