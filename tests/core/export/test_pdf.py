"""The 公文-style PDF: text, tables, fonts, marks, hostile input, layout and the seed fixture."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from factories import full_2021_report, seed_json
from pypdf import PdfReader
from reportlab import rl_config

from core.export.fonts import NO_TRUETYPE_WARNING, FontSet, find_cjk_fonts
from core.export.pdf import paragraphs_of, write_pdf
from core.export.pdf_page import BOTTOM, LEFT, PAGE_W, TEXT_W, TOP, TRACKING, clean_text, make_styles
from core.export.pdf_tables import build_table
from core.finalise import finalised
from core.report import Report, computed_values
from core.template import HeaderNode, load_template
from core.values import format_value


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    fs = find_cjk_fonts()
    if not fs.embedded:
        pytest.skip("no CJK TrueType font on this machine")
    return fs


@pytest.fixture(autouse=True)
def _invariant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rl_config, "invariant", 1)


def render(report: Report, fonts: FontSet, **kw) -> bytes:
    buf = io.BytesIO()
    write_pdf(report, buf, fonts=fonts, **kw)
    return buf.getvalue()


def squash(text: str) -> str:
    """Extraction breaks lines inside cells and paragraphs: compare without any whitespace."""
    return re.sub(r"\s+", "", text)


def pdf_text(data: bytes, body_only: bool = True) -> str:
    """All text; with ``body_only`` the page decoration (number, status line, watermark) is removed."""
    text = squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    if body_only:
        text = re.sub(r"—\d+—|草稿·第\d+版·未定稿|第\d+版定稿·校验码[0-9a-f]{12}|草稿", "", text)
    return text


def seed_report() -> Report:
    """The seed fixture as a Report: input cells stored, printed totals carried, amounts Decimal."""
    data = seed_json()
    t = load_template(data["edition"])
    r = Report(data["edition"], data["year"], meta={"agency": data["agency"], "agency_kind": data["agency_kind"]})
    for key, raw in data["cells"].items():
        if raw is None:
            continue
        value = Decimal(raw) if t.cells[key].value_kind.type == "decimal" else int(raw)
        (r.carried if t.cells[key].computed else r.cells)[key] = value
    r.texts.update(data["texts"])
    return r


def labels(nodes: tuple[HeaderNode, ...]) -> list[str]:
    return [lab for n in nodes for lab in [n.label, *labels(n.children)] if lab]


def test_title_headings_labels_values_and_paragraphs(fonts: FontSet) -> None:
    report = full_2021_report()
    report.texts["overview"] += "\n第二段：全年办理依申请公开。\n\n（一）主动公开情况\n第三段文字。"
    text = pdf_text(render(report, fonts))
    assert squash(report.title) in text
    t = report.template
    for section in t.sections:
        assert squash(section.title) in text
    for table in t.tables.values():
        for label in [*labels(table.columns), *labels(table.rows), table.corner, table.column_caption]:
            assert squash(label) in text, label
        if table.section == "s2":
            assert table.title in text
    for value in computed_values(report, t).values():
        assert format_value(value) in text
    for key in ("overview", "problems", "other"):
        for para in paragraphs_of(report.texts[key]):
            assert squash(para) in text, para


def test_table_three_values_in_row_order(fonts: FontSet) -> None:
    report = full_2021_report()
    text = pdf_text(render(report, fonts))
    values = computed_values(report, report.template)
    row = "".join(format_value(values[f"t3.N.C{i}"]) for i in range(1, 8))
    assert "一、本年新收政府信息公开申请数量" + row in text
    total = "".join(format_value(values[f"t3.T.C{i}"]) for i in range(1, 8))
    assert "（七）总计" + total in text


def test_every_font_is_embedded(fonts: FontSet) -> None:
    reader = PdfReader(io.BytesIO(render(full_2021_report(), fonts, check_report=False)))
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            seen.add(str(font["/BaseFont"]))
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
    assert seen and not any("Helvetica" in name for name in seen)


def test_stsong_fallback_without_truetype_fonts() -> None:
    fallback = find_cjk_fonts(search_dirs=[], fc_list=None)
    assert fallback.embedded is False
    assert fallback.warning == NO_TRUETYPE_WARNING
    report = full_2021_report()
    data = render(report, fallback)
    assert b"STSong-Light" in data and b"/FontFile2" not in data and b"Helvetica" not in data
    text = pdf_text(data)
    assert squash(report.title) in text and "三、收到和处理政府信息公开申请情况" in text


def test_hostile_text_prints_literally(fonts: FontSet) -> None:
    report = full_2021_report()
    long = "政务公开" * 5000
    report.texts["overview"] = "<b>&amp; 标签\x0b=SUM(A1) 😀 𠀀 a<b>c</b> & <para>"
    report.texts["problems"] = long
    report.meta["agency"] = "<机关&>"
    report.texts["other"] = "未收取信息处理费\ud800。"
    text = pdf_text(render(report, fonts))
    for literal in ("<b>&amp;", "=SUM(A1)", "a<b>c</b>&<para>", "<机关&>2023年"):
        assert literal in text
    assert long in text
    assert "😀" in text and "𠀀" in text  # characters beyond U+FFFF survive extraction


def test_clean_text_turns_soft_breaks_into_paragraphs() -> None:
    assert paragraphs_of("第一段\x0b第二段\r\n\r\n第三\x07段") == ["第一段", "第二段", "第三段"]
    assert clean_text("a\tb") == "a b"
    assert clean_text("半个\ud800代理") == "半个代理"  # a lone surrogate cannot be encoded


def test_seed_fixture_reproduces_its_tables(fonts: FontSet) -> None:
    report = seed_report()
    text = pdf_text(render(report, fonts))
    assert "津南区民政局2020年政府信息公开工作年度报告" in text
    t = report.template
    values = computed_values(report, t)
    for key, carried in report.carried.items():
        assert values[key] == carried, key  # the printed totals agree with the computed ones
    for table in t.tables.values():
        for row in table.row_leaves():
            cells = "".join(format_value(values[table.key(row.id, c.id)]) for c in table.column_leaves())
            assert squash(row.label) + cells in text, row.label
    assert "其他对外管理服务事项" in text and "政府集中采购" in text


def test_draft_mark_and_final_footer(fonts: FontSet) -> None:
    draft = full_2021_report()
    text = pdf_text(render(draft, fonts), body_only=False)
    assert text.count("草稿") >= 2 * len(PdfReader(io.BytesIO(render(draft, fonts))).pages)
    final = finalised(draft)
    final.version = 3
    data = render(final, fonts)
    pages = PdfReader(io.BytesIO(data)).pages
    for page in pages:
        page_text = squash(page.extract_text())
        assert f"第3版定稿·校验码{final.content_hash[:12]}" in page_text
        assert "草稿" not in page_text


def test_page_numbers_outer_side(fonts: FontSet) -> None:
    report = full_2021_report()
    report.texts["problems"] = "整改措施落实到位。" * 300
    pages = PdfReader(io.BytesIO(render(report, fonts))).pages
    assert len(pages) >= 3
    for n, page in enumerate(pages, 1):
        where: list[float] = []

        def visit(text, cm, tm, font, size, where=where, n=n):
            if text.strip() == f"— {n} —":
                where.append(tm[4] * cm[0] + cm[4])

        page.extract_text(visitor_text=visit)
        assert where, n
        assert (where[0] > PAGE_W / 2) == (n % 2 == 1)


def test_page_geometry_and_metadata(fonts: FontSet) -> None:
    report = full_2021_report()
    reader = PdfReader(io.BytesIO(render(report, fonts)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert reader.metadata.title == report.title
    assert reader.metadata.author == report.agency
    assert reader.metadata.creator == "nianbao"
    assert round(LEFT / 72 * 25.4) == 28 and round(TOP / 72 * 25.4) == 37 and round(BOTTOM / 72 * 25.4) == 35


@pytest.mark.parametrize("edition", ["2021", "2019"])
def test_every_table_fits_the_text_block(fonts: FontSet, edition: str) -> None:
    t = load_template(edition)
    for table in t.tables.values():
        flow = build_table(table, {}, fonts.table, TEXT_W, grid_columns=3 if table.section == "s2" else None)
        width, height = flow.wrap(TEXT_W, 10_000)
        assert width <= TEXT_W + 0.01, table.id
        assert height < 225 / 25.4 * 72, table.id  # one page at most: never a LayoutError


def test_byte_stable_under_invariant(fonts: FontSet) -> None:
    assert render(full_2021_report(), fonts) == render(full_2021_report(), fonts)


def test_check_report_appended_on_new_page(fonts: FontSet, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_check_report import fake_results

    import core.export.check_report as ck

    monkeypatch.setattr(ck, "run_results", lambda report, previous=None: fake_results(report))
    report = full_2021_report()
    plain = PdfReader(io.BytesIO(render(report, fonts))).pages
    both = PdfReader(io.BytesIO(render(report, fonts, check_report=True))).pages
    assert len(both) > len(plain)
    assert "勾稽校验单" in squash(both[len(plain)].extract_text())
    assert "勾稽校验单" not in "".join(squash(p.extract_text()) for p in plain)


def test_styles_follow_the_font_set(fonts: FontSet) -> None:
    styles = make_styles(fonts)
    assert styles.title.fontSize == 22 and styles.body.fontSize == 16
    assert styles.heading1.fontName == fonts.heading1 and styles.heading2.fontName == fonts.heading2
    assert 28.5 < styles.body.leading < 29.2
    assert styles.body.firstLineIndent == pytest.approx(2 * TEXT_W / 28)  # two characters at 28 a line


@pytest.mark.parametrize("extra", range(0, 24, 3))
def test_tables_break_across_pages_with_headers_and_no_lonely_heading(fonts: FontSet, extra: int) -> None:
    report = full_2021_report()
    report.texts["overview"] += "\n" + "\n".join(["本段为填充文字，用于把表格推到不同的分页位置。"] * extra)
    report.texts["problems"] = "（一）存在问题\n" + "问题说明" * 60 + "\n（二）改进情况\n" + "改进措施" * 60
    pages = [squash(p.extract_text()) for p in PdfReader(io.BytesIO(render(report, fonts))).pages]
    t3 = report.template.tables["t3"]
    for section in report.template.sections:
        page = next(p for p in pages if squash(section.title) in p)
        if section.tables:  # the heading shares its page with the table's first rows
            first = section.tables[0]
            assert squash(first.row_leaves()[0].label or first.column_leaves()[0].label) in page
        for field in section.texts:  # ... or with the first two lines of its text
            assert paragraphs_of(report.texts[field.key])[0][:8] in page
    for heading, text in (("（一）存在问题", "问题说明" * 6), ("（二）改进情况", "改进措施" * 6)):
        assert any(heading + text in p for p in pages)
    with_t3 = [p for p in pages if "申请人情况" in p]
    for page in with_t3:  # every piece of table 三 repeats the header
        assert "法人或其他组织" in page and "社会公益组织" in page
    if extra in (6, 9):  # these push table 三 across a page break (with the 前言 before 一)
        assert len(with_t3) == 2
    joined = "".join(with_t3)
    for row in t3.row_leaves():
        assert squash(row.label) in joined


def test_line_breaking_follows_chinese_rules() -> None:
    from core.export.pdf import CANNOT_START, break_lines

    text = "一二三》，四五六七2023年八九"
    lines = break_lines(text, [1.0] * len(text), 3.0, 4.0)
    assert "".join(lines) == text
    assert all(line[0] not in CANNOT_START for line in lines[1:])
    assert not any(line.endswith("202") or line.startswith("3年") for line in lines)  # numbers stay whole
    assert break_lines("（一）", [1.0] * 3, 10, 10) == ["（一）"]
    long = "A" * 30  # an unbreakable run longer than a line still breaks
    assert all(len(line) <= 10 for line in break_lines(long, [1.0] * 30, 10, 10))


def test_body_lines_never_start_with_closing_punctuation(fonts: FontSet) -> None:
    from core.export.pdf import CANNOT_START

    report = seed_report()
    reader = PdfReader(io.BytesIO(render(report, fonts)))
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
    body = [line for line in lines if len(line) > 20]  # body lines, not table cells
    assert len(body) > 30
    assert not [line for line in body if line[0] in CANNOT_START]


def test_level_two_headings_in_kai_and_justified_body(fonts: FontSet) -> None:
    report = full_2021_report()
    report.texts["overview"] = (
        "（一）主动公开情况\n正文" + "内容" * 40 + "\n（二）依申请公开。本年度收到申请。\n"
        "（三）2022年，本局通过门户网站、政务新媒体等渠道主动公开政府信息共计1234条，其中机构职能类56条。"
    )
    page = PdfReader(io.BytesIO(render(report, fonts))).pages[0]
    fonts_of: dict[str, set[str]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip() and font:
            fonts_of.setdefault(text.strip()[:5], set()).add(str(font["/BaseFont"]))

    page.extract_text(visitor_text=visit)
    kai = fonts.sources["heading2"].family.replace(" ", "").replace("ARPL", "")
    assert any(kai in f for f in fonts_of["（一）主动"]), fonts_of.get("（一）主动")
    assert any(kai in f for f in fonts_of["（二）依申"])
    assert not any(kai in f for f in fonts_of["正文内容内"])
    # a long numbered paragraph is body text, not a heading set wholly in 楷体
    assert not any(kai in f for f in fonts_of["（三）20"]), fonts_of.get("（三）20")
    spreads = [float(v) for v in re.findall(rb"([-\d.]+) Tc", page.get_contents().get_data())]
    assert any(v > TRACKING for v in spreads)  # full lines are spread to the text width (justified)


def test_blank_draft_stays_blank(fonts: FontSet) -> None:
    report = Report.blank(2023, "某县某局")
    report.cells["t3.N.C1"] = 0  # a typed 0 prints; blanks (and totals of blanks) stay empty
    text = pdf_text(render(report, fonts))
    assert "一、本年新收政府信息公开申请数量00二、上年结转政府信息公开申请数量三、本年度办理结果" in text
    assert "规章行政规范性文件" in text  # the rows of 第二十条第（一）项 carry no numbers
