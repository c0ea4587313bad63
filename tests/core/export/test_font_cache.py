"""The font cache: a face restored from disk equals reportlab's own parse, bad entries are rebuilt,
and a PDF made with the cache is byte-identical to one made without it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import reportlab
from reportlab.pdfbase.ttfonts import TTFError, TTFont, TTFontFace

from core.export import font_cache
from core.export.font_cache import CachedFace, load_face, make_ttfont

ROOT = Path(__file__).resolve().parents[2]
VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"  # ships with reportlab: every machine has it


@pytest.fixture
def font(tmp_path: Path) -> str:
    """A private copy of a TrueType font, free to touch."""
    path = tmp_path / "fonts" / "Vera.ttf"
    path.parent.mkdir()
    shutil.copyfile(VERA, path)
    return str(path)


def _state(face: TTFontFace) -> dict:
    names = [k for k in TTFontFace(face.filename).__dict__ if k not in ("_pdfScale", "_ttf_data")]
    return {k: getattr(face, k) for k in names}


def test_restored_face_equals_reportlabs_parse(font: str, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    first = load_face(font, 0, folder)
    assert not isinstance(first, CachedFace) and len(list(folder.iterdir())) == 1
    again = load_face(font, 0, folder)
    assert isinstance(again, CachedFace)
    parsed = TTFontFace(font)
    assert _state(again) == _state(parsed)
    for field in ("name", "familyName", "fullName"):  # TTFNameBytes, with their text
        assert type(getattr(again, field)) is type(getattr(parsed, field))
        assert getattr(again, field).ustr == getattr(parsed, field).ustr
    for table in ("charWidths", "charToGlyph"):  # an int width prints as 500, a float as 500.0
        assert [type(v) for v in getattr(again, table).values()] == [type(v) for v in getattr(parsed, table).values()]
    assert [tuple(map(type, m)) for m in again.hmetrics] == [tuple(map(type, m)) for m in parsed.hmetrics]
    assert list(again.glyphToChar.items()) == list(parsed.glyphToChar.items())
    assert again._pdfScale(1234) == parsed._pdfScale(1234)
    assert again._ttf_data == parsed._ttf_data
    assert again.makeSubset([65, 66, 0x20AC]) == parsed.makeSubset([65, 66, 0x20AC])


@pytest.mark.parametrize("damage", [
    lambda b: b[:len(b) // 2],                  # cut short (a crash while copying)
    lambda b: b[:100] + bytes([b[100] ^ 0xFF]) + b[101:],  # one flipped byte
    lambda b: b"",                              # empty
    lambda b: b"NBFC" + os.urandom(64),         # garbage behind the right magic
])
def test_damaged_entry_is_ignored_and_rebuilt(font: str, tmp_path: Path, damage) -> None:
    folder = tmp_path / "cache"
    load_face(font, 0, folder)
    entry = next(folder.iterdir())
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    face = load_face(font, 0, folder)
    assert not isinstance(face, CachedFace) and _state(face) == _state(TTFontFace(font))
    assert entry.read_bytes() == good
    assert isinstance(load_face(font, 0, folder), CachedFace)


def test_stale_entry_is_rebuilt_when_the_font_changes(font: str, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    load_face(font, 0, folder)
    shutil.copyfile(VERA.with_name("VeraBd.ttf"), font)  # another font under the same name
    face = load_face(font, 0, folder)
    assert not isinstance(face, CachedFace)
    assert face.name == TTFontFace(str(VERA.with_name("VeraBd.ttf"))).name != TTFontFace(str(VERA)).name
    assert load_face(font, 0, folder).name == face.name


def test_font_file_replaced_after_loading_is_refused(font: str, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    load_face(font, 0, folder)
    face = load_face(font, 0, folder)
    shutil.copyfile(VERA.with_name("VeraBd.ttf"), font)
    with pytest.raises(TTFError):
        face.makeSubset([65])


def test_unwritable_cache_folder_only_means_no_cache(font: str, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    face = load_face(font, 0, blocker / "cache")
    assert _state(face) == _state(TTFontFace(font))


def test_ttfont_built_from_the_cache_matches_reportlabs(font: str, tmp_path: Path) -> None:
    font_cache.use_folder(tmp_path / "cache")
    try:
        make_ttfont("nb-a", font)
        cached, plain = make_ttfont("nb-a", font), TTFont("nb-a", font)
    finally:
        font_cache._folder_set = False
    assert isinstance(cached.face, CachedFace)
    assert set(vars(cached)) == set(vars(plain))
    for attr in ("fontName", "_asciiReadable", "_shapable"):
        assert getattr(cached, attr) == getattr(plain, attr)
    assert cached.stringWidth("Abc €", 12) == plain.stringWidth("Abc €", 12)


def test_cache_folder_is_in_the_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    assert font_cache.cache_folder() == tmp_path / "data" / "font-cache"


_EXPORT = """
import sys
from pathlib import Path
from reportlab import rl_config
rl_config.invariant = 1
sys.path.append({tests!r})
from factories import full_2021_report
from core.export import font_cache, fonts
if sys.argv[1] == "off":
    font_cache.use_folder(None)
# the role fonts from the test's folder, whatever this machine has; fallbacks from the machine's fonts
fonts._system_fonts = lambda: tuple(fonts.discover_fonts([Path(sys.argv[2])], fc_list=None))
from core.export.pdf import write_pdf
report = full_2021_report()
report.texts["overview"] += "\\n生僻字𠀀龘，表情😀"  # fallback fonts are registered (and cached) too
write_pdf(report, sys.stdout.buffer)
"""


def test_pdf_is_byte_identical_with_and_without_the_cache(tmp_path: Path, font: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NIANBAO_DATA_DIR": str(tmp_path / "data")}
    code = _EXPORT.format(tests=str(ROOT / "tests"))
    Path(font).rename(Path(font).with_name("simfang.ttf"))  # a stand-in for 仿宋

    def export(mode: str) -> bytes:
        return subprocess.run([sys.executable, "-c", code, mode, str(Path(font).parent)], env=env,
                              capture_output=True, check=True, timeout=120).stdout

    without = export("off")
    assert not (tmp_path / "data" / "font-cache").exists()
    cold = export("on")  # parses and writes the entries
    entries = list((tmp_path / "data" / "font-cache").iterdir())
    assert entries
    warm = export("on")  # reads them
    assert without[:5] == b"%PDF-" and without == cold == warm
    assert b"BitstreamVeraSans" in without  # the role fonts came from the test's folder
