"""What build.spec leaves out of the bundle is not needed: every feature works with those modules missing,
and the dropped Qt plugins are the ones named (the platform, input-method and style plugins stay)."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "import"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    """build.spec's globals, run with stand-ins for PyInstaller's build objects."""
    stubs = {name: (lambda *a, **k: SimpleNamespace(datas=[], binaries=[], scripts=[], pure=[]))
             for name in ("Analysis", "PYZ", "EXE", "COLLECT")}
    return runpy.run_path(str(ROOT / "build.spec"), init_globals={"SPECPATH": str(ROOT), **stubs})


@pytest.mark.parametrize("path", [
    "PySide6/Qt/plugins/platforms/libqwayland-egl.so", "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
    "PySide6/Qt/plugins/generic/libqevdevtouchplugin.so", "PySide6/Qt/plugins/imageformats/libqjpeg.so",
    "PySide6/opengl32sw.dll", "PySide6/d3dcompiler_47.dll", "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
])
def test_dropped(spec: dict[str, Any], path: str) -> None:
    assert spec["DROP_PLUGINS"].search(path)


@pytest.mark.parametrize("path", [
    "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",  # 拼音 input
    "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx.so",
    "PySide6/plugins/platforms/qwindows.dll", "PySide6/plugins/styles/qmodernwindowsstyle.dll",
    "PySide6/Qt/lib/libQt6Gui.so.6", "PySide6/Qt6Gui.dll",
])
def test_kept(spec: dict[str, Any], path: str) -> None:
    assert not spec["DROP_PLUGINS"].search(path)


# Each excluded module made unimportable, then what the program does with the libraries that stay.
_WITHOUT = textwrap.dedent("""
    import io, sys
    for name in {excluded!r}:
        sys.modules[name] = None  # `import name` now raises ImportError, as in the bundle
    sys.path.append({tests!r})
    import hashlib
    assert hashlib.sha256(b"x").hexdigest().startswith("2d711642")
    from factories import full_2021_report
    from core.export.pdf import write_pdf
    from core.export.xlsx import write_xlsx
    from core.importers.dispatch import import_file
    report = full_2021_report()
    pdf, xlsx = io.BytesIO(), io.BytesIO()
    write_pdf(report, pdf, check_report=True)
    write_xlsx(report, xlsx)
    assert pdf.getvalue()[:5] == b"%PDF-" and xlsx.getvalue()[:2] == b"PK"
    for name in ("shanghai_bgt_2019.docx", "shanghai_bgt_2019.html", "shanghai_bgt_2019.pdf"):
        result = import_file({fixtures!r} + "/" + name)
        assert result.report is not None and result.report.cells, name
    import PIL.ImageDraw, pdfminer.pdfdocument, lxml.html, docx  # what stays imports without the rest
    print("ok")
""")


def test_every_feature_works_without_the_excluded_modules(spec: dict[str, Any]) -> None:
    excluded = [m for m in spec["PY_EXCLUDES"] if m not in sys.builtin_module_names]
    code = _WITHOUT.format(excluded=excluded, tests=str(ROOT / "tests"), fixtures=str(FIXTURES))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-3000:]


def test_chinese_pdfs_read_with_the_bundled_cmaps(spec: dict[str, Any], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF set in a non-embedded Chinese CID font (as older tools wrote them) needs pdfminer's CMaps: the ones
    the bundle keeps are enough."""
    from pdfminer.cmapdb import CMapDB
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from core.importers.read_pdf import read_pdf

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # Adobe-GB1, encoded UniGB-UCS2-H
    path = tmp_path / "stsong.pdf"
    page = canvas.Canvas(str(path))
    page.setFont("STSong-Light", 12)
    line = "本机关全年共收到政府信息公开申请一百二十件，均已按期答复。"
    for i in range(10):
        page.drawString(60, 760 - 20 * i, line)
    page.save()

    loaded: list[str] = []
    load = CMapDB._load_data.__func__

    def bundled_only(cls: type, name: str) -> Any:
        loaded.append(name)
        if not spec["_keep"](f"pdfminer/cmap/{name}.pickle.gz"):
            raise CMapDB.CMapNotFound(name)
        return load(cls, name)

    monkeypatch.setattr(CMapDB, "_load_data", classmethod(bundled_only))
    monkeypatch.setattr(CMapDB, "_cmap_cache", {})
    monkeypatch.setattr(CMapDB, "_umap_cache", {})
    doc = read_pdf(path, path.read_bytes())
    assert loaded == ["UniGB-UCS2-H", "to-unicode-Adobe-GB1"]
    assert line in "".join(doc.paragraphs()).replace(" ", "")
