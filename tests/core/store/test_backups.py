"""Backups, health checks and recovery on real SQLite files: damaged bytes are never lost."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path, PureWindowsPath

import pytest

from core.store.backups import (
    BackupError,
    backup_if_due,
    check_database,
    list_backups,
    make_backup,
    newest_good_backup,
    recovery_plan,
    restore_backup,
    set_aside,
)
from core.store.db_health import sqlite_uri
from core.store.schema import SCHEMA_VERSION

T0 = datetime(2026, 3, 1, 9, 30, 0)


def make_db(path: Path, rows: list[str], *, wal: bool = False) -> Path:
    """A small real database with one table of text rows (several pages, so damage can hit the middle)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode={'WAL' if wal else 'DELETE'}")
    conn.execute("CREATE TABLE IF NOT EXISTS reports (id INTEGER PRIMARY KEY)")  # shaped like nianbao's
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute("CREATE TABLE IF NOT EXISTS t (v TEXT)")
    conn.execute("DELETE FROM t")
    conn.executemany("INSERT INTO t VALUES (?)", [(r,) for r in rows])
    conn.execute("CREATE TABLE IF NOT EXISTS pad (b BLOB)")
    conn.execute("DELETE FROM pad")
    conn.executemany("INSERT INTO pad VALUES (?)", [(bytes(range(256)) * 8,) for _ in range(20)])
    conn.commit()
    conn.close()
    return path


def rows_of(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT v FROM t ORDER BY rowid")]
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path / "张三的数据" / "nianbao.db", ["甲", "乙"])


def test_backup_while_open_includes_uncheckpointed_wal(tmp_path: Path) -> None:
    path = make_db(tmp_path / "live.db", ["旧"], wal=True)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("INSERT INTO t VALUES ('新')")
    conn.commit()  # committed to the -wal only; the connection stays open
    try:
        copy = make_backup(path, tmp_path / "备份", now=T0)
    finally:
        conn.close()
    assert copy.name == "nianbao-20260301-093000-s000001.db"
    assert rows_of(copy) == ["旧", "新"]
    assert copy.read_bytes()[18:20] == b"\x01\x01"  # rollback journal: the copy needs no -wal
    assert check_database(copy).ok


def test_rotation_keeps_newest_30(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    made = [make_backup(db, folder, now=T0 + timedelta(hours=i)) for i in range(35)]
    kept = list_backups(folder)
    assert len(kept) == 30
    assert [b.path for b in kept] == list(reversed(made[5:]))
    assert all(not p.exists() for p in made[:5])
    assert kept[0].created == T0 + timedelta(hours=34)


def test_same_second_backups_get_distinct_names(db: Path, tmp_path: Path) -> None:
    first = make_backup(db, tmp_path / "b", now=T0)
    second = make_backup(db, tmp_path / "b", now=T0)
    assert first != second and second.name == "nianbao-20260301-093000-s000002.db"
    assert [b.path for b in list_backups(tmp_path / "b")] == [second, first]


def test_backup_if_due(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    assert backup_if_due(tmp_path / "none.db", folder, now=T0, on_start=True) is None
    first = backup_if_due(db, folder, now=T0, on_start=True)
    assert first is not None
    assert backup_if_due(db, folder, now=T0 + timedelta(hours=3)) is None  # daily: one today already
    assert backup_if_due(db, folder, now=T0 + timedelta(hours=3), on_start=True) is None  # unchanged since
    make_db(db, ["甲", "乙", "丙"])
    os.utime(db, (first.stat().st_mtime + 5, first.stat().st_mtime + 5))
    assert backup_if_due(db, folder, now=T0 + timedelta(hours=4)) is None
    started = backup_if_due(db, folder, now=T0 + timedelta(hours=4), on_start=True)
    assert started is not None and rows_of(started) == ["甲", "乙", "丙"]
    make_db(db, ["丁"])
    os.utime(db, (started.stat().st_mtime + 5, started.stat().st_mtime + 5))
    daily = backup_if_due(db, folder, now=T0 + timedelta(days=1))
    assert daily is not None and rows_of(daily) == ["丁"]
    assert len(list_backups(folder)) == 3


def test_restore_round_trip_keeps_current_as_backup(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    old = make_backup(db, folder, now=T0)
    make_db(db, ["改过的"])
    result = restore_backup(old, db, folder, now=T0 + timedelta(minutes=5))
    assert rows_of(db) == ["甲", "乙"]
    assert not result.previous_damaged
    assert result.previous_copy is not None and rows_of(result.previous_copy) == ["改过的"]
    infos = list_backups(folder)
    assert infos[0].before_restore and infos[0].path == result.previous_copy
    assert check_database(db).ok


def test_restore_of_the_oldest_backup_with_full_rotation(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    for i in range(30):
        make_backup(db, folder, now=T0 + timedelta(hours=i))
    oldest = list_backups(folder)[-1]
    restore_backup(oldest, db, folder, now=T0 + timedelta(days=3))
    assert rows_of(db) == ["甲", "乙"] and len(list_backups(folder)) == 31


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])


def _garbage(path: Path) -> None:
    path.write_bytes(bytes((i * 7919 + 13) % 251 for i in range(len(path.read_bytes()))))


def _text(path: Path) -> None:
    path.write_text("这不是数据库，是一封信。\n", encoding="utf-8")


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _smash_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 2: page * 4] = b"\xff" * (page * 2)  # root pages of the tables; header intact
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(("damage", "kind", "words"), [
    (_truncate, "truncated", "不完整"),
    (_empty, "truncated", "空的"),
    (_garbage, "not_database", "不是 nianbao 数据库文件"),
    (_text, "not_database", "文本文件"),
    (_smash_page, "corrupt", "已损坏"),
])
def test_damaged_database_is_detected_and_recovered_without_loss(db: Path, tmp_path: Path, damage, kind: str,
                                                                 words: str) -> None:
    folder = tmp_path / "b"
    make_backup(db, folder, now=T0)
    damage(db)
    damaged_bytes = db.read_bytes()
    health = check_database(db)
    assert not health.ok and health.kind == kind, health
    assert words in health.message and str(db) in health.message
    good = newest_good_backup(folder)
    assert good is not None
    result = restore_backup(good, db, folder, now=T0 + timedelta(hours=1))
    assert result.previous_damaged
    assert result.previous_copy == db.with_name("nianbao.db.damaged-20260301-103000")
    assert result.previous_copy.read_bytes() == damaged_bytes
    assert rows_of(db) == ["甲", "乙"] and check_database(db).ok


def test_locked_database_is_reported_and_never_replaced(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    backup = make_backup(db, folder, now=T0)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO t VALUES ('未提交')")
    try:
        health = check_database(db)
        assert not health.ok and health.kind == "locked" and "占用" in health.message
        before = db.read_bytes()
        with pytest.raises(BackupError, match="占用"):
            restore_backup(backup, db, folder)
        assert db.read_bytes() == before
        assert not list(db.parent.glob("*.damaged-*"))
    finally:
        holder.execute("COMMIT")
        holder.close()
    assert rows_of(db) == ["甲", "乙", "未提交"]


def test_damaged_backup_is_skipped_and_refused(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    good = make_backup(db, folder, now=T0)
    bad = make_backup(db, folder, now=T0 + timedelta(hours=1))
    _truncate(bad)
    assert newest_good_backup(folder).path == good
    before = db.read_bytes()
    with pytest.raises(BackupError, match="无法使用"):
        restore_backup(bad, db, folder)
    assert db.read_bytes() == before


def test_missing_database_is_fine_and_restore_fills_it(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    backup = make_backup(db, folder, now=T0)
    db.unlink()
    assert check_database(db).ok and check_database(db).kind == "missing"
    assert not db.exists()  # checking never creates an empty database
    result = restore_backup(backup, db, folder)
    assert result.previous_copy is None and rows_of(db) == ["甲", "乙"]


def test_backup_of_a_damaged_database_fails_loudly(db: Path, tmp_path: Path) -> None:
    _text(db)
    with pytest.raises(BackupError, match="备份失败"):
        make_backup(db, tmp_path / "b", now=T0)
    assert list_backups(tmp_path / "b") == []
    with pytest.raises(BackupError, match="不存在"):
        make_backup(tmp_path / "absent.db", tmp_path / "b")


def test_stale_wal_is_moved_aside_with_the_damaged_file(tmp_path: Path) -> None:
    db = make_db(tmp_path / "w.db", ["甲"])
    backup = make_backup(db, tmp_path / "b", now=T0)
    _garbage(db)
    Path(str(db) + "-wal").write_bytes(b"old wal frames")
    result = restore_backup(backup, db, tmp_path / "b", now=T0)
    assert not Path(str(db) + "-wal").exists()
    assert Path(str(result.previous_copy) + "-wal").read_bytes() == b"old wal frames"
    assert rows_of(db) == ["甲"]


def test_recovery_plan_offers_the_newest_good_backup(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    assert recovery_plan(db, folder) is None
    make_backup(db, folder, now=T0)
    _garbage(db)
    plan = recovery_plan(db, folder)
    assert plan is not None and plan.backup is not None and plan.backup.created == T0
    assert "2026-03-01 09:30" in plan.question and ".damaged-" in plan.question
    restore_backup(plan.backup, db, folder)
    assert rows_of(db) == ["甲", "乙"]


def test_without_backup_the_damaged_file_is_set_aside(db: Path, tmp_path: Path) -> None:
    _text(db)
    plan = recovery_plan(db, tmp_path / "none")
    assert plan is not None and plan.backup is None and "没有可用的备份" in plan.question
    kept = set_aside(db, now=T0)
    assert not db.exists() and kept.read_text(encoding="utf-8").startswith("这不是数据库")


@pytest.mark.parametrize(("path", "uri"), [
    (PureWindowsPath(r"C:\Users\张三\AppData\Local\nianbao\nianbao.sqlite3"),
     "file:///C:/Users/%E5%BC%A0%E4%B8%89/AppData/Local/nianbao/nianbao.sqlite3?mode=rw"),
    (PureWindowsPath(r"\\fs01\共享\数据 #1\n.db"),
     "file:////fs01/%E5%85%B1%E4%BA%AB/%E6%95%B0%E6%8D%AE%20%231/n.db?mode=rw"),
    (PureWindowsPath(r"Z:\年报\n.db"), "file:///Z:/%E5%B9%B4%E6%8A%A5/n.db?mode=rw"),
])
def test_sqlite_uris_for_windows_paths(path: PureWindowsPath, uri: str) -> None:
    assert sqlite_uri(path, "rw") == uri


def test_sqlite_uri_opens_a_folder_with_odd_characters(tmp_path: Path) -> None:
    db = make_db(tmp_path / "数据 #1 ?%20 100%" / "nianbao.db", ["甲"])
    assert sqlite_uri(db, "rw").startswith("file:///")
    assert check_database(db).ok and rows_of(make_backup(db, db.parent / "b", now=T0)) == ["甲"]


def test_what_a_backup_holds_is_read_without_changing_it(tmp_path: Path, full_report) -> None:
    """The restore dialog's 内容 column and its 从文件恢复 check: nianbao's reports, read-only; None/False otherwise."""
    from core.store.backups import is_nianbao_database, reports_in
    from core.store.storage import Store

    with Store(tmp_path / "ours.db") as store:
        store.create(full_report)
    ours = tmp_path / "ours.db"
    before = ours.read_bytes()
    assert reports_in(ours) == [(full_report.agency, full_report.year)] and is_nianbao_database(ours)
    assert ours.read_bytes() == before, "looking into a backup must not touch it"
    plain = tmp_path / "plain.db"
    with sqlite3.connect(plain) as conn:
        conn.execute("CREATE TABLE x (a)")
    conn.close()
    text = tmp_path / "notes.db"
    text.write_text("会议记录", encoding="utf-8")
    for other in (plain, text, tmp_path / "missing.db"):
        assert not is_nianbao_database(other) and reports_in(other) is None
