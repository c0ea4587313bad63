"""A warning when a backup is dated in the future (the PC clock was ahead once, or is behind now); backups
are ordered by their sequence number, so the clock never decides which is newest."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from core.store.backups import BackupInfo, list_backups

# A backup dated later than this past the clock says the clock was wrong then or is wrong now.
FUTURE_SLACK = timedelta(minutes=10)


def future_backups(backup_dir: Path, now: datetime | None = None) -> list[BackupInfo]:
    """The backups whose date lies after the clock's ``now``."""
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
