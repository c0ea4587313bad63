"""``nianbao check`` and ``export`` on bad file contents: a year too large to be a year is refused, and no
control character of a file's text reaches the console."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import full_2021_report

from core.read.report_file import report_to_data, report_to_json
from nianbao.cli import main

HUGE = 10**100


def _json_file(tmp_path: Path, change, name: str = "r.json") -> Path:
    data = report_to_data(full_2021_report())
    change(data)
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    return path


def test_huge_year_is_refused_by_check_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _json_file(tmp_path, lambda d: d.update({"year": HUGE}))
    assert main(["check", str(path)]) == 2
    assert main(["export", str(path), "--to", str(tmp_path / "out.xlsx")]) == 2
    assert not (tmp_path / "out.xlsx").exists()
    assert capsys.readouterr().err.count("年不适用") == 1


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
