"""core.read.read_any: one reader for report files, exported workbooks and published reports (through
core.importers)."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from factories import full_2021_report

from core.export.xlsx import write_xlsx
from core.importers import import_file
from core.read.read_any import read_any_report
from core.report import ReportFileError
from nianbao.cli import main

IMPORT = Path(__file__).resolve().parents[2] / "fixtures" / "import"


@pytest.mark.parametrize("name", ["shanghai_bgt_2019.docx", "shanghai_bgt_2019.html", "shanghai_bgt_2019.pdf",
                                  "jinnan_mzj_2020_cells.txt"])
def test_published_reports_are_read_as_the_importer_reads_them(name: str) -> None:
    notes: list[str] = []
    report = read_any_report(IMPORT / name, notes)
    imported = import_file(IMPORT / name).report
    assert (report.edition, report.year, report.agency, report.cells) == (
        imported.edition, imported.year, imported.agency, imported.cells)
    assert notes[0].startswith("这不是本程序的年报文件，已按已发布的年报导入：读取单元格")


def test_the_content_decides_not_the_name(tmp_path: Path) -> None:
    renamed = tmp_path / "上年报告.xlsx"
    shutil.copy(IMPORT / "shanghai_bgt_2019.docx", renamed)
    assert read_any_report(renamed).cells == import_file(IMPORT / "shanghai_bgt_2019.docx").report.cells


def test_check_and_export_accept_a_published_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = IMPORT / "pingtan_2019_flat.txt"
    main(["check", str(source)])
    out = capsys.readouterr().out
    assert "平潭综合实验区2019年政府信息公开工作年度报告" in out and "提示：待核实 t2_1.norms.made" in out
    assert main(["export", str(source), "--to", str(tmp_path / "r.json")]) == 0
    err = capsys.readouterr().err
    assert "提示：这不是本程序的年报文件" in err
    assert read_any_report(tmp_path / "r.json").cells == import_file(source).report.cells


def test_a_workbook_in_another_layout_goes_to_the_importer(tmp_path: Path) -> None:
    """Not exported by this program (no metadata sheet): the official tables are found by their labels."""
    from tests.core.importers.test_import_xlsx import _other_layout

    path = tmp_path / "县交通局.xlsx"
    _other_layout(path)
    notes: list[str] = []
    report = read_any_report(path, notes)
    assert (report.agency, report.year, report.cells) == ("某某县交通运输局", 2022, import_file(path).report.cells)
    assert notes[0].startswith("这不是本程序的年报文件") and any(n.startswith("未找到") for n in notes)


def test_own_workbooks_are_read_as_exported(tmp_path: Path, full_report) -> None:
    from core.export.xlsx import write_xlsx

    path = tmp_path / "年报.xlsx"
    with open(path, "wb") as stream:
        write_xlsx(full_report, stream)
    notes: list[str] = []
    assert read_any_report(path, notes).cells == full_report.cells and notes == []


def _zip_with(path: Path, *names: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name in names:
            archive.writestr(name, "<x/>")
    return path


def _export(report) -> bytes:
    data = io.BytesIO()
    write_xlsx(report, data)
    return data.getvalue()


@pytest.mark.parametrize(("name", "content", "said"), [
    ("doc.xlsx", None, "不是有效的 Word（.docx）文件"),  # read as what it is (core.importers), not by its name
    ("doc.json", None, "不是有效的 Word（.docx）文件"),
    ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + bytes(500),
     "旧版 Word/WPS 文档"),
    ("old.json", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le") + bytes(500),
     "旧版 Excel/WPS 表格"),
    ("paper.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "不是有效的 PDF 文件"),
    ("page.xlsx", b"\xef\xbb\xbf<!DOCTYPE html><html><body>x</body></html>", "不像政府信息公开工作年度报告"),
    ("page.json", b"  <html><body>x</body></html>", "不像政府信息公开工作年度报告"),
    ("notes.xlsx", "这是一段普通的文字，不是表格。".encode(), "这是一个文本文件"),
    ("archive.xlsx", b"zip", "zip 压缩包"),
])
def test_a_wrong_file_is_named_for_what_it_is(tmp_path: Path, name: str, content: bytes | None, said: str) -> None:
    path = tmp_path / name
    if content is None:
        _zip_with(path, "word/document.xml")
    elif content == b"zip":
        _zip_with(path, "年报.json")
    else:
        path.write_bytes(content)
    with pytest.raises(ReportFileError) as caught:
        read_any_report(path)
    assert said in str(caught.value) and "系统错误" not in str(caught.value)


def test_a_workbook_named_json_and_a_report_file_named_xlsx_are_read(tmp_path: Path) -> None:
    from core.read.report_file import report_to_json
    report = full_2021_report()
    (tmp_path / "book.json").write_bytes(_export(report))
    (tmp_path / "file.xlsx").write_text(report_to_json(report), encoding="utf-8")
    assert read_any_report(tmp_path / "book.json").cells == report.cells
    assert read_any_report(tmp_path / "file.xlsx").cells == report.cells


def test_a_damaged_export_of_this_program_is_worded_as_any_damaged_file(tmp_path: Path) -> None:
    """A Word document or workbook nianbao exported, its main part broken: the same sentence as a foreign one,
    whether checked or imported."""
    from core.export.docx import write_docx
    from core.importers import ImportRefused

    for writer, name, part in ((write_docx, "own.docx", "word/document.xml"),
                               (write_xlsx, "own.xlsx", "xl/workbook.xml")):
        data = io.BytesIO()
        writer(full_2021_report(), data)
        path = tmp_path / name
        with zipfile.ZipFile(data) as old, zipfile.ZipFile(path, "w") as new:
            for info in old.infolist():
                new.writestr(info, b"<broken" if info.filename == part else old.read(info))
        claim = "Word（.docx）" if name.endswith("docx") else "Excel（.xlsx）"
        said = f"{name}：不是有效的 {claim}文件（可能已损坏或不完整），请向来源重新获取该文件"
        with pytest.raises(ReportFileError, match=f"^{re.escape(said)}$"):
            read_any_report(path)
        with pytest.raises(ImportRefused, match=f"^{re.escape(said)}$"):
            import_file(path)
