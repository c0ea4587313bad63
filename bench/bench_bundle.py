"""Measure a built bundle (dist/nianbao): size, files, CLI start-up and self-test time. Build it first."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "nianbao"  # or the folder given


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes and number of regular files (symlinks not followed, as on disk)."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def best_time(cmd: list[str], repeat: int = 5) -> float:
    """Best wall time of ``cmd`` over ``repeat`` runs (output discarded)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    cli = BUNDLE / ("nianbao-cli.exe" if sys.platform == "win32" else "nianbao-cli")
    if not cli.exists():
        print("先构建：bash scripts/build.sh", file=sys.stderr)
        return 1
    size, count = folder_size(BUNDLE)
    internal = BUNDLE / "_internal"
    print(f"bundle size                      {size / 1e6:7.1f} MB in {count} files")
    for part in ("PySide6", "PIL", "pillow.libs", "reportlab", "openpyxl"):
        if (internal / part).exists():
            print(f"  _internal/{part:<22}{folder_size(internal / part)[0] / 1e6:7.1f} MB")
    print(f"nianbao-cli cells --json         {best_time([str(cli), 'cells', '--json']) * 1000:7.0f} ms (best of 5)")
    venv_cli = ROOT / ".venv" / "bin" / "nianbao"
    if venv_cli.exists():
        print(f"  same from the venv             {best_time([str(venv_cli), 'cells', '--json']) * 1000:7.0f} ms")
    print(f"nianbao-cli --self-test          {best_time([str(cli), '--self-test'], 3) * 1000:7.0f} ms (best of 3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
