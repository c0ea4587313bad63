"""Cold start to a full report on screen, resident memory, and the first PDF export in the running window.

Each run is a fresh process started the way the officer starts it (``gui.app.main``, offscreen), on a data
folder holding a full 2021 report as the last one opened. A zero-delay timer set before ``main`` fires on the
event loop's first turn, i.e. once the window is shown; it checks that the report's tabs are there, takes the
time (against the parent's clock at launch) and the peak RSS (``VmHWM``), then exports the PDF as 文件 → 导出
does (the fonts chosen in 设置, the exporter, minus the file dialog): right away, and in further runs 3 s later,
when the window's background warm-up (gui.app.warm_up_pdf_export) has imported the exporter and registered
the fonts. The first run starts with no font cache in the data folder, the later ones with it.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_start.py [runs] [--importtime]``; with
``--importtime`` the slowest imports up to the window being shown are listed too.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = textwrap.dedent("""
    import io, sys, threading, time
    sys.path.insert(0, {root!r})
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def vm(field):
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) // 1024 for line in fh if line.startswith(field + ":"))

    def shown():
        global shown_at, tabs, hwm
        shown_at = time.time()
        window = next(w for w in QApplication.topLevelWidgets() if w.isVisible() and hasattr(w, "section_tabs"))
        tabs = window.tabs.count()
        hwm = vm("VmHWM")
        print("--SHOWN--", file=sys.stderr, flush=True)
        QTimer.singleShot({wait_ms}, lambda: export(window))

    def export(window):
        for thread in threading.enumerate():  # a warm-up still running is part of the wait
            if thread.name == "pdf-warm-up":
                thread.join()
        start = time.perf_counter()
        from gui.export_actions import pdf_fonts, writer
        fonts = pdf_fonts(window)
        buffer = io.BytesIO()
        writer("pdf", window.document.report, window.document.previous, fonts)(buffer)
        pdf_s = time.perf_counter() - start
        size = len(buffer.getvalue()) // 1024
        print(f"SHOWN {{shown_at:.4f}} tabs={{tabs}} hwm={{hwm}} pdf={{pdf_s:.4f}} pdf_kb={{size}}"
              f" hwm_after_pdf={{vm('VmHWM')}}", flush=True)
        QApplication.instance().quit()

    app = QApplication([])
    QTimer.singleShot(0, shown)
    from gui.app import main
    sys.exit(main([]))
""")

PREPARE = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from pathlib import Path
    from factories import full_2021_report
    from core.store.storage import Store
    from gui.settings import LAST_REPORT, Settings
    data = Path({data!r})
    data.mkdir(parents=True)
    store = Store(data / "nianbao.sqlite3")
    report_id = store.create(full_2021_report())
    store.close()
    Settings().set(LAST_REPORT, report_id)
""")


def prepare(folder: Path) -> dict[str, str]:
    """A data folder with a full report set as the last one opened; the environment to start with."""
    env = dict(os.environ, NIANBAO_DATA_DIR=str(folder / "data"), NIANBAO_CONFIG_DIR=str(folder / "cfg"),
               PYTHONPATH=str(ROOT), QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    code = PREPARE.format(tests=str(ROOT / "tests"), data=str(folder / "data"))
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    return env


def run(env: dict[str, str], flags: tuple[str, ...] = (), wait_ms: int = 0) -> tuple[dict[str, float], str]:
    """One cold start: the figures from the SHOWN line, and stderr (the import times with -X importtime).
    The PDF is exported ``wait_ms`` after the window is shown (after the background warm-up, if running)."""
    launched = time.time()
    out = subprocess.run([sys.executable, *flags, "-c", CHILD.format(root=str(ROOT), wait_ms=wait_ms)], env=env,
                         capture_output=True, text=True, timeout=120)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("SHOWN")), None)
    if line is None:
        raise SystemExit(f"the window did not show:\n{out.stdout}\n{out.stderr}")
    fields = dict(re.findall(r"(\w+)=([\d.]+)", line))
    figures = {k: float(v) for k, v in fields.items()}
    figures["start"] = float(line.split()[1]) - launched
    return figures, out.stderr


def slowest_imports(stderr: str, count: int = 20) -> list[str]:
    """The ``count`` imports with the largest cumulative time (top-level packages and their big children)."""
    rows = []
    for line in stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            rows.append((int(match[2]), len(match[3]) // 2, match[4]))
    return [f"{cum / 1000:7.1f} ms  {'  ' * depth}{name}" for cum, depth, name in sorted(rows, reverse=True)[:count]]


def main(argv: list[str]) -> None:
    """Print the numbers."""
    runs = int(next((a for a in argv if a.isdigit()), "5"))
    folder = Path(tempfile.mkdtemp(prefix="nianbao-start-"))
    env = prepare(folder)
    results = [run(env)[0] for _ in range(runs)]
    for i, r in enumerate(results):
        cache = "no font cache yet" if i == 0 else "font cache warm"
        print(f"run {i + 1}: shown after {r['start']:.3f} s, tabs {r['tabs']:.0f}, peak RSS {r['hwm']:.0f} MB; "
              f"first PDF {r['pdf']:.3f} s ({cache}), peak RSS after it {r['hwm_after_pdf']:.0f} MB")
    warm = results[1:] or results
    print(f"cold start to a full report shown: median {statistics.median(r['start'] for r in results):.3f} s, "
          f"min {min(r['start'] for r in results):.3f} s")
    print(f"peak RSS with the report open: median {statistics.median(r['hwm'] for r in results):.0f} MB")
    print(f"first PDF export right after the window is shown (fonts cached): median "
          f"{statistics.median(r['pdf'] for r in warm):.3f} s; without a cache: {results[0]['pdf']:.3f} s")
    later = [run(env, wait_ms=3000)[0] for _ in range(max(2, runs // 2))]
    print(f"first PDF export 3 s after the window is shown (the warm-up done): median "
          f"{statistics.median(r['pdf'] for r in later):.3f} s; peak RSS after it "
          f"{statistics.median(r['hwm_after_pdf'] for r in later):.0f} MB")
    if "--importtime" in argv:
        _, stderr = run(env, ("-X", "importtime"))
        cut = stderr.split("--SHOWN--")[0]  # up to the window shown (the export's imports come after)
        print("slowest imports up to the window shown (cumulative):")
        print("\n".join(slowest_imports(cut)))


if __name__ == "__main__":
    main(sys.argv[1:])
