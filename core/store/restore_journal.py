"""Restore as one step that survives kill -9 and power loss: the backup is copied and verified beside the
database, a small journal says what is under way, one rename puts it in place; at the next start an
interrupted restore is finished or undone, and a missing database beside data files is never a first run."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from core.atomic import replace_retrying

JOURNAL_SUFFIX = ".restore-journal"
PAUSE_ENV = "NIANBAO_TEST_PAUSE_AT"  # tests: the process stops at this step so that it can be killed there
_SIDECARS = ("-wal", "-shm", "-journal")
_ASIDE_TAGS = ("damaged", "other-program", "newer-version")


def journal_path(db_path: Path) -> Path:
    """The marker that exists while a restore is under way (``<db>.restore-journal``)."""
    return db_path.with_name(db_path.name + JOURNAL_SUFFIX)


def staging_path(db_path: Path) -> Path:
    """Where the backup is copied and verified before it takes the database's place."""
    return db_path.with_name(f".~{db_path.name}.restore.tmp")


def pause_point(step: str) -> None:
    """Stop here for good when a test asked to (it then kills the process); nothing otherwise."""
    if os.environ.get(PAUSE_ENV) == step:
        print(f"PAUSED {step}", flush=True)
        time.sleep(3600)


def fsync_file(path: Path) -> None:
    """Make the file's bytes durable."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (not possible, and not needed, on Windows)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def copy_durably(source: Path, target: Path) -> None:
    """Copy byte for byte and fsync (the caller renames; a half copy is never taken for a whole one)."""
    with open(source, "rb") as src, open(target, "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
        dst.flush()
        os.fsync(dst.fileno())


def write_journal(db_path: Path, state: dict) -> None:
    """Write the journal whole or not at all (temporary file, fsync, rename)."""
    path = journal_path(db_path)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as stream:
        json.dump(state, stream, ensure_ascii=False)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def read_journal(db_path: Path) -> dict | None:
    """The journal of an unfinished restore, {} when unreadable, None when there is none."""
    try:
        text = journal_path(db_path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError:
        return {}
    try:
        state = json.loads(text)
    except ValueError:
        return {}
    return state if isinstance(state, dict) else {}


def end_journal(db_path: Path) -> None:
    """The restore is finished or undone: remove the journal and any staging copy."""
    journal = journal_path(db_path)
    for path in (staging_path(db_path), journal, journal.with_name(journal.name + ".tmp")):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    fsync_dir(db_path.parent)


def remove_sidecars(db_path: Path) -> None:
    """Delete the -wal/-shm/-journal of a database about to be replaced (their content is kept elsewhere)."""
    for suffix in _SIDECARS:
        with contextlib.suppress(FileNotFoundError):
            Path(str(db_path) + suffix).unlink()


def swap_in(db_path: Path) -> None:
    """Put the verified staging copy in place of the database: one rename, made durable."""
    remove_sidecars(db_path)
    pause_point("sidecars-removed")
    replace_retrying(os.fspath(staging_path(db_path)), os.fspath(db_path))  # an antivirus scan may hold it
    fsync_dir(db_path.parent)
    pause_point("replaced")


def finish_interrupted(db_path: Path, is_sound: Callable[[Path], bool]) -> str:
    """Finish or undo a restore a kill or power cut interrupted; a Chinese note of what was done, or ""."""
    db_path = Path(db_path)
    state = read_journal(db_path)
    if state is None:
        with contextlib.suppress(OSError):
            staging_path(db_path).unlink()  # a copy from before a journal existed: nothing was touched
        return ""
    staging, previous = staging_path(db_path), state.get("previous") or ""
    source = Path(state.get("source") or "").name or "备份"
    kept = f"\n恢复前的数据另存为：{Path(previous).name}" if previous else ""
    if state.get("phase") == "replace" and staging.is_file() and is_sound(staging):
        swap_in(db_path)
        end_journal(db_path)
        return f"上次从备份恢复时程序被中断，现已完成恢复（{source}）。{kept}"
    if state.get("phase") == "replace" and db_path.is_file() and is_sound(db_path):
        end_journal(db_path)  # the rename had happened: only the clean-up was left
        return f"上次从备份恢复时程序被中断，恢复已经完成（{source}）。{kept}"
    if state.get("phase") != "replace":
        end_journal(db_path)  # stopped before the database was touched
        return "上次从备份恢复时程序被中断，恢复未完成；数据库仍是恢复前的内容，没有改动。"
    if previous and Path(previous).is_file() and is_sound(Path(previous)):
        copy_durably(Path(previous), staging)  # neither old nor new is whole: go back to the copy kept
        swap_in(db_path)
        end_journal(db_path)
        return f"上次恢复未完成，已退回恢复前的数据（{Path(previous).name}）。"
    return (f"上次恢复未完成：数据库可能不完整。恢复前的数据：{Path(previous).name if previous else '（无）'}，"
            f"所用的备份：{source}。请从“文件 → 备份 → 恢复…”中再选一次备份。")


def data_files_beside(db_path: Path, backup_dir: Path) -> list[Path]:
    """Files that hold report data although the database itself is missing (so this is no first run)."""
    db_path = Path(db_path)
    found: list[Path] = []
    with contextlib.suppress(OSError):
        for entry in sorted(db_path.parent.iterdir()):
            name = entry.name
            aside = any(name.startswith(f"{db_path.name}.{tag}-") for tag in _ASIDE_TAGS)
            if entry.is_file() and (aside or name.endswith((".db", ".sqlite3", ".sqlite")) or
                                    name in (staging_path(db_path).name, db_path.name + "-wal")):
                found.append(entry)
    with contextlib.suppress(OSError):
        found += sorted(p for p in Path(backup_dir).iterdir() if p.is_file() and p.suffix == ".db")
    return found
