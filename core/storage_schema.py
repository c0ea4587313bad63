"""The store's schema as an upgrade ladder numbered by ``PRAGMA user_version``, and its error messages.

A new database climbs the same ladder as an old one, so every step is exercised all the time.
Each ``_upgrade_to_<n>`` runs in one transaction together with setting ``user_version = n``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

SCHEMA_VERSION = 3


class StoreError(RuntimeError):
    """The database cannot be opened or used; ``str(exc)`` is a Chinese message."""


class SchemaTooNewError(StoreError):
    """A database written by a newer version of the program."""


_SQLITE_REASONS = (
    ("locked", "数据库正被其他程序占用，请稍后重试"),
    ("busy", "数据库正被其他程序占用，请稍后重试"),
    ("full", "磁盘已满，请清理磁盘空间后重试"),
    ("readonly", "数据库文件为只读，请检查文件权限"),
    ("disk i/o", "读写磁盘出错，请检查磁盘或网络连接"),
    ("malformed", "数据库文件已损坏，请从备份恢复"),
)


_OPEN_REASONS = (
    ("readonly", "数据库文件或数据文件夹是只读的，请取消只读属性或检查文件夹权限"),
    ("unable to open", "无法在数据文件夹中读写文件，请检查文件夹权限、磁盘或网络连接"),
    ("locked", "数据库正被其他程序占用，请关闭占用它的程序（例如另一个 nianbao）后再试"),
    ("busy", "数据库正被其他程序占用，请关闭占用它的程序（例如另一个 nianbao）后再试"),
    ("disk i/o", "读写磁盘出错，请检查磁盘或网络连接"),
    ("full", "磁盘已满，请清理磁盘空间后再试"),
)


def explain_open_error(exc: sqlite3.Error) -> str:
    """Why a database could not be opened, in Chinese: damage only when nothing else explains it."""
    text = str(exc)
    for needle, reason in _OPEN_REASONS:
        if needle in text.lower():
            return f"{reason}（{text}）"
    return f"文件可能已损坏，请从备份恢复（{text}）"


def explain_sqlite_error(exc: sqlite3.Error) -> str:
    """A Chinese message for a database error (the original text kept for support)."""
    text = str(exc)
    for needle, reason in _SQLITE_REASONS:
        if needle in text.lower():
            return f"保存到数据库失败：{reason}（{text}）"
    return f"保存到数据库失败（{text}）"


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
