"""The package build compiles the Qt catalogue: resources/translations/*.ts -> nianbao_zh_CN.qm (git-ignored).

Everything else is declared in pyproject.toml. lrelease comes from PySide6-Essentials, a build requirement, so a
plain ``pip install .`` or ``pip wheel .`` gives a program whose window is in Chinese (and whose self-test passes).
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from scripts.compile_translations import compile_all  # noqa: E402  (the same compile as setup.sh and build.spec)


class BuildWithTranslations(build_py):
    """build_py, then the .qm files beside the packaged .ts (in the checkout for an editable install)."""

    def run(self) -> None:
        super().run()
        source = ROOT / "resources" / "translations"
        out = source if self.editable_mode else Path(self.build_lib) / "resources" / "translations"
        out.mkdir(parents=True, exist_ok=True)
        for qm in compile_all(source, out):
            self.announce(f"compiled {qm.name}", level=2)


setup(cmdclass={"build_py": BuildWithTranslations})
