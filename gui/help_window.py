"""帮助: the user guide shipped with the program (read offline from Markdown) and 关于 (version, data folder, fonts)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMainWindow, QTextBrowser, QVBoxLayout, QWidget

from core import APP_TITLE, __version__
from core.export.fonts import ROLES, display_name, find_cjk_fonts
from core.resources import resource_path
from core.template import editions, load_template

GUIDE = "user-guide.md"
CHECKOUT_GUIDE = Path(__file__).resolve().parent.parent / "docs" / GUIDE  # running from a source checkout


def user_guide_path() -> Path | None:
    """The bundled guide (``resources/docs`` in a build), else the checkout's ``docs/``; None when missing."""
    try:
        bundled = resource_path("docs", GUIDE)
    except FileNotFoundError:
        bundled = None
    for path in (bundled, CHECKOUT_GUIDE):
        if path is not None and path.is_file():
            return path
    return None


class GuideBrowser(QTextBrowser):
    """Shows the guide; a link to a web page opens in the browser, never inside (the app stays offline)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._follow)

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        elif url.hasFragment() and not url.path():
            self.scrollToAnchor(url.fragment())


class HelpWindow(QMainWindow):
    """用户手册 in its own window beside the report (not modal: the officer reads and fills at once)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"用户手册 — {APP_TITLE}")
        self.setWindowFlag(Qt.WindowType.Window)
        self.browser = GuideBrowser()
        self.setCentralWidget(self.browser)
        path = user_guide_path()
        if path is None:
            self.browser.setPlainText("找不到用户手册文件（user-guide.md），程序安装可能不完整。请重新安装或联系信息中心。")
        else:
            self.browser.setSearchPaths([str(path.parent)])  # its pictures (images/…) sit beside it
            self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        self._fit()

    def _fit(self) -> None:
        """About 48 characters wide and most of the screen high."""
        em = self.fontMetrics().horizontalAdvance("国")
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        width, height = em * 52, em * 48
        if room is not None:
            width, height = min(width, room.width() - 40), min(height, room.height() - 80)
        self.resize(width, height)


def about_text(data_folder: str, font_preferences: dict[str, str] | None = None) -> str:
    """关于: version, formats, data folder and the font each part of an exported PDF uses (plain text)."""
    fonts = find_cjk_fonts(font_preferences or {})
    lines = [f"{APP_TITLE}　版本 {__version__}", "", "支持格式："]
    lines += [f"　{load_template(e).name}（{load_template(e).document_number}）" for e in editions()]
    lines += ["", f"数据文件夹：{data_folder or '（未打开数据库）'}", "",
              "导出 PDF 使用的字体（可在“设置 → PDF 字体”中更改）："]
    for role, label in ROLES.items():
        info = fonts.sources.get(role)
        lines.append(f"　{label}：{display_name(info) if info is not None else fonts.names[role] + '（内置，未嵌入）'}")
    notes = fonts.substitutions()
    lines += ["", "代用字体：", *(f"　{note}" for note in notes)] if notes else []
    lines += ["", "本软件不联网，所有数据只保存在本机。"]
    return "\n".join(lines)


class AboutDialog(QDialog):
    """关于 nianbao: the facts a help desk asks for, selectable so they can be copied."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"关于 {APP_TITLE}")
        layout = QVBoxLayout(self)
        self.label = QLabel(text)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                           | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        layout.addWidget(self.label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
