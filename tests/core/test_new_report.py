"""core.new_report: "start from last year" as a clerk expects it, the same for the command line and the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import full_2021_report

from core.new_report import carry_pairs, new_report
from core.read.report_file import read_report_file, write_report_file
from core.template import load_template
from nianbao.cli import main


def _last_year() -> object:
    previous = full_2021_report(2023)
    previous.meta["agency_kind"] = "government"
    previous.texts["preface"] = "本报告由某某区人民政府办公室编制（2023 年的前言）。"
    previous.cells.update({"t3.F.C1": 4, "t3.F.C3": 1})
    return previous


def test_from_last_year_takes_agency_kind_contacts_texts_and_carried_counts() -> None:
    previous = _last_year()
    report = new_report(2024, previous=previous)
    assert (report.agency, report.meta["agency_kind"], report.year) == (previous.agency, "government", 2024)
    assert {k: report.meta.get(k) for k in ("contact", "filler", "reviewer", "leader")} == {
        "contact": "王五 010-12345678", "filler": "张三", "reviewer": "李四", "leader": "赵六"}
    assert report.texts["overview"] == previous.texts["overview"]  # a draft; X6 asks the officer to rewrite it
    assert report.texts["problems"] == previous.texts["problems"]
    assert "preface" not in report.texts  # the 前言's default follows this year's 基本信息
    assert report.cells["t3.B.C1"] == 4 and report.cells["t3.B.C3"] == 1
    assert not any(k.startswith(("t2", "t4")) or k.startswith("t3.N") for k in report.cells)  # nothing else comes


def test_totals_are_never_carried_and_the_pairs_come_from_the_carry_rule() -> None:
    template = load_template("2021")
    pairs = carry_pairs(template)
    assert pairs and all(k.startswith("t3.B.") and s.startswith("t3.F.") for k, s in pairs)
    previous = _last_year()
    previous.cells["t3.F.C7"] = 999  # a computed total in last year's file
    report = new_report(2024, previous=previous)
    assert "t3.B.C7" not in report.cells


def test_without_last_year_the_kind_follows_the_name() -> None:
    assert new_report(2024, "某某市某某区人民政府").meta["agency_kind"] == "government"
    assert new_report(2024, "某某镇人民政府").meta["agency_kind"] == "township"
    assert new_report(2024, "某某局", "township").meta["agency_kind"] == "township"  # a choice is kept
    assert new_report(2024, "某某局").texts == {} and new_report(2024, "某某局").cells == {}


def test_given_name_and_kind_win_over_last_year() -> None:
    report = new_report(2024, " 某某区人民政府办公室 ", "department", previous=_last_year())
    assert (report.agency, report.meta["agency_kind"]) == ("某某区人民政府办公室", "department")


def test_last_year_must_be_the_year_before_and_the_edition_must_fit() -> None:
    with pytest.raises(ValueError, match="与 2025 年不衔接（应为 2024 年）"):
        new_report(2025, previous=_last_year())
    with pytest.raises(ValueError, match="应使用 2021 版"):
        new_report(2024, "某某局", edition="2019")


def test_cli_new_from_last_year_writes_what_the_window_creates(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    previous = _last_year()
    write_report_file(previous, tmp_path / "2023.json")
    out = tmp_path / "2024.json"
    assert main(["new", "--year", "2024", "--previous", str(tmp_path / "2023.json"), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    written = read_report_file(out)
    expected = new_report(2024, previous=previous)
    carried = sum(k.startswith("t3.B.") for k in expected.cells)
    assert carried >= 2 and f"已从上年度结转 {carried} 项" in said and "沿用上年度文字 3 栏作为草稿" in said
    assert (written.agency, written.meta, written.cells, written.texts) == (
        expected.agency, expected.meta, expected.cells, expected.texts)
