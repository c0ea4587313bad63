"""Where the main window opens: size, place and maximised state saved per screen setup, restored on-screen."""

from __future__ import annotations

from PySide6.QtCore import QRect, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

from gui import settings as keys
from gui.settings import Settings

DEFAULT_SIZE = (1280, 720)
SAVE_DELAY_MS = 500  # moving or resizing is saved shortly after it stops (a killed app keeps it too)
GRIP = 48  # this much of the title bar must lie on a screen for the window to be reachable


def screen_setup() -> str:
    """A name for the screens attached now, e.g. ``1920x1080_0_0_100-1366x768_1920_0_100`` (size, place, scale)."""
    parts = []
    for screen in QGuiApplication.screens():
        g = screen.geometry()
        numbers = (g.x(), g.y(), round(screen.devicePixelRatio() * 100))
        parts.append(f"{g.width()}x{g.height()}_" + "_".join(str(n).replace("-", "m") for n in numbers))
    return "-".join(sorted(parts)) or "none"


def reachable(frame: QRect) -> bool:
    """True when the top of the window (where it is dragged from) lies on some screen."""
    top = QRect(frame.left(), frame.top(), frame.width(), GRIP)
    for screen in QGuiApplication.screens():
        seen = screen.availableGeometry().intersected(top)
        if seen.width() >= min(GRIP * 2, frame.width()) and seen.height() >= GRIP // 2:
            return True
    return False


def bring_on_screen(window: QMainWindow) -> None:
    """Move a window whose title bar is on no screen to the primary screen, shrunk to fit it."""
    if reachable(window.frameGeometry()):
        return
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return
    room = screen.availableGeometry()
    window.resize(min(window.width(), room.width()), min(window.height(), room.height()))
    frame = window.frameGeometry()
    window.move(room.center().x() - frame.width() // 2, max(room.top(), room.center().y() - frame.height() // 2))


class GeometryKeeper:
    """Restores a main window's geometry for the current screen setup and saves it as it changes."""

    def __init__(self, window: QMainWindow, settings: Settings) -> None:
        self.window = window
        self.settings = settings
        self.timer = QTimer(window)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self.save)

    def restore(self) -> bool:
        """Restore the saved geometry and dock layout of this screen setup; False the first time."""
        setup = screen_setup()
        geometry = self.settings.get(keys.for_screens(keys.GEOMETRY, setup))
        restored = not geometry.isEmpty() and self.window.restoreGeometry(geometry)
        if not restored:
            self.window.resize(*DEFAULT_SIZE)
        bring_on_screen(self.window)
        state = self.settings.get(keys.for_screens(keys.WINDOW_STATE, setup))
        return restored and not state.isEmpty() and self.window.restoreState(state)

    def changed(self) -> None:
        """The window moved, resized or was (un)maximised: save soon."""
        if self.window.isVisible():
            self.timer.start()

    def save(self) -> None:
        """Store the geometry and dock layout under the current screen setup."""
        self.timer.stop()
        setup = screen_setup()
        self.settings.set(keys.for_screens(keys.GEOMETRY, setup), self.window.saveGeometry())
        self.settings.set(keys.for_screens(keys.WINDOW_STATE, setup), self.window.saveState())
