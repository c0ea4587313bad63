"""After a PDF export the window names the substitute fonts in a note that does not block."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.export.fonts import find_cjk_fonts
from gui import export_actions as ex
from gui.document import ReportDocument
from gui.main_window import MainWindow
from gui.settings import Settings

WQY = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
UKAI = "/usr/share/fonts/truetype/arphic/ukai.ttc"
UMING = "/usr/share/fonts/truetype/arphic/uming.ttc"
pytestmark = pytest.mark.skipif(not all(Path(p).exists() for p in (WQY, UKAI, UMING)),
                                reason="WQY / AR PL fonts not installed")


def linux_fonts():
    return find_cjk_fonts(search_dirs=[], fc_list=lambda: f"{WQY}|0|WenQuanYi Micro Hei|Regular\n"
                                                         f"{UKAI}|0|AR PL UKai CN|Book\n{UMING}|0|AR PL UMing CN|Light\n")


def export_to(window: MainWindow, kind: str, path: Path, monkeypatch: pytest.MonkeyPatch) -> Path | None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    return ex.export(window, kind)


def test_pdf_export_names_substitutes_without_blocking(document: ReportDocument, settings: Settings,
                                                       tmp_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    monkeypatch.setattr(ex, "pdf_fonts", lambda _w: linux_fonts())
    blocking: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: blocking.append(text))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: pytest.fail("the note must not block"))
    written = export_to(window, "pdf", tmp_path / "报告.pdf", monkeypatch)
    assert written is not None and written.stat().st_size > 0
    note = window.findChild(QMessageBox, "exportFontNote")
    assert note is not None and note.isVisible() and not note.isModal()
    assert "正文字体：未找到仿宋，使用“文鼎明体（AR PL UMing CN）”代替" in note.text()
    assert "标题字体：未找到小标宋" in note.text() and str(written) in note.text()
    assert not blocking
    export_to(window, "check", tmp_path / "校验单.pdf", monkeypatch)
    notes = [b for b in window.findChildren(QMessageBox, "exportFontNote") if b.isVisible()]
    assert len(notes) == 1, "a second export replaces the note"


def test_excel_export_has_no_font_note(document: ReportDocument, settings: Settings, tmp_path: Path, qtbot,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    monkeypatch.setattr(ex, "pdf_fonts", lambda _w: linux_fonts())
    assert export_to(window, "xlsx", tmp_path / "报告.xlsx", monkeypatch)
    assert window.findChild(QMessageBox, "exportFontNote") is None
