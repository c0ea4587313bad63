"""What the PC clock must not decide about backups: whether the data changed since the last one (a digest of
the content, not file times)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from core.store.db_health import sqlite_uri

_LOG_TABLE = "edit_log"  # grows with every edit; its size and last id stand for its content


def fingerprint(db_path: Path) -> str | None:
    """A digest of the database's content (not its file times or page layout); None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        conn = sqlite3.connect(sqlite_uri(Path(db_path), "rw"), uri=True, timeout=5)
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
