"""Table rules when a cell holds a refused value: V1 names it, the totals resting on it stay quiet."""

from __future__ import annotations

import re

import pytest
from factories import full_2021_report
from validation_helpers import TODAY, check, of, seed_report

from core.checks.validation import run_checks
from core.report import Report, SetCell, apply
from core.template import editions, load_template


def _with_invalid(report: Report, key: str, raw: str = "二十五") -> Report:
    """The report as read from a file whose cell ``key`` held ``raw`` (refused, kept in ``invalid``)."""
    report.cells.pop(key, None)
    report.invalid[key] = (raw, f"“{raw}”不是数字；本栏应填写件数（非负整数）")
    return report


def _results(report: Report, previous: Report | None = None) -> dict:
    return {r.rule.id: r for r in run_checks(report, previous, TODAY)}


def test_refused_cell_is_an_error_and_no_total_claims_a_made_up_value() -> None:
    """The seed's only 本年新收 is refused: V1 reports it; R3.2 says the file's total cannot be checked
    (never "应为 空白"); R3.1 leaves the columns resting on it out (never "一、本年新收 0")."""
    report = _with_invalid(seed_report(), "t3.N.C1")
    issues = check(report)
    v1 = of(issues, "V1")
    assert [(i.severity, i.cells) for i in v1] == [("error", ("t3.N.C1",))] and "二十五" in v1[0].message
    note = "一、本年新收政府信息公开申请数量（自然人）的取值无效"
    assert [(i.severity, i.cells, i.message) for i in of(issues, "R3.2")] == [
        ("error", ("t3.N.C7", "t3.N.C1"),
         f"一、本年新收政府信息公开申请数量（总计）文件中为 2，无法按分项核对：{note}")]
    assert not [i for i in issues if "空白" in i.message and i.rule.startswith("R")]
    assert not [i for i in of(issues, "R3.1") if i.anchor in ("C1", "C7")]
    results = _results(report)
    assert f"自然人：{note}，本列无法核对" in results["R3.1"].compared
    assert f"总计：{note}，本列无法核对" in results["R3.1"].compared


def test_other_columns_are_still_checked() -> None:
    """Only the comparisons resting on the refused cell are left out."""
    report = full_2021_report()
    report.cells["t3.N.C2"] = 5  # 商业企业 no longer balances
    _with_invalid(report, "t3.N.C1")
    r31 = of(check(report), "R3.1")
    assert [i.anchor for i in r31] == ["C2"]
    assert "商业企业：一、本年新收 5" in r31[0].message


def test_a_stored_value_that_does_not_fit_counts_as_refused() -> None:
    """A negative or absurd count in the cells (a damaged file) is V1's error, not R3.1's arithmetic."""
    for bad in (-5, 10**12):
        report = full_2021_report()
        report.cells["t3.N.C1"] = bad
        issues = check(report)
        assert [i.cells for i in of(issues, "V1")] == [("t3.N.C1",)]
        assert not of(issues, "R3.1"), bad


def test_fixing_the_refused_cell_brings_the_checks_back() -> None:
    report = _with_invalid(full_2021_report(), "t3.N.C1")
    report.carried["t3.N.C7"] = 29
    assert not of(check(report), "R3.1")
    assert [i.message for i in of(check(report), "R3.2")] == [
        "一、本年新收政府信息公开申请数量（总计）文件中为 29，无法按分项核对："
        "一、本年新收政府信息公开申请数量（自然人）的取值无效"]
    apply(report, SetCell("t3.N.C1", 20))
    assert not report.invalid
    assert [i.anchor for i in of(check(report), "R3.1")] == ["C1", "C7"]
    assert [i.message for i in of(check(report), "R3.2")] == [
        "一、本年新收政府信息公开申请数量（总计）文件中为 29，按分项合计应为 24，相差 5"]


def test_carried_total_over_blank_items_says_so() -> None:
    """A file total over items that are all blank: "各分项均为空白", never "应为 空白"."""
    report = full_2021_report()
    for column in ("C1", "C2"):
        report.cells.pop(f"t3.N.{column}")
    for column in ("C3", "C4", "C5", "C6"):
        report.cells.pop(f"t3.N.{column}", None)
    report.carried["t3.N.C7"] = 29
    found = of(check(report), "R3.2")
    assert [i.message for i in found] == ["一、本年新收政府信息公开申请数量（总计）文件中为 29，但各分项均为空白"]
    assert all("应为 空白" not in i.message for i in check(report))


def test_x1_does_not_compare_a_refused_cell() -> None:
    """X1 against last year: a refused 上年结转 is V1's error, not "当前为 0"."""
    this, last = full_2021_report(2023), full_2021_report(2022)
    last.cells.update({"t3.F.C1": 5})
    _with_invalid(this, "t3.B.C1", "三")
    found = of(check(this, last), "X1")
    assert found == [], [i.message for i in found]
    compared = _results(this, last)["X1"].compared
    assert "自然人：二、上年结转政府信息公开申请数量（自然人）的取值无效，无法核对" in compared


_CJK_SPACE_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]\s+[\u3000-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize("edition", editions())
def test_rule_texts_have_no_space_between_chinese_words(edition: str) -> None:
    """Titles and messages: a space only between Chinese and a number, never between two Chinese words."""
    for rule in load_template(edition).rules:
        if rule.kind == "narrative":
            continue  # N1's wording is another task's
        params = vars(rule.params)
        texts = [rule.title, rule.message, *(v for v in params.values() if isinstance(v, str)),
                 *(params.get("notes") or {}).values()]
        for text in texts:
            assert not _CJK_SPACE_CJK.search(text), (rule.id, text)


def test_balance_message_reads_as_one_sentence() -> None:
    report = full_2021_report()
    report.cells["t3.N.C2"] = 5
    assert next(i.message for i in of(check(report), "R3.1")) == (
        "商业企业：一、本年新收 5 + 二、上年结转 0 = 5，应等于三（七）总计 4 + 四、结转下年度继续办理 0 = 4，相差 1")


def test_carried_total_rules_say_nothing_when_nothing_was_carried() -> None:
    """A report typed in the window carries no totals: R3.2/R3.3/R4.1 pass without a word about files."""
    from core.checks.validation import run_checks

    results = [r for r in run_checks(full_2021_report()) if r.rule.kind == "carried_total"]
    assert results and all(r.passed and r.compared == () for r in results)
