"""The 勾稽校验单: rules, results, compared values, 说明, open issues and signature lines."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from factories import full_2021_report
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics

from core.checks.results import summarize
from core.checks.validation import Issue, RuleResult, run_checks
from core.export.check_report import CHUNK_HEIGHT, detail_chunks, summary_text, write_check_report
from core.export.fonts import find_cjk_fonts
from core.export.pdf import write_pdf
from core.finalise import finalised
from core.read.report_file import read_report_file
from core.report import Report
from core.template import Rule
from tests.factories import SEED_FILE


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

    import core.export.check_report
    import core.export.pdf

    def imported(module) -> set[str]:
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        return {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}

    assert "core.export.pdf" not in imported(core.export.check_report)
    assert "core.export.pdf_page" in imported(core.export.check_report)
    assert "core.export.pdf_page" in imported(core.export.pdf)


HEADER = "比对数值、问题及说明"


def _long_results() -> list[RuleResult]:
    rule = Rule("V4", "blank", "warning", "", "checks.md V4", "没有空白单元格")
    note = "说明：" + "本单位当年未发生相关事项，经核实均应为零。" * 120
    many = tuple(f"表三第{i}行：空白 {i} 个" for i in range(60))
    plain = Rule("V1", "nonneg", "error", "", "checks.md V1", "件数为非负整数")
    issue = Issue("V4", "warning", "表三有 127 个空白单元格", anchor="t3")
    return [RuleResult(plain, (), ("检查 199 个单元格",)), RuleResult(rule, (issue,), (*many, note))]


def test_long_rules_break_between_rows_with_one_header_per_page(fonts) -> None:
    report = full_2021_report()
    out = io.BytesIO()
    write_check_report(report, out, fonts=fonts, results=_long_results())
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(out.getvalue())).pages]
    assert len(pages) >= 3
    table_pages = [t for t in pages if HEADER in t]
    assert len(table_pages) >= 3
    assert all(t.count(HEADER) == 1 for t in table_pages), "the header is repeated once per page, never mid-page"
    assert all("（续）" in t for t in table_pages[1:]), "a page that continues a rule says so"
    assert "（续）" not in table_pages[0]
    decor = re.compile(r"^—\d+—草稿·第1版·未定稿草稿(编号检查项级别结果比对数值、问题及说明(（续）)?)?")
    text = "".join(decor.sub("", re.sub(r"\s", "", t)) for t in pages)
    assert "表三第59行：空白59个" in text and "本单位当年未发生相关事项，经核实均应为零。" * 119 in text


def test_seed_check_report_has_one_header_per_page(fonts) -> None:
    out = io.BytesIO()
    write_pdf(read_report_file(SEED_FILE), out, check_report=True, fonts=fonts)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(out.getvalue())).pages]
    counts = [t.count(HEADER) for t in pages]
    assert max(counts) == 1 and sum(counts) >= 2
    assert "签字" in pages[-1] and "审核人" in pages[-1]


def test_detail_chunks_fill_rows_and_keep_short_details_whole(fonts) -> None:
    style = ParagraphStyle("c", fontName=fonts.table, fontSize=10.5, leading=14, wordWrap="CJK")
    assert detail_chunks(["比对：自然人：2 + 0 = 2 + 0"], style, 200) == ["比对：自然人：2 + 0 = 2 + 0"]
    lines = [f"第{i}行" for i in range(40)]
    chunks = detail_chunks(lines, style, 200)
    assert "\n".join(chunks).split("\n") == lines
    per = int(CHUNK_HEIGHT // 14)
    assert [c.count("\n") + 1 for c in chunks[:-1]] == [per] * (len(chunks) - 1)
    tall_title = detail_chunks(lines, style, 200, first=14 * 9)
    assert tall_title[0].count("\n") + 1 == 9, "the first part is as tall as the rule's title beside it"


def test_rule_titles_use_a_font_that_has_the_glyph(fonts) -> None:
    from core.export.fonts import font_runs

    runs = font_runs("本年制发件数 − 本年废止件数", fonts.table, fonts)
    report = full_2021_report()
    out = io.BytesIO()
    write_check_report(report, out, fonts=fonts)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    page = next(p for p in reader.pages if "本年废止" in p.extract_text())
    used = {str(f.get_object()["/BaseFont"]).split("+")[-1] for f in page["/Resources"]["/Font"].values()}
    if len(runs) > 1:  # the table font lacks U+2212: another installed font prints it
        face = pdfmetrics.getFont(runs[1][0]).face.name
        face = face.decode() if isinstance(face, bytes) else face
        assert any(name.startswith(face) for name in used), used
    assert "−" in page.extract_text()


def pdf_pages(report, fonts, **options) -> PdfReader:
    out = io.BytesIO()
    write_pdf(report, out, fonts=fonts, **options)
    return PdfReader(io.BytesIO(out.getvalue()))


def horizontal_lines(page) -> dict[float, tuple[float, ...]]:
    """y (page coordinates, rounded) -> stroke colour of the last horizontal line drawn there.

    Follows the content stream's q/Q/cm (translations only, as reportlab's tables use) and RG.
    """
    lines: dict[float, tuple[float, ...]] = {}
    stack: list[tuple[float, float, tuple[float, ...]]] = []
    dx = dy = 0.0
    colour: tuple[float, ...] = (0.0, 0.0, 0.0)
    start = None
    for args, op in page.get_contents().operations:
        if op == b"q":
            stack.append((dx, dy, colour))
        elif op == b"Q":
            dx, dy, colour = stack.pop()
        elif op == b"cm" and list(args[:4]) == [1, 0, 0, 1]:
            dx, dy = dx + float(args[4]), dy + float(args[5])
        elif op == b"RG":
            colour = tuple(round(float(a), 3) for a in args)
        elif op == b"G":
            colour = (round(float(args[0]), 3),) * 3
        elif op == b"m":
            start = (float(args[0]) + dx, float(args[1]) + dy)
        elif op == b"l" and start is not None:
            end = (float(args[0]) + dx, float(args[1]) + dy)
            if abs(end[1] - start[1]) < 0.01 and abs(end[0] - start[0]) > 20:
                lines[round(start[1], 1)] = colour
            start = end
    return lines


def _long_rule_results() -> list:
    from core.checks.validation import Issue, RuleResult
    from core.template import Rule

    short = [RuleResult(Rule(f"V{i}", "nonneg", "error", "", "", "件数为非负整数"), (), ("检查 199 个单元格",))
             for i in range(8)]
    rule = Rule("V9", "blank", "warning", "", "", "没有空白单元格")
    lines = tuple(f"表三第{i}行：空白 {i} 个" for i in range(70))
    return [*short, RuleResult(rule, (Issue("V9", "warning", "表三有 127 个空白单元格", anchor="t3"),), lines)]


def test_repeated_check_header_keeps_its_lower_border(fonts, full_report) -> None:
    """A rule's details running over a page break: each page's header row stays ruled off below, and
    each part of the table is closed at its foot (reportlab had turned the white line between the
    rule's chunk rows into a white line over the header's lower border)."""
    from core.export.check_report import write_check_report

    out = io.BytesIO()
    write_check_report(full_report, out, fonts=fonts, results=_long_rule_results())
    pages = [p for p in PdfReader(io.BytesIO(out.getvalue())).pages if HEADER in p.extract_text()]
    assert len(pages) >= 2 and all("（续）" in p.extract_text() for p in pages[1:])
    black = (0.0, 0.0, 0.0)
    rules = [(lines, sorted(lines, reverse=True)) for lines in map(horizontal_lines, pages)]
    assert [lines[ys[0]] for lines, ys in rules] == [black] * len(pages)
    assert [lines[ys[1]] for lines, ys in rules] == [black] * len(pages), "the header's lower border stays"
    assert [lines[ys[-1]] for lines, ys in rules] == [black] * len(pages), "each part is closed at its foot"


def test_check_report_names_sources_not_developer_files(fonts, full_report) -> None:
    """The basis under each rule reads as a document reference; checks.md means nothing to a leader."""
    reader = pdf_pages(full_report, fonts, check_report=True)
    text = re.sub(r"\s", "", "".join(p.extract_text() for p in reader.pages))
    assert "checks.md" not in text and "checks" not in text
    assert "国办公开办函〔2021〕30号表三表头注" in text
    assert "格式未规定空白与0的区别，定稿前应填满" in text
    assert "（格式未规定空白" not in text, "a bare note is not left in brackets"
