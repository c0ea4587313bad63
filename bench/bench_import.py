"""Time `import` on a 400 KB portal page and a 10-page PDF (budget: 1 s each).

The page is the real Shanghai 2019 fixture padded the way portals pad theirs (inline styles, navigation,
scripts, long narrative); the PDF repeats the real report's pages to ten pages.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "import"))

from core.importers import import_file  # noqa: E402
from core.importers.read_html import read_html  # noqa: E402

FIX = ROOT / "tests" / "fixtures" / "import"
BUDGET = 1.0


def big_page(path: Path) -> None:
    """The real page grown to ~400 KB with portal chrome and narrative around the article."""
    page = (FIX / "shanghai_bgt_2019.html").read_text(encoding="utf-8")
    nav = "".join(f'<li style="float:left;margin:0 8px"><a href="/col{i}.html">栏目{i}</a></li>' for i in range(400))
    script = "<script>" + "var x=1;" * 4000 + "</script>"
    paragraph = ('<p style="text-indent:2em;line-height:2;font-family:仿宋_GB2312">（{i}）推进政务公开工作，'
                 "做好主动公开、依申请公开、政府信息管理和平台建设等工作，取得明显成效。</p>")
    narrative = "".join(paragraph.format(i=i) for i in range(1700))
    page = page.replace('<div class="nav">', f'<div class="nav"><ul>{nav}</ul>{script}')
    page = page.replace("<p>（二）依申请公开方面</p>", narrative + "<p>（二）依申请公开方面</p>")
    path.write_text(page, encoding="utf-8")


def ten_page_pdf(path: Path) -> None:
    from make_binary_fixtures import write_pdf

    source = FIX / "shanghai_bgt_2019.html"
    write_pdf(read_html(source.read_bytes(), source.name).blocks, path, repeat=4)


def timed(label: str, path: Path, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = import_file(path)
        best = min(best, time.perf_counter() - start)
    assert result.cells_read >= 198, result.summary()
    print(f"{label:<44} {best * 1000:8.1f} ms (best of {repeat}; budget {BUDGET * 1000:.0f} ms)")
    return best


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        page, pdf = Path(tmp) / "page.html", Path(tmp) / "report.pdf"
        big_page(page)
        ten_page_pdf(pdf)
        import pdfplumber

        with pdfplumber.open(pdf) as doc:
            pages = len(doc.pages)
        html_s = timed(f"HTML page {page.stat().st_size // 1024} KB", page)
        pdf_s = timed(f"PDF {pages} pages", pdf)
    return 0 if html_s <= BUDGET and pdf_s <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
