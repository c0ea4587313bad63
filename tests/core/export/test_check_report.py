"""The 勾稽校验单: rules, results, compared values, 说明, open issues and signature lines."""

from __future__ import annotations

import io
import re

import pytest
from factories import full_2021_report
from pypdf import PdfReader

from core.checks.results import summarize
from core.checks.validation import Issue, RuleResult, run_checks
from core.export.check_report import summary_text, write_check_report
from core.export.fonts import find_cjk_fonts
from core.final_status import finalised
from core.report import Report
from core.template import Rule


def fake_results(report: Report) -> list[RuleResult]:
    """Four rules: passed, failed warning, failed error, skipped."""
    r31 = Rule("R3.1", "balance", "error", "", "国办公开办函〔2021〕30号 表三", "一+二=三+四")
    x1 = Rule("X1", "carry", "warning", "", "结转关系", "上年结转与上年度结转下年度一致")
    t2 = Rule("T2", "placeholder", "error", "", "格式要求", "没有模板占位文字")
    x5 = Rule("X5", "identical", "warning", "", "跨年度", "数字与上年度不完全相同")
    return [
        RuleResult(r31, (), ("自然人：25 + 3 = 26 + 2", "商业企业：4 + 0 = 4 + 0")),
        RuleResult(x1, (Issue("X1", "warning", "上年结转（自然人）为 3，上年度结转下年度为 2", ("t3.B.C1",),
                                  anchor="C1"),), ("自然人：3 ≠ 2",)),
        RuleResult(t2, (Issue("T2", "error", "第五部分仍有占位文字“<待补充>&”", field="problems",
                                  anchor="problems"),), ()),
        RuleResult(x5, (), (), skipped="无上年度报告"),
    ]


@pytest.fixture(scope="module")
def fonts():
    fs = find_cjk_fonts()
    if not fs.embedded:
        pytest.skip("no CJK TrueType font on this machine")
    return fs


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def render(report: Report, fonts, results=None, previous=None) -> str:
    buf = io.BytesIO()
    write_check_report(report, buf, previous=previous, fonts=fonts, results=results)
    return squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(buf.getvalue())).pages))


def test_every_rule_result_values_issues_and_explanations(fonts, full_report: Report) -> None:
    results = fake_results(full_report)
    full_report.explanations["X1@C1"] = "机构改革后由原机关结转<1>件&核实"
    text = render(full_report, fonts, results)
    assert "示例市示例区生态环境局2023年政府信息公开工作年度报告勾稽校验单" in text
    for r in results:
        assert r.rule.id in text and squash(r.rule.title) in text
        for c in r.compared:  # a mismatch is said once, by its issue
            assert (squash(c) in text) == ("≠" not in c)
        for issue in r.issues:
            assert text.count(squash(issue.message)) == 1
    assert "未运行：无上年度报告" in text
    assert text.count("机构改革后由原机关结转<1>件&核实") == 1
    assert "尚未解决，详见“三、尚未解决的问题”第1项" in text and "已说明，详见“四、已说明的需核实事项”第1项" in text
    assert text.count("未通过") >= 2 and "通过" in text
    assert "填报人：张三" in text and "审核人：李四" in text and "负责人：赵六" in text and "签字：" in text
    assert "填报单位（盖章）：示例市示例区生态环境局" in text
    assert "第1版" in text and "草稿" in text


def test_summary_counts_and_open_issues(full_report: Report) -> None:
    results = fake_results(full_report)
    s = summarize(full_report, results)
    assert (s.rules, s.passed, s.failed, s.skipped) == (4, 1, 2, 1)
    assert (s.errors, s.warnings, s.explained, s.infos, s.open) == (1, 1, 0, 0, 2)
    full_report.explanations["X1@C1"] = "已核实"
    s = summarize(full_report, results)
    assert (s.explained, s.open) == (1, 1)
    assert "尚有 1 项问题未解决" in summary_text(s)


def test_open_issues_section_lists_errors_and_unexplained_warnings(fonts, full_report: Report) -> None:
    text = render(full_report, fonts, fake_results(full_report))
    open_part = text[text.rindex("三、尚未解决的问题"):text.rindex("四、已说明的需核实事项")]
    assert "[T2]" in open_part and "[X1]" in open_part
    assert open_part.index("[T2]") < open_part.index("[X1]")  # errors first
    full_report.explanations["X1@C1"] = "已核实无误"
    text = render(full_report, fonts, fake_results(full_report))
    open_part = text[text.rindex("三、尚未解决的问题"):text.rindex("四、已说明的需核实事项")]
    assert "[T2]" in open_part and "[X1]" not in open_part
    assert "说明：已核实无误" in text[text.index("四、已说明的需核实事项"):]


def test_final_report_prints_hash_and_blank_names_leave_space(fonts, full_report: Report) -> None:
    full_report.meta.pop("filler")
    final = finalised(full_report)
    text = render(final, fonts, [r for r in fake_results(final) if not r.issues])  # still passes: trusted
    assert final.content_hash in text and "定稿（第1版）" in text
    assert "填报人：签字：" in text  # no name: the line stays blank to write on


def test_names_the_previous_report_it_was_compared_with(fonts, full_report: Report) -> None:
    """The approver sees which report (agency, year, version, hash) the cross-year checks used, or why none."""
    last = finalised(full_2021_report(full_report.year - 1))
    text = render(full_report, fonts, fake_results(full_report), previous=last)
    assert squash(f"{last.title}（定稿第1版，校验码{last.content_hash[:12]}），已用于跨年度比对") in text
    assert "注意" not in text
    last.meta["agency"] = "另一个局"
    text = render(full_report, fonts, fake_results(full_report), previous=last)
    assert squash(f"已用于跨年度比对；注意：其机关名称与本报告（{full_report.agency}）不同") in text
    older = full_2021_report(full_report.year - 2)
    text = render(full_report, fonts, fake_results(full_report), previous=older)
    assert squash(f"所给报告为{older.year}年度，不是上一年度（{full_report.year - 1}年），跨年度检查未运行") in text
    assert "已用于跨年度比对" not in render(full_report, fonts, fake_results(full_report))


def test_with_real_validation(fonts, full_report: Report) -> None:
    results = run_checks(full_report, None)
    text = render(full_report, fonts)
    assert results and f"共检查规则{len(results)}条" in text
    for r in results:
        assert r.rule.id in text
        for c in r.compared:
            assert squash(c) in text
    s = summarize(full_report, results)
    assert s.errors == 0  # the factory report is complete and balanced


def test_long_rule_table_starts_under_its_heading_on_page_one(fonts, full_report: Report) -> None:
    results = fake_results(full_report) * 8  # a table longer than a page
    buf = io.BytesIO()
    write_check_report(full_report, buf, fonts=fonts, results=results)
    pages = [squash(p.extract_text()) for p in PdfReader(io.BytesIO(buf.getvalue())).pages]
    assert len(pages) >= 3
    assert "二、逐条检查情况" in pages[0] and "R3.1" in pages[0]
    assert all("比对数值、问题及说明" in p for p in pages[1:-1])  # the header repeats


def test_signature_block_never_stands_alone_on_a_page(fonts, full_report: Report) -> None:
    """However long the lists above it, 五、签字确认 shares its page with the last listed item."""
    for n in range(1, 40):  # explained warnings of growing length push the block across the page end
        issue = Issue("X1", "warning", "上年结转（自然人）为 3，上年度结转下年度为 2", ("t3.B.C1",), anchor="C1")
        full_report.explanations["X1@C1"] = "核实情况说明。" * n
        rule = Rule("X1", "carry", "warning", "", "结转关系", "上年结转与上年度结转下年度一致")
        buf = io.BytesIO()
        write_check_report(full_report, buf, fonts=fonts, results=[RuleResult(rule, (issue,), ())])
        pages = [squash(p.extract_text()) for p in PdfReader(io.BytesIO(buf.getvalue())).pages]
        last = next(p for p in pages if "五、签字确认" in p)
        assert "说明：核实情况说明" in last.split("五、签字确认")[0], n
        assert "负责人：赵六" in last and "填报单位（盖章）" in last


def test_check_report_and_report_pdf_share_the_page_module_not_each_other() -> None:
    """No cycle: both PDFs import core.export.pdf_page; the report imports the check report, never the reverse."""
    import ast
    from pathlib import Path

    import core.export.check_report
    import core.export.pdf

    def imported(module) -> set[str]:
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        return {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}

    assert "core.export.pdf" not in imported(core.export.check_report)
    assert "core.export.pdf_page" in imported(core.export.check_report) and "core.export.pdf_page" in imported(core.export.pdf)
