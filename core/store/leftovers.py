"""Temporary files that killed processes left in the data folder: removed at start, with the lock held."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from pathlib import Path

from core.datadir import WRITE_TEST_PREFIX

# <backup>.db.<pid>.tmp: a start-up backup killed half-way (older versions: <backup>.db.tmp, no pid).
_BACKUP_TMP = re.compile(r"^nianbao-.+\.db(?:\.(\d+))?\.tmp$")
_WRITE_TEST = re.compile(rf"^{re.escape(WRITE_TEST_PREFIX)}(\d+)$")
_SALVAGE = re.compile(r"^\.~.+\.salvage(?:-wal|-shm|-journal)?$")
# .~<db>.damaged-<stamp>[-wal].tmp: a copy of a damaged database killed half-way (the restore keeps the original)
_ASIDE_TMP = re.compile(r"^\.~.+\.(?:damaged|other-program|newer-version)-.+\.tmp$")
_JOURNAL_TMP = re.compile(r"^.+\.restore-journal\.tmp$")


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs now (this one counts as alive)."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but belongs to someone else
    return True


if sys.platform == "win32":  # ctypes.windll exists on Windows only

    def _windows_pid_alive(pid: int) -> bool:
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)


def stale_files(folder: Path, backup_dir: Path) -> list[Path]:
    """The leftovers of dead processes: write probes, half-made backups, salvage work files."""
    found = []
    places = ((Path(folder), (_WRITE_TEST, _SALVAGE, _ASIDE_TMP, _JOURNAL_TMP)), (Path(backup_dir), (_BACKUP_TMP,)))
    for where, patterns in places:
        try:
            entries = list(where.iterdir())
        except OSError:
            continue
        for entry in entries:
            for pattern in patterns:
                match = pattern.match(entry.name)
                if match and entry.is_file() and not _owner_alive(match):
                    found.append(entry)
    return sorted(found)


def _owner_alive(match: re.Match[str]) -> bool:
    pid = match.group(1) if match.re.groups else None
    return pid is not None and pid_alive(int(pid))


def clean_stale_files(folder: Path, backup_dir: Path) -> list[Path]:
    """Remove the leftovers of dead processes; returns what was removed (call with the instance lock held)."""
    removed = []
    for path in stale_files(folder, backup_dir):
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed
