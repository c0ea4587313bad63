"""Data folder resolution, network detection and the single-instance lock (no real home folder touched)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from core.store.datadir import (
    DRIVE_REMOTE,
    LOCK_NAME,
    InstanceLockedError,
    acquire_instance_lock,
    is_network_path,
    journal_mode_for,
    network_warning,
    resolve_data_dir,
)

MOUNTS = textwrap.dedent("""\
    /dev/sda1 / ext4 rw,relatime 0 0
    tmpfs /tmp tmpfs rw 0 0
    //fs01/共享 /mnt/share cifs rw,vers=3.0 0 0
    fs02:/export /srv/nfs nfs4 rw 0 0
    me@host:/home /home/u/remote fuse.sshfs rw 0 0
    /dev/sdb1 /media/u/My\\040Disk vfat rw 0 0
    """)


def test_env_override_wins(tmp_path: Path) -> None:
    exe = tmp_path / "app"
    exe.mkdir()
    (exe / "portable").write_text("", encoding="utf-8")
    dd = resolve_data_dir({"NIANBAO_DATA_DIR": str(tmp_path / "数据")}, exe_dir=exe, platform="linux")
    assert dd.path == tmp_path / "数据"
    assert not dd.portable
    assert "NIANBAO_DATA_DIR" in dd.reason


def test_portable_marker_beside_executable(tmp_path: Path) -> None:
    exe = tmp_path / "张三的U盘" / "nianbao"
    exe.mkdir(parents=True)
    assert not resolve_data_dir({}, exe_dir=exe, platform="linux", local_appdata=None).portable
    (exe / "portable").write_text("", encoding="utf-8")
    dd = resolve_data_dir({"HOME": str(tmp_path)}, exe_dir=exe, platform="linux")
    assert dd.portable
    assert dd.path == exe / "data"
    assert "便携" in dd.reason


def test_windows_uses_local_not_roaming_app_data(tmp_path: Path) -> None:
    env = {"APPDATA": r"\\fs01\profiles\张三\AppData\Roaming", "LOCALAPPDATA": r"C:\Users\张三\AppData\Local"}
    dd = resolve_data_dir(env, exe_dir=None, platform="win32", drive_type=lambda root: 3)
    assert str(dd.path).replace("/", "\\") == r"C:\Users\张三\AppData\Local\nianbao"
    explicit = resolve_data_dir(env, exe_dir=None, platform="win32", local_appdata=r"D:\本地")
    assert str(explicit.path).replace("/", "\\") == r"D:\本地\nianbao"


def test_linux_uses_xdg_data_home_or_local_share(tmp_path: Path) -> None:
    dd = resolve_data_dir({"XDG_DATA_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path)}, platform="linux")
    assert dd.path == tmp_path / "xdg" / "nianbao"
    dd = resolve_data_dir({"HOME": str(tmp_path)}, platform="linux")
    assert dd.path == tmp_path / ".local" / "share" / "nianbao"
    assert dd.journal_mode == "wal" and dd.warning == ""


@pytest.mark.parametrize("path", [r"\\fs01\共享\nianbao", "//fs01/share/nianbao", r"\\?\UNC\fs01\share\x"])
def test_unc_paths_are_network(path: str) -> None:
    assert is_network_path(path, platform="win32", drive_type=lambda root: 3)
    assert journal_mode_for(path, platform="win32", drive_type=lambda root: 3) == "delete"


def test_mapped_drive_is_network_local_drive_is_not() -> None:
    seen: list[str] = []

    def drive_type(root: str) -> int:
        seen.append(root)
        return DRIVE_REMOTE if root.upper().startswith("Z") else 3

    assert is_network_path(r"Z:\数据\nianbao", platform="win32", drive_type=drive_type)
    assert not is_network_path(r"C:\Users\张三\AppData\Local\nianbao", platform="win32", drive_type=drive_type)
    assert not is_network_path(r"\\?\C:\Users\x", platform="win32", drive_type=drive_type)
    assert is_network_path(r"\\?\Z:\数据\nianbao", platform="win32", drive_type=drive_type)  # long-path form
    assert seen == ["Z:\\", "C:\\", "C:\\", "Z:\\"]


@pytest.mark.parametrize(("path", "network"), [
    ("/mnt/share/nianbao", True), ("/srv/nfs/a/b", True), ("/home/u/remote/x", True),
    ("/home/u/.local/share/nianbao", False), ("/tmp/x", False), ("/media/u/My Disk/nianbao", False),
    ("/mnt/sharex", False),
])
def test_linux_mount_types(path: str, network: bool) -> None:
    assert is_network_path(path, platform="linux", mounts=MOUNTS) is network
    assert journal_mode_for(path, platform="linux", mounts=MOUNTS) == ("delete" if network else "wal")


def test_network_data_dir_carries_a_chinese_warning() -> None:
    dd = resolve_data_dir({"NIANBAO_DATA_DIR": r"\\fs01\共享\年报"}, platform="win32")
    assert dd.network and dd.journal_mode == "delete"
    assert "网络" in dd.warning and "本机" in dd.warning and r"\\fs01\共享\年报" in dd.warning
    assert network_warning("/mnt/share").startswith("数据文件夹位于网络位置")


def test_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    folder = tmp_path / "C盘" / "Users" / "张三" / "数据"
    lock = acquire_instance_lock(folder)
    assert (folder / LOCK_NAME).is_file()
    with pytest.raises(InstanceLockedError, match="已在运行（同一数据文件夹）"):
        acquire_instance_lock(folder)
    lock.release()
    assert not lock.held
    with acquire_instance_lock(folder) as again:
        assert again.held
    acquire_instance_lock(folder).release()


def test_lock_blocks_another_process(tmp_path: Path) -> None:
    folder = tmp_path / "数据"
    script = (
        "import sys\n"
        "from core.store.datadir import acquire_instance_lock, InstanceLockedError\n"
        "try:\n"
        "    acquire_instance_lock(sys.argv[1])\n"
        "except InstanceLockedError as exc:\n"
        "    print(exc)\n"
        "    sys.exit(3)\n"
    )
    run = [sys.executable, "-c", script, str(folder)]
    with acquire_instance_lock(folder):
        other = subprocess.run(run, capture_output=True, text=True, encoding="utf-8", timeout=30)
        assert other.returncode == 3, other.stderr
        assert "请切换到已打开的窗口" in other.stdout
    free = subprocess.run(run, capture_output=True, text=True, encoding="utf-8", timeout=30)
    assert free.returncode == 0, free.stdout + free.stderr


def test_relative_path_is_judged_where_it_really_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    mounts = f"/dev/sda1 / ext4 rw 0 0\nfs:/x {tmp_path} nfs rw 0 0\n"
    assert is_network_path("数据", platform=sys.platform, mounts=mounts) is sys.platform.startswith("linux")
