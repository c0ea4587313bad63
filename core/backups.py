"""Database backups (sqlite3 online backup API), health checks and recovery; nothing is ever lost."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePath, PureWindowsPath
from urllib.parse import quote

KEEP = 30
BACKUP_DIR_NAME = "backups"  # inside the data folder
_PREFIX = "nianbao-"
_NAME = re.compile(r"^nianbao-(\d{8}-\d{6})(?:-(\d+))?(?:-(pre-restore))?\.db$")
_SIDECARS = ("-wal", "-shm", "-journal")
_HEADER = b"SQLite format 3\x00"


class BackupError(OSError):
    """A backup or restore that could not be done; ``str(exc)`` is a Chinese message."""


@dataclass(frozen=True)
class BackupInfo:
    """One backup file."""

    path: Path
    created: datetime
    size: int
    before_restore: bool = False  # the safety copy taken just before a restore


@dataclass(frozen=True)
class DbHealth:
    """The result of check_database: ``kind`` is ok, missing, truncated, not_database, locked or corrupt."""

    ok: bool
    message: str  # Chinese; empty when ok
    kind: str = "ok"


@dataclass(frozen=True)
class RestoreResult:
    """What restore_backup did: the backup used and where the previous database went."""

    restored: Path
    previous_copy: Path | None  # a verified backup of the previous database, or the damaged file moved aside
    previous_damaged: bool


# ---- making backups ---------------------------------------------------------------------------


def make_backup(db_path: Path, backup_dir: Path, *, now: datetime | None = None, keep: int | None = KEEP,
                before_restore: bool = False) -> Path:
    """Copy the database (even while open elsewhere) to a timestamped, verified file; keep the newest ``keep``.

    ``keep=None`` deletes nothing.
    """
    db_path, backup_dir = Path(db_path), Path(backup_dir)
    if not db_path.is_file():
        raise BackupError(f"要备份的数据库不存在：{db_path}")
    try:
        backup_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"无法创建备份文件夹：{backup_dir}（{exc.strerror or exc}）") from None
    target = _free_name(backup_dir, now or datetime.now(), before_restore)
    tmp = target.with_name(target.name + ".tmp")
    try:
        _online_copy(db_path, tmp)
        problem = _integrity_problem(tmp)
        if problem:
            raise BackupError(f"备份文件校验未通过（{problem}），原数据库可能已损坏：{db_path}")
        os.replace(tmp, target)
    finally:
        _remove(tmp)
    if keep is not None:
        rotate_backups(backup_dir, keep)
    return target


def _free_name(backup_dir: Path, when: datetime, before_restore: bool) -> Path:
    stamp = when.strftime("%Y%m%d-%H%M%S")
    tag = "-pre-restore" if before_restore else ""
    for n in range(1, 1000):
        suffix = "" if n == 1 else f"-{n}"
        candidate = backup_dir / f"{_PREFIX}{stamp}{suffix}{tag}.db"
        if not candidate.exists():
            return candidate
    raise BackupError(f"备份文件夹中同一时刻的备份过多：{backup_dir}")


def _online_copy(db_path: Path, target: Path) -> None:
    try:
        src = sqlite3.connect(_uri(db_path, "rw"), uri=True, timeout=5)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
                # The copy stands alone: no -wal beside it, whatever the source's journal mode.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise BackupError(f"备份失败：{_explain(exc)}（{db_path}）") from None


def rotate_backups(backup_dir: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` backups; returns the deleted paths."""
    removed = []
    for info in list_backups(backup_dir)[keep:]:
        with contextlib.suppress(OSError):
            info.path.unlink()
            removed.append(info.path)
    return removed


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """The backups in ``backup_dir``, newest first."""
    found = []
    try:
        entries = list(Path(backup_dir).iterdir())
    except OSError:
        return []
    for entry in entries:
        match = _NAME.match(entry.name)
        if not match or not entry.is_file():
            continue
        created = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
        found.append((created, int(match.group(2) or 1), BackupInfo(entry, created, entry.stat().st_size,
                                                                    bool(match.group(3)))))
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [info for _, _, info in found]


def backup_if_due(db_path: Path, backup_dir: Path, *, now: datetime | None = None,
                  on_start: bool = False, keep: int = KEEP) -> Path | None:
    """Back up on start (when the database changed since the newest backup) and at most daily otherwise."""
    db_path = Path(db_path)
    if not db_path.is_file():
        return None
    now = now or datetime.now()
    newest = next(iter(list_backups(backup_dir)), None)
    if newest is not None:
        if not on_start and newest.created.date() == now.date():
            return None
        if _mtime(newest.path) >= _last_modified(db_path):
            return None  # nothing changed since: another copy would only push older ones out
    return make_backup(db_path, backup_dir, now=now, keep=keep)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _last_modified(db_path: Path) -> float:
    times = [db_path.stat().st_mtime]
    for suffix in _SIDECARS[:1]:
        with contextlib.suppress(OSError):
            times.append(Path(str(db_path) + suffix).stat().st_mtime)
    return max(times)


# ---- health ---------------------------------------------------------------------------------------


def check_database(db_path: Path) -> DbHealth:
    """Whether the database file can be used, with a Chinese message naming the problem if not."""
    db_path = Path(db_path)
    if not db_path.exists():
        return DbHealth(True, "", "missing")
    try:
        with open(db_path, "rb") as stream:
            head = stream.read(100)
        size = db_path.stat().st_size
    except OSError as exc:
        return DbHealth(False, f"无法读取数据库文件：{exc.strerror or exc}（{db_path}）", "locked")
    shape = _header_problem(head, size, db_path)
    if shape is not None:
        return shape
    try:
        problem = _integrity_problem(db_path)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return DbHealth(False, f"数据库正被另一个程序占用（可能 nianbao 已在运行），请关闭后重试：{db_path}",
                            "locked")
        return DbHealth(False, f"数据库文件无法打开：{_explain(exc)}（{db_path}）", "corrupt")
    except sqlite3.DatabaseError as exc:
        kind = "not_database" if "not a database" in str(exc) else "corrupt"
        return DbHealth(False, f"数据库文件已损坏：{_explain(exc)}（{db_path}）", kind)
    if problem:
        return DbHealth(False, f"数据库文件已损坏（完整性检查未通过：{problem}）：{db_path}", "corrupt")
    return DbHealth(True, "", "ok")


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
    conn = sqlite3.connect(_uri(path, "rw"), uri=True, timeout=0.2)
    try:
        rows = conn.execute("PRAGMA integrity_check(5)").fetchall()
    finally:
        conn.close()
    lines = [str(row[0]) for row in rows]
    return "" if lines == ["ok"] else "；".join(lines)


def _uri(path: Path | PurePath, mode: str) -> str:
    """A SQLite URI for ``path``; mode=rw never creates an empty database where the file is missing."""
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


def _explain(exc: sqlite3.Error) -> str:
    text = str(exc)
    known = {
        "file is not a database": "不是数据库文件或文件已加密/损坏",
        "database disk image is malformed": "数据库结构已损坏",
        "database is locked": "数据库正被另一个程序占用",
        "unable to open database file": "无法打开数据库文件",
        "disk I/O error": "磁盘读写错误",
    }
    for english, chinese in known.items():
        if english in text:
            return chinese
    return text


def newest_good_backup(backup_dir: Path) -> BackupInfo | None:
    """The newest backup that passes the health check, or ``None``."""
    for info in list_backups(backup_dir):
        if check_database(info.path).ok:
            return info
    return None


@dataclass(frozen=True)
class Recovery:
    """A damaged database found at start, and the backup to offer in its place (None when there is none)."""

    health: DbHealth
    backup: BackupInfo | None

    @property
    def question(self) -> str:
        """What to ask the officer, in Chinese."""
        if self.backup is None:
            return f"{self.health.message}\n\n没有可用的备份。损坏的文件会被保留，程序将新建一个空数据库。是否继续？"
        when = self.backup.created.strftime("%Y-%m-%d %H:%M")
        return (f"{self.health.message}\n\n是否用 {when} 的备份恢复？"
                "损坏的文件会改名保留在原文件夹中（文件名带 .damaged-），不会被删除。")


def recovery_plan(db_path: Path, backup_dir: Path) -> Recovery | None:
    """None when the database can be opened as it is (or is merely in use); else what to offer."""
    health = check_database(db_path)
    if health.ok or health.kind == "locked":
        return None
    return Recovery(health, newest_good_backup(backup_dir))


def set_aside(db_path: Path, *, now: datetime | None = None) -> Path:
    """Move a damaged database out of the way (keeping it) so that a new one can be created."""
    return _move_aside(Path(db_path), now or datetime.now())


# ---- restore --------------------------------------------------------------------------------------


def restore_backup(backup: Path | BackupInfo, db_path: Path, backup_dir: Path, *,
                   now: datetime | None = None) -> RestoreResult:
    """Put a backup in place of the database, first keeping a copy of the current file (damaged or not).

    Close every connection to ``db_path`` before calling this.
    """
    source = backup.path if isinstance(backup, BackupInfo) else Path(backup)
    db_path, now = Path(db_path), now or datetime.now()
    if not check_database(source).ok or not source.is_file():
        raise BackupError(f"所选备份无法使用（文件缺失或已损坏）：{source}")
    health = check_database(db_path)
    previous: Path | None = None
    damaged = False
    if health.kind == "locked":
        raise BackupError(health.message)
    if health.ok and health.kind != "missing":
        # No rotation here: it could delete the very backup about to be restored.
        previous = make_backup(db_path, backup_dir, now=now, keep=None, before_restore=True)
        _remove_sidecars(db_path)  # their content is in the copy just made
    elif not health.ok:
        previous, damaged = _move_aside(db_path, now), True
    _copy_into_place(source, db_path)
    return RestoreResult(source, previous, damaged)


def _move_aside(db_path: Path, now: datetime) -> Path:
    """Rename a damaged database (and its journal files) to ``<name>.damaged-<timestamp>``."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    n = 2
    while target.exists():
        target = db_path.with_name(f"{db_path.name}.damaged-{stamp}-{n}")
        n += 1
    try:
        os.replace(db_path, target)
        for suffix in _SIDECARS:
            side = Path(str(db_path) + suffix)
            if side.exists():
                os.replace(side, Path(str(target) + suffix))
    except OSError as exc:
        reason = exc.strerror or exc
        raise BackupError(f"无法移开已损坏的数据库（{reason}），请关闭所有 nianbao 窗口后重试：{db_path}") from None
    return target


def _remove_sidecars(db_path: Path) -> None:
    for suffix in _SIDECARS:
        with contextlib.suppress(FileNotFoundError):
            Path(str(db_path) + suffix).unlink()


def _copy_into_place(source: Path, db_path: Path) -> None:
    tmp = db_path.with_name(f".~{db_path.name}.restore.tmp")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        with open(source, "rb") as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, db_path)
    except OSError as exc:
        reason = exc.strerror or exc
        raise BackupError(f"恢复失败（{reason}），原数据库已另存，请关闭所有 nianbao 窗口后重试：{db_path}") from None
    finally:
        _remove(tmp)


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
