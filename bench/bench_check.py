"""Benchmark: ``nianbao check`` over generated report files, timed as a whole subprocess.

Usage: python bench/bench_check.py [count]   Targets: 100 files in <= 3 s, 10,000 (a province) in <= 10 s
(interpreter start included). With 1,000 files or more each mode runs once, else best of 3.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from factories import full_2021_report  # noqa: E402

from core.read.report_file import report_to_json  # noqa: E402


def make_files(folder: Path, count: int) -> list[Path]:
    """``count`` report files of different agencies: most balanced, every fifth with an unbalanced column."""
    rng = random.Random(2024)
    paths = []
    for i in range(count):
        report = full_2021_report(2023)
        report.meta["agency"] = f"示例县第{i + 1}局"
        if i % 5 == 0:
            report.cells["t3.N.C1"] = 25 + rng.randint(1, 9)
        path = folder / f"{i + 1:05d}.json"
        path.write_text(report_to_json(report), encoding="utf-8")  # what write_report_file writes, without the fsync
        paths.append(path)
    return paths


def _time(args: list[str]) -> tuple[float, int, int]:
    code = "import sys; from nianbao.cli import main; sys.exit(main(sys.argv[1:]))"
    t0 = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, cwd=ROOT)
    if result.returncode not in (0, 1):
        print("  !", result.stderr.decode("utf-8", "replace").strip().splitlines()[-1])
    return time.perf_counter() - t0, result.returncode, len(result.stdout)


def main() -> int:
    """Generate the files and time the command (best of 3) in text and JSON mode."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        files = [str(p) for p in make_files(Path(tmp), count)]
        repeat = 1 if count >= 1000 else 3
        print(f"nianbao check over {count} generated files (best of {repeat}, whole subprocess)")
        for label, extra in (("text", []), ("--json", ["--json"])):
            runs = [_time(["check", *extra, *files]) for _ in range(repeat)]
            best = min(r[0] for r in runs)
            print(f"  {label:<7} {best:5.2f} s  ({best / count * 1000:.1f} ms/file, exit code {runs[0][1]},"
                  f" {runs[0][2] // 1024} KB output)")
        start = _time(["cells", "--json"])[0]
        print(f"  interpreter + import + 'cells --json' alone: {start:5.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
