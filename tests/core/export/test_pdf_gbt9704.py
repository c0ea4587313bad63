"""GB/T 9704 details of the PDF: 28 × 22, the 落款, bookmarks and metadata, headings kept with two
lines, run-in 楷体 headings, a heavy title face."""

from __future__ import annotations

import io
import itertools
import re
from collections import defaultdict

import pytest
from factories import full_2021_report
from pypdf import PdfReader
from reportlab import rl_config

from core.export.closing import chinese_date, closing_lines
from core.export.fonts import FontSet, find_cjk_fonts
from core.export.pdf import BodyText, Heading, report_flowables, write_pdf
from core.export.pdf_closing import DATE_RIGHT_INDENT, Closing
from core.export.pdf_page import BODY_LEADING, BODY_SIZE, BOTTOM, PITCH, TEXT_H, TEXT_W, BoldParagraph, make_styles
from core.report import Report

# 36 different characters without punctuation: every full line breaks only by width.
FILLER = "政府信息公开工作年度报告按照条例要求编制内容包括总体情况主动公开依申请"


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    fs = find_cjk_fonts()
    if not fs.embedded:
        pytest.skip("no CJK TrueType font on this machine")
    return fs


@pytest.fixture(autouse=True)
def _invariant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rl_config, "invariant", 1)


def render(report: Report, fonts: FontSet) -> bytes:
    buf = io.BytesIO()
    write_pdf(report, buf, fonts=fonts)
    return buf.getvalue()


def body_lines(page) -> list[tuple[float, str]]:
    """(baseline y, text) of each line of 16 pt text inside the text block, top down."""
    rows: dict[float, str] = defaultdict(str)

    def visit(text, cm, tm, font, size):
        y = tm[5] * cm[3] + cm[5]
        if text.strip() and abs(size * cm[3] - BODY_SIZE) < 0.5 and BOTTOM <= y <= BOTTOM + TEXT_H:
            rows[round(y, 1)] += text.strip()

    page.extract_text(visitor_text=visit)
    return sorted(rows.items(), reverse=True)


def test_28_characters_a_line_and_22_lines_a_page(fonts: FontSet) -> None:
    report = full_2021_report()
    report.texts["overview"] = FILLER * 40  # one paragraph filling two pages and more
    pages = PdfReader(io.BytesIO(render(report, fonts))).pages
    first = body_lines(pages[0])
    paragraph = [t for _, t in first if t[:4] in FILLER * 2]
    assert len(paragraph[0]) == 26  # the first line is indented two characters
    assert all(len(t) == 28 for t in paragraph[1:]), [len(t) for t in paragraph]
    second = body_lines(pages[1])
    assert len(second) == 22, len(second)
    assert all(len(t) == 28 for _, t in second), [len(t) for _, t in second]
    gaps = {round(a - b, 1) for (a, _), (b, _) in itertools.pairwise(second)}
    assert gaps == {round(BODY_LEADING, 1)}


def test_closing_lines_say_agency_and_chinese_date() -> None:
    report = full_2021_report()
    report.meta.update({"fill_date": "2026-01-08", "publish_date": ""})
    assert closing_lines(report) == ("示例市示例区生态环境局", "2026年1月8日")
    report.meta["publish_date"] = "2026-01-28"  # 公开日期 wins over 填报日期
    assert closing_lines(report) == ("示例市示例区生态环境局", "2026年1月28日")
    assert chinese_date("2026-02-30") == chinese_date("") == chinese_date("明天") == ""
    report.meta.update({"fill_date": "", "publish_date": ""})
    assert closing_lines(report) == ("示例市示例区生态环境局", "")


def test_closing_closes_the_body_right_aligned(fonts: FontSet) -> None:
    report = full_2021_report()
    report.meta["publish_date"] = "2026-01-28"
    last = PdfReader(io.BytesIO(render(report, fonts))).pages[-1]
    lines = body_lines(last)
    assert [t for _, t in lines[-2:]] == ["示例市示例区生态环境局", "2026年1月28日"]
    (y_body, _), (y_agency, _), (y_date, _) = lines[-3:]
    assert round(y_body - y_agency, 1) == round(3 * BODY_LEADING, 1)  # two blank lines after the body
    assert round(y_agency - y_date, 1) == round(BODY_LEADING, 1)
    closing = Closing("示例市示例区生态环境局", "2026年1月28日", fonts, BODY_SIZE, BODY_LEADING, PITCH, TEXT_W)
    agency_x, date_x = closing.positions()
    date_w, agency_w = closing.text_width("2026年1月28日"), closing.text_width("示例市示例区生态环境局")
    assert date_x + date_w == pytest.approx(TEXT_W - DATE_RIGHT_INDENT * PITCH)  # 4 characters in
    assert agency_x + agency_w / 2 == pytest.approx(date_x + date_w / 2)  # centred over the date
    long_name = "示例省示例市示例区示例县示例乡人民政府办公室"
    agency_x, _ = Closing(long_name, "2026年1月28日", fonts, BODY_SIZE, BODY_LEADING, PITCH,
                          TEXT_W).positions()
    assert agency_x + Closing(long_name, "", fonts, BODY_SIZE, BODY_LEADING, PITCH, TEXT_W).text_width(
        long_name) <= TEXT_W + 0.01  # a long name stays inside the text block


def test_closing_never_stands_alone_on_a_page(fonts: FontSet) -> None:
    styles = make_styles(fonts)
    report = full_2021_report()
    report.meta["fill_date"] = "2026-01-28"
    story = report_flowables(report, styles)
    last = story[-1]
    assert isinstance(last, BodyText) and isinstance(last.tail[0], Closing)
    last.lines, last.natural = last.lines * 6, last.natural * 6
    room = last._lead_height() + len(last.lines) * BODY_LEADING + 1  # all lines fit, the 落款 does not
    first, rest = last.split(TEXT_W, room)
    assert not first.tail and rest.tail and len(rest.lines) == 2


def test_metadata_language_and_bookmarks(fonts: FontSet) -> None:
    report = full_2021_report()
    reader = PdfReader(io.BytesIO(render(report, fonts)))
    meta = reader.metadata
    assert meta.title == report.title and meta.author == report.agency
    assert meta.subject == "2023年政府信息公开工作年度报告"
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    titles = [item.title for item in reader.outline]
    assert titles == [s.title for s in report.template.sections]
    pages = [reader.get_destination_page_number(item) for item in reader.outline]
    for title, page in zip(titles, pages, strict=True):  # each bookmark opens the page of its heading
        assert title in re.sub(r"\s+", "", reader.pages[page].extract_text())


def test_heading_of_an_empty_section_travels_with_the_next_lines(fonts: FontSet) -> None:
    report = full_2021_report()
    report.texts["problems"] = ""  # 五 has no text: its heading goes with 六's first lines
    story = report_flowables(report, make_styles(fonts))
    assert not any(isinstance(f, Heading) for f in story), "a free heading is kept with a whole block"
    last = story[-1]
    assert [h.outline[0] for h in last.lead] == ["五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def test_run_in_level_two_heading_in_kai_rest_in_body_face(fonts: FontSet) -> None:
    report = full_2021_report()
    report.texts["overview"] = ("（一）主动公开情况。2024年本局主动公开政府信息312条。\n"
                                "(二)依申请公开情况。本年新收申请29件。")
    page = PdfReader(io.BytesIO(render(report, fonts))).pages[0]
    runs: list[tuple[str, str]] = []
    page.extract_text(visitor_text=lambda text, cm, tm, font, size: runs.append((text, str(font["/BaseFont"])))
                      if text.strip() and font else None)
    kai = fonts.sources["heading2"].family.replace(" ", "").replace("ARPL", "")
    body = fonts.sources["body"].family.replace(" ", "").replace("ARPL", "")
    font_of = {text: font for text, font in runs}
    assert kai in font_of["（一）主动公开情况。"] and body in font_of["本年新收申请29件。"]
    assert next(f for t, f in runs if t.startswith("2024年本局")).endswith(font_of["本年新收申请29件。"][7:])
    assert kai in font_of["(二)依申请公开情况。"]  # half-width brackets typed with the IME off


def test_title_is_a_heavy_serif_or_emboldened(fonts: FontSet) -> None:
    styles = make_styles(fonts)
    title = report_flowables(full_2021_report(), styles)[0]
    assert isinstance(title, BoldParagraph) == fonts.title_needs_bold()
    kind = fonts.sources["title"].kind
    installed = {f.kind for f in fonts.pool}
    if {"xbs", "zhongsong", "song"} & installed:  # a serif is installed: no 黑体 for the title
        assert kind in ("xbs", "zhongsong", "song")
    data = render(full_2021_report(), fonts)
    content = PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data()
    assert (b"2 Tr" in content) == fonts.title_needs_bold()


def test_a_long_agency_name_shrinks_the_title_instead_of_breaking_a_word(fonts: FontSet) -> None:
    report = full_2021_report()
    report.meta["agency"] = "中华人民共和国某某省某某市某某区人民政府办公室"  # 23 characters: too wide at 22 pt
    title = report_flowables(report, make_styles(fonts))[0]
    assert 16 <= title.style.fontSize < 22
    title.wrap(TEXT_W, TEXT_H)
    assert len(title.blPara.lines) == 2  # the agency on one line, the rest on the next
    short = report_flowables(full_2021_report(), make_styles(fonts))[0]
    assert short.style.fontSize == 22
