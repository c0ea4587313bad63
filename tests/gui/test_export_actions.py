"""文件 → 导出 PDF（内部审批版）/（公开版）: the public copy has no internal status line; a draft asks first."""

from __future__ import annotations

from pathlib import Path

import pytest
from font_helpers import VERA, copy_font, linux_fonts_fc
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.export.fonts import FontSet, find_cjk_fonts
from gui import export_actions as ex
from gui.document import ReportDocument
from gui.main_window import MainWindow
from gui.settings import Settings


@pytest.fixture
def window(document: ReportDocument, settings: Settings, qtbot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    if not find_cjk_fonts().embedded:
        pytest.skip("no CJK TrueType font on this machine")
    w = MainWindow(document, settings)
    qtbot.addWidget(w)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    return w


def _export(window: MainWindow, kind: str, path: Path, monkeypatch: pytest.MonkeyPatch, answer: bool = True,
            asked: list[str] | None = None) -> Path | None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))

    def question(_parent, _title, text, *a, **k):
        (asked if asked is not None else []).append(text)
        return QMessageBox.StandardButton.Yes if answer else QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", question)
    return ex.export(window, kind)


def test_menu_offers_both_and_public_has_no_status_line(window: MainWindow, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    acts = window.actions_
    assert acts["export_pdf"].text() == "导出 PDF（内部审批版）(&P)…"
    assert acts["export_pdf_public"].text() == "导出 PDF（公开版）(&G)…"
    assert ex.proposed_name(window.document.report, "pdf_public").endswith("年度报告（公开版）.pdf")
    window.document.finalise()
    internal = _export(window, "pdf", tmp_path / "internal.pdf", monkeypatch)
    asked: list[str] = []
    public = _export(window, "pdf_public", tmp_path / "public.pdf", monkeypatch, asked=asked)
    assert internal and public and not asked  # a trusted 定稿: nothing to ask
    text = "".join(p.extract_text() for p in PdfReader(public).pages)
    assert "校验码" not in text and "草稿" not in text
    assert "校验码" in "".join(p.extract_text() for p in PdfReader(internal).pages)


def test_public_copy_of_a_draft_asks_first(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    assert _export(window, "pdf_public", tmp_path / "p.pdf", monkeypatch, answer=False, asked=asked) is None
    assert "草稿" in asked[0] and not (tmp_path / "p.pdf").exists()


@pytest.fixture
def linux_fonts(tmp_path: Path) -> FontSet:
    """The fonts chosen from stand-ins of 文泉驿微米黑, 文鼎楷体 and 文鼎明体 (no 仿宋, 小标宋: notes to show)."""
    listed = linux_fonts_fc(tmp_path / "fonts", ("wqy-microhei.ttf", "ukai-cn.ttf", "uming.ttf"))
    return find_cjk_fonts(search_dirs=[], fc_list=listed)


def export_to(window: MainWindow, kind: str, path: Path, monkeypatch: pytest.MonkeyPatch) -> Path | None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    return ex.export(window, kind)


def test_pdf_export_names_substitutes_without_blocking(document: ReportDocument, settings: Settings,
                                                       linux_fonts: FontSet, tmp_path: Path, qtbot,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    monkeypatch.setattr(ex, "pdf_fonts", lambda _w: linux_fonts)
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


def test_excel_export_has_no_font_note(document: ReportDocument, settings: Settings, linux_fonts: FontSet,
                                       tmp_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    monkeypatch.setattr(ex, "pdf_fonts", lambda _w: linux_fonts)
    assert export_to(window, "xlsx", tmp_path / "报告.xlsx", monkeypatch)
    assert window.findChild(QMessageBox, "exportFontNote") is None


def test_stsong_warning_names_each_skipped_font_file(document: ReportDocument, settings: Settings, tmp_path: Path,
                                                     qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every configured font damaged: the PDF falls back to STSong, and the window says which files it skipped
    and why, as the command line's note does."""
    folder = tmp_path / "fonts"
    simfang = copy_font(folder, "simfang.ttf", VERA.read_bytes()[:4000])
    simhei = copy_font(folder, "simhei.ttf", VERA.read_bytes()[:100])
    fonts = find_cjk_fonts(search_dirs=[folder], fc_list=None)
    assert not fonts.embedded and set(fonts.skipped) == {str(simfang), str(simhei)}
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    monkeypatch.setattr(ex, "pdf_fonts", lambda _w: fonts)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: said.append(text))
    written = export_to(window, "pdf", tmp_path / "报告.pdf", monkeypatch)
    assert written is not None and written.stat().st_size > 0
    (text,) = said
    assert text.startswith(f"已导出：{written}\n\n注意：{fonts.warning}。")
    assert f"已跳过字体文件“{simfang}”：文件不完整（可能只复制或下载了一部分），无法使用" in text
    assert all(line in text for line in fonts.substitution_note().splitlines() if line.startswith("已跳过"))
    assert window.findChild(QMessageBox, "exportFontNote") is None  # one message, not a second note


def test_stsong_warning_shows_at_most_ten_files(tmp_path: Path) -> None:
    fonts = FontSet({}, embedded=False, warning="未找到字体", skipped={f"/f/{i}.ttf": "已损坏" for i in range(12)})
    text = ex.fallback_warning(tmp_path / "a.pdf", fonts)
    assert "已跳过字体文件“/f/9.ttf”：已损坏" in text and "/f/10.ttf" not in text and "另有 2 个字体文件" in text
