"""Turn what a clerk types or pastes into a cell value, or refuse it with a Chinese reason."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from core.template import ValueKind

Value = Union[int, Decimal, None]

COUNT_UNITS = ("件", "次", "个", "项", "人次")
_INT = re.compile(r"[+-]?\d+")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_DEC = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u3000\ufeff]+")
_DASHES = str.maketrans({"−": "-", "–": "-", "—": "-", "－": "-", "﹣": "-", "。": "."})


class ValueRefused(ValueError):
    """Input that cannot go into a cell; ``str(exc)`` is the reason in Chinese."""


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return _SPACES.sub("", text)


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
    elif kind.unit and text.endswith(kind.unit):
        return text[: -len(kind.unit)]
    return text


def _number(text: str) -> str:
    """Drop thousands separators when they group digits properly."""
    if "," in text:
        if not _GROUPED.fullmatch(text):
            raise ValueRefused(f"“{text}”不是有效的数字（千位分隔符位置不对）")
        text = text.replace(",", "")
    return text


def parse_value(raw: object, kind: ValueKind) -> Value:
    """Normalise one input to ``int`` (whole-number kinds), ``Decimal`` (amounts) or ``None`` (blank).

    Raises:
        ValueRefused: the input is not acceptable for this kind of cell; the message says why.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueRefused("应填写数字")
    if isinstance(raw, (int, Decimal)):
        text = str(raw)
    elif isinstance(raw, float):
        text = repr(raw)
    elif isinstance(raw, str):
        text = _clean(raw)
    else:
        raise ValueRefused("应填写数字")
    if text == "":
        return None
    shown = raw.strip() if isinstance(raw, str) else text
    text = _number(_strip_unit(text, kind))
    if text in {"-", "/", "--", "无", "—"}:
        raise ValueRefused(f"“{shown}”不是数字；没有发生的请填 0")
    if kind.type == "integer":
        return _parse_integer(text, shown, kind)
    return _parse_decimal(text, shown, kind)


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
    value = int(text)
    if kind.min is not None and value < kind.min:
        raise ValueRefused(f"“{shown}”是负数；本栏应填写{kind.label}")
    return value


def _parse_decimal(text: str, shown: str, kind: ValueKind) -> Decimal:
    if not _DEC.fullmatch(text):
        raise ValueRefused(f"“{shown}”不是数字；本栏应填写{kind.label}")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueRefused(f"“{shown}”不是数字；本栏应填写{kind.label}") from None
    if kind.min is not None and value < kind.min:
        raise ValueRefused(f"“{shown}”是负数；本栏应填写{kind.label}")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > kind.decimals:
        raise ValueRefused(f"“{shown}”小数位数过多；本栏最多保留 {kind.decimals} 位小数")
    if text.startswith("+"):
        value = Decimal(text[1:])
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
