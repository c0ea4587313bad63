"""Shared fixtures. ``tests/core`` needs no QApplication; GUI tests use pytest-qt's ``qtbot``."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "XDG_RUNTIME_DIR" not in os.environ:
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="xdg-")  # 0700, silences Qt's warning

from factories import full_2021_report

from core.report import Report
from core.template import Template, load_template


@pytest.fixture
def template21() -> Template:
    """The 2021 edition."""
    return load_template("2021")


@pytest.fixture
def template19() -> Template:
    """The 2019 试行 edition."""
    return load_template("2019")


@pytest.fixture
def full_report() -> Report:
    """A complete, balanced 2021 report."""
    return full_2021_report()


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real data folder or settings."""
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NIANBAO_CONFIG_DIR", str(tmp_path / "config"))
