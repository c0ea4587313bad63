"""PDFs with a text layer: tables by their ruling lines, the rest as text lines, page by page."""

from __future__ import annotations

import re
from pathlib import Path

from core.importers.blocks import Document, ImportRefused, Paragraph, Table, grid_from_spans

MAX_PAGES = 60
_ENDS = re.compile(r"[。！？；：”」』）)]\s*$")
_STARTS = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十\d]+）|\d+[.、．]|第.{1,4}[条章])")


def read_pdf(path: Path, raw: bytes) -> Document:
    """A PDF read with pdfplumber; a PDF without text (a scan) is refused."""
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover
        raise ImportRefused("本程序未包含 PDF 读取组件（pdfplumber），无法导入 .pdf") from None
    doc = Document(source_kind="pdf")
    chars = 0
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise ImportRefused(f"“{path.name}”有 {len(pdf.pages)} 页，不像一份年度报告（上限 {MAX_PAGES} 页）")
            for page in pdf.pages:
                chars += _page(page, doc)
    except ImportRefused:
        raise
    except Exception:
        raise ImportRefused(f"“{path.name}”不是有效的 PDF 文件（已损坏或已加密）") from None
    if chars < 200:
        raise ImportRefused(f"“{path.name}”没有文字层（可能是扫描件或图片），无法导入；请使用 Word 原件或网页")
    return doc


def _upright_text(page):
    """The page without rotated or outsized characters (a 草稿/样本 watermark across the page)."""
    sizes = sorted(c["size"] for c in page.chars) or [10]
    limit = 3 * sizes[len(sizes) // 2]

    def keep(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        _a, b, c, _d = obj["matrix"][:4]
        return abs(b) < 0.01 and abs(c) < 0.01 and obj["size"] <= limit

    return page.filter(keep)


_PAGE_NUMBER = re.compile(r"^[—–-]\s*\d{1,4}\s*[—–-]$")  # "— 1 —": the 公文 page number, inside the bottom margin


def _margin_line(line, height: float) -> bool:
    """A running header or footer (page number, 草稿 mark): a short line in the top or bottom margin, or a
    page number anywhere in the lower fifth (GB/T 9704 prints it about 0.9 of the page down)."""
    text = line["text"].strip()
    if _PAGE_NUMBER.match(text) and line["top"] > height * 0.8:
        return True
    return len(text) <= 30 and (line["top"] > height * 0.93 or line["bottom"] < height * 0.06)


def _page(page, doc: Document) -> int:
    page = _upright_text(page)
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    items: list[tuple[float, object, bool]] = []
    for t in tables:
        rows = t.extract()
        spans = [[((c or "").replace("\n", ""), 1, 1) for c in row] for row in rows]
        grid = grid_from_spans(spans)
        items.append((t.bbox[1], _fill_merged(grid, rows), False))

    def outside(obj) -> bool:
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    rest = page.filter(outside) if boxes else page
    lines = [ln for ln in rest.extract_text_lines(layout=False, strip=True) if not _margin_line(ln, page.height)]
    right = max((ln["x1"] for ln in lines), default=0)
    for line in lines:  # a line reaching the right margin was wrapped by the page width
        items.append((line["top"], Paragraph(line["text"]), line["x1"] >= right - 16))
    items.sort(key=lambda item: item[0])
    wrapped = False
    for _, block, full in items:
        previous = doc.blocks[-1] if doc.blocks else None
        joined = (wrapped and isinstance(block, Paragraph) and isinstance(previous, Paragraph)
                  and not _ENDS.search(previous.text) and not _STARTS.match(block.text))
        wrapped = full
        if joined:
            doc.blocks[-1] = Paragraph(previous.text + block.text)  # a line wrapped by the page width
        else:
            doc.blocks.append(block)
    return len(page.chars)


def _fill_merged(grid: Table, rows) -> Table:
    """pdfplumber gives None for the positions a merged cell covers: mark them as copies of their left
    (within a row) or upper (within a column) neighbour, as the grid readers expect."""
    out_rows, out_ids = [], []
    next_id = 0
    prev_ids: list[int] = []
    prev_texts: list[str] = []
    for r, row in enumerate(rows):
        texts, ids = [], []
        for c, cell in enumerate(row):
            if cell is not None:
                texts.append(grid.rows[r][c])
                ids.append(next_id)
                next_id += 1
            elif c > 0:
                texts.append(texts[-1])
                ids.append(ids[-1])
            elif c < len(prev_ids):
                texts.append(prev_texts[c])
                ids.append(prev_ids[c])
            else:
                texts.append("")
                ids.append(next_id)
                next_id += 1
        out_rows.append(tuple(texts))
        out_ids.append(tuple(ids))
        prev_ids, prev_texts = ids, texts
    return Table(tuple(out_rows), tuple(out_ids))
