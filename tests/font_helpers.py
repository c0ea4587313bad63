"""Stand-in fonts for the tests of PDF font choice, whatever CJK fonts the machine has.

Role choice goes by the fonts' names, not their glyphs, so a stand-in is a copy of the TrueType font that
ships with reportlab (every machine that exports a PDF has it) under the file and family name of a
Chinese font.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import reportlab

VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
VERA_BOLD_OBLIQUE = VERA.with_name("VeraBI.ttf")  # another PostScript name: told apart in a PDF

# file name -> fontconfig's family list and style, as fc-list prints them for the Linux fonts, and the copy
LINUX_FONTS = {
    "wqy-microhei.ttf": ("WenQuanYi Micro Hei,文泉驿微米黑", "Regular", VERA),
    "wqy-zenhei.ttf": ("WenQuanYi Zen Hei,文泉驿正黑", "Regular", VERA_BOLD_OBLIQUE),
    "ukai-cn.ttf": ("AR PL UKai CN", "Book", VERA),
    "ukai-tw.ttf": ("AR PL UKai TW", "Book", VERA),
    "uming.ttf": ("AR PL UMing CN", "Light", VERA),
}


def copy_font(folder: Path, name: str, data: bytes | None = None, source: Path = VERA) -> Path:
    """A TrueType font file ``name`` in ``folder``: a copy of ``source``, or ``data`` (e.g. a damaged one)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(source.read_bytes() if data is None else data)
    return path


def fake_fc(*lines: str) -> Callable[[], str]:
    """An fc_list for core.export.fonts: prints ``lines`` as fontconfig would."""
    return lambda: "\n".join(lines) + "\n"


def linux_fonts_fc(folder: Path, names: tuple[str, ...] = ("wqy-microhei.ttf", "ukai-cn.ttf", "ukai-tw.ttf",
                                                             "uming.ttf")) -> Callable[[], str]:
    """Stand-ins for the Linux fonts ``names`` (by default 文泉驿微米黑, 文鼎楷体 CN and TW, 文鼎明体) in ``folder``,
    and the fc_list that lists them."""
    lines = []
    for name in names:
        families, style, source = LINUX_FONTS[name]
        lines.append(f"{copy_font(folder, name, source=source)}|0|{families}|{style}")
    return fake_fc(*lines)


def use_as_system_fonts(monkeypatch: pytest.MonkeyPatch, fc_list: Callable[[], str]) -> None:
    """The fonts ``fc_list`` names become the system's (list_cjk_fonts, find_cjk_fonts()), for this test only."""
    import core.export.fonts as fonts_mod

    monkeypatch.setattr(fonts_mod, "_system_fonts", lambda: tuple(fonts_mod.discover_fonts([], fc_list=fc_list)))
    monkeypatch.setattr(fonts_mod, "_system_sets", {})  # the choices made from the machine's fonts
