"""build.spec and scripts/build.sh read as on Windows: the version resources of both programs, Qt's
translation folder, Windows separators in bundle paths, and the archive name in Git Bash."""

from __future__ import annotations

import importlib.util
import runpy
import struct
import subprocess
import sys
import types
from pathlib import Path, PureWindowsPath
from typing import Any

import pytest

import core

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build.spec"


def stubs() -> dict[str, Any]:
    def make(kind: str) -> Any:
        def build(*args: Any, **kwargs: Any) -> Any:
            datas = [(dest + "/" + Path(src).name, src, "DATA") for src, dest in kwargs.get("datas", [])]
            return types.SimpleNamespace(kind=kind, args=args, kwargs=kwargs, datas=datas, binaries=[], scripts=[],
                                         pure=[])
        return build
    return {name: make(name) for name in ("Analysis", "PYZ", "EXE", "COLLECT")}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return runpy.run_path(str(SPEC), init_globals={"SPECPATH": str(ROOT), **stubs()})


@pytest.fixture
def versioninfo(monkeypatch: pytest.MonkeyPatch) -> None:
    """PyInstaller's versioninfo importable on Linux (pefile comes with PyInstaller on Windows only)."""
    if importlib.util.find_spec("pefile") is None:
        import PyInstaller.compat

        monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
        monkeypatch.setattr(PyInstaller.compat, "win32api", None, raising=False)
        monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo", raising=False)


def utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def test_each_program_names_itself_in_its_version_resource(spec: dict[str, Any], versioninfo: None) -> None:
    gui = spec["_version_info"](spec["VERSION_STRINGS"]).toRaw()
    cli = spec["_version_info"](spec["CLI_VERSION_STRINGS"]).toRaw()
    assert utf16("nianbao.exe\0") in gui and utf16("nianbao-cli.exe\0") in cli
    assert utf16("nianbao.exe\0") not in cli
    assert utf16(core.APP_TITLE) in gui and utf16(core.APP_TITLE + "（命令行）") in cli  # Chinese, UTF-16
    assert utf16("080404B0") in gui  # zh-CN, Unicode
    # VS_FIXEDFILEINFO: signature, struct version, then the file version as two DWORDs (major.minor, patch.build)
    a, b, c, d = spec["VERSION_NUMBERS"]
    # (native "L" as PyInstaller packs it: 4 bytes on Windows, 8 on 64-bit Linux)
    fixed = struct.pack("4L", 0xFEEF04BD, 0x10000, (a << 16) | b, (c << 16) | d)
    assert fixed in gui and fixed in cli


def test_both_executables_get_their_own_resource(spec: dict[str, Any]) -> None:
    exes = {e.kwargs["name"]: e.kwargs for e in spec["coll"].args if getattr(e, "kind", "") == "EXE"}
    assert exes["nianbao"]["version"] is spec["VERSION_INFO"]
    assert exes["nianbao-cli"]["version"] is spec["CLI_VERSION_INFO"]
    assert exes["nianbao"]["console"] is False and exes["nianbao-cli"]["console"] is True
    assert not exes["nianbao"]["name"].endswith(".exe")  # PyInstaller adds the suffix on Windows


@pytest.mark.parametrize(("version", "numbers"), [("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)),
                                                  ("2024.3.1.7.9", (2024, 3, 1, 7)), ("70000.1", (65535, 1, 0, 0))])
def test_file_version_numbers(monkeypatch: pytest.MonkeyPatch, version: str, numbers: tuple[int, ...]) -> None:
    monkeypatch.setattr(core, "__version__", version)
    spec = runpy.run_path(str(SPEC), init_globals={"SPECPATH": str(ROOT), **stubs()})
    assert spec["VERSION_NUMBERS"] == numbers and spec["VERSION_STRINGS"]["FileVersion"] == version


def test_spec_coding_line_is_where_python_reads_it() -> None:
    first_two = SPEC.read_text(encoding="utf-8").splitlines()[:2]
    assert any("coding: utf-8" in line for line in first_two)


# ---- Qt's translations -----------------------------------------------------------------------------------


def test_qt_translations_go_where_the_windows_wheel_keeps_them(spec: dict[str, Any]) -> None:
    dest = spec["qt_translations_dest"]
    site = PureWindowsPath(r"C:\Users\张三\nianbao\.venv\Lib\site-packages")
    assert dest(site / "PySide6" / "translations", site / "PySide6", "win32") == "PySide6/translations"
    # Qt spells the folder its own way: forward slashes, another drive-letter case
    qt_says = PureWindowsPath("c:/users/张三/nianbao/.venv/lib/site-packages/PySide6/translations")
    assert dest(qt_says, site / "PySide6", "win32") == "PySide6/translations"
    # the venv reached through a junction: not below the package as Python sees it
    assert dest(PureWindowsPath(r"D:\real\site-packages\PySide6\translations"), site / "PySide6", "win32") == \
        "PySide6/translations"
    assert dest(PureWindowsPath(r"D:\Qt\translations"), site / "PySide6", "win32") == "PySide6/translations"


def test_qt_translations_on_linux(spec: dict[str, Any]) -> None:
    dest = spec["qt_translations_dest"]
    site = Path("/opt/nianbao/.venv/lib/python3.11/site-packages")
    assert dest(site / "PySide6/Qt/translations", site / "PySide6", "linux") == "PySide6/Qt/translations"
    assert dest(Path("/usr/share/qt6/translations"), site / "PySide6", "linux") == "PySide6/Qt/translations"


def test_other_languages_are_dropped_with_windows_separators(spec: dict[str, Any]) -> None:
    keep = spec["_keep"]
    assert not keep("PySide6\\translations\\qtbase_de.qm")
    assert keep("PySide6\\translations\\qtbase_zh_CN.qm") and keep("PySide6\\translations\\qt_zh_CN.qm")
    assert keep("resources\\translations\\nianbao_zh_CN.qm") and keep("PySide6\\plugins\\platforms\\qwindows.dll")


# ---- scripts/build.sh ----------------------------------------------------------------------------------


def test_archive_version_has_no_carriage_return_from_windows_python(tmp_path: Path) -> None:
    line = next(text for text in (ROOT / "scripts" / "build.sh").read_text(encoding="utf-8").splitlines()
                if text.startswith("version="))
    python = tmp_path / "python"
    python.write_text("#!/bin/sh\nprintf '0.1.0\\r\\n'\n", encoding="utf-8")
    python.chmod(0o755)
    result = subprocess.run(["bash", "-c", f'bin="{tmp_path}"; {line}; printf "%s" "nianbao-$version-windows-x64.zip"'],
                            capture_output=True, timeout=30, check=True)
    assert result.stdout == b"nianbao-0.1.0-windows-x64.zip"
