"""``nianbao sum``: the --json record, exit codes, refusals that write nothing, the board workbook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import unit_report as unit
from factories import write_unit_files as write_units
from openpyxl import load_workbook

from core.export.board_xlsx import STATUS_SHEET, UNITS_SHEET
from core.finalise import finalised
from core.read.report_file import read_report_file
from core.report import SCOPE_AGGREGATE
from nianbao.cli import main


def test_json_lists_every_unit_and_the_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = write_units(tmp_path / "u", [unit("甲局", 2), finalised(unit("乙局", 3))])
    out = tmp_path / "sum.json"
    assert main(["sum", str(tmp_path / "u"), "-o", str(out), "--agency", "某县人民政府", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["out"] == str(out)
    assert printed["sources"] == [
        {"file": str(paths[0]), "agency": "甲局", "year": 2023, "edition": "2021", "status": "draft",
         "errors": 0, "warnings": 0, "included": True},
        {"file": str(paths[1]), "agency": "乙局", "year": 2023, "edition": "2021", "status": "final",
         "errors": 0, "warnings": 0, "included": True}]
    report = read_report_file(out)
    assert printed["cells_summed"] == len(report.cells) > 100
    assert report.scope == SCOPE_AGGREGATE and report.cells["t2_1.norms.in_force"] == 5
    assert report.agency == "某县人民政府" and [s.agency for s in report.sources] == ["甲局", "乙局"]


def test_a_rerun_does_not_sum_its_own_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_units(tmp_path / "u", [unit("甲局", 2)])
    out = tmp_path / "u" / "sum.json"
    for _ in range(2):
        assert main(["sum", str(tmp_path / "u"), "-o", str(out), "--agency", "县", "--json"]) == 0
        assert len(json.loads(capsys.readouterr().out)["sources"]) == 1


@pytest.mark.parametrize("case", ["year", "duplicate", "unreadable"])
def test_refusal_exits_2_names_the_file_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          case: str) -> None:
    second = {"year": unit("乙局", year=2022), "duplicate": unit("甲局"), "unreadable": unit("乙局")}[case]
    reports = [unit("甲局"), second]
    paths = write_units(tmp_path / "u", reports)
    if case == "unreadable":
        paths[1].write_bytes(b"PK\x03\x04 not really a zip")
    out, board = tmp_path / "sum.json", tmp_path / "board.xlsx"
    assert main(["sum", *map(str, paths), "-o", str(out), "--agency", "县", "--xlsx", str(board)]) == 2
    err = capsys.readouterr().err
    assert "未写入任何文件" in err and paths[1].name in err
    assert not out.exists() and not board.exists()


def test_units_with_errors_exit_1_and_are_summed_only_when_asked(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    bad = unit("错误局", 10)
    bad.cells["t3.N.C1"] = 1000
    write_units(tmp_path / "u", [unit("甲局", 2), bad])
    out = tmp_path / "sum.json"
    assert main(["sum", str(tmp_path / "u"), "-o", str(out), "--agency", "县", "--json"]) == 1
    assert [s["included"] for s in json.loads(capsys.readouterr().out)["sources"]] == [True, False]
    assert read_report_file(out).cells["t2_1.norms.in_force"] == 2
    assert main(["sum", str(tmp_path / "u"), "-o", str(out), "--agency", "县", "--include-errors", "--json"]) == 1
    printed = json.loads(capsys.readouterr().out)
    assert printed["sources"][1]["errors"] > 0 and printed["sources"][1]["included"] is True
    assert read_report_file(out).cells["t2_1.norms.in_force"] == 12


def test_agency_defaults_to_the_government_unit_or_is_asked_for(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    write_units(tmp_path / "u", [unit("甲局")])
    out = tmp_path / "sum.json"
    assert main(["sum", str(tmp_path / "u"), "-o", str(out)]) == 2
    assert "--agency" in capsys.readouterr().err and not out.exists()
    write_units(tmp_path / "v", [unit("甲局"), unit("某县人民政府", kind="government")])
    assert main(["sum", str(tmp_path / "v"), "-o", str(out)]) == 0
    assert read_report_file(out).agency == "某县人民政府"
    assert "已汇总 2 个单位" in capsys.readouterr().out


def test_board_workbook_is_written(tmp_path: Path) -> None:
    write_units(tmp_path / "u", [unit("甲局", 2), unit("乙局", 3)])
    board = tmp_path / "board.xlsx"
    assert main(["sum", str(tmp_path / "u"), "-o", str(tmp_path / "s.json"), "--agency", "县",
                 "--xlsx", str(board)]) == 0
    wb = load_workbook(board)
    assert wb.sheetnames[:2] == [STATUS_SHEET, UNITS_SHEET] and len(wb.sheetnames) == 5
    assert [r[1] for r in wb[STATUS_SHEET].iter_rows(min_row=2, values_only=True)] == ["甲局", "乙局"]


def test_a_missing_output_folder_writes_neither_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_units(tmp_path / "u", [unit("甲局", 2)])
    board = tmp_path / "board.xlsx"
    code = main(["sum", str(tmp_path / "u"), "-o", str(tmp_path / "nope" / "sum.json"), "--agency", "县",
                 "--xlsx", str(board)])
    assert code == 2 and "未写入任何文件" in capsys.readouterr().err
    assert not board.exists(), "the board workbook is not left behind when the report cannot be written"


@pytest.mark.parametrize(("option", "name", "said"), [
    ("-o", "sum.txt", "参数 -o/--output：汇总报告（年报文件）应保存为 .json 文件，“sum.txt”的扩展名不对，请改为 .json"),
    ("-o", "sum.xlsx", "汇总报告（年报文件）应保存为 .json 文件，“sum.xlsx”的扩展名不对"),
    ("--xlsx", "board.json", "参数 --xlsx：汇总工作簿应保存为 .xlsx 文件，“board.json”的扩展名不对，请改为 .xlsx"),
])
def test_output_extensions_are_refused_before_any_work(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       option: str, name: str, said: str) -> None:
    write_units(tmp_path / "u", [unit("甲局", 2)])
    outputs = {"-o": str(tmp_path / "sum.json"), "--xlsx": str(tmp_path / "board.xlsx")}
    outputs[option] = str(tmp_path / name)
    args = ["sum", str(tmp_path / "u"), "--agency", "县", *(x for pair in outputs.items() for x in pair)]
    assert main(args) == 2
    out = capsys.readouterr()
    assert said in out.err and out.out == ""  # refused before reading the units: no board printed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["u"]


def test_an_unreadable_unit_shows_its_unknowns_as_the_board_does(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Text board and board workbook: （机关名称未知）/（年度未知）, no error counts, the file named once."""
    from openpyxl import Workbook

    from core.aggregate import Board
    from core.export.board_xlsx import STATUS_HEADERS, write_status_sheet
    from core.wording import UNKNOWN_AGENCY, UNKNOWN_EDITION, UNKNOWN_YEAR

    paths = write_units(tmp_path / "u", [unit("甲局", 2)])
    picture = tmp_path / "u" / "扫描.json"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert main(["sum", str(paths[0]), str(picture), "-o", str(tmp_path / "s.json"), "--agency", "县"]) == 2
    line = next(x for x in capsys.readouterr().out.splitlines() if "扫描.json" in x)
    assert line == ("[不汇总] 扫描.json　（机关名称未知）　（年度未知）　无法读取　"
                    "这是一个图片（PNG），不是年报文件；请选择年报的 Word、PDF、网页或 Excel 文件")
    sheet = Workbook().active
    write_status_sheet(sheet, Board.read([paths[0], picture]))
    row = dict(zip(STATUS_HEADERS, next(sheet.iter_rows(min_row=3, values_only=True)), strict=True))
    assert (row["文件"], row["机关名称"], row["年度"], row["格式版本"]) == (
        "扫描.json", UNKNOWN_AGENCY, UNKNOWN_YEAR, UNKNOWN_EDITION)
    assert row["错误"] in ("", None) and row["说明"] == line.rsplit("　", 1)[1]


def test_a_scanned_pdf_is_named_once_on_the_board_as_check_names_it(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from reportlab.pdfgen.canvas import Canvas

    write_units(tmp_path / "s2", [unit("甲局", 2)])
    canvas = Canvas(str(tmp_path / "s2" / "scan.pdf"))
    canvas.rect(100, 100, 300, 400, fill=1)  # a picture, no text layer
    canvas.save()
    assert main(["sum", str(tmp_path / "s2"), "-o", str(tmp_path / "x.json"), "--agency", "县"]) == 2
    out = capsys.readouterr()
    line = next(x for x in out.out.splitlines() if "scan.pdf" in x)
    assert line.count("scan.pdf") == 1
    assert line.endswith("无法读取　没有文字层（可能是扫描件或图片），无法导入；请使用 Word 原件或网页")
    assert out.err.count("scan.pdf") == 1 and "无法读取：没有文字层" in out.err
    main(["check", str(tmp_path / "s2" / "scan.pdf")])
    assert "无法读取“scan.pdf”：没有文字层（可能是扫描件或图片）" in capsys.readouterr().out
