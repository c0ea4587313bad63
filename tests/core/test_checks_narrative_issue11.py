"""N1 on phrasings found in real reports (issue 11 item 28); full_report: 新收 29, 上年结转 3, （一）12,
（二）5, （四）7 (all 本机关不掌握), 制发规范性文件 3, 现行有效 20, 规章现行有效 0."""

from __future__ import annotations

import pytest
from validation_helpers import check, of, seed_report

from core.report import Report

BASE = "2023年，本局认真贯彻落实《中华人民共和国政府信息公开条例》。"
T3_ALL = [f"t3.{r}.C{c}" for r in ("N", "B") for c in range(1, 7)]


def _n1(report: Report, text: str) -> list:
    report.texts["overview"] = BASE + text
    return of(check(report), "N1")


@pytest.mark.parametrize("text", [
    "全年共收到政府信息公开申请29条。", "全年共收到政府信息公开申请29个。", "全年共受理政府信息公开申请29件。",
    "本局共计收到29条政府信息公开申请，均在规定时限内办结。", "上年结转政府信息公开申请数量3件。",
    "制发规范性文件3件，现行有效件数20件。", "本年无新制定规章，现行有效件数0件。",
    "予以公开及部分公开17件。", "予以公开和部分公开17件。", "因本机关不掌握等原因无法提供7件。",
    "全年共收到政府信息公开申请29件，均在法定时限内完成答复，答复率100%。",
])
def test_real_phrasings_agreeing_with_the_tables_pass(full_report: Report, text: str) -> None:
    assert _n1(full_report, text) == []


@pytest.mark.parametrize("text,cells,stated,actual", [
    ("全年共收到政府信息公开申请30条。", ("t3.N.C7",), 30, "29"),
    ("本局共计收到5条政府信息公开申请。", ("t3.N.C7",), 5, "29"),
    ("全年共受理政府信息公开申请31件。", ("t3.N.C7",), 31, "29"),
    ("上年结转政府信息公开申请数量4件。", ("t3.B.C7",), 4, "3"),
    ("制发规范性文件3件，现行有效件数21件。", ("t2_1.norms.in_force",), 21, "20"),
    ("本年无新制定规章，现行有效件数2件。", ("t2_1.rules.in_force",), 2, "0"),
    ("予以公开及部分公开12件，占41%。", ("t3.R1.C7", "t3.R2.C7"), 12, "17"),
    ("因本机关不掌握、没有现成信息等原因无法提供9件。", ("t3.U1.C7", "t3.U2.C7", "t3.U3.C7"), 9, "7"),
])
def test_real_phrasings_disagreeing_warn(full_report: Report, text: str, cells: tuple, stated: int,
                                         actual: str) -> None:
    [issue] = _n1(full_report, text)
    assert issue.cells == cells and f"{stated}，" in issue.message and f"为 {actual}" in issue.message


@pytest.mark.parametrize("text", [
    "规章和规范性文件现行有效21件。",                      # one figure for both kinds: not compared
    "予以公开、部分公开12件。",                           # a list sharing one number: not compared
    "因本机关不掌握无法提供3件。",                         # one reason (no 等): not the whole of （四）
    "受理行政许可申请320件，按时办结率100%。",             # another kind of application
    "共办理12345热线47件，已全部办结，回复率和满意率均达100%。",
    "通过门户网站主动公开政府信息312条。",
])
def test_look_alikes_are_left_alone(full_report: Report, text: str) -> None:
    assert _n1(full_report, text) == []


def _nothing_received(report: Report) -> Report:
    for key in [k for k in report.cells if k.startswith("t3.")]:
        report.cells[key] = 0
    return report


@pytest.mark.parametrize("text", [
    "全年未收到政府信息公开申请，依申请公开按时办结率100%。",
    "本年度政府信息公开申请答复率达100%，群众满意。",
])
def test_a_rate_claimed_with_no_application_warns(full_report: Report, text: str) -> None:
    [issue] = _n1(_nothing_received(full_report), text)
    assert issue.cells == ("t3.N.C7", "t3.B.C7") and "100%" in issue.message and "为 0" in issue.message
    assert issue.severity == "warning" and issue.anchor == "overview.rate"


def test_a_rate_with_applications_or_no_rate_is_quiet(full_report: Report) -> None:
    assert _n1(full_report, "依申请公开按时办结率100%。") == []
    assert _n1(_nothing_received(full_report), "全年未收到政府信息公开申请。") == []


def test_a_rate_is_not_compared_before_table_three_is_filled(full_report: Report) -> None:
    for key in [k for k in full_report.cells if k.startswith("t3.")]:
        del full_report.cells[key]
    assert _n1(full_report, "依申请公开按时办结率100%。") == []


def test_2019_edition_compares_the_combined_categories() -> None:
    report = seed_report()
    r1, r2 = (sum(report.cells.get(f"t3.{row}.C{c}", 0) for c in range(1, 7)) for row in ("R1", "R2"))
    assert _n1(report, f"予以公开及部分公开{r1 + r2}件。") == []
    [issue] = _n1(report, f"予以公开及部分公开{r1 + r2 + 1}件。")
    assert issue.cells == ("t3.R1.C7", "t3.R2.C7")
