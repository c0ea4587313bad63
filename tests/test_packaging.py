"""The package build: a wheel holds every package of ours and the Qt catalogue it compiled.

scripts/check_wheel.sh (run by .ci/run) goes further: it installs the wheel into a fresh venv and self-tests it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "core", "gui", "nianbao", "resources",
           "scripts/compile_translations.py"]


def test_the_command_is_the_cli_package() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"] == {"nianbao": "nianbao.cli:main"}
    assert "PySide6-Essentials==6.9.3" in project["build-system"]["requires"]  # lrelease for the build step


@pytest.mark.slow
def test_the_wheel_holds_every_package_and_the_compiled_catalogue(tmp_path: Path) -> None:
    src = tmp_path / "src"
    for name in SOURCES:  # a copy without any .qm: the build itself (isolated, as pip does) must make it
        target = src / name
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target, ignore=shutil.ignore_patterns("__pycache__", "*.qm"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / name, target)
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps",
                          "-q", "-w", str(tmp_path / "dist")], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    (wheel,) = (tmp_path / "dist").glob("nianbao-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "resources/translations/nianbao_zh_CN.qm" in names
    ours = {p.relative_to(ROOT).as_posix() for top in ("core", "gui", "nianbao") for p in (ROOT / top).rglob("*.py")}
    assert ours <= names, sorted(ours - names)[:5]
    assert {"resources/templates/2021.json", "resources/templates/2019.json", "resources/icons/app.png"} <= names
