"""The self-test's look at the real database: opened read-only, integrity-checked, its schema version read;
nothing in the real data folder is changed (files SQLite creates to read a WAL database are removed again)."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

DB_NAME = "nianbao.sqlite3"  # the name gui/app.py uses
_SIDECARS = ("-wal", "-shm")


class DatabaseProblem(Exception):
    """What is wrong with the real database (Chinese)."""


def inspect_real_database(folder: Path) -> str:
    """A Chinese line on the real database in ``folder``; DatabaseProblem when it is not usable."""
    from core.datadir import LOCK_NAME, InstanceLockedError, acquire_instance_lock
    from core.store.db_health import check_file_shape
    from core.store.restore_journal import data_files_beside, journal_path

    db = Path(folder) / DB_NAME
    if journal_path(db).exists():
        raise DatabaseProblem(f"上次从备份恢复未完成（{journal_path(db).name}），下次启动时会完成或撤销：{db}")
    if not db.exists():
        found = data_files_beside(db, db.parent / "backups")
        if found:
            raise DatabaseProblem(f"数据库文件不存在，但数据文件夹中有 {len(found)} 个数据文件"
                                  f"（如 {found[0].name}），启动时会提示恢复：{db}")
        return f"尚无数据库（首次启动时创建）：{db}"
    shape = check_file_shape(db)
    if shape is not None:
        raise DatabaseProblem(shape.message)
    lock = None
    if (Path(folder) / LOCK_NAME).exists():  # never create files there; hold the lock when nianbao is closed
        with contextlib.suppress(InstanceLockedError, OSError):
            lock = acquire_instance_lock(folder)
    running = (Path(folder) / LOCK_NAME).exists() and lock is None
    existed = {suffix: Path(str(db) + suffix).exists() for suffix in _SIDECARS}
    try:
        summary = _read_only_check(db)
    finally:
        if not running:  # what SQLite made to read a WAL file read-only goes again
            for suffix, was in existed.items():
                if not was:
                    with contextlib.suppress(OSError):
                        Path(str(db) + suffix).unlink()
        if lock is not None:
            lock.release()
    note = "（nianbao 正在运行）" if running else ""
    return f"{db}：{summary}，只读检查，未做改动{note}"


def _read_only_check(db: Path) -> str:
    """Integrity check, schema version and report count through a read-only connection."""
    from core.store.db_health import sqlite_uri
    from core.store.schema import SCHEMA_VERSION
    from core.wording import sqlite_problem
    try:
        conn = sqlite3.connect(sqlite_uri(db, "ro"), uri=True, timeout=5)
        try:
            rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(5)")]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            reports = conn.execute("SELECT count(*) FROM reports").fetchone()[0] if "reports" in tables else 0
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise DatabaseProblem(f"数据库无法读取：{sqlite_problem(exc)}（{db}）") from None
    if rows != ["ok"]:
        raise DatabaseProblem(f"数据库已损坏，完整性检查未通过：{'；'.join(rows)}（{db}）")
    if "reports" not in tables or version < 1:
        raise DatabaseProblem(f"这不是 nianbao 的数据库（数据结构版本 {version}）：{db}")
    if version > SCHEMA_VERSION:
        raise DatabaseProblem(f"数据库由更新版本的 nianbao 创建（数据结构第 {version} 版，本程序只支持到第 "
                              f"{SCHEMA_VERSION} 版）：{db}")
    return f"完整性检查通过，数据结构第 {version} 版，{reports} 份年报"
