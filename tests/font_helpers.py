"""Stand-in fonts for the tests of PDF font choice, whatever CJK fonts the machine has.

Role choice goes by the fonts' names, not their glyphs, so a stand-in is a copy of the TrueType font that
ships with reportlab (every machine that exports a PDF has it) under the file and family name of a
Chinese font.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import reportlab

VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"

# file name -> fontconfig's family list and style, as fc-list prints them for the Linux fonts
LINUX_FONTS = {
    "wqy-microhei.ttf": ("WenQuanYi Micro Hei,文泉驿微米黑", "Regular"),
    "ukai-cn.ttf": ("AR PL UKai CN", "Book"),
    "ukai-tw.ttf": ("AR PL UKai TW", "Book"),
    "uming.ttf": ("AR PL UMing CN", "Light"),
}


def copy_font(folder: Path, name: str, data: bytes | None = None) -> Path:
    """A TrueType font file ``name`` in ``folder``: a copy of Vera.ttf, or ``data`` (e.g. a damaged one)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(VERA.read_bytes() if data is None else data)
    return path


def fake_fc(*lines: str) -> Callable[[], str]:
    """An fc_list for core.export.fonts: prints ``lines`` as fontconfig would."""
    return lambda: "\n".join(lines) + "\n"


def linux_fonts_fc(folder: Path, names: tuple[str, ...] = tuple(LINUX_FONTS)) -> Callable[[], str]:
    """Stand-ins for 文泉驿微米黑, 文鼎楷体 (CN, TW) and 文鼎明体 in ``folder``, and the fc_list that lists them."""
    lines = []
    for name in names:
        families, style = LINUX_FONTS[name]
        lines.append(f"{copy_font(folder, name)}|0|{families}|{style}")
    return fake_fc(*lines)
