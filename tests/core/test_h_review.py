"""Fixes from a reviewing leader's look at the printed exports (seed 2019 edition, full 2021 report)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from core.export_pdf import write_pdf
from core.fonts import find_cjk_fonts
from core.report_file import read_report_file
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


def test_repeated_check_header_keeps_its_lower_border(fonts) -> None:
    """The seed's V4 details run over a page break: the continuation page's header row stays ruled off."""
    reader = pdf_pages(read_report_file(SEED_FILE), fonts, check_report=True)
    pages = [p for p in reader.pages if HEADER in p.extract_text()]
    continued = [p for p in pages if "（续）" in p.extract_text()]
    assert continued, "the seed's long V4 row is continued on a new page"
    for page in pages:
        ys = sorted(horizontal_lines(page), reverse=True)
        lines = horizontal_lines(page)
        top, header_bottom = ys[0], ys[1]
        assert lines[top] == (0.0, 0.0, 0.0)
        assert lines[header_bottom] == (0.0, 0.0, 0.0), "the header row's lower border is not erased"
        assert lines[ys[-1]] == (0.0, 0.0, 0.0), "each part of the table is closed at its foot"


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

    from core.export_pdf import footer_note
    from core.export_xlsx import write_xlsx
    from core.report import finalised

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
