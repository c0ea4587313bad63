"""core.export.docx: the Word document read back with python-docx (page, grid, fonts, tables, marks)."""

from __future__ import annotations

import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from core.export.docx import column_widths, write_docx
from core.finalise import finalised
from core.report import Report
from core.table_grid import section_grid
from core.template import load_template

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _doc(report: Report, **kwargs) -> docx.document.Document:
    data = io.BytesIO()
    write_docx(report, data, **kwargs)
    data.seek(0)
    return docx.Document(data)


@pytest.fixture
def report(full_report: Report) -> Report:
    full_report.texts["overview"] = ("（一）主动公开情况\n本年度主动公开信息120条。\n"
                                     "（二）依申请公开情况。本年度收到申请12件，均按时答复办结，无逾期答复的情形。")
    full_report.meta["publish_date"] = "2024-01-20"
    return full_report


def _east_asia(element) -> str:
    fonts = element.find(f"{W}rPr/{W}rFonts") if element.tag != f"{W}rPr" else element.find(f"{W}rFonts")
    return fonts.get(qn("w:eastAsia"))


def test_gbt9704_page_and_document_grid(report: Report) -> None:
    document = _doc(report)
    section = document.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.01)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [m.mm for m in margins] == pytest.approx([37, 35, 28, 26], abs=0.01)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    pitch = int(grid.get(qn("w:linePitch")))
    assert 22 * pitch <= Mm(225).twips < 23 * pitch  # 22 lines fit the 225 mm text block
    char = 16 + int(grid.get(qn("w:charSpace"))) / 4096  # pt: the 3号 size plus the grid's excess
    assert 28 * char <= Mm(156).pt < 28.05 * char  # 28 characters fill the 156 mm line
    assert document.settings.odd_and_even_pages_header_footer


def test_fonts_are_set_for_east_asian_text_with_fallbacks(report: Report) -> None:
    document = _doc(report)
    styles = document.styles
    assert _east_asia(styles["Normal"].element) == "仿宋_GB2312" and styles["Normal"].font.size.pt == 16
    assert _east_asia(styles["Heading 1"].element) == "黑体" and not styles["Heading 1"].font.bold
    assert _east_asia(styles["Heading 2"].element) == "楷体_GB2312"
    assert _east_asia(styles["报告标题"].element) == "方正小标宋简体" and styles["报告标题"].font.size.pt == 22
    assert styles["报告标题"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    ind = styles["Normal"].element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    part = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    from lxml import etree
    table = etree.fromstring(part.blob)
    alt = {f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val")) for f in table.findall(qn("w:font"))
           if f.find(qn("w:altName")) is not None}
    assert alt["仿宋_GB2312"] == "仿宋" and alt["楷体_GB2312"] == "楷体"


def test_order_preface_headings_run_in_heading_and_closing(report: Report) -> None:
    paragraphs = [p for p in _doc(report).paragraphs if p.text.strip()]
    assert paragraphs[0].style.name == "报告标题" and paragraphs[0].text.replace("\n", "") == report.title
    assert paragraphs[1].style.name == "Normal" and paragraphs[1].text.startswith("本报告根据")  # 前言 before 一
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.title for s in report.template.sections]
    assert [p.text for p in paragraphs if p.style.name == "Heading 2"] == ["（一）主动公开情况"]
    run_in = next(p for p in paragraphs if p.text.startswith("（二）"))
    assert run_in.style.name == "Normal" and run_in.runs[0].text == "（二）依申请公开情况。"
    assert _east_asia(run_in.runs[0]._r) == "楷体_GB2312" and run_in.runs[1].text.startswith("本年度收到")
    agency, when = paragraphs[-2:]
    assert (agency.text, when.text) == (report.agency, "2024年1月20日")
    assert agency.alignment == when.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    right = [p._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) for p in (agency, when)]
    assert right == ["175", "400"]  # the date 4 characters in; the (longer) agency centred over it: 4 − (11 − 6.5)/2


def test_page_numbers_outside_edge(report: Report) -> None:
    section = _doc(report).sections[0]
    sides = ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT))
    for footer, side in sides:
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == side
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert "PAGE" in "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
        assert {_east_asia(r._r) for r in paragraph.runs} == {"宋体"} and paragraph.runs[0].font.size.pt == 14


def _tc_spans(table) -> list[tuple[int, int, str | None, str]]:
    out = []
    for r, tr in enumerate(table._tbl.tr_lst):
        col = 0
        for tc in tr.tc_lst:
            out.append((r, col, tc.grid_span, tc.vMerge, "".join(t.text for t in tc.iter(qn("w:t")))))
            col += tc.grid_span
    return out


def test_table_three_merged_headers_repeat_and_right_aligned_numbers(report: Report) -> None:
    document = _doc(report)
    assert len(document.tables) == 3  # 二 (its four items in one grid), 三, 四
    table = document.tables[1]
    grid = section_grid(report.template.sections[2])
    spans = _tc_spans(table)
    corner = spans[0]
    assert corner[:4] == (0, 0, 3, "restart") and "勾稽关系" in corner[4]
    assert any(s[:3] == (0, 3, 7) and s[4] == "申请人情况" for s in spans)
    assert any(s[:3] == (1, 4, 5) and s[4] == "法人或其他组织" for s in spans)
    group = next(s for s in spans if s[4] == "三、本年度办理结果")
    assert group[3] == "restart"
    continued = [s for s in spans if s[1] == 0 and s[3] == "continue"]
    assert len(continued) == 2 + 21  # the corner's two lower rows, 三's 21 further rows
    rows = table._tbl.tr_lst
    header = [tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None for tr in rows]
    assert header == [True] * grid.header_rows + [False] * (grid.rows - grid.header_rows)
    r, c = grid.position("t3.N.C1")
    cell = table.cell(r, c)
    assert cell.text == "25" and cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    r, c = grid.position("t3.D1.C3")
    report.cells.pop("t3.D1.C3")
    assert _doc(report).tables[1].cell(r, c).text == ""  # blank stays blank


def test_caption_and_header_rows_keep_with_the_row_below(report: Report) -> None:
    document = _doc(report)
    two = document.tables[0]
    grid = section_grid(report.template.sections[1])

    def kept(tr) -> bool:
        paragraphs = tr.xpath("./w:tc/w:p")
        return all(p.pPr is not None and p.pPr.find(qn("w:keepNext")) is not None for p in paragraphs)

    labels_only = [not any(c.is_value for c in grid.row_cells(r)) for r in range(grid.rows)]
    assert sum(labels_only) >= 8  # each stacked part's 第二十条… caption and its header row
    assert [kept(tr) for tr in two._tbl.tr_lst] == labels_only  # never left at a page's foot
    assert not labels_only[-1]


def test_tables_fit_the_text_block_at_a_readable_size(report: Report) -> None:
    document = _doc(report)
    assert document.styles["表格文字"].font.size.pt == 9  # 三 and 四
    two = document.tables[0]
    assert {r.font.size.pt for c in two._cells for p in c.paragraphs for r in p.runs} == {10.5}  # 二 as the PDF sets it
    for section in report.template.sections:
        if section.tables:
            widths = column_widths(section_grid(section), 9)
            assert sum(widths) == pytest.approx(156) and min(widths) >= 10
    grid_cols = document.tables[1]._tbl.tblGrid.findall(qn("w:gridCol"))
    assert sum(int(g.get(qn("w:w"))) for g in grid_cols) == pytest.approx(Mm(156).twips, abs=10)


def test_draft_final_and_public_marks(full_report: Report) -> None:
    report = full_report
    draft = _doc(report)
    assert "草稿" in draft.sections[0].header.paragraphs[0].text
    assert draft.core_properties.content_status == "草稿" and draft.core_properties.version == ""
    final = finalised(report)
    exported = _doc(final)
    assert not exported.sections[0].header.paragraphs[0].text
    props = exported.core_properties
    assert props.content_status == "定稿" and props.version == "1" and final.content_hash in props.comments
    public = _doc(final, public=True).core_properties
    assert public.version == "" and final.content_hash not in public.comments
    untrusted = finalised(report)
    untrusted.cells["t3.N.C1"] = 99  # changed after finalising: printed as a draft
    assert "草稿" in _doc(untrusted).sections[0].header.paragraphs[0].text
    assert _doc(untrusted, public=True).sections[0].header.paragraphs[0].text == "草稿"


def test_hostile_text_exports_safely(report: Report) -> None:
    hostile = "=SUM(A1:A9)\x07<script>alert('x')</script> & \x1b[31m 😀𠀀\ud800" + "长" * 20_000
    report.texts["problems"] = hostile
    report.meta["agency"] = "<b>局</b>&\x00"
    document = _doc(report)
    texts = "\n".join(p.text for p in document.paragraphs)
    assert "=SUM(A1:A9)<script>alert('x')</script> & [31m 😀𠀀" + "长" * 20_000 in texts
    assert "<b>局</b>&" in document.paragraphs[0].text


def test_2019_edition_has_five_items_in_table_two() -> None:
    from core.read.report_file import read_report_file
    from tests.factories import SEED_FILE
    seed = read_report_file(SEED_FILE)
    document = _doc(seed)
    titles = [c.text for c in section_grid(load_template("2019").sections[1]).cells if c.role == "title"]
    first = document.tables[0]
    assert [first.cell(r, 0).text for r in range(len(first.rows)) if first.cell(r, 0).text in titles] == titles
