"""Time make_backup / check_database / restore_backup on databases of realistic and large sizes."""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.store.backups import check_database, make_backup, restore_backup


def build(path: Path, edits: int) -> None:
    """A database shaped like nianbao's: reports plus an edit log of ``edits`` rows."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE edits (id INTEGER PRIMARY KEY, at TEXT, key TEXT, old TEXT, new TEXT)")
    conn.executemany("INSERT INTO edits (at, key, old, new) VALUES (?, ?, ?, ?)",
                     [("2026-03-01T09:30:00", f"t3.R{i % 30}.C{i % 7}", str(i), str(i + 1)) for i in range(edits)])
    conn.commit()
    conn.close()


def timed(label: str, func, repeat: int = 5) -> None:
    best = min(_once(func) for _ in range(repeat))
    print(f"{label:<48} {best * 1000:8.1f} ms (best of {repeat})")


def _once(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def bench(edits: int) -> None:
    """Time the three operations on one database size."""
    with tempfile.TemporaryDirectory() as tmp:
        db, folder = Path(tmp) / "nianbao.db", Path(tmp) / "b"
        build(db, edits)
        size = db.stat().st_size / 1e6
        n = iter(range(1000))
        t0 = datetime(2026, 3, 1)
        timed(f"make_backup ({edits} edit rows, {size:.1f} MB)",
              lambda: make_backup(db, folder, now=t0 + timedelta(minutes=next(n))))
        timed(f"check_database ({size:.1f} MB)", lambda: check_database(db))
        backup = next(folder.glob("*.db"))
        timed(f"restore_backup ({size:.1f} MB)",
              lambda: restore_backup(backup, db, folder, now=t0 + timedelta(hours=next(n))))


def main() -> None:
    for edits in (2_000, 200_000):
        bench(edits)


if __name__ == "__main__":
    main()
