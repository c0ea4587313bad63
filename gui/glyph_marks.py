"""Characters no installed font can print in the PDF, marked in the window once the PDF fonts are known.

The fonts are chosen in the background after start-up (gui.app.warm_up_pdf_export), never while the officer
types: until then nothing is marked. Each character's verdict is cached in core (FontSet.can_print), so a
check costs a set of the text's characters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from core.export.fonts import FontSet
    from core.export.glyph_check import MissingGlyph
    from core.report import Report


class GlyphFonts(QObject):
    """The PDF fonts the marks are checked against; ``changed`` when they become known (from any thread)."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.fonts: FontSet | None = None

    def set_fonts(self, fonts: FontSet | None) -> None:
        """Check against these fonts from now on (None: mark nothing)."""
        self.fonts = fonts
        self.changed.emit()  # queued to the window's thread when called from the warm-up thread


FONTS = GlyphFonts()


def unprintable_positions(text: str) -> list[int]:
    """0-based positions of the characters of ``text`` the PDF cannot print (none while fonts are unknown)."""
    if FONTS.fonts is None or not text:
        return []
    from core.export.glyph_check import unprintable  # loaded with the fonts already

    return unprintable(text, FONTS.fonts)


def report_glyphs(report: Report) -> list[MissingGlyph]:
    """Every character of the report the PDF cannot print, with field and position."""
    if FONTS.fonts is None:
        return []
    from core.export.glyph_check import missing_glyphs

    return missing_glyphs(report, FONTS.fonts)


def tip(ch: str) -> str:
    """The tooltip of a marked character."""
    from core.export.glyph_check import glyph_tip

    return glyph_tip(ch)


def summary(glyphs: list[MissingGlyph]) -> str:
    """One line for the issues panel, e.g. ``⚠ 导出的 PDF 中有 2 个字无法显示：“𰻞”（一、总体情况 第 5 个字）…``."""
    if not glyphs:
        return ""
    first = glyphs[0]
    more = f"等 {len(glyphs)} 处" if len(glyphs) > 1 else ""
    return (f"⚠ 导出的 PDF 中没有字体能显示“{first.char}”（{first.code}，{first.label} 第 {first.position} 个字）"
            f"{more}，将显示为空白框；请安装含此字的字体，或改用常用字")
