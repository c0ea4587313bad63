"""core.export.html: the web page parsed back with lxml (structure, spans, borders, escaping, marks)."""

from __future__ import annotations

import io

import pytest
from lxml import html

from core.export.html import write_html
from core.finalise import finalised
from core.report import Report
from core.table_grid import section_grid


def _page(report: Report, **kwargs) -> tuple[bytes, html.HtmlElement]:
    data = io.BytesIO()
    write_html(report, data, **kwargs)
    raw = data.getvalue()
    return raw, html.document_fromstring(raw)


def test_self_contained_utf8_page_without_scripts_classes_or_resources(full_report: Report) -> None:
    raw, page = _page(full_report)
    assert raw.startswith(b"<!DOCTYPE html>") and page.get("lang") == "zh-CN"
    assert page.xpath("//meta[@charset]")[0].get("charset") == "utf-8"
    raw.decode("utf-8")
    assert not page.xpath("//script | //img | //link | //iframe | //object | //@class | //@src | //@href")
    assert "@media print" in page.xpath("//style")[0].text and "@page" in page.xpath("//style")[0].text
    assert page.xpath("//title")[0].text == full_report.title == page.xpath("//h1")[0].text_content()


def test_sections_preface_and_closing_in_order(full_report: Report) -> None:
    full_report.meta["publish_date"] = "2024-01-20"
    _, page = _page(full_report)
    body = [e for e in page.find("body") if e.tag in ("h1", "h2", "p", "div")]
    tags = [e.tag for e in body]
    assert tags[0:3] == ["p", "h1", "p"]  # the 草稿 line, the title, the 前言
    assert body[2].text_content().startswith("本报告根据")
    assert [e.text_content() for e in body if e.tag == "h2"] == [s.title for s in full_report.template.sections]
    assert [e.text_content() for e in body[-2:]] == [full_report.agency, "2024年1月20日"]
    assert all("text-align:right" in e.get("style") for e in body[-2:])


def test_table_three_spans_borders_and_alignment(full_report: Report) -> None:
    _, page = _page(full_report)
    tables = page.xpath("//table")
    assert len(tables) == 3
    table = tables[1]
    assert table.get("border") == "1" and "border-collapse:collapse" in table.get("style")
    grid = section_grid(full_report.template.sections[2])
    assert len(table.xpath("./thead/tr")) == grid.header_rows and len(table.xpath(".//tr")) == grid.rows
    corner = table.xpath(".//tr[1]/td[1]")[0]
    assert (corner.get("rowspan"), corner.get("colspan")) == ("3", "3") and "勾稽关系" in corner.text_content()
    group = next(td for td in table.xpath(".//td") if td.text_content() == "三、本年度办理结果")
    assert group.get("rowspan") == "22"
    cells = table.xpath(".//td")
    assert all("border:1px solid #000" in td.get("style") for td in cells)
    natural = next(td for td in table.xpath(".//tbody/tr[1]/td") if td.text_content() == "25")
    assert "text-align:right" in natural.get("style")
    four = tables[2]
    assert [td.get("colspan") for td in four.xpath("./thead/tr[1]/td")] == ["5", "10"]


def _lines(td: html.HtmlElement) -> list[str]:
    """A cell's lines as it breaks them itself (at its <br>s)."""
    return [(td.text or "")] + [br.tail or "" for br in td.findall("br")]


def test_narrow_header_labels_break_between_words(full_report: Report) -> None:
    _, page = _page(full_report)
    three, four = page.xpath("//table")[1:]
    headers = {td.text_content(): _lines(td) for td in three.xpath("./thead//td")}
    assert headers["商业企业"] == ["商业", "企业"] and headers["科研机构"] == ["科研", "机构"]
    assert headers["社会公益组织"] == ["社会", "公益", "组织"]
    assert headers["自然人"] == ["自然人"] and headers["总计"] == ["总计"]  # what fits stays one line
    assert headers["申请人情况"] == ["申请人情况"]
    assert {td.text_content(): _lines(td) for td in four.xpath("./thead//td")}["结果维持"] == ["结果", "维持"]
    rows = [td for td in three.xpath("./tbody//td") if "text-align:left" in td.get("style")]
    assert rows and all(len(_lines(td)) == 1 for td in rows)  # row labels wrap by themselves
    groups = {td.text_content(): _lines(td) for td in three.xpath("./tbody//td")
              if "text-align:center" in td.get("style")}
    assert groups["（四）无法提供"] == ["（四）", "无法提供"]  # group labels break after their enumeration


def test_text_is_escaped(full_report: Report) -> None:
    full_report.texts["overview"] = "<script>alert(1)</script> & <b>粗</b> \x07😀𠀀" + "字" * 20_000
    full_report.meta["agency"] = "A&B<i>局"
    raw, page = _page(full_report)
    assert b"<script>" not in raw and b"&lt;script&gt;" in raw and b"<b>" not in raw
    assert not page.xpath("//script | //b | //i")
    paragraph = next(p for p in page.xpath("//p") if "alert" in p.text_content())
    assert paragraph.text_content() == "<script>alert(1)</script> & <b>粗</b> 😀𠀀" + "字" * 20_000
    assert page.xpath("//h1")[0].text_content().startswith("A&B<i>局")


def test_marks_draft_final_public(full_report: Report) -> None:
    _, draft = _page(full_report)
    assert draft.xpath("//body/p[1]")[0].text_content().startswith("草稿")
    final = finalised(full_report)
    _, page = _page(final)
    assert page.xpath("//body/*[1]")[0].tag == "h1"
    version = page.xpath("//meta[@name='nianbao-version']/@content")
    assert version and final.content_hash in version[0]
    _, public = _page(final, public=True)
    assert not public.xpath("//meta[@name='nianbao-version']") and public.xpath("//body/*[1]")[0].tag == "h1"


@pytest.mark.parametrize("edition_year", [2020, 2023])
def test_every_value_sits_in_its_grid_cell(edition_year: int, full_report: Report) -> None:
    from core.export.report_outline import value_texts
    from core.read.html_read import table_texts
    from core.read.report_file import read_report_file
    from tests.factories import SEED_FILE

    report = full_report if edition_year == 2023 else read_report_file(SEED_FILE)
    _, page = _page(report)
    values = value_texts(report)
    sections = [s for s in report.template.sections if s.tables]
    for table, section in zip(page.xpath("//table"), sections, strict=True):
        cells, _ = table_texts(table)
        for cell in section_grid(section).cells:
            assert cells[(cell.row, cell.col)] == (values[cell.key] if cell.is_value else cell.text)
