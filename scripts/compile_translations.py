"""Compile every committed resources/translations/*.ts into the .qm Qt loads (setup.py, setup.sh, build.spec run this).

The .qm files are build products (git-ignored). lrelease ships inside the PySide6 wheel, so no system Qt is needed.
Usage: python scripts/compile_translations.py        (exit 1 with lrelease's message when a catalogue is broken)
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "resources" / "translations"


def lrelease() -> Path:
    """The lrelease binary from the installed PySide6 wheel."""
    import PySide6

    tool = Path(PySide6.__file__).parent / ("lrelease.exe" if sys.platform == "win32" else "lrelease")
    if not tool.is_file():
        raise FileNotFoundError(f"lrelease not found at {tool}: is PySide6-Essentials installed?")
    return tool


def compile_all(folder: Path = FOLDER, out: Path | None = None) -> list[Path]:
    """Compile each .ts in folder to a .qm (in out, default beside it); refuse a catalogue with unfinished entries."""
    out = out or folder
    written = []
    for ts in sorted(folder.glob("*.ts")):
        qm = out / ts.with_suffix(".qm").name
        run = subprocess.run([str(lrelease()), str(ts), "-qm", str(qm)],
                             capture_output=True, text=True, encoding="utf-8", errors="replace", check=False)
        complete = re.search(r"\band 0 unfinished\)", run.stdout) and "Ignored" not in run.stdout
        if run.returncode != 0 or not complete or not qm.is_file():
            qm.unlink(missing_ok=True)
            raise RuntimeError(f"lrelease failed for {ts.name}:\n{run.stdout}{run.stderr}")
        written.append(qm)
    return written


if __name__ == "__main__":
    try:
        for path in compile_all():
            print(f"compiled {path.relative_to(FOLDER.parent.parent)}")
    except (OSError, RuntimeError) as exc:
        print(exc, file=sys.stderr)
        sys.exit(1)
