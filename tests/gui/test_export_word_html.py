"""文件 → 导出 Word / 导出网页（公开版）: both written from the window and read back as the same report."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from lxml import html
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.read.read_any import read_any_report
from gui import export_actions as ex
from gui.document import ReportDocument
from gui.main_window import MainWindow
from gui.settings import Settings


@pytest.fixture
def window(document: ReportDocument, settings: Settings, qtbot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    w = MainWindow(document, settings)
    qtbot.addWidget(w)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    return w


def _export(window: MainWindow, kind: str, path: Path, monkeypatch: pytest.MonkeyPatch,
            asked: list[str]) -> Path | None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))

    def question(_parent, _title, text, *a, **k):
        asked.append(text)
        return QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", question)
    return ex.export(window, kind)


def test_word_and_web_page_from_the_file_menu(window: MainWindow, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert "导出 Word(&W)…" in texts and "导出网页（公开版）(&M)…" in texts
    asked: list[str] = []
    word = _export(window, "docx", tmp_path / "报告", monkeypatch, asked)
    assert word == tmp_path / "报告.docx" and not asked  # the leader's draft: nothing to ask
    assert "草稿" in docx.Document(word).sections[0].header.paragraphs[0].text
    page = _export(window, "html", tmp_path / "网页.html", monkeypatch, asked)
    assert page is not None and "草稿" in asked[0]  # the portal's copy of a draft asks first
    assert html.parse(str(page)).xpath("//h1")[0].text_content() == window.document.report.title
    for path in (word, page):
        assert read_any_report(path).cells == window.document.report.cells
