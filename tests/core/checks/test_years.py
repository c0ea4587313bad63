"""Cross-year rules X1–X6 and the deadline D1."""

from __future__ import annotations

import re
from copy import deepcopy
from datetime import date
from decimal import Decimal

import pytest
from factories import full_2021_report
from validation_helpers import TODAY, check, of, seed_report

from core.checks.validation import run_checks, validate
from core.report import Report


@pytest.fixture
def pair() -> tuple[Report, Report]:
    """This year's report (2023) and a consistent previous one (2022) with other numbers and texts."""
    this = full_2021_report(2023)
    last = full_2021_report(2022)
    last.cells.update({"t3.F.C1": 3, "t3.F.C2": 0, "t3.N.C1": 26, "t3.R1.C1": 11})  # 26 + 3 = 27 + 3
    last.cells["t2_1.norms.in_force"] = 18  # 18 + 3 − 1 = 20
    last.cells["t2_1.rules.in_force"] = 0
    last.texts = {"overview": "去年的总体情况写法完全不同。主动公开信息二百条。",
                  "problems": "去年的问题是另一些问题。", "other": "无。"}
    return this, last


def test_without_previous_report_cross_year_rules_are_skipped(full_report: Report) -> None:
    results = {r.rule.id: r for r in run_checks(full_report, None, TODAY)}
    for rule in ("X1", "X2", "X4", "X5", "X6"):
        assert results[rule].skipped == "无上年度报告" and not results[rule].passed


def test_consistent_pair_passes(pair) -> None:
    this, last = pair
    results = {r.rule.id: r for r in run_checks(this, last, TODAY)}
    for rule in ("X1", "X2", "X4", "X5", "X6"):
        assert results[rule].passed, (rule, results[rule])
    assert "自然人：3 = 3" in results["X1"].compared


def test_previous_of_another_year_is_not_compared(pair) -> None:
    this, last = pair
    last.year = 2020
    last.texts = deepcopy(this.texts)  # copied text is not pointed out against another year's report either
    results = {r.rule.id: r for r in run_checks(this, last, TODAY)}
    for rule in ("X1", "X2", "X4", "X5", "X6"):
        assert results[rule].skipped == "所给报告为 2020 年度，不是上一年度（2022 年）", rule


def test_carry_x1(pair) -> None:
    this, last = pair
    last.cells["t3.F.C1"] = 5
    found = of(check(this, last), "X1")
    assert [(i.severity, i.cells, i.anchor) for i in found] == [
        ("warning", ("t3.B.C1",), "t3.B.C1"), ("warning", ("t3.B.C7",), "t3.B.C7")]
    assert found[0].message == ("二、上年结转政府信息公开申请数量（自然人）应为 5"
                                "（上年度报告“四、结转下年度继续办理”），当前为 3，相差 2")


def test_carry_from_a_2019_edition_report() -> None:
    this = full_2021_report(2021)
    last = seed_report()  # 2020, 2019 edition: 结转下年度 自然人 0
    found = of(check(this, last), "X1")
    assert [i.cells for i in found] == [("t3.B.C1",), ("t3.B.C7",)]
    results = {r.rule.id: r for r in run_checks(this, last, TODAY)}
    assert "没有“现行有效件数”" in results["X2"].skipped


def test_stock_x2(pair) -> None:
    this, last = pair
    last.cells["t2_1.norms.in_force"] = 25  # 25 + 3 − 1 = 27, but this year says 20
    found = of(check(this, last), "X2")
    assert [(i.severity, i.cells) for i in found] == [("warning", ("t2_1.norms.in_force",))]
    assert "应为 27（上年 25 + 本年制发 3 − 本年废止 1），当前为 20，相差 7" in found[0].message


def test_item_stock_x3() -> None:
    last = seed_report()  # 2020: 行政处罚 上一年项目数量 3, 本年增/减 3
    this = deepcopy(last)
    last.year = 2019  # the seed becomes last year's report of a 2020 copy
    this.cells["t2_6.penalty.prev_items"] = 6
    assert of(check(this, last), "X3") == []
    this.cells["t2_6.penalty.prev_items"] = 4
    found = of(check(this, last), "X3")
    assert [(i.severity, i.cells) for i in found] == [("warning", ("t2_6.penalty.prev_items",))]
    assert "应为 6" in found[0].message and "当前为 4" in found[0].message


@pytest.mark.parametrize(("before", "after", "jumps"), [
    (48, 48, False), (48, 240, True), (48, 239, False), (100, 20, True), (100, 21, False),
    (20, 0, True), (19, 0, False), (1, 5, False), (None, 300, False),
])
def test_jump_x4(pair, before, after, jumps: bool) -> None:
    this, last = pair
    last.cells["t2_6.penalty.decisions"] = before
    this.cells["t2_6.penalty.decisions"] = after
    found = of(check(this, last), "X4")
    assert [(i.severity, i.cells) for i in found] == ([("info", ("t2_6.penalty.decisions",))] if jumps else [])


def test_jump_on_the_amount(pair) -> None:
    this, last = pair
    this.cells["t2_8.fees.amount"] = Decimal("12.5")
    last.cells["t2_8.fees.amount"] = Decimal("1.25")
    found = of(check(this, last), "X4")
    assert [i.cells for i in found] == [("t2_8.fees.amount",)] and "10.0 倍" in found[0].message


def test_identical_numbers_x5(pair) -> None:
    this, last = pair
    same = deepcopy(this)
    same.year = 2022
    found = of(check(this, same), "X5")
    assert [(i.severity, i.anchor) for i in found] == [("warning", "all")]
    assert "t3.N.C1" in found[0].cells and "t3.D1.C1" not in found[0].cells  # zeros are not highlighted
    assert of(check(this, last), "X5") == []


def test_text_reuse_x6(pair) -> None:
    this, last = pair
    last.texts["problems"] = this.texts["problems"].replace("2024年", "2023年")  # copied, year updated
    found = of(check(this, last), "X6")
    assert [(i.severity, i.field, i.anchor) for i in found] == [("warning", "problems", "problems")]
    start, end = found[0].span
    assert this.texts["problems"][start:end].startswith("一是部分科室")
    assert "（100%）" in found[0].message
    last.texts["problems"] = this.texts["problems"].split("；")[0] + "。"  # one sentence of three
    assert of(check(this, last), "X6") == []


# ---- D1 --------------------------------------------------------------------------------------


def _d1(report: Report, today: date) -> list:
    return of(validate(report, None, today=today), "D1")


def test_deadline_countdown_and_overdue(full_report: Report) -> None:
    found = _d1(full_report, date(2024, 1, 10))
    assert [(i.severity, i.field) for i in found] == [("info", "meta.publish_date")]
    assert "2024年1月31日" in found[0].message and "还有 21 天" in found[0].message
    assert "已超过期限 5 天" in _d1(full_report, date(2024, 2, 5))[0].message


def test_deadline_depends_on_agency_kind(full_report: Report) -> None:
    full_report.meta["agency_kind"] = "government"
    found = _d1(full_report, date(2024, 2, 5))
    assert "2024年3月31日" in found[0].message and "还有 55 天" in found[0].message


def test_publish_date_against_deadline(full_report: Report) -> None:
    full_report.meta["publish_date"] = "2024-01-20"
    assert _d1(full_report, date(2024, 3, 1)) == []
    full_report.meta["publish_date"] = "2024-02-03"
    found = _d1(full_report, date(2024, 3, 1))
    assert found[0].message == "公开日期 2024-02-03 晚于县级以上人民政府部门的公开期限 2024年1月31日，晚了 3 天"
    assert found[0].section == "meta"


def test_deadline_long_past_is_stated_not_counted() -> None:
    """A 2019 report checked on 2026-11-28: no "已超过期限 2127 天", just the deadline in the check report."""
    old = Report.blank(2019, "某某局")
    assert _d1(old, date(2026, 11, 28)) == []
    result = next(r for r in run_checks(old, None, date(2026, 11, 28)) if r.rule.id == "D1")
    assert result.skipped == ("未填写公开日期，无法核对是否按期公开"
                              "（县级以上人民政府部门的公开期限 2020年1月31日早已过去）")
    assert not result.passed and not result.compared and not result.issues  # never "通过 …（已过）"


@pytest.mark.parametrize(("today", "shown"), [(date(2024, 3, 31), True), (date(2024, 4, 1), False),
                                              (date(2025, 1, 10), False)])
def test_overdue_is_pointed_out_only_while_recent(full_report: Report, today: date, shown: bool) -> None:
    """Up to 60 days past the deadline (and in the current reporting cycle) the overdue days are shown."""
    found = _d1(full_report, today)
    assert bool(found) == shown
    if shown:
        assert found[0].message == ("县级以上人民政府部门应在 2024年1月31日前公开年度报告，"
                                    "已超过期限 60 天，尚未填写公开日期")


def test_late_publish_date_of_an_old_report_is_still_pointed_out() -> None:
    old = Report.blank(2019, "某某局")
    old.meta["publish_date"] = "2020-03-01"
    found = _d1(old, date(2026, 11, 28))
    assert [i.message for i in found] == [
        "公开日期 2020-03-01 晚于县级以上人民政府部门的公开期限 2020年1月31日，晚了 30 天"]
    old.meta["publish_date"] = "2020-01-31"
    assert _d1(old, date(2026, 11, 28)) == []
    result = next(r for r in run_checks(old, None, date(2026, 11, 28)) if r.rule.id == "D1")
    assert result.compared == ("公开日期 2020-01-31 未超过县级以上人民政府部门的公开期限 2020年1月31日",)


def test_d1_messages_have_no_space_between_chinese_words(full_report: Report) -> None:
    """"1月31日 前" had a stray space; the government note follows the sentence instead of splitting it."""
    messages = []
    for kind in ("department", "township", "government", "other"):
        full_report.meta["agency_kind"] = kind
        for today in (date(2024, 1, 10), date(2024, 2, 5), date(2024, 4, 10)):
            for published in ("", "2024-01-20", "2024-04-03"):
                full_report.meta["publish_date"] = published
                result = next(r for r in run_checks(full_report, None, today) if r.rule.id == "D1")
                messages += [i.message for i in result.issues] + list(result.compared)
    assert len(set(messages)) > 8
    for text in messages:
        assert not re.search(r"[\u3000-\u9fff\uff00-\uffef]\s+[\u3000-\u9fff\uff00-\uffef]", text), text
        assert "日 前" not in text and "本年度报告" not in text
    full_report.meta.update(agency_kind="government", publish_date="")
    assert _d1(full_report, date(2024, 2, 5))[0].message == (
        "县级以上地方人民政府应在 2024年3月31日前公开年度报告，距期限还有 55 天"
        "（主管部门汇总报告的期限：县级 2月20日，地市级 3月10日，省级 3月31日）")
