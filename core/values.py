"""Turn what a clerk types or pastes into a cell value, or refuse it with a Chinese reason."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.template import ValueKind

Value = int | Decimal | None

COUNT_UNITS = ("件", "次", "个", "项", "人次")
# ASCII digits only: ``\d`` and ``int()`` also take Arabic-Indic and other scripts' digits.
_INT = re.compile(r"[+-]?[0-9]+")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
_DEC = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u3000\ufeff]+")
_EDGE_SPACES = re.compile(r"^[\s\u00a0\u2000-\u200b\u3000\ufeff]+|[\s\u00a0\u2000-\u200b\u3000\ufeff]+$")
_INNER_SPACE = re.compile(r"[0-9.,][\s\u00a0\u2000-\u200b\u3000\ufeff]+[0-9.,]")
_DASHES = str.maketrans({"−": "-", "–": "-", "—": "-", "－": "-", "﹣": "-", "。": "."})
_PLAIN_DIGITS = frozenset("0123456789０１２３４５６７８９")

MAX_DIGITS = 15  # more is never a real figure in a report (and beyond ~4300 digits int() itself refuses)
MAX_COUNT = 999_999_999
MAX_YUAN = Decimal(10) ** 12  # 一万亿元: far beyond any amount in these tables (V5 flags ≥ 10000 万元)
_YUAN_PER_UNIT = {"万元": Decimal(10000), "元": Decimal(1)}
_SHOWN_CHARS = 20


class ValueRefused(ValueError):
    """Input that cannot go into a cell; ``str(exc)`` is the reason in Chinese."""


def _odd_digit(text: str) -> str:
    """The first digit-like character that is not 0–9 or ０–９ (superscripts, ①, ٣ …), or ""."""
    for ch in text:
        if ch in _PLAIN_DIGITS or ch.isascii():
            continue
        if unicodedata.digit(ch, None) is not None or any(c in "0123456789"
                                                          for c in unicodedata.normalize("NFKC", ch)):
            return ch
    return ""


def _clean(text: str) -> str:
    """NFKC, ASCII signs; surrounding spaces dropped; spaces inside a number refused, others dropped."""
    odd = _odd_digit(text)
    if odd:
        where = "" if text.strip() == odd else f"“{_short(text.strip())}”中的"
        raise ValueRefused(f"{where}“{odd}”不是普通数字，请改用数字 0～9 填写")
    text = _EDGE_SPACES.sub("", unicodedata.normalize("NFKC", text).translate(_DASHES))
    if _INNER_SPACE.search(text):
        raise ValueRefused(f"“{_short(text)}”的数字中间有空格，无法确定是哪个数，请核对后重新填写")
    return _SPACES.sub("", text)


def _short(text: str) -> str:
    """Text as quoted in a message: a very long input is cut."""
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 4] + "…" + text[-3:]


def _strip_unit(text: str, kind: ValueKind) -> str:
    if kind.type == "integer":
        for unit in COUNT_UNITS:
            if text.endswith(unit) and len(text) > len(unit):
                return text[: -len(unit)]
        return text
    if kind.unit == "万元":
        if text.endswith("万元"):
            return text[:-2]
        if text.endswith("万"):
            return text[:-1]
        if text.endswith("元"):
            raise ValueRefused("本栏单位为万元，请把金额换算为万元后填写（1 万元 = 10000 元），不要带“元”")
    elif kind.unit == "元" and text.endswith(("万元", "万")) and _in_yuan_hint(text.removesuffix("元")[:-1]):
        raise ValueRefused(_in_yuan_hint(text.removesuffix("元")[:-1]))
    elif kind.unit and text.endswith(kind.unit):
        return text[: -len(kind.unit)]
    return text


def _in_yuan_hint(figure: str) -> str:
    """Why “N 万元” is refused in a cell kept in 元, with N converted; "" when N is not a plain amount."""
    try:
        wan = Decimal(_number(figure)) if _DEC.fullmatch(figure.replace(",", "")) else None
    except (InvalidOperation, ValueRefused):
        wan = None
    if wan is None or wan < 0 or wan.adjusted() >= MAX_DIGITS:
        return ""
    yuan = format((wan * 10000).normalize(), "f")
    return f"本栏按元填写，请把金额换算为元后填写：{format(wan, 'f')} 万元 = {yuan} 元"


def _number(text: str) -> str:
    """Drop thousands separators when they group digits properly."""
    if "," in text:
        if not _GROUPED.fullmatch(text):
            raise ValueRefused(f"“{_short(text)}”不是有效的数字（千位分隔符位置不对）")
        text = text.replace(",", "")
    return text


def parse_value(raw: object, kind: ValueKind) -> Value:
    """Normalise one input to ``int`` (whole-number kinds), ``Decimal`` (amounts) or ``None`` (blank).

    Raises:
        ValueRefused: the input is not acceptable for this kind of cell; the message says why.
    """
    if raw is None:
        return None
    if type(raw) is int and kind.type == "integer" and (kind.min is None or raw >= kind.min) and abs(raw) <= MAX_COUNT:
        return raw  # a count as a report file writes it: the usual case, taken without the text round trip
    text = _as_text(raw)
    if text == "":
        return None
    shown = _short(_EDGE_SPACES.sub("", raw) if isinstance(raw, str) else text)
    text = _number(_strip_unit(text, kind))
    if text in {"-", "/", "--", "无", "—"}:
        raise ValueRefused(f"“{shown}”不是数字；没有发生的请填 0")
    if sum(c in "0123456789" for c in text) > MAX_DIGITS:
        raise ValueRefused(f"“{shown}”位数过多（超过 {MAX_DIGITS} 位），不是有效的数值，请核对")
    if kind.type == "integer":
        return _parse_integer(text, shown, kind)
    return _parse_decimal(text, shown, kind)


def _as_text(raw: object) -> str:
    """The input as normalised text; numbers from a file are written out without exponent."""
    if isinstance(raw, bool):
        raise ValueRefused("应填写数字")
    if isinstance(raw, int):
        if abs(raw) >= 10**MAX_DIGITS:  # str() of a huge int is slow, and refused past ~4300 digits
            raise ValueRefused(f"数值位数过多（超过 {MAX_DIGITS} 位），不是有效的数值，请核对")
        return str(raw)
    if isinstance(raw, float):
        raw = Decimal(repr(raw))
    if isinstance(raw, Decimal):
        if raw.is_finite() and raw.adjusted() >= MAX_DIGITS:
            raise ValueRefused(f"数值位数过多（超过 {MAX_DIGITS} 位），不是有效的数值，请核对")
        return format(raw, "f") if raw.is_finite() else str(raw)
    if isinstance(raw, str):
        return _clean(raw)
    raise ValueRefused("应填写数字")


def _parse_integer(text: str, shown: str, kind: ValueKind) -> int:
    if not _INT.fullmatch(text):
        if _DEC.fullmatch(text):
            whole, _, frac = text.partition(".")
            if frac.strip("0") == "" and whole not in {"", "+", "-"}:
                text = whole
            else:
                raise ValueRefused(f"“{shown}”不是整数；{kind.label}不能有小数")
        else:
            raise ValueRefused(f"“{shown}”不是数字；本栏应填写{kind.label}")
    value = int(text) + 0  # "-0" is 0
    if kind.min is not None and value < kind.min:
        raise ValueRefused(f"“{shown}”是负数；本栏应填写{kind.label}")
    if abs(value) > MAX_COUNT:
        raise ValueRefused(f"“{shown}”数值过大，请核对（本栏最大为 {MAX_COUNT:,}）")
    return value


def _parse_decimal(text: str, shown: str, kind: ValueKind) -> Decimal:
    if not _DEC.fullmatch(text):
        raise ValueRefused(f"“{shown}”不是数字；本栏应填写{kind.label}")
    try:
        value = Decimal(text.lstrip("+"))
    except InvalidOperation:
        raise ValueRefused(f"“{shown}”不是数字；本栏应填写{kind.label}") from None
    if value == 0:
        value = value.copy_abs()  # "-0.0" is 0.0
    if kind.min is not None and value < kind.min:
        raise ValueRefused(f"“{shown}”是负数；本栏应填写{kind.label}")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > kind.decimals:
        raise ValueRefused(f"“{shown}”小数位数过多；本栏最多保留 {kind.decimals} 位小数")
    if abs(value) * _YUAN_PER_UNIT.get(kind.unit, Decimal(1)) >= MAX_YUAN:
        raise ValueRefused(f"“{shown}”数值过大，请核对（金额不应达到一万亿元）")
    return value


def format_value(value: Value) -> str:
    """Display text of a stored value (blank for ``None``; decimals as typed, never in exponent form)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def as_number(value: Value) -> Decimal:
    """A value for arithmetic: blank counts as 0."""
    if value is None:
        return Decimal(0)
    return Decimal(value)


_DATE_FORMS = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?")


def parse_date(raw: str) -> str:
    """A date as a clerk types it (2026-01-28, 2026/1/28, 2026.1.28, 2026年1月28日, full-width digits)
    as ``YYYY-MM-DD``; ValueRefused with a Chinese reason otherwise."""
    text = unicodedata.normalize("NFKC", raw).strip()
    m = _DATE_FORMS.fullmatch(text)
    if m is None:
        raise ValueRefused(f"“{_short(raw.strip())}”不是日期；请按 年-月-日 填写，如 2026-01-28 或 2026年1月28日")
    year, month, day = (int(g) for g in m.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise ValueRefused(f"“{_short(raw.strip())}”不是有效日期（{year}年没有{month}月{day}日）") from None
