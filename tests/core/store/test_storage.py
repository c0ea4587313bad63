"""The SQLite store: rows by key, one transaction per edit with its log, versions, upgrades, kill safety.

``tests/fixtures/store_schema_v1.sqlite`` is a schema-1 database (user_version 1: no ``carried``/``invalid``
tables, no reopen columns in ``versions``) holding 津南区民政局 2020 (2019 edition, final, version 1) and
2021 (2021 edition, draft, two logged edits). It was made once by running ``_upgrade_to_1`` on an empty
file and copying in the rows of those tables from a store holding the same two reports.
"""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from factories import FIXTURES, full_2021_report

from core.report import (
    Batch,
    ReadOnlyError,
    Report,
    SetCarried,
    SetCell,
    SetExplanation,
    SetMeta,
    SetText,
    content_hash,
)
from core.store.schema import SCHEMA_VERSION
from core.store.storage import IntegrityError, SchemaTooNewError, Store, StoreError

V1_FIXTURE = FIXTURES / "store_schema_v1.sqlite"


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path / "nianbao.sqlite3")
    yield s
    s.close()


def _rows(path: Path, sql: str, *args: object) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def test_round_trip_keeps_every_value_exactly(store: Store, full_report: Report) -> None:
    full_report.cells["t2_8.fees.amount"] = Decimal("12.500000")
    full_report.explanations["J1@t3"] = "本年申请量大幅增长，系集中申请所致"
    full_report.carried["t3.T.C7"] = 30
    full_report.invalid["t3.N.C3"] = ("十二", "“十二”不是数字")
    rid = store.create(full_report)
    loaded = store.load(rid)
    assert loaded.cells == full_report.cells
    assert type(loaded.cells["t2_8.fees.amount"]) is Decimal
    assert str(loaded.cells["t2_8.fees.amount"]) == "12.500000"
    assert (loaded.texts, loaded.meta, loaded.explanations) == (
        full_report.texts, full_report.meta, full_report.explanations)
    assert loaded.carried == {"t3.T.C7": 30} and loaded.invalid == full_report.invalid
    assert content_hash(loaded) == content_hash(full_report)


def test_cells_are_rows_by_key_with_exact_decimal_text(store: Store, full_report: Report) -> None:
    full_report.cells["t2_8.fees.amount"] = Decimal("0.000001")
    rid = store.create(full_report)
    rows = dict(_rows(store.path, "SELECT key, value FROM cells WHERE report_id = ?", rid))
    assert rows["t2_8.fees.amount"] == "0.000001"
    assert rows["t3.N.C1"] == "25"
    assert "t3.T.C7" not in rows  # computed totals are never stored


def test_apply_commits_edit_and_log_before_returning(store: Store, full_report: Report) -> None:
    rid = store.create(full_report)
    inverse = store.apply(rid, full_report, SetCell("t3.N.C1", 26))
    assert inverse == SetCell("t3.N.C1", 25)
    # Another connection sees it at once: the transaction is committed.
    assert _rows(store.path, "SELECT value FROM cells WHERE report_id = ? AND key = 't3.N.C1'", rid) == [("26",)]
    log = _rows(store.path, "SELECT report_id, kind, key, old, new FROM edit_log WHERE kind = 'cell'")
    assert log == [(rid, "cell", "t3.N.C1", "25", "26")]
    store.apply(rid, full_report, inverse)
    assert store.load(rid).cells["t3.N.C1"] == 25


def test_batch_logs_one_row_per_cell_and_clearing_deletes_the_row(store: Store, full_report: Report) -> None:
    rid = store.create(full_report)
    batch = Batch((SetCell("t3.N.C1", None), SetCell("t3.N.C2", 5), SetText("other", ""),
                   SetMeta("agency", "改名后的局"), SetExplanation("J1@t3", " 说明 ")), "粘贴")
    inverse = store.apply(rid, full_report, batch)
    log = store.edit_log(rid)
    assert [(k, key, old, new) for _, k, key, old, new in log] == [
        ("cell", "t3.N.C1", "25", None), ("cell", "t3.N.C2", "4", "5"),
        ("text", "other", "本年度未收取信息处理费。无其他需要报告的事项。", None),
        ("meta", "agency", "示例市示例区生态环境局", "改名后的局"), ("explanation", "J1@t3", None, "说明")]
    loaded = store.load(rid)
    assert "t3.N.C1" not in loaded.cells and "other" not in loaded.texts
    assert loaded.explanations == {"J1@t3": "说明"}
    assert store.find("改名后的局", 2023) == rid and store.find("示例市示例区生态环境局", 2023) is None
    store.apply(rid, full_report, inverse)
    assert content_hash(store.load(rid)) == content_hash(full_2021_report())


def test_database_error_restores_the_report_in_memory(store: Store, full_report: Report) -> None:
    full_report.invalid["t3.N.C1"] = ("二十五件半", "不是整数")
    rid = store.create(full_report)
    conn = sqlite3.connect(store.path)
    conn.execute("CREATE TRIGGER no_log BEFORE INSERT ON edit_log BEGIN SELECT RAISE(ABORT, '磁盘已满'); END")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="保存到数据库失败（磁盘已满）"):
        store.apply(rid, full_report, Batch((SetCell("t3.N.C1", 99), SetText("other", "新"))))
    assert full_report.cells["t3.N.C1"] == 25 and full_report.texts["other"].startswith("本年度")
    assert full_report.invalid == {"t3.N.C1": ("二十五件半", "不是整数")}
    assert store.load(rid).cells["t3.N.C1"] == 25  # nothing half-written


def test_locked_database_is_explained_and_nothing_changes(store: Store, full_report: Report) -> None:
    rid = store.create(full_report)
    store._conn.execute("PRAGMA busy_timeout=50")
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        with pytest.raises(StoreError, match="数据库正被其他程序占用"):
            store.apply(rid, full_report, SetCell("t3.N.C1", 99))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert full_report.cells["t3.N.C1"] == 25
    store.apply(rid, full_report, SetCell("t3.N.C1", 99))
    assert store.load(rid).cells["t3.N.C1"] == 99


def test_backup_to_a_missing_folder_is_explained(store: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="无法写入备份文件"):
        store.backup_to(tmp_path / "无此文件夹" / "copy.db")


def test_final_report_is_read_only_and_hash_checked(store: Store, full_report: Report) -> None:
    rid = store.create(full_report)
    final = store.finalise(rid, full_report)
    assert final.is_final and final.content_hash == content_hash(final)  # the content frozen, 前言 included
    assert final.texts["preface"] and "preface" not in full_report.texts
    loaded = store.load(rid)
    assert loaded.is_final and loaded.content_hash == final.content_hash
    with pytest.raises(ReadOnlyError):
        store.apply(rid, loaded, SetCell("t3.N.C1", 1))
    assert store.load(rid).cells["t3.N.C1"] == 25
    frozen = store.version_content(rid, 1)
    assert frozen["cells"]["t3.N.C1"] == "25" and frozen["year"] == 2023


def test_tampered_final_report_is_reported(store: Store, full_report: Report) -> None:
    rid = store.create(full_report)
    store.finalise(rid, full_report)
    conn = sqlite3.connect(store.path)
    conn.execute("UPDATE cells SET value = '24' WHERE report_id = ? AND key = 't3.N.C1'", (rid,))
    conn.commit()
    conn.close()
    with pytest.raises(IntegrityError, match="定稿校验码不符"):
        store.load(rid)


def test_reopen_needs_a_reason_and_starts_the_next_version(store: Store, full_report: Report) -> None:
    rid = store.create(full_report)
    store.finalise(rid, full_report)
    with pytest.raises(ValueError, match="原因"):
        store.reopen(rid, "  ")
    draft = store.reopen(rid, "上级要求更正行政复议数据")
    assert (draft.status, draft.version) == ("draft", 2)
    store.apply(rid, draft, SetCell("t4.cases.rv_upheld", 2))
    versions = store.versions(rid)
    assert [(v.version, v.status) for v in versions] == [(1, "final"), (2, "draft")]
    assert versions[0].reopen_reason == "上级要求更正行政复议数据" and versions[0].content_hash
    final2 = store.finalise(rid, draft)
    assert final2.version == 2 and store.load(rid).cells["t4.cases.rv_upheld"] == 2
    assert store.version_content(rid, 1)["cells"]["t4.cases.rv_upheld"] == "1"
    with pytest.raises(ValueError, match="尚未定稿"):
        store.reopen(store.create(full_2021_report(2024)), "原因")


def test_list_find_previous_and_delete(store: Store, full_report: Report) -> None:
    prev = full_2021_report(2022)
    a, b = store.create(prev), store.create(full_report)
    infos = store.list_reports()
    assert [(i.id, i.year, i.edition, i.status, i.version) for i in infos] == [
        (a, 2022, "2021", "draft", 1), (b, 2023, "2021", "draft", 1)]
    assert store.find(full_report.agency, 2023) == b and store.find("别的局", 2023) is None
    previous = store.previous_of(full_report)
    assert previous is not None and previous.year == 2022
    store.apply(a, prev, SetCell("t3.N.C1", 1))
    store.delete(a)
    assert store.previous_of(full_report) is None
    for table in ("cells", "texts", "meta", "edit_log", "versions"):
        assert _rows(store.path, f"SELECT count(*) FROM {table} WHERE report_id = ?", a) == [(0,)]


def test_a_closed_store_closes_again_harmlessly_and_refuses_to_be_read(tmp_path: Path) -> None:
    store = Store(tmp_path / "nianbao.sqlite3")
    store.close()
    store.close()
    with pytest.raises(sqlite3.ProgrammingError):  # SQLite's own refusal, not a crash on a vanished connection
        store.list_reports()


@pytest.mark.parametrize("journal", [None, "wal", "delete"])
def test_journal_modes(tmp_path: Path, journal: str | None) -> None:
    with Store(tmp_path / "x.db", journal=journal) as s:
        assert s.journal_mode == ("delete" if journal == "delete" else "wal")
        assert s._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert s._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_backup_is_a_standalone_copy(store: Store, full_report: Report, tmp_path: Path) -> None:
    rid = store.create(full_report)
    store.apply(rid, full_report, SetCell("t3.N.C1", 30))
    target = tmp_path / "备份" / "copy.db"
    target.parent.mkdir()
    store.backup_to(target)
    assert not Path(str(target) + "-wal").exists()
    assert _rows(target, "PRAGMA integrity_check") == [("ok",)]
    with Store(target) as copy:
        assert copy.load(rid).cells["t3.N.C1"] == 30


def test_upgrade_from_stored_schema_1(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    shutil.copy(V1_FIXTURE, db)
    assert _rows(db, "PRAGMA user_version") == [(1,)]
    with Store(db) as s:
        assert _rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
        infos = s.list_reports()
        assert [(i.year, i.edition, i.status) for i in infos] == [(2020, "2019", "final"), (2021, "2021", "draft")]
        seed = s.load(infos[0].id)  # the frozen hash still matches after the upgrade
        assert seed.agency == "津南区民政局" and seed.cells["t3.N.C1"] == 2
        assert seed.cells["t2_9.procurement.amount"] == Decimal("0")
        draft = s.load(infos[1].id)
        assert draft.cells["t3.N.C1"] == 26 and s.previous_of(draft).year == 2020
        s.apply(infos[1].id, draft, SetCell("t3.N.C2", 7))
        reopened = s.reopen(infos[0].id, "补录数据")
        assert reopened.version == 2 and s.versions(infos[0].id)[0].reopen_reason == "补录数据"
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]


def test_failed_upgrade_step_leaves_the_old_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.store import schema as storage_schema

    db = tmp_path / "old.sqlite3"
    shutil.copy(V1_FIXTURE, db)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE carried (x)")
        raise sqlite3.OperationalError("磁盘已满")

    monkeypatch.setitem(storage_schema._STEPS, 2, broken)
    with pytest.raises(StoreError):
        Store(db)
    assert _rows(db, "PRAGMA user_version") == [(1,)]
    assert _rows(db, "SELECT name FROM sqlite_master WHERE name = 'carried'") == []


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = db.read_bytes()
    with pytest.raises(SchemaTooNewError, match=r"更新版本.*第 99 版.*请先升级"):
        Store(db, journal="delete")
    assert db.read_bytes() == before


def test_not_a_database_is_refused_in_chinese(tmp_path: Path) -> None:
    db = tmp_path / "junk.sqlite3"
    db.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="无法打开数据库"):
        Store(db)


_WRITER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from factories import full_2021_report
    from core.report import SetCell
    from core.store.storage import Store
    store = Store(sys.argv[1], journal=sys.argv[2])
    report = full_2021_report()
    rid = store.create(report)
    keys = [k for k in report.template.input_keys() if report.template.cells[k].value_kind.type == "integer"]
    i = 0
    while True:
        i += 1
        key = keys[i % len(keys)]
        store.apply(rid, report, SetCell(key, i))
        print(key, i, flush=True)
""")


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_committed_edits_survive_a_kill(tmp_path: Path, journal: str) -> None:
    db = tmp_path / "kill.sqlite3"
    script = _WRITER.format(tests=str(Path(__file__).parents[2]))
    proc = subprocess.Popen([sys.executable, "-c", script, str(db), journal], stdout=subprocess.PIPE, text=True)
    printed: list[tuple[str, int]] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        key, value = line.split()
        printed.append((key, int(value)))
        if len(printed) == 300:
            proc.send_signal(signal.SIGKILL)  # mid-stream: the writer is inside its next apply()
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
    with Store(db, journal=journal) as s:
        report = s.load(1)
        logged = {(key, int(new)) for _, kind, key, _, new in s.edit_log(1) if kind == "cell"}
    assert set(printed) <= logged
    last: dict[str, int] = {}
    for key, value in printed:
        last[key] = value
    for key, value in last.items():  # the stored value is the last printed one, or an unprinted later one
        assert report.cells[key] >= value


def test_set_carried_is_stored_and_logged_in_one_transaction(store: Store, full_report: Report) -> None:
    full_report.carried.update({"t3.T.C7": 999, "t4.cases.rv_total": None})
    rid = store.create(full_report)
    inverse = store.apply(rid, full_report, Batch((SetCarried("t3.T.C7", False),
                                                   SetCarried("t4.cases.rv_total", False)), "全部以分项合计为准"))
    assert _rows(store.path, "SELECT key FROM carried WHERE report_id = ?", rid) == []
    log = [(k, key, old, new) for _, k, key, old, new in store.edit_log(rid)]
    assert log == [("carried", "t3.T.C7", "999", None), ("carried", "t4.cases.rv_total", "", None)]
    assert _rows(store.path, "SELECT label FROM edit_log WHERE kind = 'carried'") == [("全部以分项合计为准",)] * 2
    assert store.load(rid).carried == {}
    store.apply(rid, full_report, inverse)  # undo: both come back, the blank one as a NULL row
    assert sorted(_rows(store.path, "SELECT key, value FROM carried WHERE report_id = ?", rid)) == [
        ("t3.T.C7", "999"), ("t4.cases.rv_total", None)]
    assert store.load(rid).carried == {"t3.T.C7": 999, "t4.cases.rv_total": None}


def test_set_carried_failure_restores_the_carried_totals(store: Store, full_report: Report) -> None:
    full_report.carried["t3.T.C7"] = 999
    rid = store.create(full_report)
    store.delete(rid)  # the report row is gone: the transaction fails after the edit was applied in memory
    with pytest.raises(StoreError):
        store.apply(rid, full_report, SetCarried("t3.T.C7", False))
    assert full_report.carried == {"t3.T.C7": 999}


def test_set_carried_on_a_store_upgraded_from_schema_1(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    shutil.copy(V1_FIXTURE, db)
    with Store(db) as s:
        rid = s.list_reports()[1].id
        draft = s.load(rid)
        s.apply(rid, draft, SetCarried("t3.T.C7", True, 40))
        assert s.load(rid).carried == {"t3.T.C7": 40}
        s.apply(rid, draft, SetCarried("t3.T.C7", False))
        assert s.load(rid).carried == {}
        assert [row[1:] for row in s.edit_log(rid)][-2:] == [
            ("carried", "t3.T.C7", None, "40"), ("carried", "t3.T.C7", "40", None)]
