"""Restore killed with SIGKILL at every step and at random moments, in a real child process: the next start
finishes or undoes it, and there is always a whole database, old or restored, never none."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.store.backups import check_database, finish_interrupted_restore, list_backups, make_backup
from core.store.restore_journal import PAUSE_ENV, data_files_beside, journal_path, staging_path
from tests.core.store.test_backups import make_db, rows_of

ROOT = Path(__file__).resolve().parents[3]
STEPS = ("journal-written", "copied", "ready", "sidecars-removed", "replaced")
OLD, NEW = ["现在的数据", "最近一次修改"], ["备份里的数据"]
GARBAGE = b"overwritten by something else " * 400

CHILD = """
import sys
from pathlib import Path
from core.store.backups import restore_backup
print("GO", flush=True)
restore_backup(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
print("DONE", flush=True)
"""


def setup(tmp_path: Path, *, damaged: bool = False) -> tuple[Path, Path, Path]:
    """A database (sound, or overwritten) and a good backup holding other rows."""
    data, folder = tmp_path / "data", tmp_path / "data" / "backups"
    backup = make_backup(make_db(tmp_path / "src.db", NEW), folder)
    db = make_db(data / "nianbao.db", OLD, wal=True)
    if damaged:
        db.write_bytes(GARBAGE)
    return db, folder, backup


def child(db: Path, folder: Path, backup: Path, pause: str = "") -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), PAUSE_ENV: pause}
    return subprocess.Popen([sys.executable, "-c", CHILD, str(backup), str(db), str(folder)], env=env,
                            stdout=subprocess.PIPE, text=True)


def kill(proc: subprocess.Popen) -> str:
    """Kill the child; what it printed that was not read yet ("DONE" when the restore had returned)."""
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.stdout is not None
    rest = proc.stdout.read()
    proc.stdout.close()
    return rest


def assert_whole_after_start(db: Path, folder: Path, *, damaged: bool = False) -> str:
    """What the next start finds after finishing the journal: a whole database and nothing lost."""
    note = finish_interrupted_restore(db)
    assert not journal_path(db).exists() and not staging_path(db).exists()
    if damaged and db.read_bytes() == GARBAGE:
        return note  # untouched: the start offers the backup again
    assert check_database(db).kind == "ok", note
    rows = rows_of(db)
    assert rows in (OLD, NEW), rows
    if rows == NEW and not damaged:  # the data replaced is kept as a verified pre-restore backup
        kept = [info for info in list_backups(folder) if info.before_restore]
        assert kept and rows_of(kept[0].path) == OLD
    if rows == NEW and damaged:  # the damaged file is kept byte for byte
        assert any(p.read_bytes() == GARBAGE for p in db.parent.glob("nianbao.db.damaged-*"))
    return note


@pytest.mark.parametrize("damaged", [False, True], ids=["sound", "damaged"])
@pytest.mark.parametrize("step", STEPS)
def test_killed_at_each_step(tmp_path: Path, step: str, damaged: bool) -> None:
    db, folder, backup = setup(tmp_path, damaged=damaged)
    proc = child(db, folder, backup, step)
    assert proc.stdout is not None
    lines = [proc.stdout.readline().strip() for _ in range(2)]
    assert lines == ["GO", f"PAUSED {step}"]
    kill(proc)
    note = assert_whole_after_start(db, folder, damaged=damaged)
    assert "上次从备份恢复时程序被中断" in note
    if step in ("ready", "sidecars-removed", "replaced"):
        assert rows_of(db) == NEW and ("完成恢复" in note or "已经完成" in note)
    else:
        assert "恢复未完成" in note


@pytest.mark.parametrize("damaged", [False, True], ids=["sound", "damaged"])
def test_killed_at_random_moments(tmp_path: Path, damaged: bool) -> None:
    rng = random.Random(20261206)
    for attempt in range(12):
        db, folder, backup = setup(tmp_path / str(attempt), damaged=damaged)
        proc = child(db, folder, backup)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "GO"
        time.sleep(rng.uniform(0, 0.02))  # a restore here takes 5-15 ms after GO
        finished = "DONE" in kill(proc)
        note = assert_whole_after_start(db, folder, damaged=damaged)
        outcome = "new" if db.exists() and db.read_bytes() != GARBAGE and rows_of(db) == NEW else "old"
        assert outcome in expected_outcomes(note, finished), (attempt, note, finished, outcome)


def expected_outcomes(note: str, finished: bool) -> set[str]:
    """Which database a start may leave, given its note and whether the restore had returned before the kill."""
    if finished:
        assert note == ""  # nothing left to finish
        return {"new"}
    if "完成恢复" in note or "恢复已经完成" in note:
        return {"new"}
    if "恢复未完成；数据库仍是恢复前的内容" in note or "已退回恢复前的数据" in note:
        return {"old"}
    assert note == "", note  # never "数据库可能不完整": the kill left a whole database on one side or the other
    return {"old", "new"}  # killed before the journal was written, or after it was removed


def test_an_unfinished_restore_left_as_before_the_fix_is_seen_at_start(tmp_path: Path) -> None:
    """The state a kill used to leave: no database, the damaged file and a complete restore copy beside it."""
    db, folder, backup = setup(tmp_path, damaged=True)
    os.replace(db, db.with_name("nianbao.db.damaged-20261201-120000"))
    staging_path(db).write_bytes(backup.read_bytes())
    found = {p.name for p in data_files_beside(db, folder)}
    assert {"nianbao.db.damaged-20261201-120000", backup.name} <= found
    assert not check_database(db).ok or check_database(db).kind == "missing"


def test_no_files_means_a_first_run(tmp_path: Path) -> None:
    assert data_files_beside(tmp_path / "nianbao.db", tmp_path / "backups") == []
    (tmp_path / "nianbao.lock").write_text("1\n", encoding="utf-8")
    assert data_files_beside(tmp_path / "nianbao.db", tmp_path / "backups") == []


def test_restore_without_interruption_leaves_no_journal(tmp_path: Path) -> None:
    db, folder, backup = setup(tmp_path)
    proc = child(db, folder, backup)
    out, _ = proc.communicate(timeout=60)
    assert out.split() == ["GO", "DONE"]
    assert rows_of(db) == NEW and finish_interrupted_restore(db) == ""
    assert not journal_path(db).exists() and not staging_path(db).exists()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


ROTATING = """
import sqlite3, sys
from pathlib import Path
from core.store.backups import make_backup
db, folder = Path(sys.argv[1]), Path(sys.argv[2])
print("GO", flush=True)
for n in range(100000):
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO t VALUES (?)", (f"第{n}次",))
    conn.commit()
    conn.close()
    make_backup(db, folder, keep=3)
"""


def test_rotation_killed_at_random_moments_keeps_the_newest_backups(tmp_path: Path) -> None:
    from core.store.backups import backup_if_due, newest_good_backup
    from core.store.leftovers import clean_stale_files
    rng = random.Random(1206)
    db, folder = make_db(tmp_path / "data" / "nianbao.db", ["起"]), tmp_path / "data" / "backups"
    for _ in range(20):
        proc = subprocess.Popen([sys.executable, "-c", ROTATING, str(db), str(folder)], stdout=subprocess.PIPE,
                                text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert proc.stdout is not None and proc.stdout.readline().strip() == "GO"
        time.sleep(rng.uniform(0.01, 0.15))
        kill(proc)
        backups = list_backups(folder)
        assert 1 <= len(backups) <= 4  # a kill between the rename and the rotation leaves one more
        assert all(check_database(info.path).kind == "ok" for info in backups)  # renamed only when verified
        counts = [len(rows_of(info.path)) for info in backups]
        assert counts == sorted(counts, reverse=True) and len(set(counts)) == len(counts), counts  # newest first
        clean_stale_files(db.parent, folder)
        assert not [p for p in folder.iterdir() if p.suffix == ".tmp"]
    made = backup_if_due(db, folder, on_start=True, keep=3)
    newest = newest_good_backup(folder)
    assert newest is not None and rows_of(newest.path) == rows_of(db)
    assert made is None or made == newest.path
    assert len(list_backups(folder)) <= 3 or made is None
