"""Fixes from a reviewing leader's look at the printed exports (seed 2019 edition, full 2021 report)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from core.export.fonts import find_cjk_fonts
from core.export.pdf import write_pdf
from core.read.report_file import read_report_file
from tests.factories import SEED_FILE

HEADER = "比对数值、问题及说明"


@pytest.fixture(scope="module")
def fonts():
    fs = find_cjk_fonts()
    if not fs.embedded:
        pytest.skip("no CJK TrueType font on this machine")
    return fs


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


def printed_lines(page) -> list[str]:
    """The page's text lines (fragments that start at the same point joined), top to bottom."""
    lines: dict[tuple[int, int], str] = {}

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            key = (round(cm[4] + tm[4]), round(cm[5] + tm[5]))
            lines[key] = lines.get(key, "") + text.strip()

    page.extract_text(visitor_text=visit)
    return [lines[k] for k in sorted(lines, key=lambda k: (-k[1], k[0]))]


@pytest.mark.parametrize("which", ["seed", "2021"])
def test_header_labels_break_between_words(fonts, which: str) -> None:
    """社会/公益/组织 and 法律/服务/机构 as the template prints them, not 社会公/益组织."""
    from tests.factories import full_2021_report

    report = read_report_file(SEED_FILE) if which == "seed" else full_2021_report()
    reader = pdf_pages(report, fonts)
    lines = [line for page in reader.pages for line in printed_lines(page)]
    for word in ("商业", "企业", "科研", "机构", "社会", "公益", "组织", "法律", "服务"):
        assert word in lines, word
    for cut in ("社会公", "益组织", "法律服", "务机构"):
        assert cut not in lines
    if which == "seed":  # the 2019 edition's long column labels of table 二
        assert {"本年新", "制作数量", "上一年", "项目数量", "对外公开", "总数量"} <= set(lines)
        assert not {"本年新制", "作数量", "上一年项", "目数量"} & set(lines)


def test_xlsx_pages_carry_the_draft_mark_and_the_final_version(full_report) -> None:
    """Printed from WPS/Excel, a draft says 草稿 on every sheet; a finalised one its version and hash."""
    from openpyxl import load_workbook

    from core.export.pdf_page import footer_note
    from core.export.xlsx import write_xlsx
    from core.final_status import finalised

    for report in (full_report, finalised(full_report)):
        out = io.BytesIO()
        write_xlsx(report, out)
        wb = load_workbook(io.BytesIO(out.getvalue()))
        for ws in wb.worksheets:
            assert ws.oddFooter.right.text == footer_note(report), ws.title
            assert "第 &P 页" in ws.oddFooter.center.text
            if report.is_final:
                assert ws.oddHeader.right.text is None
                assert report.content_hash[:12] in ws.oddFooter.right.text
                assert "草稿" not in ws.oddFooter.right.text
            else:
                assert ws.oddHeader.right.text == "草稿", ws.title
                assert "未定稿" in ws.oddFooter.right.text


def test_check_report_names_sources_not_developer_files(fonts, full_report) -> None:
    """The basis under each rule reads as a document reference; checks.md means nothing to a leader."""
    reader = pdf_pages(full_report, fonts, check_report=True)
    text = re.sub(r"\s", "", "".join(p.extract_text() for p in reader.pages))
    assert "checks.md" not in text and "checks" not in text
    assert "国办公开办函〔2021〕30号表三表头注" in text
    assert "格式未规定空白与0的区别，定稿前应填满" in text
    assert "（格式未规定空白" not in text, "a bare note is not left in brackets"
