"""Atomic file writes (a temporary file beside the target, then a rename), with Chinese reasons for OS errors."""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, cast

from core.wording import os_reason


class ExportError(OSError):
    """A file could not be written; ``str(exc)`` is a Chinese message the officer can act on."""


def file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file (Chinese), or None when it is a regular file."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "文件不存在（找不到文件，请检查文件名和所在文件夹）"
    except OSError as exc:
        return os_reason(exc)
    except ValueError:  # an embedded NUL character
        return "文件名中有不允许的字符"
    if stat.S_ISDIR(info.st_mode):
        return "这是一个文件夹"
    if not stat.S_ISREG(info.st_mode):
        return "这不是普通文件"
    return None


def _display(path: Path) -> str:
    return path.name or str(path)


# Windows: an antivirus scanner or the search indexer often holds a just-written file for a moment, so a
# rename that fails with "access denied" / "in use" is tried again a few times before the user is told.
REPLACE_ATTEMPTS = 5
REPLACE_PAUSE = 0.1  # seconds, doubled each time: 0.1 + 0.2 + 0.4 + 0.8 = 1.5 s at most


def replace_retrying(src: str, dst: str, *, replace: Callable[[str, str], None] | None = None,
                     sleep: Callable[[float], None] | None = None) -> None:
    """``os.replace`` that retries a PermissionError (WinError 5 or 32) a few times, then raises it."""
    replace = replace or os.replace
    sleep = sleep or time.sleep
    pause = REPLACE_PAUSE
    for attempt in range(REPLACE_ATTEMPTS):
        try:
            replace(src, dst)
            return
        except PermissionError:
            if attempt == REPLACE_ATTEMPTS - 1:
                raise
        sleep(pause)
        pause *= 2


def atomic_write(path: Path, write: Callable[[BinaryIO], object], *,
                 replace: Callable[[str, str], None] | None = None,
                 sleep: Callable[[float], None] | None = None) -> None:
    """Call ``write(stream)`` on a temporary file and move it over ``path`` only if all went well.

    The new file gets the permissions any new file gets (0666 less the umask); an overwritten file keeps
    its own. ``replace`` and ``sleep`` stand in for ``os.replace`` and ``time.sleep`` in tests.

    Raises:
        ExportError: the folder is missing or read-only, the target is a folder or open in WPS/Excel, the
            disk is full (Chinese message).
    """
    path = _through_links(Path(path))
    mode = _target_mode(path)
    fd, tmp = _create_temporary(path)
    try:
        with os.fdopen(fd, "wb") as stream:
            guard = _Guarded(stream)
            try:
                write(cast(BinaryIO, guard))  # a _Guarded passes every other call through to the file
            finally:
                guard.disarm()  # a writer left half-open (a ZipFile) can no longer touch the file
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None and os.name == "posix":  # Windows has only a read-only flag, which blocks the clean-up
            with contextlib.suppress(OSError):  # a file system without modes (FAT on a USB stick) keeps its own
                os.chmod(tmp, mode)
        try:
            replace_retrying(tmp, os.fspath(path), replace=replace, sleep=sleep)
        except PermissionError as exc:
            raise ExportError(_replace_refused(path, exc)) from None
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, ExportError):
            raise
        raise ExportError(f"写入“{_display(path)}”失败：{os_reason(exc, '写入')}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _through_links(path: Path) -> Path:
    """The file a symbolic link points to (written in its place, as editors do), else ``path`` itself."""
    if not os.path.islink(path):
        return path
    return Path(os.path.realpath(path))


class _Guarded:
    """The stream a writer gets: after the write, every call is a no-op, so that a writer object left open by
    an error (openpyxl's ZipFile, closed by the garbage collector) cannot print a traceback or write again."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream: BinaryIO | None = stream
        self._position = 0

    def disarm(self) -> None:
        """Cut the writer off from the file."""
        if self._stream is not None:
            with contextlib.suppress(OSError, ValueError):
                self._position = self._stream.tell()
        self._stream = None

    def write(self, data: bytes) -> int:
        """Write, or pretend to once disarmed."""
        return self._stream.write(data) if self._stream is not None else len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        """Seek, or stay put once disarmed."""
        return self._stream.seek(offset, whence) if self._stream is not None else self._position

    def tell(self) -> int:
        """The position."""
        return self._stream.tell() if self._stream is not None else self._position

    def flush(self) -> None:
        """Flush (nothing once disarmed)."""
        if self._stream is not None:
            self._stream.flush()

    def close(self) -> None:
        """The file is closed by atomic_write, never by the writer."""

    def __getattr__(self, name: str):
        if self._stream is None:
            raise ValueError("I/O operation on closed file.")
        return getattr(self._stream, name)


def _replace_refused(path: Path, exc: PermissionError) -> str:
    """Why the finished file could not take the target's place (Windows: WinError 32 in use, 5 denied)."""
    name = _display(path)
    if getattr(exc, "winerror", None) in (32, 33):
        return f"无法覆盖“{name}”：文件正被其他程序（如 WPS/Excel）打开，请关闭该文件后重试"
    if os.path.isdir(path):
        return f"无法覆盖“{name}”：这是一个文件夹，请另选文件名"
    return (f"无法覆盖“{name}”：文件正在被 WPS/Excel 打开、设为只读，或没有写入此文件夹的权限；"
            "请关闭该文件（或去掉只读属性）后重试")


def _target_mode(path: Path) -> int | None:
    """The mode an existing target keeps; None for a new file; ExportError when the target cannot be a file."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise ExportError(f"“{path}”的路径中有一级不是文件夹") from None
    except OSError:
        return None  # the rename will say what is wrong
    if stat.S_ISDIR(info.st_mode):
        raise ExportError(f"“{path}”是一个已有的文件夹，请另选文件名")
    if not stat.S_ISREG(info.st_mode):
        raise ExportError(f"“{path}”不是普通文件，请另选文件名")
    return stat.S_IMODE(info.st_mode)


def _create_temporary(path: Path) -> tuple[int, str]:
    """A new empty file beside ``path``, created with 0666 so the umask applies as to any new file."""
    folder = path.parent
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
    for _ in range(100):
        tmp = os.path.join(folder, f".~nianbao-{os.urandom(6).hex()}.tmp")  # secrets.token_hex, without hmac
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
        except FileNotFoundError:
            raise ExportError(f"文件夹不存在：{folder}") from None
        except NotADirectoryError:
            raise ExportError(f"“{path}”的路径中有一级不是文件夹") from None
        except PermissionError:
            raise ExportError(f"没有权限在此文件夹中写入文件：{folder}，请换一个文件夹") from None
        except OSError as exc:
            raise ExportError(f"无法在文件夹“{folder}”中写入文件：{os_reason(exc, '写入')}") from None
    raise ExportError(f"无法在文件夹“{folder}”中创建临时文件，请换一个文件夹")
