"""Time the PDF export of a full 2021 report (median of repeated runs) and the first-call font cost."""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from factories import full_2021_report

from core.export.fonts import find_cjk_fonts
from core.export.pdf import write_pdf

RUNS = 15


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    report = full_2021_report()
    report.texts["overview"] = "\n".join([report.texts["overview"]] * 3)  # about 3 pages of text in all
    fonts_s = timed(lambda: find_cjk_fonts())
    fonts = find_cjk_fonts()
    first = timed(lambda: write_pdf(report, io.BytesIO(), fonts=fonts))
    runs = [timed(lambda: write_pdf(report, io.BytesIO(), fonts=fonts)) for _ in range(RUNS)]
    with_check = []
    try:
        import core.checks.validation  # noqa: F401

        with_check = [timed(lambda: write_pdf(report, io.BytesIO(), fonts=fonts, check_report=True))
                      for _ in range(5)]
    except ImportError:
        pass
    buf = io.BytesIO()
    write_pdf(report, buf, fonts=fonts)
    print(f"font discovery + registration (first call): {fonts_s:.3f} s")
    print(f"first PDF after fonts: {first:.3f} s")
    print(f"full 2021 report PDF, median of {RUNS}: {statistics.median(runs):.3f} s "
          f"(min {min(runs):.3f}, max {max(runs):.3f}), {len(buf.getvalue()) // 1024} KB")
    if with_check:
        print(f"with 勾稽校验单, median of 5: {statistics.median(with_check):.3f} s")
    print("fonts: " + "; ".join(f"{k} = {v}" for k, v in fonts.describe().items()))


if __name__ == "__main__":
    main()
