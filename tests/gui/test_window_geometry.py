"""The window opens where it was left: size, place and maximised state, per screen setup, never off-screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication

from gui import settings as keys
from gui.document import ReportDocument
from gui.main_window import MainWindow
from gui.settings import Settings
from gui.window_geometry import SAVE_DELAY_MS, reachable, screen_setup


def _open(document: ReportDocument, settings: Settings, qtbot) -> MainWindow:
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _size(window: MainWindow, extra: int = 0) -> tuple[int, int]:
    """A size the window can take (above its minimum, which grows with the UI font), on the test screen."""
    least = window.minimumSizeHint()
    return max(600, least.width()) + 20 + extra, max(450, least.height()) + 20 + extra


def test_size_and_place_come_back(document: ReportDocument, settings: Settings, qtbot) -> None:
    first = _open(document, settings, qtbot)
    size = _size(first)
    first.setGeometry(40, 60, *size)
    first.close()
    again = _open(document, settings, qtbot)
    assert again.geometry() == QRect(40, 60, *size)


def test_saved_without_closing(document: ReportDocument, settings: Settings, qtbot) -> None:
    """A window killed later (power cut, task manager) still opens at the size it last had."""
    first = _open(document, settings, qtbot)
    size = _size(first, 10)
    first.resize(*size)
    qtbot.wait(SAVE_DELAY_MS + 200)
    assert not settings.get(keys.for_screens(keys.GEOMETRY, screen_setup())).isEmpty()
    probe = MainWindow(document, settings)  # as the next start would, without first.close()
    qtbot.addWidget(probe)
    assert probe.size().toTuple() == size


def test_maximised_comes_back_maximised(document: ReportDocument, settings: Settings, qtbot) -> None:
    first = _open(document, settings, qtbot)
    size = _size(first)
    first.resize(*size)
    first.showMaximized()
    qtbot.waitUntil(first.isMaximized)
    first.close()
    again = _open(document, settings, qtbot)
    assert again.isMaximized()
    again.showNormal()
    qtbot.waitUntil(lambda: not again.isMaximized())
    assert again.size().toTuple() == size  # un-maximising goes back to the size it had


def test_each_screen_setup_keeps_its_own(document: ReportDocument, settings: Settings, qtbot,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("gui.window_geometry.screen_setup", lambda: "laptop")
    first = _open(document, settings, qtbot)
    size = _size(first)
    first.setGeometry(30, 50, *size)
    first.close()
    monkeypatch.setattr("gui.window_geometry.screen_setup", lambda: "docked")
    docked = _open(document, settings, qtbot)
    assert docked.size().toTuple() == (1280, 720)  # nothing saved for this setup yet: the first-time size
    docked.setGeometry(20, 40, *_size(docked, 30))
    docked.close()
    monkeypatch.setattr("gui.window_geometry.screen_setup", lambda: "laptop")
    assert _open(document, settings, qtbot).geometry() == QRect(30, 50, *size)


def test_a_place_off_every_screen_is_brought_back(document: ReportDocument, settings: Settings, qtbot) -> None:
    """A position saved on a screen that is gone (or a damaged value) never opens the window out of reach."""
    first = _open(document, settings, qtbot)
    first.resize(*_size(first))
    first.move(-3000, 9000)
    first.close()
    again = _open(document, settings, qtbot)
    assert reachable(again.frameGeometry())
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert screen.intersects(again.frameGeometry())


def test_reachable_needs_the_title_bar_on_a_screen() -> None:
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert reachable(QRect(screen.left() + 10, screen.top() + 10, 400, 300))
    assert not reachable(QRect(screen.right() + 50, screen.top(), 400, 300))
    assert not reachable(QRect(screen.left(), screen.top() - 290, 400, 300))  # only the bottom edge shows


def test_screen_setup_names_the_screens() -> None:
    setup = screen_setup()
    g = QGuiApplication.primaryScreen().geometry()
    assert f"{g.width()}x{g.height()}" in setup and "/" not in setup
