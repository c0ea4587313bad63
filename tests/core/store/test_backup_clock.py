"""Backups made by a real process whose clock is moved (libfaketime): the clock never decides which backup
is the newest, which one rotation deletes, or whether the data changed."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from core.store.backups import list_backups, newest_good_backup, restore_backup
from tests.core.store.test_backups import make_db, rows_of

ROOT = Path(__file__).resolve().parents[3]
FAKETIME = shutil.which("faketime")
pytestmark = pytest.mark.skipif(FAKETIME is None, reason="faketime (Debian package faketime) is not installed")

CHILD = """
import sqlite3, sys
from pathlib import Path
from core.store.backup_clock import clock_warning
from core.store.backups import backup_if_due
db, folder, text, keep = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
if text:
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO t VALUES (?)", (text,))
    conn.commit()
    conn.close()
made = backup_if_due(db, folder, on_start=True, keep=keep)
print("MADE", made.name if made else "-", "EXISTS" if made and made.is_file() else "GONE")
print("WARN", clock_warning(folder))
"""


def start_at(clock: str | None, db: Path, folder: Path, text: str, keep: int = 2) -> dict[str, str]:
    """Run the start-up backup in a child process whose clock reads ``clock`` (None: the real clock)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", CHILD, str(db), str(folder), text, str(keep)]
    if clock is not None:
        command = [FAKETIME, clock, *command]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=True)
    return dict(line.split(" ", 1) for line in done.stdout.splitlines())


def test_a_clock_once_ahead_then_behind_never_loses_the_newest_backup(tmp_path: Path) -> None:
    db, folder = make_db(tmp_path / "data" / "nianbao.db", ["起"]), tmp_path / "data" / "backups"
    steps = [(None, "今天"), ("2099-06-01 10:00:00", "时钟快了"), ("2000-01-01 08:00:00", "电池没电"),
             ("2000-01-01 08:00:00", "再改一次"), (None, "时钟改回")]
    written = ["起"]
    for clock, text in steps:
        out = start_at(clock, db, folder, text)
        written.append(text)
        name, state = out["MADE"].split()
        assert state == "EXISTS", f"{clock}: the announced backup {name} was deleted at once"
        backups = list_backups(folder)
        assert backups[0].path.name == name and len(backups) == min(len(written) - 1, 2)
        assert rows_of(backups[0].path) == written  # the newest backup holds every edit
        if text == "电池没电":  # the 2099 backup is still there (rotated out by the next one)
            assert "2099-06-01" in out["WARN"] and "时钟" in out["WARN"]
    newest = newest_good_backup(folder)
    assert newest is not None
    restore_backup(newest, db, folder)  # a later restore brings back every edit, not a stale copy
    assert rows_of(db) == written


def test_nothing_changed_means_no_backup_whatever_the_clock(tmp_path: Path) -> None:
    db, folder = make_db(tmp_path / "nianbao.db", ["起"]), tmp_path / "backups"
    assert start_at("2099-06-01 10:00:00", db, folder, "改")["MADE"].endswith("EXISTS")
    # The clock is right again: the database file is "older" than the backup, yet it changed.
    assert start_at(None, db, folder, "又改")["MADE"].endswith("EXISTS")
    assert start_at("2000-01-01 08:00:00", db, folder, "")["MADE"] == "- GONE"  # unchanged: no new copy
    assert rows_of(list_backups(folder)[0].path) == ["起", "改", "又改"]


def test_backups_of_an_older_version_come_before_numbered_ones(tmp_path: Path) -> None:
    db, folder = make_db(tmp_path / "nianbao.db", ["旧"]), tmp_path / "backups"
    folder.mkdir()
    shutil.copyfile(db, folder / "nianbao-20990101-000000.db")  # unnumbered, dated far ahead
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO t VALUES ('新')")
    conn.commit()
    conn.close()
    out = start_at(None, db, folder, "", keep=1)
    assert out["MADE"].endswith("EXISTS")
    assert [info.path.name for info in list_backups(folder)] == [out["MADE"].split()[0]]
