"""The store keeps a report's scope (本级/汇总) and a 汇总's sources; last year's report is of the same scope."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from factories import unit_report as unit
from factories import write_unit_files as write_units

from core.aggregate import Board, aggregate
from core.checks.validation import validate
from core.report import SCOPE_AGGREGATE, SCOPE_OWN
from core.store.schema import _upgrade_to_1, _upgrade_to_2
from core.store.storage import Store


def summed(tmp_path: Path, year: int, carry_out: int) -> object:
    """A 汇总 of two complete units; their 结转下年度 (自然人) adds up to ``carry_out``."""
    reports = [unit("甲局", year=year), unit("乙局", year=year)]
    folder = tmp_path / f"u{year}"
    write_units(folder, reports)
    report = aggregate(Board.read([folder]), "某县人民政府")
    assert report.cells["t3.F.C1"] == carry_out
    return report


def test_scope_and_sources_survive_the_store(tmp_path: Path) -> None:
    report = summed(tmp_path, 2023, 4)
    with Store(tmp_path / "db.sqlite3") as store:
        report_id = store.create(report)
        back = store.load(report_id)
        assert back.scope == SCOPE_AGGREGATE and back.sources == report.sources and back.cells == report.cells
        assert [i.scope for i in store.list_reports()] == [SCOPE_AGGREGATE]
        final = store.finalise(report_id, back)
        assert store.load(report_id).content_hash == final.content_hash  # the frozen hash covers the sources
        conn = sqlite3.connect(tmp_path / "db.sqlite3")
        conn.execute("UPDATE sources SET agency = '改过' WHERE position = 0")
        conn.commit()
        conn.close()
        try:
            store.load(report_id)
        except Exception as exc:  # the sources are part of the 定稿: a change is found
            assert "定稿校验码不符" in str(exc)
        else:
            raise AssertionError("a changed source of a 定稿 went unnoticed")


def test_cross_year_checks_of_a_summed_report_use_last_years_summed_report(tmp_path: Path) -> None:
    own_last = unit("某县人民政府", year=2022, kind="government")  # 本级: carries 2 to 2023
    summed_last = summed(tmp_path, 2022, 4)  # 汇总: carries 4 to 2023
    this_year = summed(tmp_path, 2023, 4)
    this_year.cells["t3.B.C1"] = 4  # 上年结转 of 自然人 as last year's 汇总 carried it
    with Store(tmp_path / "db.sqlite3") as store:
        store.create(own_last)
        summed_id = store.create(summed_last)
        previous = store.previous_of(this_year)
        assert previous is not None and previous.scope == SCOPE_AGGREGATE
        assert previous.cells == store.load(summed_id).cells
        own_this = unit("某县人民政府", year=2023, kind="government")
        assert store.previous_of(own_this).scope == SCOPE_OWN
    x1 = [i for i in validate(this_year, previous) if i.rule == "X1"]
    own_x1 = [i for i in validate(this_year, own_last) if i.rule == "X1"]
    assert not [i for i in x1 if "自然人" in i.message]
    assert [i for i in own_x1 if "自然人" in i.message]  # against the 本级 report the carry would not match


def test_a_version_2_database_is_upgraded_to_scope_own(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    for version, step in ((1, _upgrade_to_1), (2, _upgrade_to_2)):
        step(conn)
        conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("INSERT INTO reports (agency, year, edition, status, version, created, updated)"
                 " VALUES ('甲局', 2023, '2021', 'draft', 1, 'x', 'x')")
    conn.close()
    with Store(path) as store:
        (info,) = store.list_reports()
        assert info.scope == SCOPE_OWN and store.load(info.id).sources == []
