"""Safety checks before any parser sees a source: size, and (through core.read.zip_guard) zip bombs."""

from __future__ import annotations

import zipfile
from pathlib import Path

from core.importers.blocks import ImportRefused
from core.read.zip_guard import check_zip as check_zip_bounds
from core.report import ReportFileError
from core.wording import os_reason

MAX_BYTES = 50 * 1024 * 1024


def read_limited(path: Path) -> bytes:
    """The file's bytes, refusing anything over 50 MB."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportRefused(f"无法读取“{path.name}”：{os_reason(exc)}") from None
    if size > MAX_BYTES:
        raise ImportRefused(f"“{path.name}”过大（{size // (1024 * 1024)} MB，上限 50 MB），不是年报文件")
    if size == 0:
        raise ImportRefused(f"“{path.name}”是空文件")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"无法读取“{path.name}”：{os_reason(exc)}") from None


def check_zip(path: Path, what: str) -> None:
    """Refuse a zip container (.docx/.xlsx) that is not one, or whose members would expand to something huge."""
    if not zipfile.is_zipfile(path):
        raise ImportRefused(f"“{path.name}”不是有效的{what}文件（已损坏，或扩展名与内容不符）")
    try:
        check_zip_bounds(path)
    except ReportFileError as exc:
        raise ImportRefused(str(exc)) from None
