"""Time the Excel export and read-back of a full 2021 report (median of several runs).

Run: ``.venv/bin/python bench/bench_xlsx.py``. Where LibreOffice (``soffice``) is installed it also
times ``soffice --headless --convert-to pdf`` on the same workbook, the clerk's usual way to print it.
"""

from __future__ import annotations

import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "tests"))  # appended: tests/core must not shadow the core package

from factories import full_2021_report  # noqa: E402

from core.export.xlsx import write_xlsx  # noqa: E402
from core.read.xlsx_import import read_workbook  # noqa: E402

RUNS = 9


def median_seconds(action, runs: int = RUNS) -> float:
    """Median wall time of an action over several runs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the timings."""
    report = full_2021_report()
    write_xlsx(report, io.BytesIO())  # warm up: imports, template cache, validation
    data = io.BytesIO()
    write_xlsx(report, data)
    payload = data.getvalue()
    write = median_seconds(lambda: write_xlsx(report, io.BytesIO()))
    read = median_seconds(lambda: read_workbook(io.BytesIO(payload)))
    print(f"xlsx write (full 2021 report, 6 sheets): median {write * 1000:.1f} ms over {RUNS} runs"
          f" ({len(payload) // 1024} KB) — target <= 300 ms")
    print(f"xlsx read back: median {read * 1000:.1f} ms over {RUNS} runs")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("soffice not installed: LibreOffice comparison skipped")
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.xlsx"
        path.write_bytes(payload)
        command = [soffice, "--headless", "--convert-to", "pdf", "--outdir", folder, str(path)]
        convert = median_seconds(lambda: subprocess.run(command, check=True, capture_output=True), runs=3)
    print(f"soffice --convert-to pdf of the same workbook: median {convert * 1000:.0f} ms over 3 runs;"
          f" ratio soffice / our export = {convert / write:.1f}")


if __name__ == "__main__":
    main()
