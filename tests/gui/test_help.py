"""帮助: 用户手册 (F1) opens the shipped guide offline, rendered from Markdown; 关于 names version, folder, fonts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog

from core import __version__
from core.export.fonts import ROLES, display_name, find_cjk_fonts
from gui import help_window
from gui.document import ReportDocument
from gui.help_window import AboutDialog, HelpWindow, about_text, user_guide_path
from gui.main_menus import all_menus
from gui.main_window import MainWindow
from gui.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(document: ReportDocument, settings: Settings, qtbot) -> MainWindow:
    w = MainWindow(document, settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_f1_opens_the_guide_rendered(window: MainWindow, qtbot) -> None:
    assert window.actions_["guide"].shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    window.actions_["guide"].trigger()
    guide = window.help_window
    qtbot.waitExposed(guide)
    browser = guide.browser
    text = browser.toPlainText()
    assert "填报助手使用说明" in text and "## " not in text and "![" not in text  # Markdown rendered, not shown raw
    assert "新建年报" in text
    # what this wave added is in the guide the officer reads (rendered: no raw Markdown marks left)
    for topic in ("前言", "导出 PDF（公开版）", "导出网页（公开版）", "落款", "导入核对", "候选数值", "nianbao 文件名",
                  "数据库只读，修改不会保存", "顺序号", "九、导入已有的年报"):
        assert topic in text, topic
    assert "**" not in text and "`" not in text
    # the pictures are found beside the guide (no network, no broken image)
    image = browser.loadResource(2, browser.source().resolved("images/gui-table3.png"))  # 2: ImageResource
    assert image is not None and not (hasattr(image, "isNull") and image.isNull())
    window.actions_["guide"].trigger()  # a second F1 raises the same window
    assert window.help_window is guide


def test_guide_found_in_a_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """In a PyInstaller build the guide sits under resources/docs (build.spec puts it there)."""
    (tmp_path / "resources" / "docs").mkdir(parents=True)
    (tmp_path / "resources" / "docs" / "user-guide.md").write_text("# 手册", encoding="utf-8")
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(help_window, "CHECKOUT_GUIDE", tmp_path / "nowhere.md")
    assert user_guide_path() == tmp_path / "resources" / "docs" / "user-guide.md"


def test_missing_guide_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qtbot) -> None:
    monkeypatch.setattr(help_window, "user_guide_path", lambda: None)
    guide = HelpWindow()
    qtbot.addWidget(guide)
    assert "找不到用户手册" in guide.browser.toPlainText()


def test_about_names_version_folder_and_fonts(tmp_path: Path) -> None:
    text = about_text(str(tmp_path))
    assert __version__ in text and str(tmp_path) in text
    fonts = find_cjk_fonts({})
    for role, label in ROLES.items():
        info = fonts.sources.get(role)
        assert f"{label}：{display_name(info) if info is not None else fonts.names[role]}" in text
    assert "〔2021〕30号" in text


def test_about_from_the_menu(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(AboutDialog, "exec",
                        lambda self: shown.append(self.label.text()) or QDialog.DialogCode.Rejected)
    window.actions_["about"].trigger()
    assert shown and __version__ in shown[0] and "（未打开数据库）" in shown[0]  # an in-memory document


def test_help_menu_and_no_menu_item_elided(window: MainWindow) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[-1] == "帮助(&H)"
    menus = all_menus(window)
    assert len(menus) == 6  # 文件 (with 备份) 编辑 视图 设置 帮助
    for menu in menus:
        metrics = menu.fontMetrics()
        for action in menu.actions():
            if action.isSeparator():
                continue
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            need = metrics.horizontalAdvance(action.text().replace("&", "") + shortcut)
            assert menu.minimumWidth() >= need + 4 * metrics.horizontalAdvance("国"), action.text()
