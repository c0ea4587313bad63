"""Windows code paths run on Linux through their injectable parts: the local app-data folder, network drives,
the msvcrt single-instance lock, replacing a file open in Excel, and report files saved by Notepad."""

from __future__ import annotations

import errno
import os
from pathlib import Path, PureWindowsPath
from typing import Any

import pytest

from core import datadir
from core.atomic import REPLACE_ATTEMPTS, ExportError, atomic_write
from core.datadir import (
    DRIVE_REMOTE,
    MSVCRT_LOCK_OFFSET,
    DataDirError,
    InstanceLockedError,
    acquire_instance_lock,
    lock_is_held_elsewhere,
    msvcrt_lock,
    msvcrt_unlock,
    resolve_data_dir,
    windows_local_app_data,
)
from core.read.report_file import read_report_file, report_to_json
from core.report import ReportFileError
from tests.factories import full_2021_report

LOCAL = r"C:\Users\张三\AppData\Local"


def no_known_folder() -> str | None:
    return None


# ---- %LOCALAPPDATA% -----------------------------------------------------------------------------------


def test_localappdata_with_a_chinese_user_name_is_used_as_is() -> None:
    assert windows_local_app_data({"LOCALAPPDATA": LOCAL}, known_folder=no_known_folder) == LOCAL
    data = resolve_data_dir({"LOCALAPPDATA": LOCAL}, platform="win32", drive_type=lambda root: 3,
                            known_folder=no_known_folder)
    assert PureWindowsPath(str(data.path)) == PureWindowsPath(LOCAL, "nianbao")
    assert (data.journal_mode, data.portable, data.warning) == ("wal", False, "")


@pytest.mark.parametrize("value", [None, "", "   ", "%LOCALAPPDATA%", "AppData\\Local", "C:AppData"])
def test_missing_or_unusable_localappdata_falls_back_to_the_known_folder(value: str | None) -> None:
    env = {} if value is None else {"LOCALAPPDATA": value}
    env["USERPROFILE"] = r"C:\Users\李四"
    assert windows_local_app_data(env, known_folder=lambda: r"D:\Profiles\张三\AppData\Local") == \
        r"D:\Profiles\张三\AppData\Local"
    # without the shell's answer: the profile's AppData\Local
    assert windows_local_app_data(env, known_folder=no_known_folder) == r"C:\Users\李四\AppData\Local"


def test_homedrive_and_homepath_are_the_last_resort() -> None:
    env = {"HOMEDRIVE": "E:", "HOMEPATH": r"\Users\王五"}
    assert windows_local_app_data(env, known_folder=no_known_folder) == r"E:\Users\王五\AppData\Local"


def test_no_local_app_data_at_all_is_a_chinese_error_naming_the_ways_out() -> None:
    with pytest.raises(DataDirError) as caught:
        resolve_data_dir({}, platform="win32", known_folder=no_known_folder, drive_type=lambda root: 3)
    message = str(caught.value)
    assert "找不到本机应用数据文件夹" in message and "NIANBAO_DATA_DIR" in message and "portable" in message


def test_the_override_and_portable_mode_need_no_local_app_data(tmp_path: Path) -> None:
    data = resolve_data_dir({"NIANBAO_DATA_DIR": r"D:\年报数据"}, platform="win32", drive_type=lambda root: 3,
                            known_folder=no_known_folder)
    assert str(data.path) == r"D:\年报数据"
    (tmp_path / "portable").write_text("", encoding="utf-8")
    data = resolve_data_dir({}, exe_dir=tmp_path, platform="win32", known_folder=no_known_folder)
    assert data.path == tmp_path / "data" and data.portable


# ---- network drives and UNC paths: the rollback journal ------------------------------------------------


def test_a_mapped_network_drive_or_unc_path_gets_the_rollback_journal() -> None:
    roots: list[str] = []

    def drive_type(root: str) -> int:
        roots.append(root)
        return DRIVE_REMOTE if root == "Z:\\" else 3

    mapped = resolve_data_dir({"LOCALAPPDATA": r"Z:\张三\AppData\Local"}, platform="win32", drive_type=drive_type)
    assert mapped.network and mapped.journal_mode == "delete" and "网络位置" in mapped.warning
    unc = resolve_data_dir({"NIANBAO_DATA_DIR": r"\\文件服务器\共享\年报"}, platform="win32", drive_type=drive_type)
    assert unc.network and unc.journal_mode == "delete"
    local = resolve_data_dir({"LOCALAPPDATA": LOCAL}, platform="win32", drive_type=drive_type)
    assert not local.network and local.journal_mode == "wal"
    assert roots == ["Z:\\", "C:\\"]  # a UNC path needs no GetDriveTypeW


# ---- the single-instance lock --------------------------------------------------------------------------


class FakeMsvcrt:
    """msvcrt.locking as Windows does it: ``nbytes`` from the current file position, mandatory for other
    handles, LK_NBLCK fails at once with EACCES, LK_UNLCK fails unless exactly that range is locked."""

    LK_UNLCK, LK_LOCK, LK_NBLCK = 0, 1, 2

    def __init__(self) -> None:
        self.locked: dict[tuple[int, int, int], int] = {}  # (inode, start, length) -> fd
        self.calls: list[tuple[int, int, int]] = []

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        start = os.lseek(fd, 0, os.SEEK_CUR)
        self.calls.append((mode, start, nbytes))
        key = (os.fstat(fd).st_ino, start, nbytes)
        if mode == self.LK_NBLCK:
            if key in self.locked:
                raise PermissionError(errno.EACCES, "Permission denied")
            self.locked[key] = fd
        elif mode == self.LK_UNLCK:
            if self.locked.get(key) != fd:
                raise PermissionError(errno.EACCES, "Permission denied")
            del self.locked[key]
        else:
            raise AssertionError("LK_LOCK waits up to 10 seconds; the lock must not wait")


@pytest.fixture
def fake_msvcrt(monkeypatch: pytest.MonkeyPatch) -> FakeMsvcrt:
    fake = FakeMsvcrt()
    monkeypatch.setattr(datadir, "_lock", lambda fd: msvcrt_lock(fd, fake))
    monkeypatch.setattr(datadir, "_unlock", lambda fd: msvcrt_unlock(fd, fake))
    return fake


def test_msvcrt_lock_one_byte_past_the_pid_and_unlock_that_same_byte(tmp_path: Path, fake_msvcrt: FakeMsvcrt) -> None:
    folder = tmp_path / "数据 张三"
    lock = acquire_instance_lock(folder)
    assert lock.enforced
    pid_text = (folder / "nianbao.lock").read_bytes()
    assert pid_text == f"{os.getpid()}\n".encode()  # readable: far below the locked byte
    assert len(pid_text) < MSVCRT_LOCK_OFFSET
    with pytest.raises(InstanceLockedError) as caught:
        acquire_instance_lock(folder)
    assert "已在运行" in str(caught.value) and str(folder) in str(caught.value)
    lock.release()
    assert fake_msvcrt.locked == {}  # a release that unlocked another range would leave the lock behind
    assert [(mode, start) for mode, start, _ in fake_msvcrt.calls] == [
        (FakeMsvcrt.LK_NBLCK, MSVCRT_LOCK_OFFSET), (FakeMsvcrt.LK_NBLCK, MSVCRT_LOCK_OFFSET),
        (FakeMsvcrt.LK_UNLCK, MSVCRT_LOCK_OFFSET)]
    acquire_instance_lock(folder).release()  # free again


@pytest.mark.parametrize("code", [errno.EAGAIN, errno.EACCES, errno.EDEADLK])
def test_contention_is_another_instance(code: int) -> None:
    assert lock_is_held_elsewhere(OSError(code, "busy"))


def test_windows_lock_violation_is_another_instance() -> None:
    exc = OSError(errno.EINVAL, "lock violation")
    exc.winerror = 33  # type: ignore[attr-defined]
    assert lock_is_held_elsewhere(exc)


@pytest.mark.parametrize("code", [errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EIO])
def test_a_file_system_that_cannot_lock_does_not_claim_another_instance(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    def unsupported(fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(datadir, "_lock", unsupported)
    monkeypatch.setattr(datadir, "_unlock", unsupported)
    lock = acquire_instance_lock(tmp_path)
    assert lock.held and not lock.enforced
    assert (tmp_path / "nianbao.lock").read_text(encoding="utf-8") == f"{os.getpid()}\n"
    lock.release()
    assert not lock.held


# ---- replacing a file open in WPS/Excel ----------------------------------------------------------------


def win_error(winerror: int) -> PermissionError:
    exc = PermissionError(errno.EACCES, "另一个程序正在使用此文件，进程无法访问。")
    exc.winerror = winerror  # type: ignore[attr-defined]
    return exc


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~nianbao-"))


@pytest.mark.parametrize(("winerror", "words"), [(32, "正被其他程序（如 WPS/Excel）打开"), (5, "设为只读")])
def test_a_target_open_in_excel_is_a_chinese_message_and_the_temporary_file_goes(
        tmp_path: Path, winerror: int, words: str) -> None:
    target = tmp_path / "2023年报.xlsx"
    target.write_bytes(b"old")
    pauses: list[float] = []

    def refuse(src: str, dst: str) -> None:
        assert Path(src).read_bytes() == b"new" and dst == str(target)
        raise win_error(winerror)

    with pytest.raises(ExportError) as caught:
        atomic_write(target, lambda stream: stream.write(b"new"), replace=refuse, sleep=pauses.append)
    assert str(caught.value).startswith("无法覆盖“2023年报.xlsx”：") and words in str(caught.value)
    assert "WinError" not in str(caught.value)
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == []
    assert len(pauses) == REPLACE_ATTEMPTS - 1


def test_a_scanner_holding_the_file_for_a_moment_is_waited_for(tmp_path: Path) -> None:
    target = tmp_path / "年报.json"
    target.write_bytes(b"old")
    attempts: list[str] = []
    pauses: list[float] = []

    def busy_twice(src: str, dst: str) -> None:
        attempts.append(dst)
        if len(attempts) <= 2:
            raise win_error(32)
        os.replace(src, dst)

    atomic_write(target, lambda stream: stream.write(b"new"), replace=busy_twice, sleep=pauses.append)
    assert target.read_bytes() == b"new" and leftovers(tmp_path) == []
    assert len(attempts) == 3 and pauses == [0.1, 0.2]


def test_other_rename_failures_are_not_retried(tmp_path: Path) -> None:
    pauses: list[float] = []

    def full(src: str, dst: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(ExportError, match="磁盘空间不足"):
        atomic_write(tmp_path / "a.json", lambda stream: stream.write(b"x"), replace=full, sleep=pauses.append)
    assert pauses == [] and leftovers(tmp_path) == []


# ---- report files saved by Windows Notepad -------------------------------------------------------------


def test_notepad_utf8_with_bom_and_crlf_under_a_chinese_name(tmp_path: Path) -> None:
    report = full_2021_report()
    report.texts["other"] = "第一行\r\n第二行 𠀀"
    path = tmp_path / "某某县教育局 2023 年报（定稿前）.json"
    path.write_bytes(b"\xef\xbb\xbf" + report_to_json(report).replace("\n", "\r\n").encode("utf-8"))
    loaded = read_report_file(path)
    assert loaded.texts == report.texts and loaded.cells == report.cells and loaded.agency == report.agency


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_an_ansi_file_gets_the_save_as_utf8_advice(tmp_path: Path, encoding: str) -> None:
    text = report_to_json(full_2021_report()).replace("\n", "\r\n")
    if encoding == "gb18030":  # a character outside GBK: four bytes in GB 18030
        text = text.replace("示例市", "𠀀示例市")
    path = tmp_path / "年报.json"
    path.write_bytes(text.encode(encoding))
    with pytest.raises(ReportFileError) as caught:
        read_report_file(path)
    assert str(caught.value) == ("年报.json：不是有效的 UTF-8 文本（可能是 GBK 编码），"
                                 "请用记事本“另存为”UTF-8 编码后再试")


def test_self_test_names_a_missing_local_app_data_folder_in_chinese(monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path: Path) -> None:
    from nianbao import selftest

    def no_folder(*args: Any, **kwargs: Any) -> datadir.DataDir:
        if args and args[0].get("NIANBAO_DATA_DIR"):
            return real_resolve(*args, **kwargs)
        raise DataDirError("找不到本机应用数据文件夹（环境变量 LOCALAPPDATA 和 USERPROFILE 都未设置）。")

    real_resolve = datadir.resolve_data_dir
    monkeypatch.setattr(datadir, "resolve_data_dir", no_folder)
    lines: list[str] = []
    out = type("Out", (), {"write": lambda self, text: lines.append(text), "flush": lambda self: None})()
    failures = selftest.run_steps([("数据文件夹", selftest.step_data_folder)], tmp_path, out)  # type: ignore[arg-type]
    assert failures == 1
    assert "✗ 数据文件夹：找不到本机应用数据文件夹（环境变量 LOCALAPPDATA 和 USERPROFILE 都未设置）。" in "".join(lines)
