"""A PDF's right-aligned or centred lines (the 落款, a title, ``单位：件`` over a table) stand alone: only a
flush-left line that reaches the right margin is read as wrapped and joined to the line after it, and a title
set larger than the body only to the title's next line."""

from __future__ import annotations

from pathlib import Path

import pytest
from real_reports import all_reports

from core.importers import import_file
from core.importers.blocks import Paragraph
from core.importers.dispatch import read_document

REAL = all_reports()[0]
AGENCY = "某某县人民政府办公室"
TITLE = f"{AGENCY}2023年政府信息公开工作年度报告"
PREFACE = "本报告根据《中华人民共和国政府信息公开条例》编制。"
OTHER = "本机关无其他需要报告的事项。"
FULL = "政府信息公开工作持续推进" * 3  # fills the measure (36 characters of 12 pt) exactly, no closing full stop


def _styles():
    """Body, flush-left heading, right-aligned and centred styles in the machine's CJK font."""
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    from core.export.fonts import find_cjk_fonts

    font = find_cjk_fonts().names["body"]
    body = ParagraphStyle("b", fontName=font, fontSize=12, leading=20, wordWrap="CJK", firstLineIndent=24)
    plain = ParagraphStyle("p", parent=body, firstLineIndent=0)
    return {"font": font, "body": body, "plain": plain,
            "right": ParagraphStyle("r", parent=plain, alignment=TA_RIGHT),
            "signature": ParagraphStyle("s", parent=plain, alignment=TA_RIGHT, rightIndent=48),  # 右空四字
            "centre": ParagraphStyle("c", parent=plain, alignment=TA_CENTER, fontSize=16, leading=28)}


def _report(path: Path, head: list, closing: list) -> None:
    """A report from a real narrative: ``head`` before section 一, ``closing`` after section 六's text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import SimpleDocTemplate

    s = _styles()
    narrative = [RLParagraph(t, s["body"]) for t in REAL.narrative.split("\n") if t.strip()]
    story = [*head, RLParagraph("一、总体情况", s["plain"]), *narrative,
             RLParagraph("五、存在的主要问题及改进情况", s["plain"]), RLParagraph("一是公开不够及时。", s["body"]),
             RLParagraph("六、其他需要报告的事项", s["plain"]), *closing]
    margin = (A4[0] - 36 * 12) / 2 - 6  # the frame's own padding is 6 pt
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=margin, rightMargin=margin).build(story)


def _paragraphs(path: Path) -> list[str]:
    return [b.text for b in read_document(path, path.read_bytes(), "pdf").blocks if isinstance(b, Paragraph)]


def _title():
    """A centred one-line title and the 前言."""
    from reportlab.platypus import Paragraph as RLParagraph

    s = _styles()
    return [RLParagraph(TITLE, s["centre"]), RLParagraph(PREFACE, s["body"])]


@pytest.mark.parametrize("written, iso", [("2024年1月20日", "2024-01-20"), ("二〇二四年一月二十日", "2024-01-20")])
@pytest.mark.parametrize("layout", ["flush_right", "own_page"])
def test_a_right_aligned_closing_is_agency_and_date(tmp_path: Path, written: str, iso: str, layout: str) -> None:
    """Flush with the right margin, or four characters in on a last page of short lines: two lines, not one."""
    from reportlab.platypus import PageBreak
    from reportlab.platypus import Paragraph as RLParagraph

    s = _styles()
    style = s["right"] if layout == "flush_right" else s["signature"]
    closing = [RLParagraph(OTHER, s["body"]), RLParagraph(AGENCY, style), RLParagraph(written, style)]
    if layout == "own_page":
        closing.insert(0, PageBreak())
    path = tmp_path / "report.pdf"
    _report(path, _title(), closing)
    assert _paragraphs(path)[-3:] == [OTHER, AGENCY, written]
    report = import_file(path).report
    assert (report.agency, report.year) == (AGENCY, 2023)
    assert report.meta["publish_date"] == iso
    assert report.texts["other"] == OTHER


def test_a_right_aligned_line_does_not_take_the_line_before(tmp_path: Path) -> None:
    """A paragraph whose last line fills the measure without a full stop keeps it; the 落款 below stays apart."""
    import pdfplumber
    from reportlab.platypus import Paragraph as RLParagraph

    s = _styles()
    closing = [RLParagraph(FULL, s["plain"]), RLParagraph(AGENCY, s["right"]), RLParagraph("2024年1月20日", s["right"])]
    path = tmp_path / "report.pdf"
    _report(path, _title(), closing)
    with pdfplumber.open(path) as pdf:
        lines = pdf.pages[-1].extract_text_lines()
    ends = {ln["text"]: ln["x1"] for ln in lines}
    assert abs(ends[FULL] - ends[AGENCY]) < 1  # one line, flush with the right margin as the 落款 is
    assert _paragraphs(path)[-3:] == [FULL, AGENCY, "2024年1月20日"]
    assert import_file(path).report.texts["other"] == FULL


def test_a_centred_title_on_its_own_page_stays_apart(tmp_path: Path) -> None:
    """A title alone on a cover page is that page's widest line, yet not wrapped: the 前言 is not joined to it."""
    from reportlab.platypus import PageBreak
    from reportlab.platypus import Paragraph as RLParagraph

    s = _styles()
    head = [RLParagraph(AGENCY, s["centre"]), RLParagraph("2023年政府信息公开工作年度报告", s["centre"]), PageBreak(),
            RLParagraph(PREFACE, s["body"])]
    path = tmp_path / "report.pdf"
    _report(path, head, [RLParagraph(OTHER, s["body"])])
    assert _paragraphs(path)[:3] == [AGENCY, "2023年政府信息公开工作年度报告", PREFACE]
    report = import_file(path).report
    assert (report.agency, report.year) == (AGENCY, 2023)
    assert report.texts["preface"] == PREFACE


@pytest.mark.parametrize("scale, lines", [(0.99, 1), (1.3, 2)])
def test_a_title_across_the_measure(tmp_path: Path, scale: float, lines: int) -> None:
    """A centred title as wide as the text is not wrapped into the 前言; one too long for a line is joined whole."""
    import pdfplumber
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph as RLParagraph

    s = _styles()
    size = scale * 36 * 12 / stringWidth(TITLE, s["font"], 1)  # the measure is 36 characters of 12 pt
    title = ParagraphStyle("t", parent=s["centre"], fontSize=size, leading=size * 1.5)
    path = tmp_path / "report.pdf"
    _report(path, [RLParagraph(TITLE, title), RLParagraph(PREFACE, s["body"])], [RLParagraph(OTHER, s["body"])])
    with pdfplumber.open(path) as pdf:
        assert sum(ln["chars"][0]["size"] > 13 for ln in pdf.pages[0].extract_text_lines()) == lines
    assert _paragraphs(path)[:2] == [TITLE, PREFACE]
    report = import_file(path).report
    assert (report.agency, report.year) == (AGENCY, 2023)
    assert report.texts["preface"] == PREFACE


def test_a_unit_line_over_a_table_stays_apart(tmp_path: Path) -> None:
    """``单位：件`` set flush right above a table (ruled or not) is a line of its own, not the table's first word."""
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import Table as RLTable

    s = _styles()
    table = RLTable([["F", "自然人", "法人"], ["本年新收申请数量", "12", "3"]], style=[("FONTNAME", (0, 0), (-1, -1),
                                                                                  s["font"])])
    head = [*_title(), RLParagraph("单位：件", s["right"]), table]
    path = tmp_path / "report.pdf"
    _report(path, head, [RLParagraph(OTHER, s["body"])])
    paragraphs = _paragraphs(path)
    assert paragraphs[2:4] == ["单位：件", "F 自然人 法人"]


@pytest.mark.parametrize("gap", ["\u3000", "\u3000\u3000\u3000\u3000", " "])
@pytest.mark.parametrize("align", ["right", "signature", "plain"])
def test_a_closing_on_one_line_is_agency_and_date(tmp_path: Path, gap: str, align: str) -> None:
    """``某某县人民政府办公室　2024年1月20日`` on one line, right-aligned or not: the agency (for a title without
    one) and the publish date are read from it, and it is not part of section 六."""
    from reportlab.platypus import Paragraph as RLParagraph

    s = _styles()
    untitled = [RLParagraph("2023年政府信息公开工作年度报告", s["centre"]), RLParagraph(PREFACE, s["body"])]
    closing = [RLParagraph(OTHER, s["body"]), RLParagraph(f"{AGENCY}{gap}二〇二四年一月二十日", s[align])]
    path = tmp_path / "report.pdf"
    _report(path, untitled, closing)
    report = import_file(path).report
    assert (report.agency, report.year, report.meta["publish_date"]) == (AGENCY, 2023, "2024-01-20")
    assert report.texts["other"] == OTHER
