"""Fixes from the visual review of the PDF: substitute fonts named, cell lines that never overhang
their border, and a check report whose rule table breaks between rows with one header per page."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph

from core.checks.validation import Issue, RuleResult
from core.export.check_report import CHUNK_HEIGHT, detail_chunks, write_check_report
from core.export.fonts import find_cjk_fonts, substitution_note
from core.export.pdf import write_pdf
from core.export.pdf_tables import CANNOT_START
from core.read.report_file import read_report_file
from core.template import Rule
from tests.factories import SEED_FILE, full_2021_report

WQY = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
UKAI = "/usr/share/fonts/truetype/arphic/ukai.ttc"
UMING = "/usr/share/fonts/truetype/arphic/uming.ttc"
needs_fonts = pytest.mark.skipif(not all(Path(p).exists() for p in (WQY, UKAI, UMING)),
                                 reason="WQY / AR PL fonts not installed")
FC = lambda: (f"{WQY}|0|WenQuanYi Micro Hei,文泉驿微米黑|Regular\n{UKAI}|0|AR PL UKai CN|Book\n"  # noqa: E731
              f"{UMING}|0|AR PL UMing CN|Light\n")
HEADER = "比对数值、问题及说明"


@pytest.fixture(scope="module")
def fonts():
    fs = find_cjk_fonts()
    if not fs.embedded:
        pytest.skip("no CJK TrueType font on this machine")
    return fs


@needs_fonts
def test_substitutes_are_named_in_chinese() -> None:
    fs = find_cjk_fonts(search_dirs=[], fc_list=FC)
    lines = fs.substitutions()
    assert "正文字体：未找到仿宋，使用“文鼎明体（AR PL UMing CN）”代替" in lines
    assert "标题字体：未找到小标宋，使用“文鼎明体（AR PL UMing CN）”代替" in lines  # a 宋 set bold, not 黑体
    assert not any(line.startswith(("一级标题", "二级标题", "表格")) for line in lines), "黑体/楷体/宋体 styles found"
    assert fs.substitution_note().startswith("PDF 字体替代：\n正文字体")
    chosen = find_cjk_fonts({"table": "AR PL UKai CN"}, search_dirs=[], fc_list=FC)
    assert "表格字体：按设置使用“文鼎楷体（AR PL UKai CN）”（不是宋体）" in chosen.substitutions()


@needs_fonts
def test_no_note_for_roles_whose_official_font_is_installed(tmp_path: Path) -> None:
    # links stand in for the Windows files (one link per real file: discovery drops duplicates)
    for name, target in {"simfang.ttf": UMING, "simkai.ttf": UKAI, "fzxbsjw.ttf": WQY}.items():
        (tmp_path / name).symlink_to(target)
    fs = find_cjk_fonts(search_dirs=[tmp_path], fc_list=None)
    assert fs.sources["body"].family == "仿宋" and fs.sources["title"].family == "方正小标宋简体"
    lines = fs.substitutions()
    assert not [line for line in lines if line.startswith(("正文", "标题", "二级标题"))]
    assert "表格字体：未找到宋体，使用“仿宋”代替" in lines
    assert substitution_note(fs) == fs.substitution_note() != ""


def test_no_truetype_font_is_one_line() -> None:
    fs = find_cjk_fonts(search_dirs=[], fc_list=None)
    assert fs.substitutions() == ["全部字体：未找到可嵌入的中文字体，使用内置 STSong-Light 代替（未嵌入）"]


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


def _long_results() -> list[RuleResult]:
    rule = Rule("V4", "blank", "warning", "", "checks.md V4", "没有空白单元格")
    note = "说明：" + "本单位当年未发生相关事项，经核实均应为零。" * 120
    many = tuple(f"表三第{i}行：空白 {i} 个" for i in range(60))
    plain = Rule("V1", "nonneg", "error", "", "checks.md V1", "件数为非负整数")
    issue = Issue("V4", "warning", "表三有 127 个空白单元格", anchor="t3")
    return [RuleResult(plain, (), ("检查 199 个单元格",)), RuleResult(rule, (issue,), many + (note,))]


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
