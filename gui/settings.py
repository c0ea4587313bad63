"""Every QSettings key of the application, declared once with its type and default (INI, user scope)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

ENV_CONFIG_DIR = "NIANBAO_CONFIG_DIR"
FILE_NAME = "nianbao.ini"


@dataclass(frozen=True)
class Key:
    """One setting: its INI name, Python type and default."""

    name: str
    type: type
    default: Any
    per_screens: bool = False  # kept once per screen setup (see for_screens)


# The main window's size, place, maximised state and dock layout, one per screen setup.
GEOMETRY = Key("window/geometry", QByteArray, QByteArray(), per_screens=True)
WINDOW_STATE = Key("window/state", QByteArray, QByteArray(), per_screens=True)
LAST_REPORT = Key("session/last_report_id", int, 0)
EXPORT_DIR = Key("folders/export", str, "")
IMPORT_DIR = Key("folders/import", str, "")
SHOW_PREVIOUS = Key("view/show_previous_year", bool, False)
BACKUP_EXPORT_DIR = Key("folders/backup_copy", str, "")
# The network folder already warned about by a message box (the status bar repeats it at every start).
NETWORK_WARNED = Key("warnings/network_folder", str, "")

# PDF fonts chosen in 设置 → PDF 字体, one per core.export.fonts.ROLES role; "" means 自动 (best installed match).
FONT_ROLES = ("body", "title", "heading1", "heading2", "table")
PDF_FONTS = {role: Key(f"pdf_fonts/{role}", str, "") for role in FONT_ROLES}

ALL_KEYS = (GEOMETRY, WINDOW_STATE, LAST_REPORT, EXPORT_DIR, IMPORT_DIR, SHOW_PREVIOUS, BACKUP_EXPORT_DIR,
            NETWORK_WARNED, *PDF_FONTS.values())


def for_screens(key: Key, setup: str) -> Key:
    """A per_screens key's own setting for one screen setup (e.g. ``window/geometry/1920x1080_0_0_100``)."""
    if not key.per_screens or key not in ALL_KEYS:
        raise KeyError(key.name)
    return Key(f"{key.name}/{setup}", key.type, key.default)


def _declared(key: Key) -> bool:
    if key in ALL_KEYS:
        return True
    base, _, setup = key.name.rpartition("/")
    return bool(setup) and any(k.per_screens and k.name == base and k.type is key.type for k in ALL_KEYS)


def _byte_array(raw: object, default: QByteArray) -> QByteArray:
    """A stored byte value as a QByteArray (a hand-edited text as its UTF-8 bytes); anything else: the default."""
    if isinstance(raw, QByteArray):
        return raw
    if isinstance(raw, str):
        raw = raw.encode()
    return QByteArray(raw) if isinstance(raw, bytes | bytearray) else default


def config_dir() -> Path:
    """The settings folder: NIANBAO_CONFIG_DIR if set, else Qt's per-user config location."""
    env = os.environ.get(ENV_CONFIG_DIR)
    if env:
        return Path(env)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation))


class Settings:
    """Typed access to the INI settings file; every write is synced at once (a kill loses nothing)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / FILE_NAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def get(self, key: Key) -> Any:
        """The stored value converted to the key's type, or its default."""
        raw = self._qs.value(key.name, key.default)
        if raw is None:
            return key.default
        try:
            if key.type is bool:
                return raw if isinstance(raw, bool) else str(raw).lower() in {"true", "1"}
            if key.type is QByteArray:
                return _byte_array(raw, key.default)
            return key.type(raw)
        except (TypeError, ValueError):
            return key.default

    def set(self, key: Key, value: Any) -> None:
        """Store a value and write the file."""
        if not _declared(key):
            raise KeyError(key.name)
        self._qs.setValue(key.name, value)
        self._qs.sync()


def font_preferences(settings: Settings) -> dict[str, str]:
    """The PDF font chosen for each role (roles left on 自动 are omitted), for core.export.fonts.find_cjk_fonts."""
    chosen = {role: str(settings.get(key)).strip() for role, key in PDF_FONTS.items()}
    return {role: name for role, name in chosen.items() if name}
