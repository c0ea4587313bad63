"""Benchmark: time to commit one edit (apply + edit log + fsync) in the SQLite store.

Usage: python bench/bench_store.py [folder]   (default: a temporary folder on the local disk)
Target: median <= 5 ms for one cell edit.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from factories import full_2021_report

from core.report import Batch, Edit, Report, SetCell, SetText
from core.store.storage import Store

N = 500
TEXT = "说明" * 150


def _time(store: Store, rid: int, report: Report, make: Callable[[int], Edit]) -> list[float]:
    times = []
    for i in range(N):
        edit = make(i)
        t0 = time.perf_counter()
        store.apply(rid, report, edit)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def _line(name: str, times: list[float]) -> str:
    times = sorted(times)
    return (f"  {name:<28} median {statistics.median(times):6.2f} ms   p95 {times[int(len(times) * .95)]:6.2f} ms"
            f"   max {times[-1]:6.2f} ms")


def main() -> int:
    """Run the benchmark for both journal modes and print the results."""
    base = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="bench-store-"))
    keys = [k for k in full_2021_report().template.input_keys() if k.startswith("t3.")]
    print(f"Store commit benchmark ({N} edits each) in {base}")
    for journal in ("wal", "delete"):
        db = base / f"bench-{journal}.sqlite3"
        db.unlink(missing_ok=True)
        with Store(db, journal=journal) as store:
            report = full_2021_report()
            rid = store.create(report)
            for _ in range(20):  # a store with some history
                store.create(full_2021_report())
            print(f"journal={journal} synchronous=FULL")
            print(_line("SetCell", _time(store, rid, report, lambda i: SetCell(keys[i % len(keys)], i))))
            print(_line("SetText (300 chars)", _time(store, rid, report, lambda i: SetText("other", TEXT + str(i)))))
            print(_line("Batch of 20 cells (paste)", _time(store, rid, report, lambda i: Batch(
                tuple(SetCell(keys[(i + j) % len(keys)], i + j) for j in range(20)), "粘贴"))))
            t0 = time.perf_counter()
            for _ in range(50):
                store.load(rid)
            print(f"  {'load (whole report)':<28} mean   {(time.perf_counter() - t0) * 20:6.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
