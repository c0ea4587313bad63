"""N1: numbers in the narrative against the tables, without false alarms."""

from __future__ import annotations

import pytest
from validation_helpers import check, of, seed_report

from core.checks.narrative import chinese_number
from core.checks.validation import run_checks
from core.report import Report

BASE = "本局认真做好主动公开工作。"


def _n1(report: Report, text: str, key: str = "overview") -> list:
    report.texts[key] = BASE + text
    return of(check(report), "N1")


@pytest.mark.parametrize("text", [
    "本年新收政府信息公开申请29件。", "全年共收到政府信息公开申请二十九件。", "本年度新收29件。",
    "收到政府信息公开申请32件（含上年结转）。",
    "上年结转3件。", "予以公开12件。", "结转下年度继续办理2件。", "发生行政复议2件，行政诉讼1件。",
    "作出行政处罚48起，行政许可决定156件。", "制发规范性文件3件，现行有效行政规范性文件20件。",
    "现行有效规章0件。", "部分公开5件，不予公开2件，无法提供7件，不予处理3件。", "其中2件依法不予公开。",
])
def test_agreeing_claims_pass(full_report: Report, text: str) -> None:
    assert _n1(full_report, text) == []


def test_a_sentence_on_both_disclosure_kinds_is_still_compared(full_report: Report) -> None:
    """主动公开 and the applications' results in one sentence: 予以公开 is still about the applications."""
    found = _n1(full_report, "全年主动公开政府信息312条，收到申请29件，予以公开15件。")
    assert [i.cells for i in found] == [("t3.R1.C7",)]


def test_which_sum_was_compared_is_said(full_report: Report) -> None:
    full_report.texts["overview"] = BASE + "收到政府信息公开申请32件。"
    result = next(r for r in run_checks(full_report) if r.rule.id == "N1")
    assert result.passed and any("按一、本年新收与二、上年结转之和比对为 32，一致" in c for c in result.compared)


@pytest.mark.parametrize(("text", "cells", "stated", "actual"), [
    ("全年收到政府信息公开申请40件。", ("t3.N.C7",), "40", "29"),
    ("全年收到政府信息公开申请三十件。", ("t3.N.C7",), "30", "29"),
    ("本年度新收33件。", ("t3.N.C7",), "33", "29"),
    ("上年结转5件。", ("t3.B.C7",), "5", "3"),
    ("予以公开15件。", ("t3.R1.C7",), "15", "12"),
    ("结转下年度办理1件。", ("t3.F.C7",), "1", "2"),
    ("被申请行政复议3件。", ("t4.cases.rv_total",), "3", "2"),
    ("被提起行政诉讼4件。", ("t4.cases.ld_total", "t4.cases.lr_total"), "4", "1"),
    ("作出行政处罚50件。", ("t2_6.penalty.decisions",), "50", "48"),
    ("办理行政许可160件。", ("t2_5.license.decisions",), "160", "156"),
    ("制发行政规范性文件4件。", ("t2_1.norms.issued",), "4", "3"),
    ("现行有效的规范性文件共22件。", ("t2_1.norms.in_force",), "22", "20"),
    ("部分公开的共4件。", ("t3.R2.C7",), "4", "5"),
    ("不予公开3件。", tuple(f"t3.D{i}.C7" for i in range(1, 9)), "3", "2"),
    ("无法提供4件。", ("t3.U1.C7", "t3.U2.C7", "t3.U3.C7"), "4", "7"),
    ("9件不予处理。", tuple(f"t3.P{i}.C7" for i in range(1, 6)), "9", "3"),
    ("其他处理2件。", ("t3.O1.C7", "t3.O2.C7", "t3.O3.C7"), "2", "1"),
    ("办结30件，其中予以公开12件、部分公开5件、不予公开9件。", tuple(f"t3.D{i}.C7" for i in range(1, 9)), "9", "2"),
    # "all upheld / all won" while table 四 has other results or pending cases (formats.md §E)
    ("被申请行政复议2件，均维持原行政行为。", ("t4.cases.rv_corrected", "t4.cases.rv_other", "t4.cases.rv_pending"),
     "0", "1"),
    ("被申请行政复议2件，复议结果均为维持。", ("t4.cases.rv_corrected", "t4.cases.rv_other", "t4.cases.rv_pending"),
     "0", "1"),
    ("全年共应诉政府信息公开行政诉讼案件3件。", ("t4.cases.ld_total", "t4.cases.lr_total"), "3", "1"),
    ("被提起行政诉讼1件，法院均判决驳回原告诉讼请求。",
     tuple(f"t4.cases.{g}_{k}" for g in ("ld", "lr") for k in ("corrected", "other", "pending")), "0", "1"),
])
def test_disagreeing_claims_warn(full_report: Report, text: str, cells: tuple, stated: str, actual: str) -> None:
    found = _n1(full_report, text)
    assert [(i.severity, i.cells, i.field) for i in found] == [("warning", cells, "overview")]
    start, end = found[0].span
    assert full_report.texts["overview"][start:end] == text
    assert f"一、总体情况中“{text}”：文字所写" in found[0].message
    assert f" {stated}，表" in found[0].message and f"为 {actual}" in found[0].message


def test_received_message_names_both_sums(full_report: Report) -> None:
    found = _n1(full_report, "收到政府信息公开申请40件。")
    assert found[0].message == (
        "一、总体情况中“收到政府信息公开申请40件。”：文字所写收到申请 40，表三 一、本年新收 总计为 29，"
        "一、本年新收与二、上年结转之和为 32，相差 11")
    assert found[0].fingerprint == "N1@overview.received" and found[0].section == "s1"


@pytest.mark.parametrize("text", [
    "较上年收到政府信息公开申请20件有所增加。", "2022年收到政府信息公开申请18件。", "上半年收到政府信息公开申请10件。",
    "其中通过网络收到申请20件。", "历年累计收到申请500件。", "其中自然人申请予以公开10件。",
    "部分公开5件。", "行政复议决定维持1件。", "公开行政处罚信息50条。", "行政许可事项清单共100项。",
    "复议后起诉行政诉讼案件5件同比下降。", "同比行政诉讼减少3件。", "全年共收到政府信息公开申请3万件。",
    # cases the body handles as 复议机关 or defends for another body; a subset; cases, not decisions
    "全年共办理行政复议案件156件。", "作为复议机关审结行政复议案件40件。", "代理区政府应诉行政诉讼案件28件。",
    "全年未发生行政复议和行政诉讼败诉案件。", "无行政复议纠错案件。",
    "因属于国家秘密不予公开1件。", "其中1件不予公开（属于国家秘密）。", "本机关不掌握相关信息无法提供2件。",
    "重复申请不予处理1件。", "已审结的行政复议均维持原行政行为。",
    "本机关作为复议机关办理行政复议5件，均维持原行政行为。", "行政复议2件，行政诉讼1件，尚未审结。",
    "要求提供公开出版物的，不予处理1件。", "对申请人无正当理由大量、反复申请的，不予处理3件。",
    "对属于国家秘密的，不予公开2件。", "其他法律、行政法规禁止公开的不予公开1件。", "危及“三安全一稳定”不予公开1件。",
    "予以公开、部分公开共30件。", "不予公开和无法提供的共8件。", "部分公开、不予公开的共12件。",
    "本年度共印发各类文件256件，其中主动公开198件，依申请公开12件，不予公开46件。",
    # documents' 公开属性, and subsets after 其中
    "全年制发公文568件，均明确公开属性，其中主动公开386件，依申请公开95件，不予公开87件。",
    "全年制发规范性文件3件均予以公开。", "作出行政处罚48起，其中适用简易程序行政处罚12起，一般程序36起。",
    "作出行政许可决定156件，其中准予行政许可150件，不予行政许可6件。", "劳动保障监察立案查处行政处罚案件52起。",
    "受理行政许可申请事项1600件。", "受理行政许可1600件。",
])
def test_no_false_alarms(full_report: Report, text: str) -> None:
    assert _n1(full_report, text) == []


def test_blank_tables_are_not_compared() -> None:
    report = Report.blank(2023, "某局")
    report.texts["overview"] = "收到政府信息公开申请29件。"
    assert of(check(report), "N1") == []


def test_two_claims_of_one_quantity_have_their_own_fingerprint(full_report: Report) -> None:
    full_report.texts["overview"] = BASE + "予以公开15件。"
    full_report.texts["problems"] = full_report.texts["problems"] + "予以公开13件。"
    found = of(check(full_report), "N1")
    assert [i.anchor for i in found] == ["overview.disclosed", "problems.disclosed"]
    full_report.texts["overview"] += "予以公开16件。"
    assert [i.anchor for i in of(check(full_report), "N1")] == [
        "overview.disclosed", "overview.disclosed.2", "problems.disclosed"]


def test_2019_edition_compares_its_own_cells() -> None:
    report = seed_report()
    report.texts["overview"] += "本年制发规范性文件2件。"  # 本年新制作数量 规范性文件: 1
    found = of(check(report), "N1")
    assert [i.cells for i in found] == [("t2_1.norms.made",)]


@pytest.mark.parametrize(("text", "value"), [
    ("29", 29), ("1,234", 1234), ("二十九", 29), ("十二", 12), ("一百零五", 105), ("两千", 2000),
    ("三万五千", 35000), ("二〇二三", 2023), ("零", 0), ("１２", 12), ("abc", None),
])
def test_chinese_numbers(text: str, value: int | None) -> None:
    assert chinese_number(text) == value
