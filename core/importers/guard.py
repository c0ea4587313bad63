"""Safety checks before any parser sees a source: size, zip bombs.

``check_zip`` is local for now; the "files" helper is writing a shared zip guard for workbooks, and this
function is the one place to switch to it once it lands.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from core.importers.blocks import ImportRefused

MAX_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED = 200 * 1024 * 1024  # all members together, uncompressed
MAX_RATIO = 200  # uncompressed / compressed for any one sizeable member
MAX_MEMBERS = 10_000


def read_limited(path: Path) -> bytes:
    """The file's bytes, refusing anything over 50 MB."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportRefused(f"无法读取“{path.name}”：{exc.strerror or '文件不存在或无权限'}") from None
    if size > MAX_BYTES:
        raise ImportRefused(f"“{path.name}”过大（{size // (1024 * 1024)} MB，上限 50 MB），不是年报文件")
    if size == 0:
        raise ImportRefused(f"“{path.name}”是空文件")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"无法读取“{path.name}”：{exc.strerror or '读取失败'}") from None


def check_zip(path: Path, what: str) -> None:
    """Refuse a zip container (.docx/.xlsx) whose members would expand to something huge."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportRefused(f"“{path.name}”不是有效的{what}文件（已损坏，或扩展名与内容不符）") from None
    if len(infos) > MAX_MEMBERS:
        raise ImportRefused(f"“{path.name}”内部文件过多，疑似恶意构造的压缩文件，已拒绝")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ImportRefused(f"“{path.name}”压缩比异常（疑似“压缩炸弹”），已拒绝")
    if total > MAX_UNZIPPED:
        raise ImportRefused(f"“{path.name}”解压后过大（疑似“压缩炸弹”），已拒绝")
