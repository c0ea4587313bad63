"""Whole-process PDF export, side by side with LibreOffice printing the same report's workbook to PDF.

``nianbao export report.json --to report.pdf`` as a fresh process (interpreter start, imports, fonts, the
PDF, the notes after it) against ``soffice --headless --convert-to pdf report.xlsx`` (the workbook this
program exports for the same report), run alternately so that both see the same machine load. The data
folder starts without a font cache: the first nianbao run parses the fonts and fills it, the later runs
read it (what every export after the first on a PC does). Needs LibreOffice for the peer figure.

Run: ``.venv/bin/python bench/bench_pdf_process.py [runs]``.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "tests"))

from factories import full_2021_report  # noqa: E402

from core.export.xlsx import write_xlsx  # noqa: E402
from core.read.report_file import write_report_file  # noqa: E402


def cli_code() -> str:
    """``python -c`` code running the ``nianbao`` command where pyproject.toml's [project.scripts] puts it."""
    target = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]["nianbao"]
    module, function = target.split(":")
    return f"import sys; from {module} import {function}; sys.exit({function}(sys.argv[1:]))"


def timed(cmd: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one run (it must succeed)."""
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=300)
    return time.perf_counter() - start


def main(argv: list[str]) -> None:
    """Print the medians and the ratio."""
    runs = int(argv[0]) if argv else 7
    folder = Path(tempfile.mkdtemp(prefix="nianbao-pdf-process-"))
    report = full_2021_report()
    write_report_file(report, folder / "report.json")
    with open(folder / "report.xlsx", "wb") as stream:
        write_xlsx(report, stream)
    env = dict(os.environ, PYTHONPATH=str(ROOT), NIANBAO_DATA_DIR=str(folder / "data"))
    ours_cmd = [sys.executable, "-c", cli_code(), "export", str(folder / "report.json"),
                "--to", str(folder / "report.pdf")]
    # A profile of its own: another soffice running on the machine would otherwise take the job over.
    lo_cmd = ["soffice", f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", "--headless",
              "--convert-to", "pdf", "--outdir", str(folder / "lo"), str(folder / "report.xlsx")]
    has_lo = shutil.which("soffice") is not None
    ours, peer = [], []
    if has_lo:
        timed(lo_cmd, env)  # creates the profile, as a user's first start of LibreOffice did long ago
    first = timed(ours_cmd, env)  # fills the font cache
    for _ in range(runs):
        ours.append(timed(ours_cmd, env))
        if has_lo:
            peer.append(timed(lo_cmd, env))
    print(f"nianbao export report.json --to report.pdf: first run (no font cache) {first:.3f} s; "
          f"median of {runs} {statistics.median(ours):.3f} s (min {min(ours):.3f})")
    if peer:
        print(f"LibreOffice xlsx -> pdf of the same report: median {statistics.median(peer):.3f} s "
              f"(min {min(peer):.3f})")
        ratios = [o / p for o, p in zip(ours, peer, strict=True)]
        print(f"ratio nianbao / LibreOffice: median of pairs {statistics.median(ratios):.2f}, "
              f"of medians {statistics.median(ours) / statistics.median(peer):.2f}, "
              f"first run {first / statistics.median(peer):.2f}")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
