"""A 定稿 is trusted only while it passes what finalising requires; an untrusted one prints as 草稿."""

from __future__ import annotations

import io
import re
from copy import deepcopy
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from core.export.check_report import write_check_report
from core.export.fonts import find_cjk_fonts
from core.export.pdf import write_pdf
from core.export.xlsx import write_xlsx
from core.export.xlsx_layout import META_SHEET
from core.final_status import final_status
from core.finalise import finalised
from core.read.report_file import write_report_file
from core.report import STATUS_FINAL, Report, content_hash
from core.wording import UNTRUSTED_MARK
from nianbao.cli import main


@pytest.fixture(scope="module")
def fonts():
    fs = find_cjk_fonts()
    if not fs.embedded:
        pytest.skip("no CJK TrueType font on this machine")
    return fs


def hand_made_final(report: Report) -> Report:
    """A 定稿 typed by hand: table 三 does not balance, yet the hash fits the content."""
    report = deepcopy(report)
    report.cells["t3.N.C1"] = 26  # 自然人 no longer balances (an R3.1 error)
    report.status, report.content_hash = STATUS_FINAL, content_hash(report)
    return report


def pdf_pages(write, *args, **kwargs) -> list[str]:
    buf = io.BytesIO()
    write(*args, buf, **kwargs)
    return [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(buf.getvalue())).pages]


def test_a_real_final_is_trusted_and_a_hand_made_one_is_not(full_report: Report) -> None:
    assert final_status(full_report).claimed is False
    good = finalised(full_report)
    assert final_status(good).trusted
    bad = hand_made_final(full_report)
    status = final_status(bad)
    assert status.untrusted and "错误 " in status.reason() and "按草稿处理" in status.reason()
    edited = deepcopy(good)
    edited.texts["other"] = "定稿后改过的文字。"
    assert "内容与定稿校验码不符" in final_status(edited).reason()


def test_pdf_prints_an_untrusted_final_as_a_draft(fonts, full_report: Report) -> None:
    good = pdf_pages(write_pdf, finalised(full_report), fonts=fonts)
    assert all("定稿·校验码" in p and "草稿" not in p for p in good)
    bad = pdf_pages(write_pdf, hand_made_final(full_report), fonts=fonts, check_report=True)
    squashed = re.sub(r"\s+", "", UNTRUSTED_MARK)
    assert all("校验码" not in p.split("勾稽校验单")[0] and squashed in p for p in bad[:2])
    assert any("草稿（第1版）：文件标为定稿，但校验未通过定稿要求" in p for p in bad)


def test_check_report_pdf_and_workbook_agree(fonts, full_report: Report) -> None:
    bad = hand_made_final(full_report)
    pages = pdf_pages(write_check_report, bad, fonts=fonts)
    assert "定稿·校验码" not in "".join(pages) and re.sub(r"\s+", "", UNTRUSTED_MARK) in pages[0]
    out = io.BytesIO()
    write_xlsx(bad, out)
    wb = load_workbook(io.BytesIO(out.getvalue()))
    meta = {row[0]: row[1] for row in wb[META_SHEET].iter_rows(min_row=2, max_col=2, values_only=True)}
    assert meta["状态"] == "草稿" and "校验未通过定稿要求" in meta["状态说明"]
    for ws in wb.worksheets:
        assert UNTRUSTED_MARK in ws.oddFooter.right.text and ws.oddHeader.right.text == "草稿"
        assert not ws.protection.sheet  # only a trusted 定稿 is protected


def test_public_pdf_has_no_internal_status_line(fonts, full_report: Report) -> None:
    final = finalised(full_report)
    internal = pdf_pages(write_pdf, final, fonts=fonts)
    public = pdf_pages(write_pdf, final, fonts=fonts, public=True)
    assert len(public) == len(internal)
    assert all("校验码" not in p and "第1版" not in p for p in public)
    assert all(f"校验码{final.content_hash[:12]}" in p for p in internal)
    draft = pdf_pages(write_pdf, full_report, fonts=fonts, public=True)
    assert all("草稿" in p and "未定稿" not in p for p in draft)  # a draft never passes for the published copy


def test_cli_check_says_why_and_export_public(tmp_path: Path, full_report: Report,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    write_report_file(hand_made_final(full_report), tmp_path / "bad.json")
    main(["check", str(tmp_path / "bad.json")])
    out = capsys.readouterr().out
    assert "注意：文件标为定稿，但校验未通过定稿要求（错误" in out and "按草稿处理" in out
    write_report_file(finalised(full_report), tmp_path / "good.json")
    assert main(["export", str(tmp_path / "good.json"), "--to", str(tmp_path / "pub.pdf"), "--public"]) == 0
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "pub.pdf").pages)
    assert "校验码" not in text and "勾稽校验单" not in text
