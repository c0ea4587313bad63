"""FontSettingsDialog: 设置 → PDF 字体 — which installed Chinese font each part of the PDF uses."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.export.fonts import ROLES, FontInfo, find_cjk_fonts, list_cjk_fonts
from gui.settings import PDF_FONTS, Settings, font_preferences

AUTO = "自动（推荐）"
SAMPLE = "样字：政府信息公开"


class FontSettingsDialog(QDialog):
    """One font box per PDF role, with what the role really uses now; saved to the settings on OK."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("PDF 字体")
        self.settings = settings
        self.fonts: list[FontInfo] = list_cjk_fonts()
        self.boxes: dict[str, QComboBox] = {}
        self.used: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        intro = QLabel("导出 PDF 和勾稽校验单时各部分使用的字体。选“自动”时按公文要求从本机已安装的字体中挑选"
                       "（仿宋、小标宋、黑体、楷体、宋体），没有时用最接近的中文字体。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(self._grid(font_preferences(settings)))
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #a00;")
        layout.addWidget(self.warning)
        layout.addStretch(1)
        layout.addWidget(self._buttons())
        self.resize(760, 0)
        self._update()

    def _grid(self, prefs: dict[str, str]) -> QGridLayout:
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>用途</b>"), 0, 0)
        grid.addWidget(QLabel("<b>选择字体</b>"), 0, 1)
        grid.addWidget(QLabel("<b>实际使用</b>"), 0, 2)
        for row, (role, label) in enumerate(ROLES.items(), start=1):
            box = self._font_box(prefs.get(role, ""))
            caption = QLabel(f"{label}(&{row})：")
            caption.setBuddy(box)
            # One line, never wrapped: a wrapped label in a grid is given one line's height and gets clipped.
            self.boxes[role], self.used[role] = box, QLabel()
            grid.addWidget(caption, row, 0)
            grid.addWidget(box, row, 1)
            grid.addWidget(self.used[role], row, 2)
            box.currentIndexChanged.connect(self._update)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 3)
        return grid

    def _font_box(self, preference: str) -> QComboBox:
        box = QComboBox()
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(16)  # long names are elided in the box, shown whole in its list
        box.addItem(AUTO, "")
        for info in sorted(self.fonts, key=lambda f: f.name):
            box.addItem(info.name, info.name)
            # Each name drawn in its own font, so the officer sees what 仿宋 or 楷体 looks like.
            box.setItemData(box.count() - 1, QFont(info.family), Qt.ItemDataRole.FontRole)
        if preference and box.findData(preference) < 0:  # chosen on a PC that had it, or since uninstalled
            box.addItem(f"{preference}（本机未安装，将自动选择）", preference)
        box.setCurrentIndex(max(box.findData(preference), 0))
        return box

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.auto_button = QPushButton("全部改为自动(&A)")
        box.addButton(self.auto_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.auto_button.clicked.connect(self._on_all_auto)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        return box

    def preferences(self) -> dict[str, str]:
        """The chosen font per role (roles on 自动 omitted)."""
        chosen = {role: str(box.currentData() or "") for role, box in self.boxes.items()}
        return {role: name for role, name in chosen.items() if name}

    def _update(self) -> None:
        fontset = find_cjk_fonts(self.preferences())
        resolved = fontset.describe()
        for role, label in ROLES.items():
            self.used[role].setText(f"{resolved.get(label, '')}　{SAMPLE}")
            info = fontset.sources.get(role)
            font = QFont(self.font())
            if info is not None:  # drawn in the font itself: the officer sees how 仿宋 or 楷体 will look
                font.setFamily(info.family)
            self.used[role].setFont(font)
        self.warning.setText(f"{fontset.warning}。请安装仿宋、宋体等中文 TrueType 字体（.ttf）。"
                             if fontset.warning else "")
        self.warning.setVisible(bool(fontset.warning))

    def _on_all_auto(self) -> None:
        for box in self.boxes.values():
            box.setCurrentIndex(0)

    def accept(self) -> None:
        """Save the choices."""
        prefs = self.preferences()
        for role, key in PDF_FONTS.items():
            self.settings.set(key, prefs.get(role, ""))
        super().accept()
