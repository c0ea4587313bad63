"""Benchmark: full validation of a complete 2021 report (what the GUI runs after every edit).

Usage: python bench/bench_validation.py
Target: median <= 2 ms. Measures the steady state (text analysis cached, as while typing numbers),
a keystroke in the narrative (one text changed, the others cached), the same with last year's report,
and the first validation of a report just opened (nothing cached).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from factories import full_2021_report

from core.checks import narrative as checks_narrative
from core.checks import text as checks_text
from core.checks.validation import validate

N = 2000
TODAY = date(2024, 1, 10)


def _time(run: Callable[[int], object]) -> list[float]:
    run(-1)  # warm up: imports, template cache, compiled patterns
    times = []
    for i in range(N):
        t0 = time.perf_counter()
        run(i)
        times.append((time.perf_counter() - t0) * 1000)
    return sorted(times)


def _line(name: str, times: list[float]) -> str:
    return (f"  {name:<36} median {statistics.median(times):6.3f} ms   p95 {times[int(len(times) * .95)]:6.3f} ms"
            f"   max {times[-1]:6.3f} ms")


def main() -> None:
    """Print median and p95 for each scenario."""
    report = full_2021_report(2023)
    previous = full_2021_report(2022)
    base = report.texts["overview"]

    def cell_edit(i: int) -> None:
        report.cells["t3.R1.C1"] = 10 + i % 2  # a number typed: texts unchanged
        validate(report, today=TODAY)

    def keystroke(i: int) -> None:
        report.texts["overview"] = base + "新" * (i + 2)  # a new text every time: no cache hit for it
        validate(report, today=TODAY)

    def with_previous(i: int) -> None:
        report.cells["t3.R1.C1"] = 10 + i % 2
        validate(report, previous, today=TODAY)

    def cold(i: int) -> None:
        for cached in (checks_text.sentences, checks_text.reused_sentences, checks_text.stray_years,
                       checks_text._placeholders, checks_narrative.find_claims):
            cached.cache_clear()  # as when a report is first opened: no text analysed yet
        validate(report, today=TODAY)

    print(f"validate() on a complete 2021 report, {N} runs each")
    print(_line("cell edit (texts cached)", _time(cell_edit)))
    print(_line("narrative keystroke (one text new)", _time(keystroke)))
    report.texts["overview"] = base
    print(_line("cell edit, with previous year", _time(with_previous)))
    print(_line("first validation (no text cached)", _time(cold)))


if __name__ == "__main__":
    main()
