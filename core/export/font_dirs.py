"""The folders where this platform keeps font files (scanned when fontconfig cannot list them)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _windows_dirs() -> list[Path]:
    dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def default_search_dirs() -> list[Path]:
    """Folders scanned for font files on this platform."""
    if sys.platform.startswith("win"):
        return _windows_dirs()
    home = Path.home()
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local/share/fonts",
            home / ".fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts")]
