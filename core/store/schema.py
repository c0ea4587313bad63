"""The store's schema as an upgrade ladder numbered by ``PRAGMA user_version``, and its error messages.

A new database climbs the same ladder as an old one, so every step is exercised all the time.
Each ``_upgrade_to_<n>`` runs in one transaction together with setting ``user_version = n``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from core.wording import sqlite_reason

SCHEMA_VERSION = 3


class StoreError(RuntimeError):
    """The database cannot be opened or used; ``str(exc)`` is a Chinese message."""


class SchemaTooNewError(StoreError):
    """A database written by a newer version of the program."""


def explain_open_error(exc: sqlite3.Error) -> str:
    """Why a database could not be opened, in Chinese: damage only when nothing else explains it."""
    reason = sqlite_reason(exc)
    return f"{reason}（{exc}）" if reason else f"文件可能已损坏，请从备份恢复（{exc}）"


def explain_sqlite_error(exc: sqlite3.Error) -> str:
    """A Chinese message for a database error (the original text kept for support)."""
    reason = sqlite_reason(exc)
    return f"保存到数据库失败：{reason}（{exc}）" if reason else f"保存到数据库失败（{exc}）"


def _upgrade_to_1(conn: sqlite3.Connection) -> None:
    """The first schema: reports, content rows by template key, edit log, frozen versions."""
    conn.execute("""CREATE TABLE reports (
        id INTEGER PRIMARY KEY, agency TEXT NOT NULL, year INTEGER NOT NULL, edition TEXT NOT NULL,
        status TEXT NOT NULL, version INTEGER NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL)""")
    conn.execute("CREATE INDEX reports_agency_year ON reports (agency, year)")
    for table in ("cells", "texts", "meta", "explanations"):
        conn.execute(f"""CREATE TABLE {table} (
            report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
            key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (report_id, key))""")
    conn.execute("""CREATE TABLE edit_log (
        id INTEGER PRIMARY KEY, time TEXT NOT NULL,
        report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        kind TEXT NOT NULL, key TEXT NOT NULL, old TEXT, new TEXT, label TEXT NOT NULL DEFAULT '')""")
    conn.execute("CREATE INDEX edit_log_report ON edit_log (report_id)")
    conn.execute("""CREATE TABLE versions (
        report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        version INTEGER NOT NULL, content TEXT NOT NULL, hash TEXT NOT NULL, finalised_at TEXT NOT NULL,
        PRIMARY KEY (report_id, version))""")


def _upgrade_to_2(conn: sqlite3.Connection) -> None:
    """Keep what a report file brought in (carried totals, refused values) and why a version was reopened."""
    conn.execute("""CREATE TABLE carried (
        report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        key TEXT NOT NULL, value TEXT, PRIMARY KEY (report_id, key))""")
    conn.execute("""CREATE TABLE invalid (
        report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        key TEXT NOT NULL, raw TEXT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (report_id, key))""")
    conn.execute("ALTER TABLE versions ADD COLUMN reopen_reason TEXT")
    conn.execute("ALTER TABLE versions ADD COLUMN reopened_at TEXT")


def _upgrade_to_3(conn: sqlite3.Connection) -> None:
    """A report's scope (本级 or 汇总) and, for a 汇总 report, the units' reports it sums."""
    conn.execute("ALTER TABLE reports ADD COLUMN scope TEXT NOT NULL DEFAULT 'own'")
    conn.execute("""CREATE TABLE sources (
        report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        position INTEGER NOT NULL, agency TEXT NOT NULL, file TEXT NOT NULL, hash TEXT NOT NULL,
        status TEXT NOT NULL, cells TEXT NOT NULL, PRIMARY KEY (report_id, position))""")


_STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _upgrade_to_1, 2: _upgrade_to_2, 3: _upgrade_to_3}


def check_schema(conn: sqlite3.Connection) -> int:
    """The schema version of a nianbao database this program can open (nothing is written).

    Raises:
        StoreError: a database of another program (tables, but not nianbao's).
        SchemaTooNewError: the file comes from a newer program (Chinese message).
    """
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                             " AND name NOT LIKE 'sqlite_%'")}
    if tables and ("reports" not in tables or found < 1):
        raise StoreError("这是其他程序的数据库文件，不是 nianbao 的数据库；为免改动它，不会打开")
    if found > SCHEMA_VERSION:
        raise SchemaTooNewError(
            f"此数据库由更新版本的年报填报助手创建（数据结构第 {found} 版，本程序只支持到第 {SCHEMA_VERSION} 版），"
            "为免损坏数据，请先升级本程序再打开")
    return found


def upgrade(conn: sqlite3.Connection) -> int:
    """Bring the database (in autocommit mode) to SCHEMA_VERSION; returns the version found.

    Raises:
        SchemaTooNewError: the file comes from a newer program (Chinese message).
    """
    found = check_schema(conn)
    for version in range(found + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            _STEPS[version](conn)
            conn.execute(f"PRAGMA user_version = {version}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return found
