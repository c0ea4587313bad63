"""core.checks.validation: the public API, the table rules (V1–V5, R3.1, carried totals) and the fixtures."""

from __future__ import annotations

from copy import deepcopy
from decimal import Decimal

import pytest
from validation_helpers import TODAY, check, of, seed_report

from core.checks.validation import CHECKS, finalise_blockers, run_checks
from core.report import Report
from core.rule_params import RULE_PARAMS, BalanceParams

# ---- API and fixtures -------------------------------------------------------------------------


def test_every_rule_kind_has_a_check() -> None:
    assert set(CHECKS) == set(RULE_PARAMS.values())


def test_full_report_has_no_error_and_no_warning(full_report: Report) -> None:
    issues = check(full_report)
    assert [i for i in issues if i.severity != "info"] == []


def test_seed_fixture_has_no_error() -> None:
    issues = check(seed_report())
    assert [i.message for i in issues if i.severity == "error"] == []


def test_every_rule_runs(full_report: Report) -> None:
    for report in (full_report, seed_report()):
        for result in run_checks(report, None, TODAY):
            assert "出错" not in result.skipped, result


def test_unbalanced_report_gives_r31_errors(full_report: Report) -> None:
    full_report.cells["t3.N.C1"] = 26  # 一 + 二 = 29 but 三 + 四 = 28
    issues = of(check(full_report), "R3.1")
    assert [(i.severity, i.anchor, i.cells) for i in issues] == [
        ("error", "C1", ("t3.N.C1", "t3.B.C1", "t3.T.C1", "t3.F.C1")),
        ("error", "C7", ("t3.N.C7", "t3.B.C7", "t3.T.C7", "t3.F.C7"))]
    assert "26" in issues[0].message and "相差 1" in issues[0].message
    assert issues[0].section == "s3" and issues[0].fingerprint == "R3.1@C1"


def test_errors_come_first_and_block(full_report: Report) -> None:
    full_report.cells["t3.R2.C1"] = 6  # 三 + 四 = 29 but 一 + 二 = 28
    full_report.cells["t2_1.rules.issued"] = None  # a blank: V4 warning
    issues = check(full_report)
    ranks = [("error", "warning", "info").index(i.severity) for i in issues]
    assert ranks == sorted(ranks)
    blockers = finalise_blockers(full_report, issues)
    assert len(blockers) == 3 and blockers[0].startswith("错误：")
    v4 = of(issues, "V4")[0]
    full_report.explanations[v4.fingerprint] = "本年无此项"
    assert len(finalise_blockers(full_report, issues)) == 2


# ---- V1–V5 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("edition", "key", "rule"), [
    ("2021", "t3.N.C1", "V1"), ("2021", "t2_8.fees.amount", "V2"),
    ("2019", "t2_5.license.change", "V3"), ("2019", "t2_9.procurement.amount", "V3"),
    ("2019", "t3.O.C2", "V1"),
])
def test_invalid_values_from_a_file(edition: str, key: str, rule: str) -> None:
    report = Report.blank(2023 if edition == "2021" else 2020, "某局")
    report.invalid[key] = ("二十五", "“二十五”不是数字")
    issues = check(report)
    found = of(issues, rule)
    assert [(i.severity, i.cells, i.anchor) for i in found] == [("error", (key,), key)]
    assert "二十五" in found[0].message and report.template.cell_label(key) in found[0].message


def test_bad_types_in_cells_never_raise(full_report: Report) -> None:
    full_report.cells["t3.R1.C1"] = "12"   # a string slipped in
    full_report.cells["t3.R2.C1"] = -5      # negative count
    full_report.cells["t2_8.fees.amount"] = Decimal("1.1234567")
    issues = check(full_report)
    assert {i.cells[0] for i in of(issues, "V1")} == {"t3.R1.C1", "t3.R2.C1"}
    assert [i.cells for i in of(issues, "V2")] == [("t2_8.fees.amount",)]
    assert "小数位数过多" in of(issues, "V2")[0].message


def test_blank_cells_one_warning_per_table(full_report: Report) -> None:
    for key in ("t3.D1.C3", "t3.D2.C3", "t4.cases.lr_other"):
        del full_report.cells[key]
    issues = of(check(full_report), "V4")
    assert [(i.severity, i.anchor, i.cells) for i in issues] == [
        ("warning", "t3", ("t3.D1.C3", "t3.D2.C3")), ("warning", "t4", ("t4.cases.lr_other",))]
    assert issues[0].message.startswith("表三有 2 个空白单元格")
    # the check report names only the tables with blanks, and sums up the rest
    result = next(r for r in run_checks(full_report) if r.rule.id == "V4")
    assert result.compared == ("表三：144 个填报格中空白 2 个", "表四：12 个填报格中空白 1 个", "其余 4 张表均已填满")
    full_report.cells.update({"t3.D1.C3": 0, "t3.D2.C3": 0, "t4.cases.lr_other": 0})
    result = next(r for r in run_checks(full_report) if r.rule.id == "V4")
    assert result.compared == ("各表 166 个填报格均已填写",)


def test_check_report_prints_a_finding_once(full_report: Report) -> None:
    from datetime import date

    from core.export.check_report import detail_lines

    full_report.meta["publish_date"] = "2024-03-01"  # a month late
    result = next(r for r in run_checks(full_report, None, date(2024, 3, 5)) if r.rule.id == "D1")
    (issue,) = result.issues
    lines = detail_lines(full_report, result)
    assert lines == [f"提示：{issue.message}"]  # not also as a 比对 line


def test_large_amount_is_pointed_out(full_report: Report) -> None:
    full_report.cells["t2_8.fees.amount"] = Decimal("9999.99")
    assert of(check(full_report), "V5") == []
    full_report.cells["t2_8.fees.amount"] = Decimal("12500")
    found = of(check(full_report), "V5")
    assert [(i.severity, i.cells) for i in found] == [("info", ("t2_8.fees.amount",))]
    assert "12500" in found[0].message


# ---- carried totals ---------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "rule"), [("t3.T.C1", "R3.3"), ("t3.N.C7", "R3.2"), ("t4.cases.rv_total", "R4.1")])
def test_carried_totals_agreeing_pass(full_report: Report, key: str, rule: str) -> None:
    full_report.carried[key] = full_report.value(key)
    assert of(check(full_report), rule) == []


def test_carried_total_that_differs_is_an_error(full_report: Report) -> None:
    full_report.carried["t3.T.C1"] = 30  # computed: 26
    full_report.carried["t4.cases.rv_total"] = 2  # computed: 2 (agrees)
    issues = check(full_report)
    found = of(issues, "R3.3")
    assert [(i.severity, i.anchor, i.cells[0]) for i in found] == [("error", "t3.T.C1", "t3.T.C1")]
    assert found[0].message == "（七）总计（自然人）文件中为 30，按分项合计应为 26，相差 4"
    assert of(issues, "R4.1") == []


def test_carried_null_against_a_number(full_report: Report) -> None:
    full_report.carried["t3.N.C7"] = None  # computed: 29
    full_report.carried["t3.D1.C7"] = None  # computed: 0 (the terms are 0, not blank)
    blank = Report.blank(2023, "某局")
    blank.carried["t3.N.C7"] = None  # computed: blank too -> equal
    assert [i.anchor for i in of(check(full_report), "R3.2")] == ["t3.N.C7", "t3.D1.C7"]
    assert of(check(blank), "R3.2") == []
    assert "（总计）文件中为空白，按分项合计应为 29" in of(check(full_report), "R3.2")[0].message


def test_seed_with_a_wrong_carried_total() -> None:
    report = seed_report()
    report.carried["t3.T.C7"] = 3
    found = of(check(report), "R3.2")
    assert [i.message for i in found] == ["（七）总计（总计）文件中为 3，按分项合计应为 2，相差 1"]


def test_validation_does_not_change_the_report(full_report: Report) -> None:
    before = deepcopy(full_report)
    check(full_report)
    assert full_report == before


def test_a_rule_that_breaks_is_reported_not_raised(full_report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(rule, ctx):
        raise ZeroDivisionError("boom")

    monkeypatch.setitem(CHECKS, BalanceParams, broken)
    results = {r.rule.id: r for r in run_checks(full_report, None, TODAY)}
    assert "校验规则运行出错" in results["R3.1"].skipped and results["R3.2"].passed


def test_rule_messages_come_from_the_template(full_report: Report) -> None:
    """Every rule has a Chinese title, a source and a message template."""
    for template in (full_report.template, seed_report().template):
        for rule in template.rules:
            assert rule.source and any("\u4e00" <= ch <= "\u9fff" for ch in rule.title)
            assert rule.message.startswith("{") or any("\u4e00" <= ch <= "\u9fff" for ch in rule.message)
