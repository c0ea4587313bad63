"""Atomic file writes: a temporary file beside the target, then a rename; never a half-written file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


class ExportError(OSError):
    """A file could not be written; ``str(exc)`` is a Chinese message the officer can act on."""


def atomic_write(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Call ``write(stream)`` on a temporary file and move it over ``path`` only if all went well.

    Raises:
        ExportError: the folder is read-only, the target is open in WPS/Excel, or the disk is full.
    """
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".~nianbao-", suffix=".tmp", dir=path.parent)
    except FileNotFoundError:
        raise ExportError(f"文件夹不存在：{path.parent}") from None
    except PermissionError:
        raise ExportError(f"没有权限在此文件夹中写入文件：{path.parent}，请换一个文件夹") from None
    try:
        with os.fdopen(fd, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.replace(tmp, path)
        except PermissionError:
            raise ExportError(f"无法覆盖“{path.name}”：文件正在被 WPS/Excel 打开或为只读，请关闭后重试") from None
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, ExportError):
            raise
        raise ExportError(f"写入“{path.name}”失败：{exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
