"""How a finalised (已定稿) report looks and answers: a neutral background on whatever cannot be edited,
text that stays legible and copyable, and a hint instead of silence when the officer tries to type."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QToolTip, QWidget

READ_ONLY_HINT = "已定稿，只读；如需修改请先“重新打开”"
DB_READ_ONLY_HINT = "数据库文件是只读的，修改不会保存；请取消文件的只读属性（或检查文件夹权限）后重新启动 nianbao"
DB_READ_ONLY_TITLE = "（只读）"
DB_READ_ONLY_PROPERTY = "databaseReadOnly"  # a window's Qt property, set by mark_database_read_only
# A light warm grey: clearly not the white of a cell to type in, lighter than the grey of a total (#ececec,
# drawn bold), and quiet beside the red/yellow/blue of an issue.
READ_ONLY_BG = QColor("#f4f3ef")

_GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
_EDIT_KEYS = {Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_F2}


def is_edit_attempt(event: QKeyEvent, *, enter: bool = False) -> bool:
    """A key that would change the content of an editable field: a character, Delete, Backspace, F2,
    paste or cut (Enter too where it inserts a line). Moving, selecting and copying are not."""
    if event.matches(QKeySequence.StandardKey.Paste) or event.matches(QKeySequence.StandardKey.Cut):
        return True
    if event.key() in _EDIT_KEYS or (enter and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
        return True
    mods = event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
    text = event.text()
    return mods == Qt.KeyboardModifier.NoModifier and bool(text) and text.isprintable()


def show_hint(widget: QWidget, at: QPoint | None = None, text: str = READ_ONLY_HINT) -> None:
    """Say why nothing happened: a tooltip where the officer typed and the same words in the status bar."""
    if text == READ_ONLY_HINT and widget.window().property(DB_READ_ONLY_PROPERTY):
        text = DB_READ_ONLY_HINT  # not finalised: the file itself cannot be written
    point = at if at is not None else QPoint(4, widget.height())
    QToolTip.showText(widget.mapToGlobal(point), text, widget)
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, 8000)


def set_read_only_look(widget: QWidget, read_only: bool) -> None:
    """Give an editor the read-only background (or the normal one back); its text keeps the normal colour."""
    palette = widget.palette()
    normal = QApplication.palette(widget)
    for group in _GROUPS:
        palette.setColor(group, QPalette.ColorRole.Base,
                         READ_ONLY_BG if read_only else normal.color(group, QPalette.ColorRole.Base))
    widget.setPalette(palette)


def legible_when_disabled(widget: QWidget) -> None:
    """Draw a disabled widget's text in the normal text colour (Qt's disabled grey is hard to read)."""
    palette = widget.palette()
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, palette.color(QPalette.ColorGroup.Active, role))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, READ_ONLY_BG)
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, READ_ONLY_BG)
    widget.setPalette(palette)


class ReadOnlyHint(QObject):
    """Event filter for line edits: an edit key in a read-only field shows READ_ONLY_HINT (the key is
    still handed on; the read-only widget ignores it)."""

    def __init__(self, is_read_only: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._is_read_only = is_read_only

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Show the hint on an edit key while read-only."""
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and isinstance(watched, QWidget)
                and self._is_read_only() and is_edit_attempt(event)):
            show_hint(watched)
        return False


def mark_database_read_only(window: QMainWindow, db_path: str, saved: QWidget | None = None) -> QMessageBox:
    """Say 只读 as the window opens, as office programs do: title, a lasting status line, a non-modal note.

    Edits are refused by the document (its read_only is True while the store is); this says why.
    """
    window.setProperty(DB_READ_ONLY_PROPERTY, True)
    _keep_title_suffix(window)
    window.windowTitleChanged.connect(lambda _title: _keep_title_suffix(window))
    label = QLabel("数据库只读，修改不会保存")
    label.setToolTip(DB_READ_ONLY_HINT)
    label.setObjectName("database_read_only")
    label.setStyleSheet("color: #a61b1b;")
    window.statusBar().addPermanentWidget(label)
    if saved is not None:  # the window's 已保存: never said while nothing can be saved
        saved.hide()
    box = QMessageBox(QMessageBox.Icon.Warning, window.windowTitle(),
                      f"数据库文件是只读的，本次只能查看和导出，修改不会保存：\n{db_path}\n\n"
                      "请取消该文件的只读属性（或检查数据文件夹的写入权限）后重新启动 nianbao。",
                      QMessageBox.StandardButton.Ok, window)
    box.setObjectName("database_read_only_box")
    box.setModal(False)
    box.show()
    return box


def _keep_title_suffix(window: QMainWindow) -> None:
    title = window.windowTitle()
    if DB_READ_ONLY_TITLE not in title:
        window.setWindowTitle(f"{title}{DB_READ_ONLY_TITLE}" if " — " not in title
                              else title.replace(" — ", f"{DB_READ_ONLY_TITLE} — ", 1))
