"""Input normalisation (checks.md V1–V3)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.template import ValueKind
from core.values import MAX_COUNT, ValueRefused, format_value, parse_date, parse_value

COUNT = ValueKind("count", "integer", "件数（非负整数）", min=0)
SIGNED = ValueKind("signed", "integer", "增减数（整数，可为负）")
WAN = ValueKind("amount", "decimal", "金额（万元，最多6位小数）", min=0, decimals=6, unit="万元")
YUAN = ValueKind("amount_yuan", "decimal", "金额（元，最多6位小数）", min=0, decimals=6, unit="元")


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
        ("0.1234567", WAN, "最多保留 6 位小数"), ("-2", WAN, "负数"), ("1.2345678", YUAN, "6 位小数"),
        (True, COUNT, "数字"), ("1e5", COUNT, "不是数字"),
    ],
)
def test_refused_with_reason(raw, kind, reason) -> None:
    """Anything else is refused with a Chinese reason."""
    with pytest.raises(ValueRefused, match=reason):
        parse_value(raw, kind)


@given(st.integers(min_value=0, max_value=MAX_COUNT))
def test_counts_round_trip(n: int) -> None:
    """Any non-negative integer, typed with full-width digits or grouping, comes back as itself."""
    assert parse_value(format_value(n), COUNT) == n
    assert parse_value(f"{n:,}", COUNT) == n
    full = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_value(full + "件", COUNT) == n


@given(st.decimals(min_value=0, max_value=Decimal("99999999.999999"), places=6, allow_nan=False, allow_infinity=False))
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


# ---- magnitudes, spaces inside numbers, other scripts' digits, negative zero --------------------


@pytest.mark.parametrize("raw", ["9" * 5000, "1" * 16, "1,234,567,890,123,456", "0.0000000000000001",
                                 10**5000, -(10**20), Decimal("1E+5000"), 1e300, float(10**16)],
                         ids=["5000-nines", "16-ones", "grouped-19", "16-decimals", "int-10e5000", "int-neg-10e20",
                              "decimal-1e5000", "float-1e300", "float-1e16"])
@pytest.mark.parametrize("kind", [COUNT, SIGNED, WAN, YUAN])
def test_too_many_digits_refused_not_crashing(raw, kind) -> None:
    """More than 15 digits is refused with a reason (int() alone raises a bare ValueError past 4300 digits)."""
    with pytest.raises(ValueRefused) as refused:
        parse_value(raw, kind)
    assert type(refused.value) is ValueRefused
    assert "位数过多" in str(refused.value) or "小数位数过多" in str(refused.value)
    assert len(str(refused.value)) < 80, "a huge input is not echoed back whole"


@pytest.mark.parametrize(
    ("raw", "kind", "value"),
    [("999,999,999", COUNT, 999_999_999), ("-999999999", SIGNED, -999_999_999), ("10000", WAN, Decimal(10000)),
     ("99999999.999999", WAN, Decimal("99999999.999999")), ("999999999999.99", YUAN, Decimal("999999999999.99"))],
)
def test_largest_sane_values_accepted(raw, kind, value) -> None:
    """Up to the ceilings (and a 万元 amount ≥ 10000, which V5 only flags) values go in."""
    assert parse_value(raw, kind) == value


@pytest.mark.parametrize(
    ("raw", "kind"),
    [("1000000000", COUNT), ("1,000,000,000件", COUNT), (10**9, COUNT), ("-1000000000", SIGNED),
     ("100000000", WAN), ("1000000000000", YUAN)],
)
def test_absurd_magnitudes_refused(raw, kind) -> None:
    """A count over 999,999,999 or an amount of 一万亿元 or more is refused as 数值过大."""
    with pytest.raises(ValueRefused, match="数值过大，请核对"):
        parse_value(raw, kind)


@pytest.mark.parametrize("raw", ["12 34", "1 234", "12\u300034", "1\u00a0234", "1, 234", "1.5 0", "１２　３４件"])
def test_space_inside_a_number_refused(raw) -> None:
    """"12 34" is a typo to be checked, not silently 1234."""
    for kind in (COUNT, SIGNED, WAN, YUAN):
        with pytest.raises(ValueRefused, match="数字中间有空格"):
            parse_value(raw, kind)


@pytest.mark.parametrize(("raw", "value"), [(" 1,234 ", 1234), ("1，234", 1234), ("\u3000１，２３４\u3000", 1234),
                                            ("\t12\n", 12), ("12 件", 12), ("1,234 件", 1234)])
def test_separators_and_surrounding_spaces_still_accepted(raw, value) -> None:
    """Thousands separators (ASCII or full-width comma) and spaces around the number or before a unit."""
    assert parse_value(raw, COUNT) == value


@pytest.mark.parametrize("raw", ["2²", "²", "①", "⑩", "١٢", "۳", "१२", "๓", "𝟏𝟐", "₃", "⒈", "1½"])
def test_other_digit_characters_refused(raw) -> None:
    """Only 0–9 and ０–９: superscripts, circled, Arabic-Indic and other scripts' digits are refused."""
    for kind in (COUNT, SIGNED, WAN, YUAN):
        with pytest.raises(ValueRefused, match="不是普通数字"):
            parse_value(raw, kind)


@pytest.mark.parametrize(("raw", "kind", "shown"), [("-0", COUNT, "0"), ("-0", SIGNED, "0"), ("－０", SIGNED, "0"),
                                                    ("-0.0", WAN, "0.0"), ("-0", WAN, "0"), ("-0.00", YUAN, "0.00"),
                                                    (Decimal("-0.0"), WAN, "0.0"), (-0.0, YUAN, "0.0")])
def test_negative_zero_is_zero(raw, kind, shown) -> None:
    """"-0" / "-0.0" is stored and shown as zero, never as "-0"."""
    value = parse_value(raw, kind)
    assert value == 0 and format_value(value) == shown


@given(st.integers(min_value=MAX_COUNT + 1, max_value=10**40), st.booleans())
def test_counts_over_the_ceiling_refused(n: int, negative: bool) -> None:
    """Every count above the ceiling is refused, typed or as a number from a file."""
    for raw in (str(n), f"{n:,}", n):
        with pytest.raises(ValueRefused):
            parse_value(raw, COUNT)
        with pytest.raises(ValueRefused):
            parse_value(-n if negative and not isinstance(raw, str) else raw, SIGNED)


@given(st.from_regex(r"[0-9]{1,6}", fullmatch=True), st.from_regex(r"[0-9]{1,6}", fullmatch=True),
       st.sampled_from([" ", "\u3000", "\u00a0", "  ", "\t"]))
def test_digits_split_by_space_refused(a: str, b: str, space: str) -> None:
    """Two digit runs separated by any space never become one number."""
    for kind in (COUNT, SIGNED, WAN, YUAN):
        with pytest.raises(ValueRefused):
            parse_value(f"{a}{space}{b}", kind)


_ODD_DIGITS = st.characters(categories=["Nd", "No"]).filter(lambda c: c not in "0123456789０１２３４５６７８９")


@given(_ODD_DIGITS, st.integers(min_value=0, max_value=2))
def test_any_other_digit_character_refused(ch: str, where: int) -> None:
    """A decimal digit or digit-like number of any other script, anywhere in the input, is refused."""
    raw = ("1", "12", "")[where] + ch + ("", "3", "")[where]
    for kind in (COUNT, SIGNED, WAN, YUAN):
        try:
            value = parse_value(raw, kind)
        except ValueRefused as exc:
            assert str(exc)
        else:
            raise AssertionError(f"{raw!r} was accepted as {value!r}")


@given(st.one_of(st.text(max_size=40), st.text(alphabet="0123456789,.-+ 　１２件万元", max_size=40),
                 st.integers(), st.decimals(allow_nan=True, allow_infinity=True), st.floats()))
def test_never_crashes_and_accepted_values_are_sane(raw: object) -> None:
    """Any input parses to a value within the ceilings or is refused with a reason; nothing else escapes."""
    for kind in (COUNT, SIGNED, WAN, YUAN):
        try:
            v = parse_value(raw, kind)
        except ValueRefused as exc:
            assert str(exc)
        else:
            assert v is None or isinstance(v, (int, Decimal))
            if isinstance(v, int):
                assert abs(v) <= MAX_COUNT and str(v) != "-0"
            if isinstance(v, Decimal):
                assert v.is_finite() and not format_value(v).startswith("-0")


@pytest.mark.parametrize("raw", ["1,2" * 3000, "x" * 5000, "1" * 3000 + "元", "1 " * 2000, "²" * 3000])
def test_refusal_of_a_huge_paste_quotes_only_its_ends(raw: str) -> None:
    for kind in (COUNT, WAN, YUAN):
        with pytest.raises(ValueRefused) as refused:
            parse_value(raw, kind)
        assert len(str(refused.value)) < 80 and raw[:40] not in str(refused.value)


@pytest.mark.parametrize("typed", ["2026-01-28", "2026-1-28", "2026/1/28", "2026.1.28", "2026年1月28日",
                                   " 2026 年 1 月 28 日 ", "２０２６年１月２８日", "2026年01月28"])
def test_dates_as_clerks_write_them(typed: str) -> None:
    assert parse_date(typed) == "2026-01-28"


@pytest.mark.parametrize(("typed", "reason"), [
    ("2026-02-30", "“2026-02-30”不是有效日期（2026年没有2月30日）"),
    ("1月28日", "“1月28日”不是日期；请按 年-月-日 填写，如 2026-01-28 或 2026年1月28日"),
    ("2026年1月", "“2026年1月”不是日期"),
])
def test_dates_refused_with_the_reason(typed: str, reason: str) -> None:
    with pytest.raises(ValueRefused) as exc:
        parse_date(typed)
    assert str(exc.value).startswith(reason)
