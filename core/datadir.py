"""Where the data lives: folder resolution, network-path detection and the single-instance lock."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import TracebackType
from typing import Any

from core import APP_NAME
from core.wording import os_reason

ENV_DATA_DIR = "NIANBAO_DATA_DIR"
PORTABLE_MARKER = "portable"
LOCK_NAME = "nianbao.lock"
WRITE_TEST_PREFIX = ".nianbao-write-test-"  # + the pid
DRIVE_REMOTE = 4  # GetDriveTypeW's value for a mapped network drive

# Mount types whose files live on another machine (or behind a user-space bridge that may be one).
_NETWORK_FS = {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "sshfs", "afs", "9p", "ncpfs", "davfs"}

NETWORK_WARNING = (
    "数据文件夹位于网络位置（{path}）。网络盘上数据库容易损坏或变慢，"
    "已改用较稳妥的日志模式；建议将数据文件夹改到本机硬盘（例如 C:\\ 或 D:\\ 下的本地文件夹）。"
)
UNLOCKED_WARNING = (
    "数据文件夹所在的磁盘不支持文件锁，程序无法阻止另一台电脑或另一个窗口同时打开同一数据文件夹；"
    "请确保同一时间只打开一个 nianbao，以免两边的修改互相覆盖。"
)
LOCKED_MESSAGE = "nianbao 已在运行（同一数据文件夹），请切换到已打开的窗口"


class DataDirError(OSError):
    """The data folder cannot be created or used; ``str(exc)`` is a Chinese message."""


class InstanceLockedError(RuntimeError):
    """Another nianbao process already uses this data folder."""


@dataclass(frozen=True)
class DataDir:
    """The resolved data folder and why it was chosen."""

    path: Path
    portable: bool
    network: bool
    reason: str  # Chinese, shown in the About dialog and the self-test

    @property
    def warning(self) -> str:
        """A Chinese warning when the folder is on a network drive, else ``""``."""
        return NETWORK_WARNING.format(path=self.path) if self.network else ""

    @property
    def journal_mode(self) -> str:
        """The SQLite journal mode to use here."""
        return "delete" if self.network else "wal"

    def ensure(self) -> Path:
        """Create the folder if needed, check that files can be written in it, and return it."""
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = os_reason(exc, "写入")
            raise DataDirError(f"无法创建数据文件夹：{self.path}（{reason}）。{self._advice()}") from None
        probe = self.path / f"{WRITE_TEST_PREFIX}{os.getpid()}"
        try:
            fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            try:
                os.write(fd, b"nianbao")
            finally:
                os.close(fd)
        except OSError as exc:
            reason = os_reason(exc, "写入")
            raise DataDirError(f"数据文件夹不能写入：{self.path}（{reason}）。{self._advice()}") from None
        finally:  # created but not written (a full disk): never left behind
            with contextlib.suppress(OSError):
                probe.unlink()
        return self.path

    def _advice(self) -> str:
        if self.portable:
            return ("便携模式下数据保存在程序旁的 data 文件夹，请把程序文件夹复制到可以写入的位置"
                    "（例如 D 盘或未写保护的 U 盘），或删除程序旁的 portable 文件")
        return f"请检查文件夹权限，或设置环境变量 {ENV_DATA_DIR} 指定一个可以写入的本地文件夹"


# ---- resolution -----------------------------------------------------------------------------


def executable_dir() -> Path | None:
    """The folder of the frozen executable, or ``None`` when running from source."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return None


def resolve_data_dir(env: Mapping[str, str] = os.environ, exe_dir: Path | None = None,
                     platform: str = sys.platform, local_appdata: str | None = None,
                     drive_type: Callable[[str], int] | None = None,
                     known_folder: Callable[[], str | None] | None = None) -> DataDir:
    """The data folder: NIANBAO_DATA_DIR, else ``<exe>/data`` in portable mode, else local app data.

    ``known_folder`` stands in for Windows' SHGetKnownFolderPath(FOLDERID_LocalAppData), asked when the
    LOCALAPPDATA variable is missing (a program started by a service or a scheduler may not have it).

    Raises:
        DataDirError: on Windows, no local application-data folder can be found at all (Chinese message).
    """
    exe_dir = exe_dir if exe_dir is not None else executable_dir()
    override = env.get(ENV_DATA_DIR, "").strip()
    if override:
        path, portable, reason = Path(override).expanduser(), False, f"由环境变量 {ENV_DATA_DIR} 指定"
    elif exe_dir is not None and is_portable(Path(exe_dir)):
        path, portable, reason = Path(exe_dir) / "data", True, "便携模式（程序旁有 portable 文件）"
    else:
        path, portable = _local_app_data(env, platform, local_appdata, known_folder), False
        reason = "本机应用数据文件夹"
    return DataDir(path, portable, is_network_path(path, platform=platform, drive_type=drive_type), reason)


def is_portable(exe_dir: Path) -> bool:
    """A ``portable`` file beside the executable; ``portable.txt`` too, which is what Windows Explorer makes of
    "新建文本文档" renamed to portable when file extensions are hidden (its default)."""
    return any((exe_dir / name).is_file() for name in (PORTABLE_MARKER, PORTABLE_MARKER + ".txt"))


def _local_app_data(env: Mapping[str, str], platform: str, local_appdata: str | None,
                    known_folder: Callable[[], str | None] | None = None) -> Path:
    if platform == "win32":
        return Path(windows_local_app_data(env, local_appdata, known_folder)) / APP_NAME
    if platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    xdg = env.get("XDG_DATA_HOME", "").strip()
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path(env.get("HOME") or Path.home()) / ".local" / "share"
    return base / APP_NAME


def windows_local_app_data(env: Mapping[str, str], local_appdata: str | None = None,
                           known_folder: Callable[[], str | None] | None = None) -> str:
    """``C:\\Users\\<user>\\AppData\\Local``: LOCALAPPDATA, else the shell's known folder, else the profile's.

    Only an absolute path counts (an empty or unexpanded ``%LOCALAPPDATA%`` would put the data beside
    whatever folder the program was started in). Never APPDATA: roaming profiles are often redirected to
    a network share. The user name in the path may be Chinese; Python's wide-character file functions and
    SQLite (UTF-8 file names) handle it.
    """
    candidates = [local_appdata, env.get("LOCALAPPDATA")]
    candidates.append((known_folder or _windows_known_local_app_data)())
    for profile in (env.get("USERPROFILE"), (env.get("HOMEDRIVE") or "") + (env.get("HOMEPATH") or "")):
        if profile and _windows_absolute(profile.strip()):
            candidates.append(str(PureWindowsPath(profile.strip(), "AppData", "Local")))
    for candidate in candidates:
        if candidate and _windows_absolute(candidate.strip()):
            return candidate.strip()
    raise DataDirError("找不到本机应用数据文件夹（环境变量 LOCALAPPDATA 和 USERPROFILE 都未设置）。"
                       f"请设置环境变量 {ENV_DATA_DIR} 指定一个可以写入的本地文件夹，"
                       "或在程序旁放一个名为 portable 的空文件使用便携模式")


def _windows_absolute(text: str) -> bool:
    """``C:\\x`` or ``\\\\server\\share\\x``; not ``C:x``, ``\\x`` or ``%LOCALAPPDATA%``."""
    path = PureWindowsPath(text)
    return path.is_absolute() and "%" not in text


def _windows_known_local_app_data() -> str | None:
    """SHGetKnownFolderPath(FOLDERID_LocalAppData), or None (not on Windows, or the call failed)."""
    import ctypes

    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return None
    from ctypes import wintypes

    class _Guid(ctypes.Structure):
        _fields_ = [("data1", wintypes.DWORD), ("data2", wintypes.WORD), ("data3", wintypes.WORD),
                    ("data4", ctypes.c_ubyte * 8)]

    # FOLDERID_LocalAppData {F1B32785-6FBA-4FCF-9D55-7B8E7F157091}
    guid = _Guid(0xF1B32785, 0x6FBA, 0x4FCF, (ctypes.c_ubyte * 8)(0x9D, 0x55, 0x7B, 0x8E, 0x7F, 0x15, 0x70, 0x91))
    out = ctypes.c_wchar_p()
    try:
        result = windll.shell32.SHGetKnownFolderPath(ctypes.byref(guid), 0, None, ctypes.byref(out))
        try:
            return out.value if result == 0 else None
        finally:
            windll.ole32.CoTaskMemFree(out)
    except (OSError, AttributeError):
        return None


# ---- network paths ----------------------------------------------------------------------------


def is_network_path(path: str | os.PathLike[str], *, platform: str = sys.platform,
                    drive_type: Callable[[str], int] | None = None, mounts: str | None = None) -> bool:
    """True for UNC paths, mapped network drives (Windows) and network mounts (Linux /proc/mounts)."""
    text = os.fspath(path)
    if platform == sys.platform and not _is_unc(text):
        text = os.path.abspath(text)  # a relative NIANBAO_DATA_DIR lies on the current drive
    if _is_unc(text):
        return True
    if platform == "win32":
        if text.startswith(("\\\\?\\", "//?/")):  # \\?\Z:\... is still on drive Z:
            text = text[4:]
        drive = PureWindowsPath(text).drive
        if len(drive) != 2 or drive[1] != ":":
            return False
        return (drive_type or _windows_drive_type)(drive + "\\") == DRIVE_REMOTE
    if platform.startswith("linux"):
        if mounts is None:
            try:
                mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
            except OSError:
                return False
        fstype = _mount_type(os.path.realpath(text), mounts)
        return fstype in _NETWORK_FS or fstype.startswith("fuse.")
    return False


def _is_unc(text: str) -> bool:
    if text.startswith(("\\\\?\\", "//?/")):  # long-path prefix: only \\?\UNC\ is a network path
        return text[4:].upper().startswith("UNC")
    return text.startswith(("\\\\", "//")) and len(text) > 2 and text[2] not in "\\/"


def _windows_drive_type(root: str) -> int:
    import ctypes

    windll = getattr(ctypes, "windll", None)
    if windll is None:  # a Windows path examined on another system: the drive type is unknown
        return 0
    return int(windll.kernel32.GetDriveTypeW(root))


def _unescape_mount(field: str) -> str:
    # /proc/mounts escapes space, tab, newline and backslash as octal (\040 ...).
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1:i + 4].isdigit():
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def _mount_type(path: str, mounts: str) -> str:
    """The file-system type of the longest mount point containing ``path``."""
    best, best_type = -1, ""
    target = PurePosixPath(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = PurePosixPath(_unescape_mount(fields[1]))
        if (target == point or point in target.parents) and len(point.parts) > best:
            best, best_type = len(point.parts), fields[2]
    return best_type


def journal_mode_for(path: str | os.PathLike[str], *, platform: str = sys.platform,
                     drive_type: Callable[[str], int] | None = None, mounts: str | None = None) -> str:
    """``"delete"`` on a network path (WAL needs local shared memory), ``"wal"`` otherwise."""
    network = is_network_path(path, platform=platform, drive_type=drive_type, mounts=mounts)
    return "delete" if network else "wal"


def network_warning(path: str | os.PathLike[str]) -> str:
    """The Chinese warning shown when the data folder is on a network path."""
    return NETWORK_WARNING.format(path=os.fspath(path))


# ---- single instance ---------------------------------------------------------------------------


class InstanceLock:
    """An OS file lock on ``<data>/nianbao.lock``, held while the application runs."""

    def __init__(self, path: Path, fd: int, *, enforced: bool = True) -> None:
        self.path = path
        self._fd: int | None = fd
        self.enforced = enforced  # False where the file system cannot lock: a second instance is not stopped

    @property
    def held(self) -> bool:
        """True until released."""
        return self._fd is not None

    def release(self) -> None:
        """Give the lock up (the OS also does so when the process ends, even after a crash)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def acquire_instance_lock(data_dir: str | os.PathLike[str]) -> InstanceLock:
    """Lock the data folder for this process; raises InstanceLockedError when another holds it.

    A file system that cannot lock at all (some network or FUSE mounts answer ENOLCK or EOPNOTSUPP) does
    not stop the program: the lock is then not enforced (``InstanceLock.enforced`` is False).
    """
    folder = Path(data_dir)
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_NAME, flags, 0o644)
    except OSError as exc:
        raise DataDirError(f"无法在数据文件夹中创建锁文件：{folder}（{os_reason(exc, '写入')}）。"
                           f"请检查文件夹权限，或设置环境变量 {ENV_DATA_DIR} 指定一个可以写入的本地文件夹") from None
    enforced = True
    try:
        _lock(fd)
    except OSError as exc:
        if lock_is_held_elsewhere(exc):
            os.close(fd)
            raise InstanceLockedError(f"{LOCKED_MESSAGE}。\n数据文件夹：{folder}") from None
        enforced = False
    # The pid is only a hint for a person looking at the folder; the lock itself is what counts. It is
    # written at offset 0, never over the byte msvcrt locks (which no other process could then read).
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n".encode())
    return InstanceLock(folder / LOCK_NAME, fd, enforced=enforced)


# flock: EWOULDBLOCK (= EAGAIN). msvcrt.locking(LK_NBLCK): EACCES; LK_LOCK after its retries: EDEADLOCK.
_HELD_ERRNOS = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK,
                getattr(errno, "EDEADLOCK", errno.EDEADLK)}
_LOCK_VIOLATION = (33, 32)  # ERROR_LOCK_VIOLATION, ERROR_SHARING_VIOLATION


def lock_is_held_elsewhere(exc: OSError) -> bool:
    """True when a lock attempt failed because another process holds the lock (not because locks are
    unsupported or the disk failed)."""
    return exc.errno in _HELD_ERRNOS or getattr(exc, "winerror", None) in _LOCK_VIOLATION


# msvcrt locks a byte range starting at the file position, and Windows enforces it: no other process may
# read or write a locked byte. So lock one byte far past the pid text, and unlock exactly that byte again.
MSVCRT_LOCK_OFFSET = 1 << 20


def msvcrt_lock(fd: int, msvcrt_module: Any) -> None:
    """Lock without waiting (LK_NBLCK; LK_LOCK would retry for 10 seconds): OSError when held elsewhere."""
    os.lseek(fd, MSVCRT_LOCK_OFFSET, os.SEEK_SET)
    msvcrt_module.locking(fd, msvcrt_module.LK_NBLCK, 1)


def msvcrt_unlock(fd: int, msvcrt_module: Any) -> None:
    """Unlock the byte ``msvcrt_lock`` locked (the position moved when the pid was written)."""
    os.lseek(fd, MSVCRT_LOCK_OFFSET, os.SEEK_SET)
    msvcrt_module.locking(fd, msvcrt_module.LK_UNLCK, 1)


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt_lock(fd, msvcrt)

    def _unlock(fd: int) -> None:
        msvcrt_unlock(fd, msvcrt)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
