"""Whether a database file can be used: its header, its -wal file, PRAGMA integrity_check and its schema
version, with a Chinese message naming the problem.

Shared with the rest of core.store: ``check_file_shape`` (what the file shows before SQLite opens it, for the
self-test's read-only look) and ``sqlite_uri`` (how every module here opens a database file by its path)."""

from __future__ import annotations

import os
import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath
from urllib.parse import quote

from core.store.schema import SCHEMA_VERSION
from core.wording import os_reason, sqlite_problem

_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class DbHealth:
    """The result of check_database.

    ``kind`` is ok or missing (both usable), or truncated, not_database, corrupt, wal_damaged (the -wal file
    beside it cannot be read: SQLite would silently drop and then delete it), foreign (a sound SQLite file of
    another program), too_new (written by a newer nianbao) or locked (in use: never to be replaced).
    """

    ok: bool
    message: str  # Chinese; empty when ok
    kind: str = "ok"



# ---- health ---------------------------------------------------------------------------------------


def check_database(db_path: Path) -> DbHealth:
    """Whether the database file can be used, with a Chinese message naming the problem if not."""
    db_path = Path(db_path)
    if not db_path.exists():
        return DbHealth(True, "", "missing")
    shape = check_file_shape(db_path)
    if shape is not None:
        return shape
    try:
        problem = _integrity_problem(db_path)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return DbHealth(False, f"数据库正被另一个程序占用（可能 nianbao 已在运行），请关闭后重试：{db_path}",
                            "locked")
        return DbHealth(False, f"数据库文件无法打开：{sqlite_problem(exc)}（{db_path}）", "corrupt")
    except sqlite3.DatabaseError as exc:
        kind = "not_database" if "not a database" in str(exc) else "corrupt"
        return DbHealth(False, f"数据库文件已损坏：{sqlite_problem(exc)}（{db_path}）", kind)
    if problem:
        return DbHealth(False, f"数据库文件已损坏（完整性检查未通过：{problem}）：{db_path}", "corrupt")
    return _schema_health(db_path)


def check_file_shape(db_path: Path) -> DbHealth | None:
    """What an existing database file shows before SQLite opens it (unreadable, truncated, not SQLite, or a
    damaged -wal SQLite would silently drop and delete), or None; the file is only read, never opened."""
    db_path = Path(db_path)
    try:
        with open(db_path, "rb") as stream:
            head = stream.read(100)
        size = db_path.stat().st_size
    except PermissionError:
        return DbHealth(False, "无法读取数据库文件：没有读取权限，或文件正被其他程序独占"
                        "（例如杀毒软件、备份软件或另一个 nianbao）。"
                        f"请关闭占用它的程序后再启动 nianbao：{db_path}", "locked")
    except OSError as exc:
        return DbHealth(False, f"无法读取数据库文件：{os_reason(exc)}。"
                        f"请检查磁盘或网络连接后再启动 nianbao：{db_path}", "locked")
    shape = _header_problem(head, size, db_path)
    if shape is not None:
        return shape
    wal = _wal_problem(Path(str(db_path) + "-wal"))
    if wal:
        return DbHealth(False, f"数据库的日志文件（{db_path.name}-wal）已损坏（{wal}），其中最近保存的修改无法读出。"
                        f"日志文件会原样保留，不会删除：{db_path}", "wal_damaged")
    return None


def _schema_health(db_path: Path) -> DbHealth:
    """A sound SQLite file: is it nianbao's, and one this program can read?"""
    try:
        # rw as for the integrity check: a read-only connection to a WAL file would leave an empty -wal behind.
        conn = sqlite3.connect(sqlite_uri(db_path, "rw"), uri=True, timeout=0.2)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return DbHealth(False, f"数据库文件无法读取：{sqlite_problem(exc)}（{db_path}）", "corrupt")
    if not tables and version == 0:
        return DbHealth(True, "", "ok")  # an empty SQLite file: the store creates its tables in it
    if "reports" not in tables or version < 1:
        names = "、".join(sorted(tables)[:5]) or "无"
        return DbHealth(False, f"这是其他程序的数据库文件（其中的表：{names}），不是 nianbao 的数据库，"
                        f"可能被其他文件覆盖：{db_path}", "foreign")
    if version > SCHEMA_VERSION:
        return DbHealth(False, f"此数据库由更新版本的 nianbao 创建（数据结构第 {version} 版，本程序只支持到第 "
                        f"{SCHEMA_VERSION} 版）。请安装新版本后再打开，以免丢失新版本保存的内容：{db_path}",
                        "too_new")
    return DbHealth(True, "", "ok")


# ---- the -wal file -----------------------------------------------------------------------------

_WAL_MAGIC = (0x377F0682, 0x377F0683)  # the low bit: checksums over big-endian words


def _wal_checksum(data: bytes, big_endian: bool, s0: int = 0, s1: int = 0) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def _wal_problem(wal: Path) -> str:
    """Why SQLite would drop committed frames of this -wal file ("" when it can be replayed as it is).

    A damaged header makes SQLite ignore the whole file; a damaged frame followed by valid ones of the same
    generation (same salts) hides every transaction after it. A bad *last* frame is what a power cut in the
    middle of an unfinished write leaves, and is normal.
    """
    try:
        with open(wal, "rb") as stream:
            data = stream.read()
    except FileNotFoundError:
        return ""
    except OSError as exc:
        return f"无法读取：{os_reason(exc)}"
    if len(data) < 32:
        return "" if not data.strip(b"\0") else f"文件头不完整（{len(data)} 字节）"
    magic, version, page_size = struct.unpack(">III", data[:12])
    if magic not in _WAL_MAGIC or version != 3007000 or page_size < 512 or page_size & (page_size - 1):
        return "文件头无法识别"
    big = bool(magic & 1)
    if _wal_checksum(data[:24], big) != struct.unpack(">II", data[24:32]):
        return "文件头校验值不符"
    salts = data[16:24]
    frame = 24 + page_size
    sums = struct.unpack(">II", data[24:32])
    offset = 32
    while offset + frame <= len(data):
        head = data[offset:offset + 24]
        if head[8:16] != salts:
            return ""  # the end of this generation (older frames follow after a restart)
        sums = _wal_checksum(data[offset + 24:offset + frame], big, *_wal_checksum(head[:8], big, *sums))
        stored = struct.unpack(">II", head[16:24])
        if sums != stored:
            return "日志中间的内容已损坏" if _frame_follows(data, offset + frame, frame, salts, big, stored) else ""
        offset += frame
    return ""


def _frame_follows(data: bytes, offset: int, frame: int, salts: bytes, big: bool, sums: tuple[int, int]) -> bool:
    """Whether a valid frame of the same generation follows a bad one (chained from its stored checksum)."""
    if offset + frame > len(data) or data[offset + 8:offset + 16] != salts:
        return False
    head = data[offset:offset + 24]
    got = _wal_checksum(data[offset + 24:offset + frame], big, *_wal_checksum(head[:8], big, *sums))
    return got == struct.unpack(">II", head[16:24])


def _header_problem(head: bytes, size: int, db_path: Path) -> DbHealth | None:
    if size == 0:
        return DbHealth(False, f"数据库文件是空的（0 字节），可能在写入时被截断：{db_path}", "truncated")
    if not head.startswith(_HEADER):
        if _HEADER.startswith(head):
            return DbHealth(False, f"数据库文件不完整（只有 {size} 字节），可能在写入时被截断：{db_path}", "truncated")
        return DbHealth(False, f"这不是 nianbao 数据库文件（{_guess_format(head)}），"
                        f"可能被其他文件覆盖或已损坏：{db_path}", "not_database")
    if len(head) < 100:
        return DbHealth(False, f"数据库文件不完整（只有 {size} 字节），可能在写入时被截断：{db_path}", "truncated")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    counter_valid = head[24:28] == head[92:96] and pages > 0
    if page_size < 512 or size % page_size or (counter_valid and size < pages * page_size):
        expected = f"应有 {pages * page_size} 字节" if counter_valid else f"应为 {page_size} 字节的整数倍"
        return DbHealth(False, f"数据库文件不完整（{size} 字节，{expected}），可能在写入时被截断：{db_path}",
                        "truncated")
    return None


def _guess_format(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "看起来是 Excel/ZIP 文件"
    if head.startswith(b"%PDF"):
        return "看起来是 PDF 文件"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "内容无法识别"
    return "看起来是文本文件"


def _integrity_problem(path: Path) -> str:
    """``""`` when PRAGMA integrity_check passes, else its first lines; sqlite3 errors propagate."""
    conn = sqlite3.connect(sqlite_uri(path, "rw"), uri=True, timeout=0.2)
    try:
        rows = conn.execute("PRAGMA integrity_check(5)").fetchall()
    finally:
        conn.close()
    lines = [str(row[0]) for row in rows]
    return "" if lines == ["ok"] else "；".join(lines)


def sqlite_uri(path: Path | PurePath, mode: str) -> str:
    """A SQLite URI for ``path`` (``uri=True``); mode=rw never creates an empty database where the file is missing."""
    if not isinstance(path, PureWindowsPath):
        path = Path(os.path.abspath(path))  # not resolve(): it turns a mapped drive Z: into a UNC path
    posix = path.as_posix()
    if posix.startswith("//"):  # \\server\share\x.db: an empty URI authority, then the UNC path
        prefix, posix = "file:////", posix[2:]
    elif posix.startswith("/"):
        prefix = "file://"
    else:  # C:/Users/...
        prefix = "file:///"
    return prefix + quote(posix, safe="/:") + f"?mode={mode}"
