"""Settings: one INI file under NIANBAO_CONFIG_DIR, typed values with defaults, written at once."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray

from gui import settings as keys
from gui.settings import Settings, config_dir


def test_folder_from_environment() -> None:
    assert config_dir() == Path(os.environ["NIANBAO_CONFIG_DIR"])
    assert Settings().path == Path(os.environ["NIANBAO_CONFIG_DIR"]) / "nianbao.ini"


def test_defaults_and_types(settings: Settings) -> None:
    assert settings.get(keys.LAST_REPORT) == 0
    assert settings.get(keys.SHOW_PREVIOUS) is False
    assert isinstance(settings.get(keys.GEOMETRY), QByteArray)
    settings.set(keys.LAST_REPORT, 7)
    settings.set(keys.SHOW_PREVIOUS, True)
    settings.set(keys.EXPORT_DIR, "C:/Users/张三/文档")
    again = Settings(settings.path)  # a new process reads what was written
    assert again.get(keys.LAST_REPORT) == 7 and again.get(keys.SHOW_PREVIOUS) is True
    assert again.get(keys.EXPORT_DIR) == "C:/Users/张三/文档"
    assert "[session]" in settings.path.read_text(encoding="utf-8")


def test_every_key_declared_once() -> None:
    names = [k.name for k in keys.ALL_KEYS]
    assert len(names) == len(set(names))


def test_garbage_falls_back_to_default(settings: Settings) -> None:
    settings.path.write_text("[session]\nlast_report_id=abc\n", encoding="utf-8")
    assert Settings(settings.path).get(keys.LAST_REPORT) == 0


def test_a_hand_edited_window_layout_is_read_as_bytes_or_ignored(settings: Settings) -> None:
    settings.path.write_text("[window]\ngeometry=abc\nstate=1, 2\n", encoding="utf-8")
    again = Settings(settings.path)
    assert again.get(keys.GEOMETRY) == QByteArray(b"abc")
    assert again.get(keys.WINDOW_STATE) == QByteArray()
