"""Once the window is up, the PDF exporter and fonts are made ready in the background (the first 导出 PDF
then does not wait for reportlab's imports and the font registration)."""

from __future__ import annotations

from pathlib import Path

import core.export.fonts
from gui import app as gui_app
from gui.settings import PDF_FONTS, Settings


def test_warm_up_registers_the_fonts_chosen_in_the_settings(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "nianbao.ini")
    chosen = core.export.fonts.list_cjk_fonts()[:1]
    if chosen:
        settings.set(PDF_FONTS["body"], chosen[0].name)
    core.export.fonts._system_sets.clear()
    gui_app.warm_up_pdf_export(settings).join(timeout=60)
    key = tuple(sorted({"body": chosen[0].name}.items())) if chosen else ()
    assert key in core.export.fonts._system_sets
    assert core.export.fonts.find_cjk_fonts(dict(key)) is core.export.fonts._system_sets[key]
    from gui.glyph_marks import FONTS

    FONTS.set_fonts(None)  # later tests' windows mark nothing unless they ask


def test_warm_up_hands_the_fonts_to_the_window_marks(tmp_path: Path) -> None:
    from gui.glyph_marks import FONTS

    FONTS.set_fonts(None)
    try:
        gui_app.warm_up_pdf_export(Settings(tmp_path / "nianbao.ini")).join(timeout=60)
        assert FONTS.fonts is core.export.fonts.find_cjk_fonts({})  # the window now marks unprintable characters
    finally:
        FONTS.set_fonts(None)
