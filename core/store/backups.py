"""Database backups (sqlite3 online backup API), recovery and restore; nothing is ever lost.

The health checks live in core.store.db_health (re-exported here)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.store import restore_journal as journal
from core.store.backup_order import same_content
from core.store.db_health import DbHealth, check_database, sqlite_uri
from core.wording import os_reason, sqlite_problem

KEEP = 30
BACKUP_DIR_NAME = "backups"  # inside the data folder
_PREFIX = "nianbao-"
# nianbao-<date-time>[-<n>][-s<sequence>][-pre-restore].db: the sequence number orders the backups (a wrong
# PC clock cannot); names without one were made by older versions and come before every numbered one.
_NAME = re.compile(r"^nianbao-(\d{8}-\d{6})(?:-(\d+))?(?:-s(\d+))?(?:-(pre-restore))?\.db$")
_SIDECARS = ("-wal", "-shm", "-journal")


class BackupError(OSError):
    """A backup or restore that could not be done; ``str(exc)`` is a Chinese message."""


@dataclass(frozen=True)
class BackupInfo:
    """One backup file."""

    path: Path
    created: datetime
    size: int
    before_restore: bool = False  # the safety copy taken just before a restore
    sequence: int = 0  # the order in which the backups were made (0: an older version's backup)


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
        raise BackupError(f"无法创建备份文件夹：{backup_dir}（{os_reason(exc, '写入')}）") from None
    target = _free_name(backup_dir, now or datetime.now(), before_restore, next_sequence(backup_dir))
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")  # the pid: leftovers.py removes a dead one's
    try:
        _online_copy(db_path, tmp)
        health = check_database(tmp)
        if not health.ok:  # never let a copy of a damaged or foreign file push good backups out
            raise BackupError(f"备份文件校验未通过（{health.message}），原数据库可能已损坏：{db_path}")
        os.replace(tmp, target)
    finally:
        _remove(tmp)
    if keep is not None:
        rotate_backups(backup_dir, keep)
    return target


def next_sequence(backup_dir: Path) -> int:
    """One more than the highest sequence number in the folder (1 for the first numbered backup)."""
    return max((info.sequence for info in list_backups(backup_dir)), default=0) + 1


def _free_name(backup_dir: Path, when: datetime, before_restore: bool, sequence: int) -> Path:
    stamp = when.strftime("%Y%m%d-%H%M%S")
    tag = f"-s{sequence:06d}" + ("-pre-restore" if before_restore else "")
    for n in range(1, 1000):
        suffix = "" if n == 1 else f"-{n}"
        candidate = backup_dir / f"{_PREFIX}{stamp}{suffix}{tag}.db"
        if not candidate.exists():
            return candidate
    raise BackupError(f"备份文件夹中同一时刻的备份过多：{backup_dir}")


def _online_copy(db_path: Path, target: Path) -> None:
    try:
        src = sqlite3.connect(sqlite_uri(db_path, "rw"), uri=True, timeout=5)
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
        raise BackupError(f"备份失败：{sqlite_problem(exc)}（{db_path}）") from None


def rotate_backups(backup_dir: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` backups; returns the deleted paths.

    The newest good backup is never deleted, even when it is older than ``keep`` damaged ones.
    """
    backups = list_backups(backup_dir)
    kept, old = backups[:keep], backups[keep:]
    if old and not any(check_database(info.path).ok for info in kept):
        spare = next((info for info in old if check_database(info.path).ok), None)
        old = [info for info in old if info is not spare]
    removed = []
    for info in old:
        with contextlib.suppress(OSError):
            info.path.unlink()
            removed.append(info.path)
    return removed


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """The backups in ``backup_dir``, newest (highest sequence number) first; the clock only breaks ties."""
    found = []
    try:
        entries = list(Path(backup_dir).iterdir())
    except OSError:
        return []
    for entry in entries:
        match = _NAME.match(entry.name)
        if not match or not entry.is_file():
            continue
        try:
            created = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
            size = entry.stat().st_size
        except (ValueError, OSError):  # 20261399-...: not one of ours; or gone since the listing
            continue
        sequence = int(match.group(3) or 0)
        info = BackupInfo(entry, created, size, bool(match.group(4)), sequence)
        found.append(((sequence, created, int(match.group(2) or 1)), info))
    found.sort(key=lambda item: item[0], reverse=True)
    return [info for _, info in found]


def is_nianbao_database(path: Path) -> bool:
    """True for a readable SQLite file holding nianbao's reports table (a file one may restore from)."""
    if not check_database(path).ok or not Path(path).is_file():
        return False
    try:
        conn = sqlite3.connect(sqlite_uri(Path(path), "ro"), uri=True, timeout=1)
        try:
            row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reports'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return row is not None


def reports_in(path: Path) -> list[tuple[str, int]] | None:
    """(agency, year) of every report in a backup file, newest year first; None when it cannot be read."""
    try:
        conn = sqlite3.connect(sqlite_uri(Path(path), "ro"), uri=True, timeout=0.5)
        try:
            rows = conn.execute("SELECT agency, year FROM reports ORDER BY year DESC, agency").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return [(str(agency), int(year)) for agency, year in rows]


def backup_if_due(db_path: Path, backup_dir: Path, *, now: datetime | None = None,
                  on_start: bool = False, keep: int = KEEP) -> Path | None:
    """Back up on start (when the database changed since the newest backup) and at most daily otherwise.

    "Changed" compares the content (see backup_order.fingerprint), never file times: a clock that was once
    ahead would otherwise stop every later backup.
    """
    db_path = Path(db_path)
    if not db_path.is_file():
        return None
    now = now or datetime.now()
    newest = newest_good_backup(backup_dir)  # a damaged newest backup does not count
    if newest is not None:
        if not on_start and newest.created.date() == now.date():
            return None
        if same_content(newest.path, db_path):
            return None  # nothing changed since: another copy would only push older ones out
    return make_backup(db_path, backup_dir, now=now, keep=keep)


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
        tag = _ASIDE_TAGS.get(self.health.kind, "damaged")
        kept = f"现在的文件会改名保留在原文件夹中（文件名带 .{tag}-），不会被删除。"
        if self.health.kind == "too_new":
            kept += "用备份恢复后，新版本保存的内容在本程序中看不到；建议选“否”，安装新版本后再打开。"
        if self.backup is None:
            if self.health.kind == "wal_damaged":
                return (f"{self.health.message}\n\n没有可用的备份。是否打开其中仍能读出的内容？{kept}"
                        "最近一些修改可能需要重新填写。")
            return f"{self.health.message}\n\n没有可用的备份。{kept}程序将新建一个空数据库。是否继续？"
        when = self.backup.created.strftime("%Y-%m-%d %H:%M")
        return f"{self.health.message}\n\n是否用 {when} 的备份恢复？{kept}"


def recovery_plan(db_path: Path, backup_dir: Path) -> Recovery | None:
    """None when the database can be opened as it is (or is merely in use); else what to offer."""
    health = check_database(db_path)
    if health.ok or health.kind == "locked":
        return None
    return Recovery(health, newest_good_backup(backup_dir))


def set_aside(db_path: Path, *, now: datetime | None = None, kind: str = "") -> Path:
    """Move a damaged database out of the way (keeping it) so that a new one can be created.

    With a damaged -wal (``kind="wal_damaged"``) the pair is kept as it was, and a copy of it, with every
    transaction SQLite can still read from the -wal (those before the damage), is put back in its place.
    """
    db_path = Path(db_path)
    kept = _move_aside(db_path, now or datetime.now(), _ASIDE_TAGS.get(kind, "damaged"))
    if kind == "wal_damaged":
        _salvage(kept, db_path)
    return kept


def _salvage(kept: Path, db_path: Path) -> None:
    """Replay a copy of the kept pair (SQLite stops at the damage) and put the result at ``db_path``."""
    work = db_path.with_name(f".~{db_path.name}.salvage")
    try:
        for suffix in ("", "-wal"):
            _remove(Path(str(work) + suffix))
            if Path(str(kept) + suffix).exists():
                shutil.copyfile(str(kept) + suffix, str(work) + suffix)
        conn = sqlite3.connect(work)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode=DELETE")  # stands alone: nothing left in a -wal
        finally:
            conn.close()
        if check_database(work).ok:
            os.replace(work, db_path)
    except (OSError, sqlite3.Error):
        pass  # the main file alone is no good either: a new database, the pair still kept
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            _remove(Path(str(work) + suffix))


# ---- restore --------------------------------------------------------------------------------------


def restore_backup(backup: Path | BackupInfo, db_path: Path, backup_dir: Path, *,
                   now: datetime | None = None) -> RestoreResult:
    """Put a backup in place of the database, first keeping a copy of the current file (damaged or not).

    The backup is copied and verified beside the database, the current file is kept (a verified pre-restore
    backup, or a byte-for-byte copy of a damaged one), and one rename swaps them; a journal lets the next
    start finish or undo a restore a kill or power cut interrupted (finish_interrupted_restore).
    Close every connection to ``db_path`` before calling this.
    """
    source = backup.path if isinstance(backup, BackupInfo) else Path(backup)
    db_path, now = Path(db_path), now or datetime.now()
    if not source.is_file():
        raise BackupError(f"所选备份无法使用（文件缺失）：{source}")
    usable = check_database(source)
    if not usable.ok:
        raise BackupError(f"所选备份无法使用：{usable.message}")
    health = check_database(db_path)
    if health.kind == "locked":
        raise BackupError(health.message)
    try:
        journal.write_journal(db_path, {"phase": "copy", "source": str(source)})
        journal.pause_point("journal-written")
        _stage(source, db_path)
        previous, damaged = _keep_previous(db_path, backup_dir, health, now)
        journal.write_journal(db_path, {"phase": "replace", "source": str(source),
                                        "previous": str(previous) if previous else ""})
        journal.pause_point("ready")
        journal.swap_in(db_path)
    except OSError as exc:
        if (journal.read_journal(db_path) or {}).get("phase") != "replace":
            journal.end_journal(db_path)  # nothing was replaced: the database is as it was
        # else the journal stays: the next start finishes the swap from the verified staging copy
        if isinstance(exc, BackupError):
            raise
        raise BackupError(f"恢复失败（{os_reason(exc, '写入')}），原数据库未被替换，请关闭所有 nianbao 窗口后重试："
                          f"{db_path}") from None
    journal.end_journal(db_path)
    return RestoreResult(source, previous, damaged)


def finish_interrupted_restore(db_path: Path) -> str:
    """At start: finish or undo a restore that was interrupted; a Chinese note of what was done, or ""."""
    return journal.finish_interrupted(Path(db_path), lambda path: check_database(path).ok)


def _stage(source: Path, db_path: Path) -> None:
    """Copy the backup beside the database, fsync it and check it there."""
    staging = journal.staging_path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    journal.copy_durably(source, staging)
    journal.pause_point("copied")
    health = check_database(staging)
    if not health.ok:
        raise BackupError(f"复制的备份校验未通过（{health.message}），原数据库未被替换")


def _keep_previous(db_path: Path, backup_dir: Path, health: DbHealth, now: datetime) -> tuple[Path | None, bool]:
    """Keep the current database before it is replaced: a verified backup, or a copy of a damaged file."""
    if health.kind == "missing":
        return None, False
    if health.ok:  # no rotation here: it could delete the very backup about to be restored
        return make_backup(db_path, backup_dir, now=now, keep=None, before_restore=True), False
    return _copy_aside(db_path, now, _ASIDE_TAGS.get(health.kind, "damaged")), True


def _copy_aside(db_path: Path, now: datetime, tag: str) -> Path:
    """A byte-for-byte copy of a damaged database (and its journal files) as ``<name>.<tag>-<timestamp>``."""
    target = _aside_name(db_path, now, tag)
    for suffix in ("", *_SIDECARS):
        side = Path(str(db_path) + suffix)
        if side.exists():
            part = Path(str(target) + suffix)
            work = part.with_name(f".~{part.name}.tmp")
            journal.copy_durably(side, work)
            os.replace(work, part)
    journal.fsync_dir(db_path.parent)
    return target


# How a file put aside is named: <name>.<tag>-<timestamp>.
_ASIDE_TAGS = {"foreign": "other-program", "too_new": "newer-version"}


def _move_aside(db_path: Path, now: datetime, tag: str = "damaged") -> Path:
    """Rename a damaged database (and its journal files) to ``<name>.<tag>-<timestamp>``."""
    target = _aside_name(db_path, now, tag)
    try:
        os.replace(db_path, target)
        for suffix in _SIDECARS:
            side = Path(str(db_path) + suffix)
            if side.exists():
                os.replace(side, Path(str(target) + suffix))
    except OSError as exc:
        reason = os_reason(exc, "写入")
        raise BackupError(f"无法移开已损坏的数据库（{reason}），请关闭所有 nianbao 窗口后重试：{db_path}") from None
    return target


def _aside_name(db_path: Path, now: datetime, tag: str) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = db_path.with_name(f"{db_path.name}.{tag}-{stamp}")
    n = 2
    while target.exists():
        target = db_path.with_name(f"{db_path.name}.{tag}-{stamp}-{n}")
        n += 1
    return target


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
