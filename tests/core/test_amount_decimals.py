"""Amounts as real reports print them: 2 to 6 decimals are accepted; a unit that looks wrong is only an info."""

from __future__ import annotations

from decimal import Decimal

import pytest
from factories import seed_json
from openpyxl import Workbook
from validation_helpers import check, of, seed_report

from core.read.report_file import report_from_data
from core.read.xlsx_import import cell_value
from core.template import load_template
from core.values import ValueRefused, parse_value

PROCUREMENT = "t2_9.procurement.amount"
FEES = "t2_8.fees.amount"


def _kind(edition: str, key: str):
    return load_template(edition).cells[key].value_kind


@pytest.mark.parametrize("raw", ["2059.2090", "2059.21", "75394432.52元", "0.123456", "12.5"])
def test_2019_procurement_amount_takes_up_to_six_decimals(raw: str) -> None:
    """Typed in the window: the 2019 采购总金额 of a real report (2059.2090) is kept exactly, zeros too."""
    value = parse_value(raw, _kind("2019", PROCUREMENT))
    assert value == Decimal(raw.removesuffix("元")) and str(value) == raw.removesuffix("元")


@pytest.mark.parametrize("edition,key", [("2019", PROCUREMENT), ("2021", FEES)])
def test_seven_decimals_are_still_refused(edition: str, key: str) -> None:
    with pytest.raises(ValueRefused, match="最多保留 6 位小数"):
        parse_value("1.1234567", _kind(edition, key))


def test_wan_yuan_typed_into_a_yuan_cell_is_refused_with_the_converted_figure() -> None:
    with pytest.raises(ValueRefused, match=r"2059\.2090 万元 = 20592090 元"):
        parse_value("2059.2090万元", _kind("2019", PROCUREMENT))


def test_a_file_with_four_decimals_is_read_without_complaint() -> None:
    """Reading a report file: the amount goes to the cells, not to report.invalid."""
    data = seed_json()
    data["cells"][PROCUREMENT] = "2059.2090"
    report = report_from_data(data)
    assert PROCUREMENT not in report.invalid
    assert report.cells[PROCUREMENT] == Decimal("2059.2090")


def test_an_xlsx_cell_keeps_the_zeros_its_number_format_shows() -> None:
    """Reading a workbook: 2059.209 shown as 0.0000 is 2059.2090 (four decimals, accepted)."""
    cell = Workbook().active["A1"]
    cell.value, cell.number_format = 2059.209, "0.0000"
    assert str(cell_value(cell, _kind("2019", PROCUREMENT))) == "2059.2090"


def test_many_decimals_in_yuan_are_an_info_not_an_error() -> None:
    """V3 accepts the figure; V6 (info) asks whether it was typed in 万元."""
    report = seed_report()
    report.cells[PROCUREMENT] = Decimal("2059.2090")
    issues = check(report)
    assert not of(issues, "V3")
    [hint] = of(issues, "V6")
    assert hint.severity == "info" and "4 位小数" in hint.message and "万元" in hint.message
    assert hint.cells == (PROCUREMENT,)


def test_yuan_to_the_fen_gives_no_hint() -> None:
    report = seed_report()
    report.cells[PROCUREMENT] = Decimal("75394432.52")
    assert not of(check(report), "V6")
