"""文件 → 导出 PDF（内部审批版）/（公开版）: the public copy has no internal status line; a draft asks first."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.export.fonts import find_cjk_fonts
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
