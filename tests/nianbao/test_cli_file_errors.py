"""Files the command line cannot read or write: one Chinese reason each, in text and JSON, never English."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from factories import full_2021_report

from core.atomic import ExportError, atomic_write
from core.read.report_file import write_report_file
from nianbao.cli import main

ROOT = Path(__file__).parents[2]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
# Words that may appear in a Chinese message: format and product names, and the rule id.
_ALLOWED = {"UTF", "GBK", "JSON", "Excel", "xlsx", "xls", "WPS", "READ", "Unicode", "json", "pdf", "uXXXX",
            "NIANBAO", "DEBUG", "agency", "nianbao", "export", "help", "MB", "txt"}


# Root reads and writes whatever the modes say; without these capabilities it is refused like a clerk.
_AS_CLERK = ["setpriv", "--bounding-set=-dac_override,-dac_read_search",
             "--inh-caps=-dac_override,-dac_read_search"] if IS_ROOT and shutil.which("setpriv") else []
needs_permissions = pytest.mark.skipif(sys.platform == "win32" or (IS_ROOT and not _AS_CLERK),
                                       reason="POSIX modes, enforced (root needs setpriv to drop its override)")


def _run(*args: str, cwd: Path = ROOT, as_clerk: bool = False) -> subprocess.CompletedProcess[str]:
    code = "import sys; from nianbao.cli import main; sys.exit(main(sys.argv[1:]))"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LC_ALL": "C", "LANG": "C"}  # an English OS locale
    prefix = _AS_CLERK if as_clerk else []
    return subprocess.run([*prefix, sys.executable, "-c", code, *args], capture_output=True, cwd=cwd, env=env,
                          timeout=120, encoding="utf-8")


def _english(text: str, *paths: Path) -> list[str]:
    """English words left in ``text`` once the given paths and the allowed names are taken out."""
    for path in sorted(paths, key=lambda p: -len(str(p))):
        text = text.replace(str(path), "").replace(path.name, "")
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in _ALLOWED]


@pytest.fixture
def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Unreadable inputs and the Chinese reason each must give."""
    (tmp_path / "empty.json").write_bytes(b"")
    (tmp_path / "binary.json").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "fake.xlsx").write_bytes(b"this is not a zip archive")
    (tmp_path / "gbk.json").write_bytes(json.dumps({"agency": "某某县教育局"}, ensure_ascii=False).encode("gbk"))
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "folder.xlsx").mkdir()
    return {
        "dir": (tmp_path, "这是一个文件夹"),
        "dir_json": (tmp_path / "folder.json", "这是一个文件夹"),
        "dir_xlsx": (tmp_path / "folder.xlsx", "这是一个文件夹"),
        "missing": (tmp_path / "none.json", "文件不存在"),
        "missing_xlsx": (tmp_path / "none.xlsx", "文件不存在"),
        "empty": (tmp_path / "empty.json", "这是一个空文件（0 字节）"),
        "binary": (tmp_path / "binary.json", "不是文本文件"),
        "fake_xlsx": (tmp_path / "fake.xlsx", "不是有效的 Excel（.xlsx）文件"),
        "gbk": (tmp_path / "gbk.json", "不是有效的 UTF-8 文本（可能是 GBK 编码）"),
    }


# ---- check --------------------------------------------------------------------------------------


def test_check_json_lists_every_unreadable_file(tmp_path: Path, bad_inputs: dict[str, tuple[Path, str]]) -> None:
    good = tmp_path / "good.json"
    write_report_file(full_2021_report(2023), good)
    paths = [p for p, _ in bad_inputs.values()]
    result = _run("check", "--json", str(good), *map(str, paths))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    rows = json.loads(result.stdout)
    read_rows = {r["file"]: r for r in rows if r["rule"] == "READ"}
    assert list(read_rows) == [str(p) for p in paths]  # one each, in the order given
    assert all(r["file"] == str(good) for r in rows if r["rule"] != "READ")
    for path, reason in bad_inputs.values():
        row = read_rows[str(path)]
        assert set(row) == {"file", "rule", "severity", "cells", "message"}
        assert (row["severity"], row["cells"]) == ("error", [])
        assert row["message"] == f"无法读取“{path.name}”：" + row["message"].split("：", 1)[1]
        assert reason in row["message"], row["message"]
        assert _english(row["message"], path) == [], row["message"]
    assert _english(result.stderr, *paths) == [], result.stderr


def test_check_text_groups_each_unreadable_file_under_its_name(tmp_path: Path,
                                                               bad_inputs: dict[str, tuple[Path, str]]) -> None:
    paths = [p for p, _ in bad_inputs.values()]
    result = _run("check", *map(str, paths))
    assert result.returncode == 2 and result.stderr == ""
    for path, reason in bad_inputs.values():
        block = re.search(re.escape(f"【{path}】无法读取\n") + r"  \[错误\] READ (.*)\n  小结：无法读取，未校验\n",
                          result.stdout)
        assert block, f"{path} not grouped in:\n{result.stdout}"
        assert block.group(1).startswith(f"无法读取“{path.name}”：") and reason in block.group(1)
    assert f"共 {len(paths)} 个文件：0 个有错误，{len(paths)} 个无法读取，0 个无错误" in result.stdout
    assert _english(result.stdout, *paths) == [], result.stdout


def test_check_json_reports_an_unreadable_previous_year(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    write_report_file(full_2021_report(2023), good)
    result = _run("check", "--json", str(good), "--previous", str(tmp_path))
    assert result.returncode == 2
    last = json.loads(result.stdout)[-1]
    assert last["file"] == str(tmp_path) and last["rule"] == "READ"
    assert last["message"].startswith("上一年度报告无法读取，未做跨年度核对：") and "这是一个文件夹" in last["message"]


@needs_permissions
def test_check_file_without_read_permission(tmp_path: Path) -> None:
    for name in ("locked.json", "locked.xlsx"):
        (tmp_path / name).write_bytes(b"{}")
        (tmp_path / name).chmod(0)
    result = _run("check", "--json", str(tmp_path / "locked.json"), str(tmp_path / "locked.xlsx"), as_clerk=True)
    assert result.returncode == 2
    messages = [r["message"] for r in json.loads(result.stdout)]
    assert messages == ["无法读取“locked.json”：没有读取权限", "无法读取“locked.xlsx”：没有读取权限"]


def _workbook_zip(path: Path) -> None:
    """A zip with a workbook part (not a workbook openpyxl can open): the workbook reader is the one that reads it."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")


def test_check_file_without_read_permission_injected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Root can read a 0000 file, so the operating system's refusal is injected at the read."""
    import core.read.xlsx_import
    locked_json, locked_xlsx = tmp_path / "locked.json", tmp_path / "locked.xlsx"
    locked_json.write_bytes(b"{}")
    _workbook_zip(locked_xlsx)
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == locked_json:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_read_bytes(self)

    def load_workbook(source: object, **_: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(source))

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(core.read.xlsx_import, "load_workbook", load_workbook)
    assert main(["check", "--json", str(locked_json), str(locked_xlsx)]) == 2
    out = capsys.readouterr()
    assert [r["message"] for r in json.loads(out.out)] == [
        "无法读取“locked.json”：没有读取权限", "无法读取“locked.xlsx”：没有读取权限"]
    assert "Permission" not in out.err
    assert main(["check", str(locked_json)]) == 2
    assert "  [错误] READ 无法读取“locked.json”：没有读取权限\n" in capsys.readouterr().out


@pytest.mark.parametrize(("content", "reason"), [
    (b'{"format": "nianbao-report",}', "此处应为用英文双引号括起的字段名"),
    ('{"format"："nianbao-report"}'.encode(), "此处缺少英文冒号（:）（“：”是中文标点，应使用英文标点）"),
    (b'{"format": "nianbao-report"} x', "JSON 内容结束后还有多余的内容"),
    (b'{"format": "nianbao-report', "字符串缺少结尾的英文双引号"),
    (b"[" * 100_000, "嵌套层次过深"),
    (b'{"year": ' + b"1" * 5000 + b"}", "位数过多的数字"),
    (b"  \n ", "文件是空的"),
    ('{"a": 1}'.encode("utf-16"), "是 UTF-16（Unicode）编码的文本"),
])
def test_json_syntax_errors_in_chinese(tmp_path: Path, content: bytes, reason: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(content)
    assert main(["check", "--json", str(path)]) == 2
    (row,) = json.loads(capsys.readouterr().out)
    assert reason in row["message"] and _english(row["message"], path) == [], row["message"]


def test_edition_of_the_wrong_type_is_named_not_a_crash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.json"
    path.write_text('{"format": "nianbao-report", "format_version": 1, "edition": 2021.5, "year": 2023, '
                    '"agency": "局"}', encoding="utf-8")
    assert main(["check", "--json", str(path)]) == 2
    (row,) = json.loads(capsys.readouterr().out)
    assert "edition：应为" in row["message"] and "2021.5" in row["message"]


def test_damaged_workbook_gives_no_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    import core.read.xlsx_import

    def broken(source: object, notes: object = None) -> None:
        raise KeyError("There is no item named 'xl/workbook.xml' in the archive")

    monkeypatch.setattr(core.read.xlsx_import, "read_workbook", broken)
    _workbook_zip(tmp_path / "r.xlsx")
    assert main(["check", "--json", str(tmp_path / "r.xlsx")]) == 2
    (row,) = json.loads(capsys.readouterr().out)
    assert row["message"] == ("无法读取“r.xlsx”：不是有效的 Excel（.xlsx）文件（可能已损坏或不完整），"
                              "请向来源重新获取该文件")


def test_old_xls_and_encrypted_workbooks_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    (tmp_path / "old.xls").write_bytes(ole)
    (tmp_path / "locked.xlsx").write_bytes(ole)
    assert main(["check", "--json", str(tmp_path / "old.xls"), str(tmp_path / "locked.xlsx")]) == 2
    old, locked = (r["message"] for r in json.loads(capsys.readouterr().out))
    assert "旧版 Excel/WPS 表格" in old and "另存为 .xlsx" in old
    assert "设置了打开密码" in locked


# ---- export -------------------------------------------------------------------------------------


def test_export_unreadable_inputs(tmp_path: Path, bad_inputs: dict[str, tuple[Path, str]]) -> None:
    for path, reason in bad_inputs.values():
        result = _run("export", str(path), "--to", str(tmp_path / "out.pdf"))
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith(f"无法读取“{path.name}”：") and reason in result.stderr
        assert _english(result.stderr, path) == [] and result.stdout == ""
    assert not (tmp_path / "out.pdf").exists()


def test_export_names_an_unreadable_previous_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "r.json"
    write_report_file(full_2021_report(2023), source)
    assert main(["export", str(source), "--to", str(tmp_path / "r.pdf"), "--check-report",
                 "--previous", str(tmp_path / "2022.json")]) == 2
    assert capsys.readouterr().err.startswith("上一年度报告无法读取“2022.json”：文件不存在")
    assert not (tmp_path / "r.pdf").exists()


def test_export_to_bad_places(tmp_path: Path) -> None:
    source = tmp_path / "r.json"
    write_report_file(full_2021_report(2023), source)
    (tmp_path / "exists.xlsx").mkdir()
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    cases = {
        tmp_path / "无此文件夹" / "r.xlsx": f"导出失败：文件夹不存在：{tmp_path / '无此文件夹'}",
        tmp_path / "exists.xlsx": f"导出失败：“{tmp_path / 'exists.xlsx'}”是一个已有的文件夹，请另选文件名",
        tmp_path / "plain" / "r.json": f"导出失败：“{tmp_path / 'plain' / 'r.json'}”的路径中有一级不是文件夹",
    }
    for target, message in cases.items():
        result = _run("export", str(source), "--to", str(target))
        assert (result.returncode, result.stderr.strip()) == (2, message)  # nothing written
    assert (tmp_path / "exists.xlsx").is_dir() and list((tmp_path / "exists.xlsx").iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exists.xlsx", "plain", "r.json"]


@needs_permissions
def test_export_into_read_only_folder(tmp_path: Path) -> None:
    source = tmp_path / "r.json"
    write_report_file(full_2021_report(2023), source)
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = _run("export", str(source), "--to", str(folder / "r.xlsx"), as_clerk=True)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 2
    assert result.stderr.strip() == f"导出失败：没有权限在此文件夹中写入文件：{folder}，请换一个文件夹"


def test_export_into_read_only_folder_injected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    import core.atomic

    source = tmp_path / "r.json"
    write_report_file(full_2021_report(2023), source)
    folder = tmp_path / "ro"
    folder.mkdir()
    real_open = os.open

    def refusing_open(path: str, flags: int, mode: int = 0o777) -> int:
        if Path(path).parent == folder:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, flags, mode)

    monkeypatch.setattr(core.atomic.os, "open", refusing_open)
    for suffix in ("json", "xlsx", "pdf"):
        assert main(["export", str(source), "--to", str(folder / f"r.{suffix}")]) == 2
        err = capsys.readouterr().err
        assert err.strip() == f"导出失败：没有权限在此文件夹中写入文件：{folder}，请换一个文件夹"
    assert list(folder.iterdir()) == []


def test_export_disk_full_is_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    import core.atomic

    source = tmp_path / "r.json"
    write_report_file(full_2021_report(2023), source)
    (tmp_path / "out.json").write_text("old", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(core.atomic.os, "fsync", full)
    assert main(["export", str(source), "--to", str(tmp_path / "out.json")]) == 2
    assert capsys.readouterr().err.strip() == "导出失败：写入“out.json”失败：磁盘空间不足"
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "r.json"]  # no temporary file left


def test_exporter_bug_is_one_chinese_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    import core.export.pdf

    source = tmp_path / "r.json"
    write_report_file(full_2021_report(2023), source)

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("cannot convert float NaN to integer")

    monkeypatch.setattr(core.export.pdf, "write_pdf", broken)
    assert main(["export", str(source), "--to", str(tmp_path / "r.pdf")]) == 2
    err = capsys.readouterr().err
    assert "程序内部错误" in err and "“r.pdf”未改动" in err and "NaN" not in err
    assert not (tmp_path / "r.pdf").exists()


def test_os_reason_never_returns_the_system_text() -> None:
    from core.atomic import os_reason

    for code in (errno.ENOENT, errno.EACCES, errno.EISDIR, errno.ENOSPC, errno.EROFS, errno.EIO, 9999):
        reason = os_reason(OSError(code, "Some English text"))
        assert "English" not in reason and reason
    assert os_reason(OSError(errno.EACCES, "x"), "写入") == "没有写入权限"
    sharing = OSError(errno.EACCES, "x")
    sharing.winerror = 32  # type: ignore[attr-defined]
    assert os_reason(sharing) == "文件正被其他程序（如 WPS/Excel）打开"


# ---- atomic_write permissions -----------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_new_file_gets_the_normal_mode(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        atomic_write(tmp_path / "new.json", lambda stream: stream.write(b"{}"))
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "new.json").st_mode) == 0o666 & ~umask


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_overwritten_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    old = os.umask(0o077)
    try:
        atomic_write(target, lambda stream: stream.write(b"new"))
    finally:
        os.umask(old)
    assert target.read_bytes() == b"new" and stat.S_IMODE(os.stat(target).st_mode) == 0o640


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_exports_from_the_command_get_the_normal_mode(tmp_path: Path) -> None:
    source = tmp_path / "r.json"
    write_report_file(full_2021_report(2023), source)
    code = ("import os, sys; os.umask(0o022); from nianbao.cli import main; sys.exit(main(sys.argv[1:]))")
    for suffix in ("json", "xlsx", "pdf"):
        target = tmp_path / f"out.{suffix}"
        subprocess.run([sys.executable, "-c", code, "export", str(source), "--to", str(target)], cwd=ROOT,
                       check=True, capture_output=True, timeout=120)
        assert stat.S_IMODE(os.stat(target).st_mode) == 0o644, suffix
    new = tmp_path / "new.json"
    subprocess.run([sys.executable, "-c", code, "new", "--year", "2024", "--agency", "局", "-o", str(new)],
                   cwd=ROOT, check=True, capture_output=True, timeout=120)
    assert stat.S_IMODE(os.stat(new).st_mode) == 0o644


def test_atomic_write_refuses_a_folder_before_writing(tmp_path: Path) -> None:
    calls: list[object] = []
    (tmp_path / "d.pdf").mkdir()
    with pytest.raises(ExportError, match="是一个已有的文件夹"):
        atomic_write(tmp_path / "d.pdf", calls.append)
    assert calls == [] and [p.name for p in tmp_path.iterdir()] == ["d.pdf"]
