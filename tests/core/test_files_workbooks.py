"""Workbooks from elsewhere: formulas are never read as blanks, zip bombs and other files are named (issue 12)."""

from __future__ import annotations

import io
import json
import re
import resource
import zipfile
from pathlib import Path

import pytest
from factories import full_2021_report
from openpyxl import load_workbook

from core.checks.validation import validate
from core.export.xlsx import write_xlsx
from core.export.xlsx_layout import layout_sheet, table_sections
from core.read.read_any import read_any_report
from core.read.zip_guard import ZipLimits, check_zip, zip_problem
from core.report import ReportFileError
from core.template import load_template
from nianbao.cli import main


def _slot(key: str):
    template = load_template("2021")
    for section in table_sections(template):
        layout = layout_sheet(section)
        for slot in layout.slots:
            if slot.key == key:
                return layout.name, slot
    raise KeyError(key)


def _workbook_with(tmp_path: Path, formulas: dict[str, str]) -> Path:
    data = io.BytesIO()
    write_xlsx(full_2021_report(), data)
    wb = load_workbook(io.BytesIO(data.getvalue()))
    for key, formula in formulas.items():
        sheet, slot = _slot(key)
        wb[sheet].cell(slot.row, slot.col).value = formula
    path = tmp_path / "formulas.xlsx"
    wb.save(path)
    return path


def _with_cached(path: Path, value: str) -> Path:
    """The same workbook as Excel saves it: every formula with its computed result."""
    out = path.with_name("cached.xlsx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"(<f>[^<]*</f>)<v\s*/?>(</v>)?", rb"\1<v>" + value.encode() + b"</v>", data)
            dst.writestr(info, data)
    return out


def test_formula_without_result_is_an_invalid_value_not_a_blank(tmp_path: Path) -> None:
    path = _workbook_with(tmp_path, {"t3.N.C2": "=2+3", "t3.N.C7": "=D5"})
    report = read_any_report(path)
    assert report.invalid["t3.N.C2"][0] == "=2+3" and "公式，无计算结果" in report.invalid["t3.N.C2"][1]
    assert report.invalid["t3.N.C7"][0] == "=D5"
    assert "t3.N.C2" not in report.cells
    v1 = [i for i in validate(report) if "t3.N.C2" in i.cells and i.severity == "error"]
    assert v1 and "公式，无计算结果" in v1[0].message


def test_formula_with_a_saved_result_uses_it_and_says_so(tmp_path: Path) -> None:
    path = _with_cached(_workbook_with(tmp_path, {"t3.N.C2": "=2+3"}), "5")
    notes: list[str] = []
    report = read_any_report(path, notes)
    assert report.cells["t3.N.C2"] == 5 and not report.invalid
    assert len(notes) == 1 and "=2+3" in notes[0] and "保存的计算结果" in notes[0]


def test_check_lists_the_formula_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _with_cached(_workbook_with(tmp_path, {"t3.N.C2": "=2+3"}), "5")
    main(["check", str(path)])
    assert "已采用 Excel/WPS 保存的计算结果" in capsys.readouterr().out
    assert main(["export", str(path), "--to", str(tmp_path / "out.json")]) == 0
    assert "已采用 Excel/WPS 保存的计算结果" in capsys.readouterr().err
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["cells"]["t3.N.C2"] == 5


# ---- zip bombs ------------------------------------------------------------------------------------


def _bomb(path: Path, size: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as stream:
            chunk = b"<c>" + b" " * (1024 * 1024 - 3)
            for _ in range(size // len(chunk)):
                stream.write(chunk)
    return path


def test_zip_bomb_workbook_is_refused_before_parsing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _bomb(tmp_path / "bomb.xlsx", 300 * 1024 * 1024)
    assert path.stat().st_size < 2 * 1024 * 1024
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ReportFileError, match="解压后.*已拒绝读取"):
        read_any_report(path)
    assert main(["check", "--json", str(path)]) == 2
    (row,) = json.loads(capsys.readouterr().out)
    assert "bomb.xlsx" in row["message"] and "解压后" in row["message"]
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 100 * 1024


def test_zip_limits_count_size_and_ratio() -> None:
    def info(name: str, size: int, packed: int) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(name)
        entry.file_size, entry.compress_size = size, packed
        return entry

    small = ZipLimits(max_total=1000, max_entries=3, max_ratio=10, ratio_floor=100)
    assert zip_problem([info("a", 500, 100)], small) is None
    assert "4 个部件" in zip_problem([info(str(n), 1, 1) for n in range(4)], small)
    assert "上限" in zip_problem([info("a", 2000, 1000)], small)
    assert "压缩了 50 倍" in zip_problem([info("a", 500, 10)], small)
    assert zip_problem([info("a", 90, 1)], small) is None  # a tiny entry may compress well


def test_check_zip_leaves_a_stream_at_its_start_and_passes_non_zips(tmp_path: Path) -> None:
    data = io.BytesIO()
    write_xlsx(full_2021_report(), data)
    data.seek(100)
    check_zip(data)
    assert data.tell() == 0
    (tmp_path / "x.txt").write_text("not a zip")
    check_zip(tmp_path / "x.txt")


# ---- what a file is ---------------------------------------------------------------------------------


def _zip_with(path: Path, *names: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name in names:
            archive.writestr(name, "<x/>")
    return path


@pytest.mark.parametrize(("name", "content", "said"), [
    ("doc.xlsx", None, "不是有效的 Word（.docx）文件"),  # read as what it is (core.importers), not by its name
    ("doc.json", None, "不是有效的 Word（.docx）文件"),
    ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + bytes(500),
     "旧版 Word 文档（.doc）"),
    ("old.json", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le") + bytes(500), "旧版 Excel/WPS 表格"),
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


def _export(report) -> bytes:
    data = io.BytesIO()
    write_xlsx(report, data)
    return data.getvalue()
