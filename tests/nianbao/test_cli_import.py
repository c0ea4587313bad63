"""``nianbao import``: what it refuses it names as ``check`` does (one content sniff, core.read.file_kind)."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from core.exit_codes import EXIT_UNREADABLE
from nianbao.cli import main

IMPORT = Path(__file__).resolve().parents[1] / "fixtures" / "import"
DOCX = IMPORT / "shanghai_bgt_2019.docx"


def _make(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    if name == "图.png":
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    elif name == "截断.docx":
        path.write_bytes(DOCX.read_bytes()[:3000])
    elif name == "包.xlsx":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("年报.json", "{}")
    elif name == "坏.docx":  # a zip that is a Word package, its document unreadable: the importer says so
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("word/document.xml", "<x/>")
    elif name == "乱码.dat":
        path.write_bytes(bytes(range(256)) * 4)
    else:
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + bytes(500))
    return path


@pytest.mark.parametrize("name", ["图.png", "截断.docx", "包.xlsx", "乱码.dat", "旧.doc", "坏.docx"])
def test_import_and_check_say_the_same_about_a_file(tmp_path: Path, name: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = _make(tmp_path, name)
    assert main(["import", str(path)]) == EXIT_UNREADABLE
    imported = capsys.readouterr().err.strip()
    assert main(["check", "--json", str(path)]) == EXIT_UNREADABLE
    (row,) = json.loads(capsys.readouterr().out)
    assert imported.startswith(f"无法导入“{name}”：") and imported.count(name) == 1 and "格式无法识别" not in imported
    assert imported.removeprefix("无法导入") == row["message"].removeprefix("无法读取")


def test_import_reads_a_pdf_named_docx_and_a_word_file_named_xlsx(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    for source, name in ((IMPORT / "shanghai_bgt_2019.pdf", "年报.docx"), (DOCX, "年报.xlsx"), (DOCX, "年报.pdf")):
        shutil.copy(source, tmp_path / name)
        assert main(["import", "--json", str(tmp_path / name)]) == 0, capsys.readouterr().err
        assert json.loads(capsys.readouterr().out)["agency"] == "上海市人民政府办公厅"


def test_import_names_the_file_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    note = tmp_path / "通知.txt"
    note.write_text("会议通知\n请各单位于周五下午参加会议。\n", encoding="utf-8")
    assert main(["import", str(note)]) == EXIT_UNREADABLE
    said = capsys.readouterr().err
    assert said.startswith("无法导入“通知.txt”：无法确定报告年度") and said.count("通知.txt") == 1


def test_import_writes_only_a_report_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = IMPORT / "shanghai_bgt_2019.html"
    assert main(["import", str(source), "-o", str(tmp_path / "年报.txt")]) == 2
    assert "年报文件应保存为 .json 文件，“年报.txt”的扩展名不对，请改为 .json" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_agency_not_found_is_shown_as_every_board_shows_it(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from core.wording import UNKNOWN_AGENCY

    source = tmp_path / "无名.txt"
    source.write_text("2023年政府信息公开工作年度报告\n一、总体情况\n本年度主动公开信息 12 条。\n", encoding="utf-8")
    main(["import", str(source)])
    assert capsys.readouterr().out.splitlines()[0].startswith(f"{UNKNOWN_AGENCY}　2023 年度")


def changed_final(folder: Path, suffix: str) -> Path:
    """A finalised report saved as a report file or workbook, then one cell changed by hand."""
    from openpyxl import load_workbook

    from core.export.xlsx import write_xlsx
    from core.export.xlsx_layout import layout_sheet, sheet_name, table_sections
    from core.finalise import finalised
    from core.read.report_file import write_report_file
    from tests.factories import full_2021_report

    final, path = finalised(full_2021_report()), folder / f"定稿{suffix}"
    if suffix == ".json":
        write_report_file(final, path)
        data = json.loads(path.read_text(encoding="utf-8"))
        data["cells"]["t2_1.norms.in_force"] = 9
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path
    with open(path, "wb") as stream:
        write_xlsx(final, stream)
    section = table_sections(final.template)[0]
    slot = next(s for s in layout_sheet(section).slots if s.key == "t2_1.norms.in_force")
    workbook = load_workbook(path)
    workbook[sheet_name(section)].cell(slot.row, slot.col).value = 7
    workbook.save(path)
    return path


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_a_final_changed_since_is_refused_as_check_and_the_board_say_it(tmp_path: Path, suffix: str,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from core.aggregate_units import read_unit
    from core.wording import CHANGED_AFTER_FINAL, UNIT_CHANGED, unreadable_message

    path = changed_final(tmp_path, suffix)
    assert main(["import", "--json", str(path)]) == EXIT_UNREADABLE
    said = json.loads(capsys.readouterr().out)
    assert main(["import", str(path)]) == EXIT_UNREADABLE
    imported = capsys.readouterr().err.strip()
    assert main(["check", "--json", str(path)]) == EXIT_UNREADABLE
    (row,) = json.loads(capsys.readouterr().out)
    assert said["status"] == UNIT_CHANGED == read_unit(path).status  # the reader's type, as ``sum --json`` says it
    assert CHANGED_AFTER_FINAL in said["error"] and imported == unreadable_message(path, said["error"], "无法导入")
    assert imported.removeprefix("无法导入") == row["message"].removeprefix("无法读取")
