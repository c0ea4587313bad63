"""What the PC clock must not decide about backups: whether the data changed since the last one, and a
warning when a backup is dated in the future (the clock was ahead once, or is behind now)."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

# A backup dated later than this past the clock says the clock was wrong then or is wrong now.
FUTURE_SLACK = timedelta(minutes=10)
_LOG_TABLE = "edit_log"  # grows with every edit; its size and last id stand for its content


def fingerprint(db_path: Path) -> str | None:
    """A digest of the database's content (not its file times or page layout); None when it cannot be read."""
    from core.backups import _uri  # core.backups imports this module
    digest = hashlib.sha256()
    try:
        conn = sqlite3.connect(_uri(Path(db_path), "rw"), uri=True, timeout=5)
        try:
            digest.update(repr(conn.execute("PRAGMA user_version").fetchone()).encode())
            tables = [row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            for table in tables:
                digest.update(f"\0{table}\0".encode())
                quoted = '"' + table.replace('"', '""') + '"'
                if table == _LOG_TABLE:
                    rows = conn.execute(f"SELECT count(*), max(rowid) FROM {quoted}").fetchall()
                else:
                    rows = sorted(repr(row) for row in conn.execute(f"SELECT * FROM {quoted}"))
                digest.update(repr(rows).encode())
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return digest.hexdigest()


def same_content(backup: Path, db_path: Path) -> bool:
    """True when the backup holds exactly what the database holds now."""
    mine = fingerprint(db_path)
    return mine is not None and mine == fingerprint(backup)


def future_backups(backup_dir: Path, now: datetime | None = None) -> list:
    """The backups whose date lies after the clock's ``now``."""
    from core.backups import list_backups
    limit = (now or datetime.now()) + FUTURE_SLACK
    return [info for info in list_backups(backup_dir) if info.created > limit]


def clock_warning(backup_dir: Path, now: datetime | None = None) -> str:
    """A Chinese warning when a backup is dated in the future, else ``""``."""
    ahead = future_backups(backup_dir, now)
    if not ahead:
        return ""
    latest = max(info.created for info in ahead)
    return (f"有 {len(ahead)} 个备份的日期晚于电脑当前时间（最晚 {latest:%Y-%m-%d %H:%M}），"
            "电脑时钟曾经或现在不准，请检查系统日期和时间。备份按编号排序，不受影响。")
