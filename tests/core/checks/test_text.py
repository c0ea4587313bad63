"""Text and structure rules T1–T8."""

from __future__ import annotations

import pytest
from validation_helpers import TODAY, check, of

from core.checks.text import sentences, stray_years
from core.checks.validation import finalise_blockers, run_checks
from core.report import Report


def _span_text(report: Report, issue) -> str:
    start, end = issue.span
    return report.texts[issue.field][start:end]


@pytest.mark.parametrize("key", ["overview", "problems", "other"])
def test_empty_sections_t1(full_report: Report, key: str) -> None:
    assert of(check(full_report), "T1") == []
    full_report.texts[key] = "  \n "
    found = of(check(full_report), "T1")
    assert [(i.severity, i.field, i.anchor) for i in found] == [("error", key, key)]
    assert found[0].message.endswith("尚未填写")


@pytest.mark.parametrize("agency", ["", "   ", "\u3000"])
@pytest.mark.parametrize("edition_year", [2019, 2023])
def test_empty_agency_is_a_t1_error_that_blocks_finalising(full_report: Report, agency: str,
                                                           edition_year: int) -> None:
    """No 机关名称, no title: an error on meta.agency under T1, in both editions."""
    report = Report.blank(edition_year, "某某局") if edition_year == 2019 else full_report
    report.texts.update(full_report.texts)
    assert not [i for i in of(check(report), "T1") if i.field == "meta.agency"]
    report.meta["agency"] = agency
    found = [i for i in of(check(report), "T1") if i.field == "meta.agency"]
    assert [(i.severity, i.anchor, i.section, i.message) for i in found] == [
        ("error", "meta.agency", "meta", "基本信息：机关名称为空，报告标题无法生成")]
    assert "错误：基本信息：机关名称为空，报告标题无法生成" in finalise_blockers(report, check(report))
    del report.meta["agency"]
    assert [i.field for i in of(check(report), "T1")] == ["meta.agency"]


@pytest.mark.parametrize("token", ["（文字描述）", "XX", "××", "……", "待补充", "待填写", "TODO", "ｘｘ"])
def test_placeholders_t2(full_report: Report, token: str) -> None:
    full_report.texts["other"] = f"本年度未收取信息处理费。其他事项{token}。"
    found = of(check(full_report), "T2")
    assert [(i.severity, i.field) for i in found] == [("error", "other")]
    assert _span_text(full_report, found[0]) == token and token in found[0].message


def test_xx_in_web_addresses_is_not_a_placeholder(full_report: Report) -> None:
    """信息公开 is 'xxgk' in countless government web addresses: not a leftover "XX"; "20XX年" still is."""
    full_report.texts["other"] = ("本年度未收取信息处理费。政府信息公开专栏网址为 http://www.example.gov.cn/xxgk/，"
                                  "平台 xxgk.example.gov.cn、XXGK 系统运行正常。")
    assert of(check(full_report), "T2") == []
    full_report.texts["other"] += "20XX年由XX科负责。"
    assert [_span_text(full_report, i) for i in of(check(full_report), "T2")] == ["XX", "XX"]


@pytest.mark.parametrize("edition_year", [2020, 2023])
def test_withheld_names_and_an_ellipsis_before_deng_are_not_placeholders(full_report: Report,
                                                                          edition_year: int) -> None:
    """李×× is a name withheld from publication and "……等" an ellipsis in a list: both are real text.

    ××局, 张XX科 and a bare "一是……" still are leftovers.
    """
    report = Report.blank(edition_year, "某某局")
    report.texts.update(full_report.texts)
    report.texts["other"] = ("本年度未收取信息处理费。申请人李××不服我局答复申请行政复议，张XX、欧阳×× 未起诉。"
                             "涉及就业创业、社会保险……等多个领域。")
    assert of(check(report), "T2") == []
    report.texts["other"] += "由××局、张XX科办理：一是……；二是王××。"
    assert [_span_text(report, i) for i in of(check(report), "T2")] == ["××", "XX", "……"]
    # a "surname" before a figure left blank is not a name: 费××元, 金××万元, 查××次
    report.texts["other"] = "收取信息处理费××元，投入资金××万元，开展检查××次，出席XX人，主要涉及……等方面。"
    assert [_span_text(report, i) for i in of(check(report), "T2")] == ["××", "××", "××", "XX", "……"]


def test_template_placeholder_of_section_six(full_report: Report) -> None:
    full_report.texts["other"] = "（文字描述，收取信息处理费情况在此处报告。）"
    found = of(check(full_report), "T2")
    assert _span_text(full_report, found[0]) == "（文字描述，收取信息处理费情况在此处报告。）"


def test_each_placeholder_is_marked(full_report: Report) -> None:
    full_report.texts["overview"] += "全年办理XX件，其中××件待补充。"
    found = of(check(full_report), "T2")
    assert [_span_text(full_report, i) for i in found] == ["XX", "××", "待补充"]
    assert len({i.fingerprint for i in found}) == 3


def test_overview_length_t3(full_report: Report) -> None:
    full_report.texts["overview"] = "主动公开依申请公开政府信息管理平台建设监督保障。" * 41  # 24 × 41 = 984
    assert of(check(full_report), "T3") == []
    full_report.texts["overview"] += "一二三四五六七八九十一二三四五六七"  # 1001
    found = of(check(full_report), "T3")
    assert [(i.severity, i.field) for i in found] == [("warning", "overview")]
    assert "共 1001 字，超过 1000 字" in found[0].message


def test_length_is_not_checked_in_2019(template19) -> None:
    assert not any(r.id in ("T3", "T4", "V5", "X2") for r in template19.rules)
    assert any(r.id == "X3" for r in template19.rules)


def test_fee_statement_t4(full_report: Report) -> None:
    full_report.texts["other"] = "本年度无其他需要报告的事项。"
    found = of(check(full_report), "T4")
    assert [(i.severity, i.field) for i in found] == [("warning", "other")]
    full_report.texts["other"] = "本年度未收取信息处理费。"
    assert of(check(full_report), "T4") == []


@pytest.mark.parametrize(("text", "reason"), [
    ("无", "只写了“无”"),
    ("无。", "只写了“无”"),
    ("工作存在不足，将加强培训。", "内容过短"),
    ("本年度各项工作开展顺利，信息公开工作取得明显成效，得到社会公众的广泛好评，群众满意度持续上升，各项指标全部完成，"
     "工作成效显著。", "没有写明存在的具体问题"),
])
def test_problems_must_be_real_t5(full_report: Report, text: str, reason: str) -> None:
    full_report.texts["problems"] = text
    found = of(check(full_report), "T5")
    assert [(i.severity, i.field) for i in found] == [("warning", "problems")]
    assert reason in found[0].message


def test_real_problems_pass_t5(full_report: Report) -> None:
    assert of(check(full_report), "T5") == []


def test_stray_years_t6(full_report: Report) -> None:
    full_report.texts["problems"] = full_report.texts["problems"] + "2021年已完成相关整改。"
    found = of(check(full_report), "T6")
    assert [(i.severity, i.field, i.anchor) for i in found] == [("warning", "problems", "problems.2021")]
    assert _span_text(full_report, found[0]) == "2021年"
    assert "既不是报告年度 2023 年也不是 2024 年" in found[0].message


@pytest.mark.parametrize("text", [
    "较2022年增长10%。", "2021—2025年规划已落实。", "2021年至2023年持续推进。", "《2022年工作要点》已印发。",
    "条例于2019年修订后施行。", "2023年度和2024年计划。", "2019年以来持续推进。",
    "自2020年起每季度自查。", "从2019年开始推行。", "围绕2035年远景目标。", "2022年结转的2件申请已办结。",
    "公开2022年度政府信息公开工作年度报告。", "2022年度报告按时公开。", "2022年的年报已公开。",
    "《条例》自2019年5月15日起施行以来。", "2019年新修订的《条例》。", "在2022年度全区政务公开考核中获评优秀。",
    "同2022年相比有所增加。",
])
def test_legitimate_years_are_left_alone(text: str) -> None:
    assert stray_years(text, 2023) == ()


@pytest.mark.parametrize(("text", "stray"), [
    ("2021年结转的2件申请已办结。", 2021),  # only the year before carries over into the report year
    ("2021年度政府信息公开工作年度报告。", 2021), ("2030年远景目标。", None), ("2020年远景目标。", 2020),
    ("自2020年起推行。", None), ("2020年起推行。", 2020), ("2022年已完成整改。", 2022),
    ("同2021年相比。", None), ("合同2021年签订。", 2021),
])
def test_previous_year_and_goals_only_in_their_own_phrases(text: str, stray: int | None) -> None:
    assert [y for y, _, _ in stray_years(text, 2023)] == ([stray] if stray else [])


def test_dates_in_metadata_t6(full_report: Report) -> None:
    full_report.meta["fill_date"] = "2024-01-15"
    assert of(check(full_report), "T6") == []
    full_report.meta["fill_date"] = "2022-12-30"
    full_report.meta["publish_date"] = "2024-13-01"
    found = of(check(full_report), "T6")
    assert [(i.field, i.section) for i in found] == [("meta.fill_date", "meta"), ("meta.publish_date", "meta")]
    assert "与报告年度 2023 年不符" in found[0].message and "不是有效日期" in found[1].message


def test_government_accountability_t7(full_report: Report) -> None:
    results = {i.rule for i in check(full_report)}
    assert "T7" not in results  # a department: not applicable
    full_report.meta["agency_kind"] = "government"
    found = of(check(full_report), "T7")
    assert [(i.severity, i.field) for i in found] == [("warning", "overview")]
    assert "考核、社会评议、责任追究" in found[0].message
    full_report.texts["overview"] += "年度工作考核、社会评议和责任追究结果情况：无责任追究。"
    assert of(check(full_report), "T7") == []


def test_five_aspects_t8(full_report: Report) -> None:
    assert of(check(full_report), "T8") == []
    full_report.texts["overview"] = "本局认真做好主动公开工作，全年发布信息312条，各项工作有序推进。"
    found = of(check(full_report), "T8")
    assert [(i.severity, i.field) for i in found] == [("info", "overview")]
    assert "依申请公开、政府信息管理、平台建设、监督保障" in found[0].message
    result = next(r for r in run_checks(full_report, None, TODAY) if r.rule.id == "T8")
    assert result.compared == ("一、总体情况：已写到主动公开",)  # what is missing is the issue's message
    full_report.texts["overview"] = "本局各项工作有序推进。"
    result = next(r for r in run_checks(full_report, None, TODAY) if r.rule.id == "T8")
    assert result.compared == ("一、总体情况：一项也未写到",)


def test_five_aspects_in_other_words_t8(full_report: Report) -> None:
    """Officers name the aspects in their own words: 政府信息公开申请 is 依申请公开, 保密审查 is 信息管理."""
    full_report.texts["overview"] = ("全年主动公开信息312条。收到政府信息公开申请29件，均按期答复。"
                                     "严格落实信息发布保密审查。通过政务新媒体发布信息。组织全员业务培训。")
    assert of(check(full_report), "T8") == []


def test_sentences_skip_spaces_and_keep_punctuation() -> None:
    text = "  第一句。第二句；\n第三句！"
    assert [text[a:b] for a, b in sentences(text)] == ["第一句。", "第二句；", "第三句！"]
