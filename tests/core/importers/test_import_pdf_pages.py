"""A PDF's paragraphs come back whole across page breaks, without page numbers or running headers."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from real_reports import all_reports

from core.importers import import_file
from core.importers.blocks import Paragraph
from core.importers.dispatch import read_document

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"
REAL = all_reports()
HEADER = "上海市某某局2024年政府信息公开工作年度报告"


def _narrative() -> list[str]:
    """Real report paragraphs, long enough to fill several pages."""
    lines = [ln.strip() for r in REAL for ln in r.narrative.split("\n") if len(ln.strip()) >= 40]
    return lines[:24]


def _write(path: Path, story_of, number: str, stray: str = "") -> None:
    """A PDF whose pages carry a running header and ``number`` (formatted with the page) at the foot, and the
    first page a ``stray`` line above the text, from well left of its margin."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import SimpleDocTemplate

    from core.export.fonts import find_cjk_fonts

    font = find_cjk_fonts().names["body"]
    body = ParagraphStyle("b", fontName=font, fontSize=12, leading=20, wordWrap="CJK", firstLineIndent=24)

    def furniture(canvas, doc) -> None:
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 64, HEADER)  # too low for the margin rule: its repetition marks it
        canvas.drawCentredString(A4[0] / 2, 50, number.format(n=doc.page))
        if stray and doc.page == 1:
            canvas.drawString(30, A4[1] - 100, stray)

    story = story_of(lambda text: RLParagraph(text, body))
    SimpleDocTemplate(str(path), pagesize=A4, topMargin=96, bottomMargin=90).build(
        story, onFirstPage=furniture, onLaterPages=furniture)


def _paragraphs(path: Path) -> list[str]:
    return [b.text for b in read_document(path, path.read_bytes(), "pdf").blocks if isinstance(b, Paragraph)]


@pytest.mark.parametrize("number", ["— {n} —", "- {n} -", "第{n}页", "第 {n} 页 共 3 页", "{n}"])
def test_paragraphs_run_across_pages_whole(tmp_path: Path, number: str) -> None:
    texts = _narrative()
    path = tmp_path / "report.pdf"
    _write(path, lambda p: [p(t) for t in texts], number)
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 3
        bottoms = [page.extract_text_lines()[-2]["text"] for page in pdf.pages[:-1]]  # the line above the number
    assert any(not b.endswith("。") for b in bottoms), "no paragraph crosses a page: the test proves nothing"
    assert _paragraphs(path) == texts  # every paragraph whole; no page number, no running header


def test_one_line_past_the_margins_moves_no_margin(tmp_path: Path) -> None:
    """A line set out past both margins (an unbroken web address) leaves the text's margins where the body's
    lines put them: the paragraphs still join on every page."""

    texts = _narrative()
    stray = "本报告同时在门户网站公开：http://www.example.gov.cn/xxgk/" + "ndbg/" * 16 + "。"
    path = tmp_path / "report.pdf"
    _write(path, lambda p: [p(t) for t in texts], "— {n} —", stray)
    with pdfplumber.open(path) as pdf:
        line = next(ln for ln in pdf.pages[0].extract_text_lines() if ln["text"] == stray)
        body = [ln for ln in pdf.pages[0].extract_text_lines() if ln["text"] in "".join(texts)]
    assert line["x0"] < min(b["x0"] for b in body) - 30 and line["x1"] > max(b["x1"] for b in body) + 30
    assert _paragraphs(path) == [stray, *texts]


def _full_line_paragraph(tmp_path: Path) -> str:
    """A paragraph without a closing full stop whose last line fills the measure (it reads as wrapped)."""
    text = "政府信息公开工作持续推进" * 40
    probe = tmp_path / "probe.pdf"
    _write(probe, lambda p: [p(text)], "{n}")
    with pdfplumber.open(probe) as pdf:
        lines = [ln["text"] for ln in pdf.pages[0].extract_text_lines() if ln["text"] not in (HEADER, "1")]
    return text[: len(text) - len(lines[-1])]  # drop the short last line: every line is full


@pytest.mark.parametrize("next_line, joined", [
    ("不断拓展公开的广度与深度。", True),
    ("（二）依申请公开方面。", False), ("(二)依申请公开方面。", False), ("二、主动公开政府信息情况", False),
    ("1. 完善制度。", False), ("12.3%的申请予以公开。", True),
])
def test_a_page_starting_with_a_heading_is_not_joined(tmp_path: Path, next_line: str, joined: bool) -> None:
    from reportlab.platypus import PageBreak

    first = _full_line_paragraph(tmp_path)
    path = tmp_path / "report.pdf"
    _write(path, lambda p: [p(first), PageBreak(), p(next_line)], "— {n} —")
    expected = [first + next_line] if joined else [first, next_line]
    assert _paragraphs(path) == expected


def test_generated_fixture_pdf_reads_as_its_page() -> None:
    """The PDF laid out from the portal page gives the same texts as the page (a line wrapped before a URL)."""
    page = import_file(FIXTURES / "shanghai_bgt_2019.html").report.texts
    pdf = import_file(FIXTURES / "shanghai_bgt_2019.pdf").report.texts
    assert pdf == page


GUTTER_TEXT = "本机关坚持以习近平新时代中国特色社会主义思想为指导全面贯彻落实党中央国务院关于政务公开工作的决策部署" * 4
GUTTER_TEXT += "。"


def _mirrored(path: Path, shift: int, size: float = 16, per: int = 24) -> None:
    """Five paragraphs in 三号 over three pages, the even page ``shift`` pt further right (对称页边距, a gutter)."""
    from reportlab.pdfgen import canvas

    from core.export.fonts import find_cjk_fonts

    font = find_cjk_fonts().names["body"]
    text = GUTTER_TEXT
    lines = [(2 * size, text[:per - 2])] + [(0.0, text[i:i + per]) for i in range(per - 2, len(text), per)]
    body = lines * 5
    pdf = canvas.Canvas(str(path))
    for n, start in enumerate(range(0, len(body), 20)):
        left = 72 + (shift if n % 2 else 0)
        for row, (indent, line) in enumerate(body[start:start + 20]):
            pdf.setFont(font, size)
            pdf.drawString(left + indent, 760 - 30 * row, line)
        pdf.showPage()
    pdf.save()


@pytest.mark.parametrize("shift", [0, 12, 30])
def test_pages_shifted_by_a_gutter_keep_their_paragraphs(tmp_path: Path, shift: int) -> None:
    """Each page's margins come from its own lines: an even page set further right (mirrored margins) neither cuts
    a paragraph's first line off nor leaves the other pages' lines unwrapped."""
    path = tmp_path / "report.pdf"
    _mirrored(path, shift)
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == 3
        starts = [round(min(ln["x0"] for ln in page.extract_text_lines())) for page in pdf.pages]
    assert starts == [72, 72 + shift, 72]
    assert _paragraphs(path) == [GUTTER_TEXT] * 5
