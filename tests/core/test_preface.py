"""The 前言: template data, a default drawn from 基本信息, printed before 一 by every export, carried by files."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from factories import full_2021_report
from openpyxl import load_workbook
from pypdf import PdfReader

from core.export.fonts import find_cjk_fonts
from core.export.pdf import write_pdf
from core.export.xlsx import write_xlsx
from core.export.xlsx_layout import TEXT_SHEET
from core.finalise import finalised
from core.preface import default_preface, preface_text, text_of
from core.read.report_file import read_report_file, write_report_file
from core.read.xlsx_import import read_workbook
from core.report import Report, content_hash
from core.resources import resource_path
from core.template import TemplateError, load_template, parse_template


@pytest.mark.parametrize(("year", "number"), [(2024, "国办公开办函〔2021〕30号"), (2020, "国办公开办函〔2019〕60号")])
def test_default_names_basis_compiler_period_portal_and_contact(year: int, number: str) -> None:
    report = Report.blank(year, "淮安市人民政府", "government")
    text = default_preface(report, report.template)
    assert "《中华人民共和国政府信息公开条例》" in text and number in text
    assert "由淮安市人民政府编制" in text and f"自{year}年1月1日起至{year}年12月31日止" in text
    assert "门户网站" in text and "联系人及电话" not in text  # no contact yet: no sentence with a gap
    report.meta["contact"] = "张三 0517-83600000"
    assert "（联系人及电话：张三 0517-83600000）" in default_preface(report, report.template)
    assert "由本机关编制" in default_preface(Report.blank(year), report.template)


def test_template_declares_the_preface_as_data() -> None:
    for edition in ("2021", "2019"):
        t = load_template(edition)
        assert t.preface is not None and t.preface.label == "前言" and t.texts["preface"] is t.preface
        assert "文号" in t.preface.guidance and t.preface.section == ""
    data = json.loads(resource_path("templates", "2021.json").read_text("utf-8"))
    data["preface"]["default"] = "不是列表"
    with pytest.raises(TemplateError, match="前言"):
        parse_template(data)


def test_text_follows_the_default_until_written_and_a_final_freezes_it(full_report: Report) -> None:
    assert "preface" not in full_report.texts and text_of(full_report, "preface") == preface_text(full_report)
    assert text_of(full_report, "other") == full_report.texts["other"]
    final = finalised(full_report)
    assert final.texts["preface"] == preface_text(full_report) and final.content_hash == content_hash(final)
    final.meta["contact"] = "另一位"  # (a hand edit) the frozen words no longer follow
    assert "另一位" not in preface_text(final)
    full_report.texts["preface"] = "本机关自拟的前言。"
    assert preface_text(full_report) == "本机关自拟的前言。"


def test_pdf_prints_the_preface_between_title_and_one(full_report: Report) -> None:
    fonts = find_cjk_fonts()
    if not fonts.embedded:
        pytest.skip("no CJK TrueType font on this machine")
    buf = io.BytesIO()
    write_pdf(full_report, buf, fonts=fonts)
    first = re.sub(r"\s+", "", PdfReader(io.BytesIO(buf.getvalue())).pages[0].extract_text())
    preface = re.sub(r"\s+", "", preface_text(full_report))
    assert first.index("年度报告") < first.index(preface[:20]) < first.index("一、总体情况")
    assert preface[-20:] in first


def test_workbook_prints_it_first_and_reads_back_only_a_written_one(full_report: Report) -> None:
    out = io.BytesIO()
    write_xlsx(full_report, out)
    ws = load_workbook(io.BytesIO(out.getvalue()))[TEXT_SHEET]
    assert ws.cell(2, 1).value == preface_text(full_report) and ws.cell(3, 1).value == "一、总体情况"
    assert "preface" not in read_workbook(io.BytesIO(out.getvalue())).texts  # a default keeps following 基本信息
    full_report.texts["preface"] = "本机关自拟的前言。\n第二段。"
    out = io.BytesIO()
    write_xlsx(full_report, out)
    assert read_workbook(io.BytesIO(out.getvalue())).texts["preface"] == "本机关自拟的前言。\n第二段。"
    final = finalised(full_2021_report())
    out = io.BytesIO()
    write_xlsx(final, out)
    back = read_workbook(io.BytesIO(out.getvalue()))
    assert back.is_final and back.texts["preface"] == final.texts["preface"]


def test_report_file_carries_a_written_preface(tmp_path: Path, full_report: Report) -> None:
    write_report_file(full_report, tmp_path / "a.json")
    assert "preface" not in json.loads((tmp_path / "a.json").read_text("utf-8"))["texts"]
    full_report.texts["preface"] = "本机关自拟的前言。"
    write_report_file(full_report, tmp_path / "b.json")
    assert read_report_file(tmp_path / "b.json").texts["preface"] == "本机关自拟的前言。"
