"""Time the Word (.docx) and web-page (.html) exports of a full 2021 report, and reading them back.

Run: ``.venv/bin/python bench/bench_docx_html.py`` (median of several runs, in-process, after a warm-up).
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "tests"))  # appended: tests/core must not shadow the core package

from factories import full_2021_report  # noqa: E402

from core.export.docx import write_docx  # noqa: E402
from core.export.html import write_html  # noqa: E402
from core.read.docx_read import read_docx  # noqa: E402
from core.read.html_read import read_html  # noqa: E402

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
    with tempfile.TemporaryDirectory() as folder:
        for name, write, read, goal in (("docx", write_docx, read_docx, 200), ("html", write_html, read_html, 50)):
            write(report, io.BytesIO())  # warm up: imports, template cache, validation
            path = Path(folder) / f"report.{name}"
            with open(path, "wb") as stream:
                write(report, stream)
            took = median_seconds(lambda write=write: write(report, io.BytesIO()))
            back = median_seconds(lambda read=read, path=path: read(path))
            print(f"{name} export (full 2021 report): median {took * 1000:.1f} ms over {RUNS} runs "
                  f"({path.stat().st_size // 1024} KB) — target <= {goal} ms; read back: median {back * 1000:.1f} ms")


if __name__ == "__main__":
    main()
