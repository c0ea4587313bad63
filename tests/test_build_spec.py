"""Cheap checks of build.spec: it runs against stub PyInstaller classes; the real build runs in CI."""

from __future__ import annotations

import ast
import importlib.util
import re
import runpy
import subprocess
import sys
import types
from pathlib import Path
from typing import Any, ClassVar

import pytest

import core

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build.spec"


class Recorder:
    """Stands in for Analysis / PYZ / EXE / COLLECT and keeps the arguments."""

    calls: ClassVar[list[tuple[str, tuple[Any, ...], dict[str, Any]]]] = []

    def __init__(self, kind: str, *args: Any, **kwargs: Any) -> None:
        self.kind, self.args, self.kwargs = kind, args, kwargs
        Recorder.calls.append((kind, args, kwargs))
        # Analysis results, as PyInstaller gives them: (dest, source, typecode) entries.
        self.datas = [(dest + "/" + Path(src).name, src, "DATA") for src, dest in kwargs.get("datas", [])]
        self.datas.append(("PySide6/Qt/translations/qtbase_de.qm", "/x/qtbase_de.qm", "DATA"))
        self.binaries: list[Any] = []
        self.scripts: list[Any] = []
        self.pure: list[Any] = []


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    Recorder.calls = []
    return runpy.run_path(str(SPEC), init_globals={"SPECPATH": str(ROOT), **_stubs()})


def _stubs() -> dict[str, Any]:
    return {name: (lambda *a, _n=name, **k: Recorder(_n, *a, **k)) for name in ("Analysis", "PYZ", "EXE", "COLLECT")}


def calls(kind: str) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    return [(a, k) for n, a, k in Recorder.calls if n == kind]


def test_two_executables_in_one_folder(spec: dict[str, Any]) -> None:
    exes = {k["name"]: k for _, k in calls("EXE")}
    assert set(exes) == {core.APP_NAME, f"{core.APP_NAME}-cli"}
    assert exes["nianbao"]["console"] is False and exes["nianbao-cli"]["console"] is True
    assert all(k["upx"] is False and k["exclude_binaries"] is True for k in exes.values())
    assert all(k["icon"].endswith("app.ico") and Path(k["icon"]).is_file() for k in exes.values())
    (collect_args, collect_kwargs), = calls("COLLECT")
    assert {e.kwargs["name"] for e in collect_args if getattr(e, "kind", "") == "EXE"} == set(exes)
    assert collect_kwargs["upx"] is False and collect_kwargs["name"] == "nianbao"


def test_entry_script_calls_cli_main(spec: dict[str, Any]) -> None:
    (args, _), = calls("Analysis")
    entry = Path(args[0][0])
    assert entry.is_file()
    tree = ast.parse(entry.read_text(encoding="utf-8"))
    imports = [(n.module, [a.name for a in n.names]) for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert ("nianbao.cli", ["main"]) in imports


def test_every_module_of_ours_is_bundled(spec: dict[str, Any]) -> None:
    (_, kwargs), = calls("Analysis")
    hidden = set(kwargs["hiddenimports"])
    # some are imported lazily
    assert {"nianbao.selftest", "nianbao.cli", "core.store.backups", "core.datadir"} <= hidden
    assert {f"gui.{p.stem}" for p in (ROOT / "gui").glob("*.py") if p.stem != "__init__"} <= hidden


def test_datas_are_explicit(spec: dict[str, Any]) -> None:
    (_, kwargs), = calls("Analysis")
    dests = {(Path(src).name, dest) for src, dest in kwargs["datas"]}
    for template in (ROOT / "resources" / "templates").glob("*.json"):
        assert (template.name, "resources/templates") in dests
    assert ("app.ico", "resources/icons") in dests and ("app.png", "resources/icons") in dests
    # Where QLibraryInfo looks in a bundle: the wheel's layout (PySide6/translations on Windows).
    qt_dest = "PySide6/translations" if sys.platform == "win32" else "PySide6/Qt/translations"
    assert ("qtbase_zh_CN.qm", qt_dest) in dests
    # nianbao's own catalogue, compiled from the committed .ts while the spec is read
    assert ("nianbao_zh_CN.qm", "resources/translations") in dests
    assert all(Path(src).is_file() for src, _ in kwargs["datas"])
    # 帮助 → 用户手册 works offline: the guide and every picture it shows ship where gui/help_window.py looks
    assert ("user-guide.md", "resources/docs") in dests
    for picture in re.findall(r"\]\((images/[^)]+\.png)\)", (ROOT / "docs" / "user-guide.md").read_text("utf-8")):
        assert (Path(picture).name, "resources/docs/images") in dests, picture


def test_other_qt_languages_are_dropped(spec: dict[str, Any]) -> None:
    analysis = next(r for r in [spec["a"]] if r.kind == "Analysis")
    names = [Path(dest).name for dest, _, _ in analysis.datas]
    assert "qtbase_zh_CN.qm" in names and "qtbase_de.qm" not in names


def test_no_module_the_application_imports_is_excluded(spec: dict[str, Any]) -> None:
    (_, kwargs), = calls("Analysis")
    excluded = set(kwargs["excludes"])
    assert "tkinter" in excluded and "PySide6.QtQml" in excluded and "PIL" not in excluded
    used = set()
    for folder in ("core", "gui"):
        for source in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module:
                    used.add(node.module)
                elif isinstance(node, ast.Import):
                    used.update(alias.name for alias in node.names)
    clash = {m for m in used if any(m == e or m.startswith(e + ".") for e in excluded)}
    assert not clash, f"build.spec excludes modules the application imports: {sorted(clash)}"


def test_version_resource_comes_from_the_code(spec: dict[str, Any]) -> None:
    numbers = tuple(int(n) for n in core.__version__.split("."))
    assert spec["VERSION_NUMBERS"][: len(numbers)] == numbers and len(spec["VERSION_NUMBERS"]) == 4
    strings = spec["VERSION_STRINGS"]
    assert strings["FileVersion"] == core.__version__ and strings["ProductName"] == core.APP_TITLE
    assert strings["OriginalFilename"] == "nianbao.exe"


def test_version_resource_object_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    if importlib.util.find_spec("pefile") is None:
        # pefile is installed with PyInstaller on Windows only; building the objects does not use it.
        import PyInstaller.compat

        monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
        monkeypatch.setattr(PyInstaller.compat, "win32api", None, raising=False)
        monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo", raising=False)
    spec = runpy.run_path(str(SPEC), init_globals={"SPECPATH": str(ROOT), **_stubs()})
    text = str(spec["_version_info"]())
    assert core.__version__ in text and core.APP_TITLE in text and "080404B0" in text


def test_dropped_plugins_take_only_their_own_libraries(spec: dict[str, Any], tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from PyInstaller.depend import bindepend

    graph = {"libqgtk3.so": ["libgtk-3.so.0", "libshared.so.1"], "libgtk-3.so.0": ["libcairo.so.2"],
             "libqxcb.so": ["libQt6Gui.so.6"], "libQt6Gui.so.6": ["libshared.so.1"],
             "QtGui.abi3.so": ["libQt6Gui.so.6"]}
    monkeypatch.setattr(bindepend, "get_imports", lambda src, *a: {(n, None) for n in graph.get(Path(src).name, [])})
    for name in ["libcairo.so.2", "libshared.so.1", *graph]:
        (tmp_path / name).write_bytes(b"")
    binaries = [
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", str(tmp_path / "libqgtk3.so"), "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", str(tmp_path / "libqxcb.so"), "BINARY"),
        ("PySide6/QtGui.abi3.so", str(tmp_path / "QtGui.abi3.so"), "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", str(tmp_path / "libQt6Gui.so.6"), "BINARY"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("libgtk-3.so.0", str(tmp_path / "libgtk-3.so.0"), "BINARY"),
        ("libcairo.so.2", str(tmp_path / "libcairo.so.2"), "BINARY"),
        ("libshared.so.1", str(tmp_path / "libshared.so.1"), "BINARY"),
    ]
    kept = [dest for dest, _, _ in spec["_prune_binaries"](binaries)]
    assert kept == ["PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/QtGui.abi3.so",
                    "PySide6/Qt/lib/libQt6Gui.so.6", "libQt6Gui.so.6", "libshared.so.1"]
    windows = [("PySide6/plugins/platforms/qwindows.dll", "x", "BINARY")]
    assert spec["_prune_binaries"](windows) == windows


def test_docx_parts_folder_is_in_the_bundle(spec: dict[str, Any]) -> None:
    """python-docx opens docx/parts/../templates/*.xml: on Linux the folder must exist (Word export)."""
    _, kwargs = calls("Analysis")[-1]
    parts = [src for src, dest in kwargs["datas"] if dest == "docx/parts"]
    assert parts and Path(parts[0]).is_file()
    templates = Path(parts[0]).parent / ".." / "templates" / "default-footer.xml"
    assert templates.is_file()


def test_linux_cli_is_a_link_to_the_window_program(spec: dict[str, Any], tmp_path: Path) -> None:
    """The second executable carried a second copy of the archive; on Linux it becomes a link."""
    (tmp_path / "nianbao").write_bytes(b"exe")
    (tmp_path / "nianbao-cli").write_bytes(b"exe")
    spec["_linux_cli_link"](tmp_path)
    cli = tmp_path / "nianbao-cli"
    assert cli.is_symlink() and cli.resolve() == (tmp_path / "nianbao").resolve()
    spec["_linux_cli_link"](tmp_path)  # a second run leaves the link alone
    assert cli.is_symlink()


def test_icu_data_library_is_rebuilt_and_nothing_else(spec: dict[str, Any], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[tuple[Path, Path]] = []

    def fake_trim(lib: Path, workdir: Path) -> Path:
        built.append((lib, workdir))
        return workdir / "trimmed" / lib.name

    monkeypatch.setattr(spec["trim_icu"], "trim", fake_trim)
    binaries = [("PySide6/Qt/lib/libicudata.so.73", "/w/libicudata.so.73", "BINARY"),
                ("PySide6/Qt/lib/libicuuc.so.73", "/w/libicuuc.so.73", "BINARY"),
                ("libicudata.so", "PySide6/Qt/lib/libicudata.so.73", "SYMLINK")]
    out = spec["_trim_icu"](binaries, tmp_path)
    assert built == [(Path("/w/libicudata.so.73"), tmp_path / "icu")]
    trimmed = str(tmp_path / "icu" / "trimmed" / "libicudata.so.73")
    assert out == [("PySide6/Qt/lib/libicudata.so.73", trimmed, "BINARY"), *binaries[1:]]


@pytest.mark.parametrize(("dest", "left_to_system"), [
    ("libstdc++.so.6", True), ("libX11.so.6", True), ("libglib-2.0.so.0", True), ("libfontconfig.so.1", True),
    ("libfreetype.so.6", True), ("libz.so.1", True), ("libxcb.so.1", True),
    ("libsqlite3.so.0", False), ("libpython3.11.so.1.0", False), ("libxcb-cursor.so.0", False),
    ("libX11-xcb.so.1", False), ("libdbus-1.so.3", False), ("pillow.libs/libXau-154567c4.so.6.0.0", False),
    ("PySide6/Qt/lib/libQt6Core.so.6", False), ("pillow.libs/libz.so.1", False), ("python311.dll", False),
])
def test_libraries_every_desktop_has_are_left_to_the_system(spec: dict[str, Any], dest: str,
                                                           left_to_system: bool) -> None:
    assert spec["_system_lib"](dest) is left_to_system


@pytest.mark.parametrize(("dest", "kept"), [
    ("pdfminer/cmap/UniGB-UCS2-H.pickle.gz", True), ("pdfminer/cmap/GBK-EUC-H.pickle.gz", True),
    ("pdfminer/cmap/GB-H.pickle.gz", True), ("pdfminer/cmap/to-unicode-Adobe-GB1.pickle.gz", True),
    ("pdfminer/cmap/UniCNS-UTF16-V.pickle.gz", True), ("pdfminer/cmap/ETen-B5-H.pickle.gz", True),
    ("pdfminer/cmap/HKscs-B5-H.pickle.gz", True), ("pdfminer\\cmap\\B5pc-V.pickle.gz", True),
    ("pdfminer/cmap/to-unicode-Adobe-CNS1.pickle.gz", True),
    ("pdfminer/cmap/UniJIS-UCS2-H.pickle.gz", False), ("pdfminer/cmap/H.pickle.gz", False),
    ("pdfminer/cmap/90ms-RKSJ-H.pickle.gz", False), ("pdfminer/cmap/KSCms-UHC-H.pickle.gz", False),
    ("pdfminer/cmap/to-unicode-Adobe-Japan1.pickle.gz", False), ("pdfminer/cmap/EUC-H.pickle.gz", False),
    ("pdfminer/glyphlist.py", True),
])
def test_only_chinese_cmaps_are_bundled(spec: dict[str, Any], dest: str, kept: bool) -> None:
    assert spec["_keep"](dest) is kept


def test_links_to_left_out_libraries_are_removed(spec: dict[str, Any], tmp_path: Path) -> None:
    (tmp_path / "PySide6").mkdir()
    (tmp_path / "PySide6" / "libQt6Core.so.6").write_bytes(b"lib")
    (tmp_path / "libQt6Core.so.6").symlink_to("PySide6/libQt6Core.so.6")
    (tmp_path / "libQt6Network.so.6").symlink_to("PySide6/libQt6Network.so.6")  # pruned
    spec["_remove_dangling_links"](tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["PySide6", "libQt6Core.so.6"]


def test_our_pyside6_run_time_hook_replaces_pyinstallers(spec: dict[str, Any], tmp_path: Path) -> None:
    """PyInstaller's hook imported PySide6.QtCore at every start (40-60 ms before `check` or `export` began)."""
    _, kwargs = calls("Analysis")[-1]
    (hooks,) = kwargs["hookspath"]
    registry = ast.literal_eval((Path(hooks) / "rthooks.dat").read_text(encoding="utf-8"))
    (name,) = registry["PySide6"]
    code = ("import os, runpy, sys; sys._MEIPASS = sys.argv[1]; runpy.run_path(sys.argv[2]); "
            "print(os.environ['QT_PLUGIN_PATH']); print(sorted(m for m in sys.modules if 'PySide6' in m))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path), str(Path(hooks) / "rthooks" / name)],
                          capture_output=True, text=True, check=True)
    plugins, modules = done.stdout.splitlines()
    assert Path(plugins) == tmp_path / "PySide6" / ("plugins" if sys.platform == "win32" else "Qt/plugins")
    assert modules == "[]"


def test_icu_data_is_kept_whole_where_the_tools_fail(spec: dict[str, Any], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    def failing(lib: Path, workdir: Path) -> Path:
        raise spec["trim_icu"].TrimError("icupkg failed (1)")

    monkeypatch.setattr(spec["trim_icu"], "trim", failing)
    binaries = [("PySide6/Qt/lib/libicudata.so.73", "/w/libicudata.so.73", "BINARY")]
    assert spec["_trim_icu"](binaries, tmp_path) == binaries
    assert "ICU data kept whole" in capsys.readouterr().err
