"""The PDF's table cells: lines keep their punctuation inside the cell, and header labels break between words."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from core.export.fonts import find_cjk_fonts
from core.export.pdf import write_pdf
from core.export.pdf_tables import CANNOT_START
from core.read.report_file import read_report_file
from tests.factories import SEED_FILE, full_2021_report


@pytest.fixture(scope="module")
def fonts():
    fs = find_cjk_fonts()
    if not fs.embedded:
        pytest.skip("no CJK TrueType font on this machine")
    return fs


def _lines(para: Paragraph) -> list[tuple[str, float, float]]:
    out = []
    for line in para.blPara.lines:
        if hasattr(line, "words"):  # several fragments
            out.append(("".join(w.text for w in line.words), line.currentWidth, line.maxWidth))
        else:  # one fragment: (extra space, [text])
            out.append(("".join(line[1]), 0.0, 0.0))
    return out


@pytest.mark.parametrize("markup", ["政府报告写明工作考核、社会评议和责任追究结果",
                                    "政府报告写明工作考核、社会评议和<font size=9>责任</font>追究结果"])
def test_cell_lines_keep_punctuation_inside_the_cell(fonts, markup: str) -> None:
    style = ParagraphStyle("c", fontName=fonts.table, fontSize=10.5, leading=14, wordWrap="CJK")
    para = Paragraph(markup, style)
    width = 10.5 * 9.5  # nine and a half characters: 、 would have hung past the border
    para.wrap(width, 1000)
    lines = _lines(para)
    assert len(lines) >= 3
    assert "".join(t for t, _, _ in lines) == "政府报告写明工作考核、社会评议和责任追究结果"
    assert not [t for t, _, _ in lines[1:] if t[0] in CANNOT_START]
    for text, used, avail in lines:
        if avail:
            assert used <= avail + 0.01, text
    extra = [line[0] for line in para.blPara.lines if not hasattr(line, "words")]
    assert all(e >= -0.01 for e in extra), "no line wider than the cell"


def pdf_pages(report, fonts, **options) -> PdfReader:
    out = io.BytesIO()
    write_pdf(report, out, fonts=fonts, **options)
    return PdfReader(io.BytesIO(out.getvalue()))


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
