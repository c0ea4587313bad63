"""Time the 汇总: `nianbao sum` over 1000 unit files as a whole process (budget 2 s), and the window's
board of 300 units (budget: shown in 1 s, sorted in 0.2 s).

The sum is judged by the better of wall and CPU time: on a busy machine the wall time counts the wait
for a core, which the process itself did not need.

The unit files are generated here: a complete 2021 report per unit, each with its own figures.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from factories import full_2021_report  # noqa: E402

from core.read.report_file import write_report_file  # noqa: E402

SUM_BUDGET, SHOW_BUDGET, SORT_BUDGET = 2.0, 1.0, 0.2


def make_units(folder: Path, count: int) -> None:
    """``count`` unit report files, each a valid report with figures of its own."""
    report = full_2021_report()
    for n in range(count):
        report.meta["agency"] = f"示例县第{n:04d}单位"
        report.cells["t2_1.norms.in_force"] = n
        report.cells["t2_5.license.decisions"] = n * 3 % 997
        write_report_file(report, folder / f"unit_{n:04d}.json")


def time_cli(folder: Path, repeat: int = 3) -> tuple[list[float], list[float]]:
    """Wall time and CPU time (user + system) of the whole `nianbao sum` process.

    On a machine shared with other work the wall time includes waiting for a core; the CPU time is what
    the process itself needed, and the wall time an idle machine gives.
    """
    import resource

    code = "import sys; from nianbao.cli import main; sys.exit(main(sys.argv[1:]))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", code, "sum", str(folder), "-o", str(folder.parent / "out.json"),
                               "--agency", "示例县人民政府"], env=env, capture_output=True, text=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        assert done.returncode == 0, done.stderr[-2000:]
    return walls, cpus


def time_board(folder: Path) -> tuple[float, float]:
    """Seconds to show the 汇总 dialog with 300 units already read, and to sort its board by a column."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from core.aggregate import Board
    from gui.aggregate_dialog import AggregateDialog

    app = QApplication.instance() or QApplication([])
    start = time.perf_counter()
    board = Board.read([folder])
    print(f"reading and checking 300 unit files for the board: {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    dialog = AggregateDialog(store=None, board=board)
    dialog.show()
    app.processEvents()
    shown = time.perf_counter() - start
    start = time.perf_counter()
    dialog.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    app.processEvents()
    sorted_ = time.perf_counter() - start
    dialog.close()
    return shown, sorted_


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        units = Path(tmp) / "units"
        units.mkdir()
        make_units(units, 1000)
        times, cpus = time_cli(units)
        print(f"nianbao sum, 1000 unit files, whole process: best {min(times):.2f} s, "
              f"median {statistics.median(times):.2f} s wall; CPU {min(cpus):.2f} s (budget {SUM_BUDGET} s)")
        board_units = Path(tmp) / "board"
        board_units.mkdir()
        make_units(board_units, 300)
        shown, sorted_ = time_board(board_units)
        print(f"汇总 dialog, 300 units: shown in {shown * 1000:.0f} ms (budget {SHOW_BUDGET * 1000:.0f}), "
              f"sorted in {sorted_ * 1000:.0f} ms (budget {SORT_BUDGET * 1000:.0f})")
    ok = min(min(times), min(cpus)) <= SUM_BUDGET and shown <= SHOW_BUDGET and sorted_ <= SORT_BUDGET
    print("OK" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
