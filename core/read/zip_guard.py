"""Refuse zip-based documents (.xlsx, .docx) whose unpacked content is out of proportion, before parsing.

A 6 MB zip bomb unpacks to gigabytes; openpyxl would build all of it in memory. The limits are read from the
archive's directory (``infolist``); Python's zipfile never inflates an entry past its declared size (a lying
header ends in a CRC error, not in more data), so the declared sizes bound what a parser can be handed.
"""

from __future__ import annotations

import contextlib
import os
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from core.report import ReportFileError


@dataclass(frozen=True)
class ZipLimits:
    """Bounds for one archive: total unpacked bytes, number of entries, unpacked/packed ratio per large entry."""

    max_total: int = 200 * 1024 * 1024  # an exported report workbook unpacks to well under 1 MB
    max_entries: int = 10_000
    max_ratio: int = 200  # XML compresses 10–30×; a bomb's entries 1,000× and more
    ratio_floor: int = 1024 * 1024  # small entries may compress very well (a sheet of blank cells)


DEFAULT_LIMITS = ZipLimits()


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def check_zip(source: str | os.PathLike[str] | IO[bytes], limits: ZipLimits = DEFAULT_LIMITS) -> None:
    """Raise ReportFileError (Chinese, ``<file name>：…``) when the archive unpacks to more than ``limits`` allow.

    ``source`` is a path or a seekable binary stream (left at its start). A file that is not a zip archive
    at all is not this function's concern and passes; the parser says what is wrong with it.
    """
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    finally:
        _rewind(source)
    problem = zip_problem(infos, limits)
    if problem is not None:
        name = os.path.basename(str(getattr(source, "name", source))) or "文件"
        raise ReportFileError(f"{name}：文件解压后{problem}，不是正常的报告文件（可能已损坏或是恶意构造的压缩文件），"
                              "已拒绝读取")


def zip_problem(infos: list[zipfile.ZipInfo], limits: ZipLimits = DEFAULT_LIMITS) -> str | None:
    """Why these archive entries are out of bounds (Chinese, after 解压后), or None."""
    if len(infos) > limits.max_entries:
        return f"包含 {len(infos)} 个部件（上限 {limits.max_entries} 个）"
    total = sum(info.file_size for info in infos)
    if total > limits.max_total:
        return f"达 {_mb(total)}（上限 {_mb(limits.max_total)}）"
    for info in infos:
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            return f"部件“{info.filename}”被压缩了 {ratio} 倍（正常文件不超过 {limits.max_ratio} 倍）"
    return None


def _rewind(source: Any) -> None:
    if hasattr(source, "seek"):
        with contextlib.suppress(OSError, ValueError):
            source.seek(0)
