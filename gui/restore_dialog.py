"""RestoreDialog: the backups newest first (date, time, size), or a backup file chosen elsewhere."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.store.backup_clock import future_backups
from core.store.backups import KEEP, BackupInfo, is_nianbao_database, list_backups, reports_in

CONFIRM = ("将用{what}替换当前的全部数据（所有年报）。\n\n"
           "当前数据库会先自动另存为一份备份（标为“恢复前自动保存”），需要时可以再恢复回来，不会丢失。\n\n"
           "确定恢复吗？")


def size_text(size: int) -> str:
    """A file size for people: 12 KB, 3.4 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def contents(path: Path) -> str:
    """What a backup holds, e.g. ``2 份年报：某某局 2023 年、某某局 2022 年`` ("" when unreadable)."""
    rows = reports_in(path)
    if rows is None:
        return ""
    if not rows:
        return "没有年报"
    return f"{len(rows)} 份年报：" + "、".join(f"{agency} {year} 年" for agency, year in rows)


class RestoreDialog(QDialog):
    """Pick the backup to restore; ``chosen`` is its path once the officer confirmed."""

    def __init__(self, backup_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("从备份恢复")
        self.backup_dir = Path(backup_dir)
        self.chosen: Path | None = None
        self.backups: list[BackupInfo] = list_backups(self.backup_dir)
        layout = QVBoxLayout(self)
        intro = QLabel(f"选择要恢复的备份（最新的在最上面）。程序每天自动备份，保留最近 {KEEP} 份。\n"
                       f"备份文件夹：{self.backup_dir}")
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(intro)
        self.list = self._backup_list()
        layout.addWidget(self.list, 1)
        self.empty = QLabel("还没有备份。可以用“文件 → 备份 → 立即备份”备份一次，或从其他位置的备份文件恢复。")
        self.empty.setWordWrap(True)
        self.empty.setVisible(not self.backups)
        layout.addWidget(self.empty)
        layout.addWidget(self._buttons())
        newest = self.list.topLevelItem(0)
        if newest is not None:
            self.list.setCurrentItem(newest)
        self.resize(760, 420)
        self._update()

    def _backup_list(self) -> QTreeWidget:
        view = QTreeWidget()
        view.setRootIsDecorated(False)
        view.setHeaderLabels(["备份时间", "大小", "内容"])
        ahead = {info.path for info in future_backups(self.backup_dir)}
        for info in self.backups:  # newest (by sequence number) first, whatever their dates say
            held = contents(info.path)
            note = f"（恢复前自动保存）{held}" if info.before_restore else held
            if info.path in ahead:
                note = f"（日期晚于电脑当前时间：当时时钟不准）{note}"
            item = QTreeWidgetItem([f"{info.created:%Y-%m-%d %H:%M:%S}", size_text(info.size), note])
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(0, str(info.path))
            item.setToolTip(2, note)
            view.addTopLevelItem(item)
        header = view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        view.itemDoubleClicked.connect(lambda *_: self._on_restore())
        view.currentItemChanged.connect(lambda *_: self._update())
        return view

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        self.restore_button = QPushButton("恢复所选备份(&R)…")
        self.file_button = QPushButton("从文件恢复(&F)…")
        box.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        box.addButton(self.file_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self._on_restore)
        self.file_button.clicked.connect(self._on_file)
        box.rejected.connect(self.reject)
        return box

    def _update(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def selected(self) -> BackupInfo | None:
        """The backup of the selected row."""
        row = self.list.indexOfTopLevelItem(self.list.currentItem()) if self.list.currentItem() else -1
        return self.backups[row] if 0 <= row < len(self.backups) else None

    def _on_restore(self) -> None:
        info = self.selected()
        if info is not None and self._confirm(f" {info.created:%Y-%m-%d %H:%M:%S} 的备份"):
            self.chosen = info.path
            self.accept()

    def _on_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "从文件恢复", str(self.backup_dir),
                                                "nianbao 备份 (*.db *.sqlite3);;所有文件 (*)")
        if not chosen:
            return
        if not is_nianbao_database(Path(chosen)):
            QMessageBox.warning(self, "从文件恢复",
                                f"这个文件不是可用的 nianbao 备份（不是数据库文件或已损坏）：\n{chosen}")
            return
        if self._confirm(f"文件“{Path(chosen).name}”"):
            self.chosen = Path(chosen)
            self.accept()

    def _confirm(self, what: str) -> bool:
        return QMessageBox.question(self, "确认恢复", CONFIRM.format(what=what)) == QMessageBox.StandardButton.Yes
