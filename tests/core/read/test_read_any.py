"""core.read.read_any: one reader for report files, exported workbooks and published reports (through core.importers)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.importers import import_file
from core.read.read_any import read_any_report
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
    from test_import_xlsx import _other_layout

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
