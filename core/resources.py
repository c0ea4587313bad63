"""Locate the shipped ``resources/`` folder in a checkout, an installed wheel or a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The folder holding templates, icons and translations."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:  # PyInstaller one-folder bundle: data files sit under _internal/
        return Path(bundle) / "resources"
    # A checkout and an installed wheel both keep resources/ beside core/ (it is a package).
    candidate = Path(__file__).resolve().parent.parent / "resources"
    if candidate.is_dir():
        return candidate
    raise FileNotFoundError("找不到程序资源文件夹 resources/，安装可能不完整")


def resource_path(*parts: str) -> Path:
    """A path inside the resources folder."""
    return resources_dir().joinpath(*parts)
