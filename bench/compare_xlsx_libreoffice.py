"""Print the exported workbook with LibreOffice, as a clerk does, and check what a reader would see.

Run where LibreOffice and poppler are installed (Debian: ``apt-get install libreoffice-calc-nogui
poppler-utils``): ``.venv/bin/python bench/compare_xlsx_libreoffice.py [folder]``. With a folder, the
printed PDF and a PNG of each page are kept there to look at. Exit code 0 when every check holds,
1 when one fails, 2 when LibreOffice is missing. It is a comparison, not a test: CI does not install
a 270 MB office suite (scripts/setup.sh also sets up end users' machines); the workbook's own
structure is tested in tests/core/export/test_xlsx.py.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "tests"))  # appended: tests/core must not shadow the core package

from factories import full_2021_report  # noqa: E402

from core.export.xlsx import write_xlsx  # noqa: E402
from core.finalise import finalised  # noqa: E402
from core.preface import preface_text  # noqa: E402


def printed_text(workbook: bytes, folder: Path) -> str:
    """The text LibreOffice prints from the workbook (pdftotext keeps to the page box: cut text is missing)."""
    path = folder / "report.xlsx"
    path.write_bytes(workbook)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(path)],
                   check=True, capture_output=True, timeout=180)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(folder / "report.pdf"), str(folder / "page")], check=True)
    return subprocess.run(["pdftotext", str(folder / "report.pdf"), "-"], check=True, capture_output=True,
                          text=True, encoding="utf-8").stdout


def checks(text: str, preface: str) -> list[tuple[str, bool]]:
    """What a reader of the printed workbook must find."""
    flat = re.sub(r"\s+", "", text)
    return [
        ("formula-like text printed as text",
         '=HYPERLINK("http://evil.example","点此")' in text and "@SUM(1,2)" in text),
        ("报告全文 fits the page width", "一、总体情况" in flat and "六、其他需要报告的事项" in flat),
        ("前言 printed before 一", 0 <= flat.find(re.sub(r"\s+", "", preface)[:20]) < flat.find("一、总体情况")),
        ("table 三 whole on its page", "（七）总计" in flat and "社会公益组织" in flat),
        ("table 四 whole on its page", "复议后起诉" in flat),
        ("signature and seal lines", "负责人：" in flat and "填报单位（盖章）" in flat),
        ("定稿 status in the footer", "定稿·校验码" in flat and "草稿" not in flat),
    ]


def main(argv: list[str]) -> int:
    """Export, print with LibreOffice, check; keep the pages in the folder given."""
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        print("soffice / pdftotext not installed: comparison not run")
        return 2
    report = full_2021_report()
    report.texts["other"] += '\n=HYPERLINK("http://evil.example","点此")\n@SUM(1,2)'  # still a valid 六
    report = finalised(report)
    stream = io.BytesIO()
    write_xlsx(report, stream)
    keep = Path(argv[0]) if argv else None
    with tempfile.TemporaryDirectory() as temp:
        folder = keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        results = checks(printed_text(stream.getvalue(), folder), preface_text(report))
    for name, ok in results:
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
    if keep:
        print(f"printed pages: {keep}/report.pdf, {keep}/page-*.png")
    return 0 if all(ok for _, ok in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
