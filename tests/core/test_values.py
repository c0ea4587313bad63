"""Input normalisation (checks.md V1–V3)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.template import ValueKind
from core.values import ValueRefused, format_value, parse_value

COUNT = ValueKind("count", "integer", "件数（非负整数）", min=0)
SIGNED = ValueKind("signed", "integer", "增减数（整数，可为负）")
WAN = ValueKind("amount", "decimal", "金额（万元，最多6位小数）", min=0, decimals=6, unit="万元")
YUAN = ValueKind("amount_yuan", "decimal", "金额（元，最多2位小数）", min=0, decimals=2, unit="元")


@pytest.mark.parametrize(
    ("raw", "kind", "value"),
    [
        ("12", COUNT, 12), ("１２", COUNT, 12), (" 1,234 ", COUNT, 1234), ("3件", COUNT, 3), ("4 次", COUNT, 4),
        ("５个", COUNT, 5), ("", COUNT, None), ("　", COUNT, None), (None, COUNT, None), ("7.0", COUNT, 7),
        ("-18", SIGNED, -18), ("－3", SIGNED, -3), ("+2", SIGNED, 2),
        ("1.25", WAN, Decimal("1.25")), ("0.123456", WAN, Decimal("0.123456")), ("3万元", WAN, Decimal(3)),
        ("251000元", YUAN, Decimal(251000)), ("75,394,432.52", YUAN, Decimal("75394432.52")),
        (5, COUNT, 5), (Decimal("2.5"), WAN, Decimal("2.5")),
    ],
)
def test_accepted(raw, kind, value) -> None:
    """Full-width digits, separators, spaces and units are normalised."""
    assert parse_value(raw, kind) == value


@pytest.mark.parametrize(
    ("raw", "kind", "reason"),
    [
        ("-1", COUNT, "负数"), ("1.5", COUNT, "不是整数"), ("abc", COUNT, "不是数字"), ("/", COUNT, "填 0"),
        ("-", COUNT, "填 0"), ("12,34", COUNT, "千位分隔符"), ("300元", WAN, "换算为万元"),
        ("0.1234567", WAN, "最多保留 6 位小数"), ("-2", WAN, "负数"), ("1.234", YUAN, "2 位小数"),
        (True, COUNT, "数字"), ("1e5", COUNT, "不是数字"),
    ],
)
def test_refused_with_reason(raw, kind, reason) -> None:
    """Anything else is refused with a Chinese reason."""
    with pytest.raises(ValueRefused, match=reason):
        parse_value(raw, kind)


@given(st.integers(min_value=0, max_value=10**12))
def test_counts_round_trip(n: int) -> None:
    """Any non-negative integer, typed with full-width digits or grouping, comes back as itself."""
    assert parse_value(format_value(n), COUNT) == n
    assert parse_value(f"{n:,}", COUNT) == n
    full = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_value(full + "件", COUNT) == n


@given(st.decimals(min_value=0, max_value=10**9, places=6, allow_nan=False, allow_infinity=False))
def test_amounts_round_trip(d: Decimal) -> None:
    """Amounts keep their exact value through display and re-entry."""
    assert parse_value(format_value(d), WAN) == d


@given(st.text(max_size=12))
def test_never_crashes(text: str) -> None:
    """Arbitrary text either parses or is refused with a reason; nothing else escapes."""
    for kind in (COUNT, SIGNED, WAN, YUAN):
        try:
            v = parse_value(text, kind)
        except ValueRefused as exc:
            assert str(exc)
        else:
            assert v is None or isinstance(v, (int, Decimal))
