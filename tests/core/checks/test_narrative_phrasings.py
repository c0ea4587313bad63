"""N1 on the ways real reports word their figures: caught with the right numbers, and no false alarms.

The full 2021 report (tests/factories.py) has: 一 本年新收 29, 二 上年结转 3, （一）予以公开 12,
四 结转下年度 2, 行政复议 总计 2, 行政诉讼 总计 1 (直接起诉 1 + 复议后起诉 0). The seed report (2019
edition, 2020) has 本年新收 2 and no 行政复议 or 行政诉讼.
"""

from __future__ import annotations

import pytest
from validation_helpers import check, of, seed_report

from core.checks.narrative import _spec, find_claims, quote
from core.checks.validation import run_checks
from core.report import Report
from core.template import load_template

BASE = "2023年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，不断规范政府信息公开工作。"
RECEIVED = ("t3.N.C7",)
DISCLOSED = ("t3.R1.C7",)
REVIEW = ("t4.cases.rv_total",)
LITIGATION = ("t4.cases.ld_total", "t4.cases.lr_total")
HANDLED = ("t3.T.C7",)


def _n1(report: Report, text: str, key: str = "overview") -> list:
    report.texts[key] = BASE + text
    return of(check(report), "N1")


def _found(report: Report, text: str) -> list[tuple[tuple[str, ...], int]]:
    """(cells, stated number) of each N1 warning, the number read back from the message."""
    out = []
    for issue in _n1(report, text):
        assert issue.severity == "warning" and issue.field == "overview"
        start, end = issue.span
        assert report.texts["overview"][start:end] in text  # the span marks a sentence of the added text
        stated = issue.message.split("：文字所写", 1)[1].split("，", 1)[0].split(" ")[-1]
        out.append((issue.cells, int(stated)))
    return out


@pytest.mark.parametrize(("text", "expected"), [
    # 申请共 / 申请合计
    ("本年度共收到政府信息公开申请共15件，均已按时答复。", [(RECEIVED, 15)]),
    ("全年依申请公开申请合计15件，办结率100%。", [(RECEIVED, 15)]),
    ("本年度政府信息公开申请总数为15件。", [(RECEIVED, 15)]),
    # 受理 … N件, with words in between
    ("全年受理政府信息公开申请15件。", [(RECEIVED, 15)]),
    ("全年共受理依申请公开15件，较好地保障了群众的知情权。", [(RECEIVED, 15)]),
    ("全年共受理公民、法人和其他组织提出的政府信息公开申请15件。", [(RECEIVED, 15)]),
    ("本年度共接收群众提交的各类政府信息公开申请15件。", [(RECEIVED, 15)]),
    ("接收并受理政府信息公开申请20件。", [(RECEIVED, 20)]),
    # N件予以公开
    ("对收到的申请均依法依规答复，其中10件予以公开，5件部分公开。", [(DISCLOSED, 10)]),
    ("按照规定予以公开的10件，部分公开5件。", [(DISCLOSED, 10)]),
    ("其中十件申请均予以公开。", [(DISCLOSED, 10)]),
    # Chinese numerals
    ("本年度共收到政府信息公开申请二十三件，办结二十三件。", [(RECEIVED, 23)]),
    ("全年受理政府信息公开申请十五件，其中十件予以公开。", [(RECEIVED, 15), (DISCLOSED, 10)]),
    # zero without a digit
    ("本年度，我局未收到政府信息公开申请。", [(RECEIVED, 0)]),
    ("全年没有收到公民、法人或其他组织提出的政府信息公开申请。", [(RECEIVED, 0)]),
    ("本年度未受理政府信息公开申请，也未收取信息处理费。", [(RECEIVED, 0)]),
    ("本年度无政府信息公开申请。", [(RECEIVED, 0)]),
    ("依申请公开数量为0件。", [(RECEIVED, 0)]),
    ("本年度未发生因政府信息公开引起的行政复议、行政诉讼。", [(REVIEW, 0), (LITIGATION, 0)]),
    # answered / handled: （七）总计 30 in the full report
    ("完成依申请公开答复2件。", [(HANDLED, 2)]),
    ("全年共办结政府信息公开申请25件，均在法定期限内答复。", [(HANDLED, 25)]),
    ("依申请公开办结共计28件。", [(HANDLED, 28)]),
    ("依法答复各类政府信息公开申请27件。", [(HANDLED, 27)]),
    ("全年无行政复议和行政诉讼案件。", [(REVIEW, 0), (LITIGATION, 0)]),
    ("全年未发生政府信息公开行政复议案件。", [(REVIEW, 0)]),
    ("本机关未发生政府信息公开行政诉讼案件。", [(LITIGATION, 0)]),
])
def test_new_phrasings_are_compared(full_report: Report, text: str, expected: list) -> None:
    assert _found(full_report, text) == expected


@pytest.mark.parametrize("text", [
    # a month or part of the year is not the annual figure
    "3月，收到政府信息公开申请2件。",
    "1月至6月共受理政府信息公开申请5件。",
    "2023年3月，我局收到申请2件，均已按期答复。",
    "十二月，收到依申请公开申请2件。",
    "今年5月起，我局共受理依申请公开申请合计4件。",
    "我局1-6月共收到政府信息公开申请5件。",
    "上半年共收到政府信息公开申请10件。",
    "第一季度受理政府信息公开申请3件。",
    "全年共收到政府信息公开申请29件，其中1月份3件。",
    "全年月均收到政府信息公开申请3件。",
    "3月，未收到政府信息公开申请。",
    # another body
    "全区共收到政府信息公开申请100件。",
    "全市各部门共受理政府信息公开申请1200件。",
    "区卫生健康委员会共收到政府信息公开申请5件。",
    "各乡镇依申请公开申请合计40件。",
    "各单位共受理政府信息公开申请60件，其中12件予以公开。",
    "本局及下属单位共收到政府信息公开申请40件。",
    "系统内共受理政府信息公开申请60件。",
    "全区未发生因政府信息公开引起的行政复议、行政诉讼。",
    # another year
    "上年未收到政府信息公开申请。",
    "2022年未发生行政复议、行政诉讼。",
    # answered, handled or a part of the applications, not the number received; 办理 agreeing with
    # （七）总计 30 or with （七）总计 + 结转下年度 32
    "本年度办理政府信息公开申请32件，均在法定期限内答复。",
    "共答复依申请公开申请共30件。",
    "全年办结政府信息公开申请30件。",
    "收到、办理政府信息公开申请29件。",
    "全年受理涉及征地拆迁的政府信息公开申请10件。",
    "全年通过网络收到政府信息公开申请20件。",
    "受理去年12月提出的政府信息公开申请3件。",
    "其中3件部分予以公开。",
    "未收到涉及个人隐私的政府信息公开申请。",
    # other matters than the tables' counts
    "受理群众信访举报投诉12件。",
    "收到人大代表建议15件。",
    "全年未发生行政复议纠错和行政诉讼败诉案件。",
    "申请人对答复不服，但未申请行政复议。",
    "无一例行政复议被纠错。",
    "当事人未经行政复议直接提起行政诉讼1件。",
])
def test_false_alarm_phrasings_are_left_alone(full_report: Report, text: str) -> None:
    assert _n1(full_report, text) == []


def test_the_same_phrasings_agreeing_with_the_tables_pass(full_report: Report) -> None:
    text = ("全年共受理公民、法人和其他组织提出的政府信息公开申请二十九件，其中12件予以公开。"
            "依申请公开申请合计29件。截至12月31日，共收到政府信息公开申请29件。")
    assert _n1(full_report, text) == []
    for key in ("t4.cases.rv_upheld", "t4.cases.rv_pending", "t4.cases.ld_corrected"):
        full_report.cells[key] = 0
    for key in [k for k in full_report.cells if k.startswith("t3.N.")]:
        full_report.cells[key] = 0
    full_report.texts["overview"] = BASE + (
        "本年度未收到政府信息公开申请，未发生因政府信息公开引起的行政复议、行政诉讼。")
    result = next(r for r in run_checks(full_report) if r.rule.id == "N1")
    assert result.issues == ()
    assert "一、总体情况“未收到政府信息公开申请”：文字 0，表三 一、本年新收 总计 0，一致" in result.compared
    assert any("“未发生因政府信息公开引起的行政复议”：文字 0，表四 行政复议 总计 0，一致" in c for c in result.compared)


def test_message_quotes_the_sentence_and_names_the_cell_shortly(full_report: Report) -> None:
    sentence = "本年度共收到政府信息公开申请共15件，其中10件予以公开。"
    found = _n1(full_report, sentence + "全年未发生行政复议、行政诉讼。")
    assert [i.message for i in found] == [
        f"一、总体情况中“{sentence}”：文字所写收到申请 15，表三 一、本年新收 总计为 29，"
        "一、本年新收与二、上年结转之和为 32，相差 14",
        f"一、总体情况中“{sentence}”：文字所写予以公开 10，表三 （一）予以公开 总计为 12，相差 2",
        "一、总体情况中“全年未发生行政复议、行政诉讼。”：文字所写行政复议 0，表四 行政复议 总计为 2，相差 2",
        "一、总体情况中“全年未发生行政复议、行政诉讼。”：文字所写行政诉讼 0，"
        "表四 行政诉讼 总计（直接起诉 + 复议后起诉）为 1，相差 1",
    ]
    text = full_report.texts["overview"]
    assert [text[slice(*i.span)] for i in found] == [sentence, sentence] + ["全年未发生行政复议、行政诉讼。"] * 2
    assert [i.anchor for i in found] == ["overview.received", "overview.disclosed", "overview.review",
                                         "overview.litigation"]


def test_a_very_long_sentence_is_quoted_around_the_claim(full_report: Report) -> None:
    lead = "我局坚持以公开为常态、不公开为例外，" * 6
    sentence = lead + "全年共收到政府信息公开申请40件，" + "均在法定期限内依法依规予以答复，" * 4 + "群众满意度较高。"
    found = _n1(full_report, sentence)
    assert len(found) == 1
    shown = found[0].message.split("“", 1)[1].split("”：", 1)[0]
    assert shown.startswith("……") and shown.endswith("……") and "全年共收到政府信息公开申请40件" in shown
    assert len(shown) <= 124 and shown.strip("…") in sentence
    start, end = found[0].span
    assert full_report.texts["overview"][start:end] == sentence  # the whole sentence is still marked


def test_quote_keeps_a_claim_longer_than_the_limit() -> None:
    spec = _spec(next(r for r in load_template("2021").rules if r.id == "N1"))
    text = "全年共收到政府信息公开申请40件，均已答复。"
    (claim,) = find_claims(text, 2023, spec)
    assert quote(text, claim) == text
    assert "收到政府信息公开申请40件" in quote(text, claim, limit=5)


def test_seed_report_has_no_narrative_false_alarm() -> None:
    report = seed_report()
    result = next(r for r in run_checks(report) if r.rule.id == "N1")
    assert result.issues == ()
    # the seed's "完成依申请公开答复2件" is compared with its table: （七）总计 2
    assert result.compared == ("一、总体情况“依申请公开答复2件”：文字 2，表三 （七）总计 总计 2，一致",)


def test_2019_edition_zero_claims_and_labels() -> None:
    report = seed_report()  # 本年新收 2, no 行政复议 or 行政诉讼
    report.texts["overview"] += "本年度未发生行政复议、行政诉讼。本年度未收到政府信息公开申请。作出行政处罚5起。"
    found = of(check(report), "N1")
    assert [(i.cells, i.message.split("：", 1)[1]) for i in found] == [
        (RECEIVED, "文字所写收到申请 0，表三 一、本年新收 总计为 2，一、本年新收与二、上年结转之和为 2，相差 2"),
        (("t2_6.penalty.decisions",), "文字所写行政处罚 5，表二 行政处罚 处理决定数量为 3，相差 2"),
    ]


SHORT_BASE = "2023年，本局认真贯彻落实《中华人民共和国政府信息公开条例》。"


def _n1_short(report: Report, text: str) -> list:
    report.texts["overview"] = SHORT_BASE + text
    return of(check(report), "N1")


def _nothing_received(report: Report) -> Report:
    for key in [k for k in report.cells if k.startswith("t3.")]:
        report.cells[key] = 0
    return report


@pytest.mark.parametrize("text", [
    "全年共收到政府信息公开申请29条。", "全年共收到政府信息公开申请29个。", "全年共受理政府信息公开申请29件。",
    "本局共计收到29条政府信息公开申请，均在规定时限内办结。", "上年结转政府信息公开申请数量3件。",
    "制发规范性文件3件，现行有效件数20件。", "本年无新制定规章，现行有效件数0件。",
    "予以公开及部分公开17件。", "予以公开和部分公开17件。", "因本机关不掌握等原因无法提供7件。",
    "全年共收到政府信息公开申请29件，均在法定时限内完成答复，答复率100%。",
])
def test_real_phrasings_agreeing_with_the_tables_pass(full_report: Report, text: str) -> None:
    assert _n1_short(full_report, text) == []


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
    [issue] = _n1_short(full_report, text)
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
    assert _n1_short(full_report, text) == []


@pytest.mark.parametrize("text", [
    "全年未收到政府信息公开申请，依申请公开按时办结率100%。",
    "本年度政府信息公开申请答复率达100%，群众满意。",
])
def test_a_rate_claimed_with_no_application_warns(full_report: Report, text: str) -> None:
    [issue] = _n1_short(_nothing_received(full_report), text)
    assert issue.cells == ("t3.N.C7", "t3.B.C7") and "100%" in issue.message and "为 0" in issue.message
    assert issue.severity == "warning" and issue.anchor == "overview.rate"


def test_a_rate_with_applications_or_no_rate_is_quiet(full_report: Report) -> None:
    assert _n1_short(full_report, "依申请公开按时办结率100%。") == []
    assert _n1_short(_nothing_received(full_report), "全年未收到政府信息公开申请。") == []


def test_a_rate_is_not_compared_before_table_three_is_filled(full_report: Report) -> None:
    for key in [k for k in full_report.cells if k.startswith("t3.")]:
        del full_report.cells[key]
    assert _n1_short(full_report, "依申请公开按时办结率100%。") == []


def test_2019_edition_compares_the_combined_categories() -> None:
    report = seed_report()
    r1, r2 = (sum(report.cells.get(f"t3.{row}.C{c}", 0) for c in range(1, 7)) for row in ("R1", "R2"))
    assert _n1_short(report, f"予以公开及部分公开{r1 + r2}件。") == []
    [issue] = _n1_short(report, f"予以公开及部分公开{r1 + r2 + 1}件。")
    assert issue.cells == ("t3.R1.C7", "t3.R2.C7")
