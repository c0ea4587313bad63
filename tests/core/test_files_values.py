"""Years, versions and texts every reader refuses, and what `check` prints of a file's text (issue 12 items 5, 6, 12)."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from factories import full_2021_report
from openpyxl import load_workbook

from core.export.xlsx import write_xlsx
from core.export.xlsx_layout import META_SHEET
from core.read.read_any import read_any_report
from core.read.report_file import report_to_data, report_to_json
from core.report import ReportFileError
from nianbao.cli import main

HUGE = 10**100


def _json_file(tmp_path: Path, change, name: str = "r.json") -> Path:
    data = report_to_data(full_2021_report())
    change(data)
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    return path


def _workbook(tmp_path: Path, sheet: str, label: str, value: object, name: str = "r.xlsx") -> Path:
    data = io.BytesIO()
    write_xlsx(full_2021_report(), data)
    wb = load_workbook(io.BytesIO(data.getvalue()))
    ws = wb[sheet]
    for row in ws.iter_rows():
        if any(c.value == label for c in row):
            row[1].value = value
            break
    else:
        raise KeyError(label)
    path = tmp_path / name
    wb.save(path)
    return path


# ---- item 5: years and versions -----------------------------------------------------------------------


@pytest.mark.parametrize(("key", "value", "said"), [
    ("year", HUGE, "year：10000000…（101 位数）年不适用"),
    ("year", date.today().year + 2, "年不适用 2021 版格式"),
    ("year", 2020, "年不适用 2021 版格式"),
])
def test_report_file_year_out_of_range(tmp_path: Path, key: str, value: int, said: str) -> None:
    path = _json_file(tmp_path, lambda d: d.update({key: value}))
    with pytest.raises(ReportFileError, match=said):
        read_any_report(path)


@pytest.mark.parametrize("version", [HUGE, 10000, 0])
def test_report_file_version_out_of_range(tmp_path: Path, version: int) -> None:
    path = _json_file(tmp_path, lambda d: d["status"].update({"version": version}))
    with pytest.raises(ReportFileError, match="status.version"):
        read_any_report(path)


def test_report_file_highest_version_and_next_year_are_read(tmp_path: Path) -> None:
    year = date.today().year + 1
    path = _json_file(tmp_path, lambda d: (d["status"].update({"version": 9999}), d.update({"year": year})))
    report = read_any_report(path)
    assert (report.version, report.year) == (9999, year)


@pytest.mark.parametrize(("label", "said"), [("报告年度", "年不适用 2021 版格式"), ("版本", "版本号 10000000…")])
def test_workbook_year_and_version_out_of_range(tmp_path: Path, label: str, said: str) -> None:
    path = _workbook(tmp_path, META_SHEET, label, str(HUGE))
    with pytest.raises(ReportFileError, match=said):
        read_any_report(path)


def test_huge_year_is_refused_by_check_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _json_file(tmp_path, lambda d: d.update({"year": HUGE}))
    assert main(["check", str(path)]) == 2
    assert main(["export", str(path), "--to", str(tmp_path / "out.xlsx")]) == 2
    assert not (tmp_path / "out.xlsx").exists()
    assert capsys.readouterr().err.count("年不适用") == 1


# ---- items 6 and 12: texts ---------------------------------------------------------------------------


@pytest.mark.parametrize(("change", "place", "said"), [
    (lambda d: d.update({"agency": "某局\ud800"}), "agency", "孤立的 UTF-16 代理项 U+D800"),
    (lambda d: d["texts"].update({"overview": "总体\udc00情况"}), "texts.\"overview\"", "代理项 U+DC00"),
    (lambda d: d["meta"].update({"filler": "\ud83d"}), "meta.\"filler\"", "代理项"),
    (lambda d: d["cells"].update({"t3.N.C1": "2\ud800"}), "cells.\"t3.N.C1\"", "代理项"),
    (lambda d: d["explanations"].update({"x\ud800": "说明"}), "explanations 中的字段名", "代理项"),
    (lambda d: d.update({"agency": "某\x00局"}), "agency", "U+0000（NUL）"),
    (lambda d: d["meta"].update({"contact": "王五\x1b[2J"}), "meta.\"contact\"", "U+001B（ESC）"),
    (lambda d: d["texts"].update({"other": "铃\x07"}), "texts.\"other\"", "U+0007"),
])
def test_broken_and_control_characters_are_refused_naming_the_field(tmp_path: Path, change, place: str,
                                                                    said: str) -> None:
    path = _json_file(tmp_path, change)
    with pytest.raises(ReportFileError) as caught:
        read_any_report(path)
    assert f"{place}：" in str(caught.value) and said in str(caught.value)


def test_tabs_and_line_breaks_in_texts_are_kept(tmp_path: Path) -> None:
    path = _json_file(tmp_path, lambda d: d["texts"].update({"other": "一\r\n二\t三"}))
    assert read_any_report(path).texts["other"] == "一\r\n二\t三"


def test_check_never_prints_a_control_character(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _json_file(tmp_path, lambda d: d.update({"\x1b]0;title\x07": 1}), "bad.json")
    named = tmp_path / "名\x1b[31m.json"
    named.write_text(report_to_json(full_2021_report()), encoding="utf-8")
    main(["check", str(bad), str(named)])
    out = capsys.readouterr()
    printed = out.out + out.err
    assert "\x1b" not in printed and "\x07" not in printed
    assert "\\x1b]0;title\\x07" in printed and "名\\x1b[31m.json" in printed
    main(["check", "--json", str(bad), str(named)])
    out = capsys.readouterr()
    assert "\x1b" not in out.out + out.err
    (row,) = json.loads(out.out)
    assert "\x1b]0;title\x07" in row["message"]
