"""GUI benchmark: a digit typed into a cell until everything is updated and stored; cold start; memory.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def keystroke_bench(rounds: int = 200) -> list[float]:
    """Milliseconds from a digit key to: editor committed, totals, checks, badges, issues panel, SQLite commit."""
    from factories import full_2021_report
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from core.store.storage import Store
    from gui.app import make_app
    from gui.document import ReportDocument
    from gui.main_window import MainWindow
    from gui.settings import Settings

    app = make_app([])
    folder = Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    store = Store(folder / "bench.sqlite3")
    report_id = store.create(full_2021_report())
    doc = ReportDocument(store.load(report_id), store=store, report_id=report_id)
    window = MainWindow(doc, Settings(folder / "cfg" / "nianbao.ini"))
    window.resize(1366, 768)
    window.show()
    tab = window.section_tabs["s3"]
    window.tabs.setCurrentWidget(tab)
    view = tab.tables["t3"]
    app.processEvents()
    times = []
    keys = ["t3.N.C1", "t3.R1.C1", "t3.D4.C2", "t3.F.C1"]
    for i in range(rounds):
        view.select_key(keys[i % len(keys)])
        app.processEvents()  # moving the cursor (and scrolling) is not part of typing the digit
        digit = str(i % 9 + 1)
        start = time.perf_counter()
        QTest.keyClick(view, digit)
        QTest.keyClick(view.indexWidget(view.currentIndex()), Qt.Key.Key_Return)
        while view.state() == view.State.EditingState:
            app.processEvents()
        app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
        assert str(doc.report.cells[keys[i % len(keys)]]) == digit
    edits = len(store.edit_log(report_id)) if hasattr(store, "edit_log") else rounds
    window.close()
    store.close()
    QApplication.processEvents()
    print(f"edits stored: {edits}")
    return times


COLD = textwrap.dedent("""
    import sys, time, resource
    sys.path.insert(0, {root!r})
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    def shown():
        w = QApplication.activeWindow() or [x for x in QApplication.topLevelWidgets() if x.isVisible()][0]
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print("SHOWN", type(w).__name__, f"{{rss:.0f}}", flush=True)
        app.quit()
    QTimer.singleShot(0, shown)
    from gui.app import main
    sys.exit(main([]))
""")


def cold_start() -> tuple[float, str]:
    """Seconds from process start to the window showing a full report, and the peak RSS in MB."""
    sys_path = str(ROOT / "tests")
    folder = Path(tempfile.mkdtemp(prefix="nianbao-cold-"))
    env = dict(os.environ, NIANBAO_DATA_DIR=str(folder / "data"), NIANBAO_CONFIG_DIR=str(folder / "cfg"),
               PYTHONPATH=str(ROOT))
    prepare = textwrap.dedent(f"""
        import sys; sys.path.insert(0, {sys_path!r})
        from factories import full_2021_report
        from core.store.storage import Store
        from gui.settings import Settings, LAST_REPORT
        from pathlib import Path
        Path({str(folder / 'data')!r}).mkdir(parents=True)
        s = Store(Path({str(folder / 'data')!r}) / "nianbao.sqlite3"); rid = s.create(full_2021_report()); s.close()
        Settings().set(LAST_REPORT, rid)
    """)
    subprocess.run([sys.executable, "-c", prepare], env=env, check=True)
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", COLD.format(root=str(ROOT))], env=env, capture_output=True,
                         text=True, timeout=60)
    elapsed = time.perf_counter() - start
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("SHOWN")), out.stdout + out.stderr)
    return elapsed, line


def main() -> None:
    """Print the numbers."""
    times = keystroke_bench()
    print(f"keystroke → everything updated and committed: median {statistics.median(times):.1f} ms, "
          f"p90 {sorted(times)[int(len(times) * 0.9)]:.1f} ms, max {max(times):.1f} ms ({len(times)} edits)")
    runs = [cold_start() for _ in range(3)]
    for elapsed, line in runs:
        print(f"cold start to window shown: {elapsed:.2f} s  ({line})")
    print(f"cold start median: {statistics.median(r[0] for r in runs):.2f} s")


if __name__ == "__main__":
    main()
