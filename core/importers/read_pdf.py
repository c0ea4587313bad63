"""PDFs with a text layer: tables by their ruling lines, the rest as text lines, page by page."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from core.importers.blocks import Document, ImportRefused, Paragraph, Table, grid_from_spans
from core.read.file_kind import DAMAGED, ENCRYPTED, unreadable_content

MAX_PAGES = 60
_ENDS = re.compile(r"[。！？；：!?;:][”’」』）)]*\s*$")  # a closing quote or bracket alone ends no sentence
_STARTS = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．](?!\d)"
                     r"|第.{1,4}[条章])")  # a heading or numbered item (``12.3%`` is a number)


_INDENT = 2.5  # a paragraph's first line is indented two characters: a line starting further right is set apart


@dataclass(frozen=True)
class _Line:
    """Where a text line starts and ends, its character size, the width of its first word, and whether it is a
    short line in the top or bottom tenth of the page (where running headers and footers are)."""

    x0: float
    x1: float
    em: float
    lead: float
    band: bool


@dataclass(frozen=True)
class _Measure:
    """The left and right edges of the body text on the pages of one width, and the body's character size."""

    left: float
    right: float
    body: float

    def flush_left(self, line: _Line) -> bool:
        """Whether a line starts at the left margin or a paragraph's indent, not right-aligned or centred
        (a 落款, a short title, ``单位：件`` over a table)."""
        return line.x0 <= self.left + _INDENT * line.em

    def display(self, line: _Line) -> bool:
        """Whether a line is set larger than the body (a title, perhaps centred across the whole measure)."""
        return line.em > self.body * 1.15

    def wrapped(self, line: _Line, following: _Line) -> bool:
        """Whether a line was broken by the measure: it reaches the right margin, or the first word of the line
        after it would not have fitted there (a centred title line counted from the left margin)."""
        end = line.x1 - (line.x0 - self.left if self.display(line) else 0)
        return end >= self.right - 16 or end + following.lead > self.right + 1


def _continues(last: _Line, before: _Measure, line: _Line, measure: _Measure) -> bool:
    """Whether ``line`` goes on the paragraph ``last`` ends, by their geometry: a flush-left body line broken by
    the measure and a flush-left body line, or two lines of a title set larger than the body, wrapped."""
    if before.display(last) or measure.display(line):
        return abs(last.em - line.em) < 0.5 and before.wrapped(last, line)
    return before.flush_left(last) and measure.flush_left(line) and before.wrapped(last, line)


def read_pdf(path: Path, raw: bytes) -> Document:
    """A PDF read with pdfplumber; a PDF without text (a scan) is refused."""
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover
        raise ImportRefused("本程序未包含 PDF 读取组件（pdfplumber），无法导入 .pdf") from None
    doc = Document(source_kind="pdf")
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise ImportRefused(f"“{path.name}”有 {len(pdf.pages)} 页，不像一份年度报告（上限 {MAX_PAGES} 页）")
            pages = [_page(page) for page in pdf.pages]
    except ImportRefused:
        raise
    except Exception as exc:  # pdfminer raises its own error for a password it was not given
        raise ImportRefused(unreadable_content(path, "pdf", ENCRYPTED if _encrypted(exc) else DAMAGED)) from None
    if sum(page.chars for page in pages) < 200:
        raise ImportRefused(f"“{path.name}”没有文字层（可能是扫描件或图片），无法导入；请使用 Word 原件或网页")
    _join(_without_running_lines(pages), doc)
    return doc


def _encrypted(exc: Exception) -> bool:
    """Whether pdfminer refused the file for its encryption (an open password), itself or wrapped by pdfplumber."""
    from pdfminer.pdfdocument import PDFEncryptionError

    return any(isinstance(error, PDFEncryptionError) for error in (exc, *exc.args, exc.__cause__))


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


# A page number on its own line: ``— 1 —``, ``- 2 -``, ``第3页``, ``第 3 页 共 5 页``, ``3/5``, ``3``.
_PAGE_NUMBER = re.compile(r"^(?:[—–\-－─]\s*\d{1,4}\s*[—–\-－─]|第\s*\d{1,4}\s*页(?:\s*[,，、/]?\s*共\s*\d{1,4}\s*页)?"
                          r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})$")


def _margin_line(line, height: float) -> bool:
    """A running header or footer (page number, 草稿 mark): a short line in the top or bottom margin, or a
    page number anywhere in the lower fifth (GB/T 9704 prints it about 0.9 of the page down)."""
    text = line["text"].strip()
    if _PAGE_NUMBER.match(text) and line["top"] > height * 0.8:
        return True
    return len(text) <= 30 and (line["top"] > height * 0.93 or line["bottom"] < height * 0.06)


@dataclass
class _Page:
    """A page's blocks in reading order, each with its _Line (None for a table), its character count and width."""

    items: list[tuple[Paragraph | Table, _Line | None]]
    chars: int
    width: float


def _page(page) -> _Page:
    page = _upright_text(page)
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    items: list[tuple[float, Paragraph | Table, _Line | None]] = []
    for t in tables:
        rows = t.extract()
        spans = [[((c or "").replace("\n", ""), 1, 1) for c in row] for row in rows]
        grid = grid_from_spans(spans)
        items.append((t.bbox[1], _fill_merged(grid, rows), None))

    def outside(obj) -> bool:
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    rest = page.filter(outside) if boxes else page
    lines = [ln for ln in rest.extract_text_lines(layout=False, strip=True) if not _margin_line(ln, page.height)]
    for line in lines:
        band = len(line["text"]) <= 40 and (line["bottom"] < page.height * 0.1 or line["top"] > page.height * 0.9)
        sizes = sorted(c["size"] for c in line.get("chars") or []) or [10.0]
        geometry = _Line(line["x0"], line["x1"], sizes[len(sizes) // 2], _lead(line), band)
        items.append((line["top"], Paragraph(line["text"]), geometry))
    items.sort(key=lambda item: item[0])
    return _Page([(block, line) for _, block, line in items], len(page.chars), page.width)


_OPENING = "“‘（(《〈「『【〔［"
_CLOSING = "、，。；：？！”’）)》〉」』】〕］,.;:?!%"


def _lead(line) -> float:
    """The width of what a line starts with that could not have ended the line before: one CJK character or
    a run of Latin letters and digits (a URL, ``12.3%``), with the opening marks before it and the closing
    marks after it (line-breaking rules keep them together), so the line before was wrapped short of the margin."""
    chars = [c for c in (line.get("chars") or []) if c["text"].strip()]
    i = 0
    while i < len(chars) and chars[i]["text"] in _OPENING:
        i += 1
    if i < len(chars):
        i += 1
        if chars[i - 1]["text"].isascii():
            while i < len(chars) and chars[i]["text"].isascii() and chars[i]["text"] not in _OPENING:
                i += 1
    while i < len(chars) and chars[i]["text"] in _CLOSING:
        i += 1
    return chars[i - 1]["x1"] - chars[0]["x0"] if i else 0.0


def _without_running_lines(pages: list[_Page]) -> list[_Page]:
    """Pages without a running header or footer: a line in the top or bottom band printed on two pages or more
    (digits aside: ``第 3 页``), which is page furniture, not report text."""
    if len(pages) < 2:
        return pages
    seen: dict[str, set[int]] = {}
    for n, page in enumerate(pages):
        for block, line in page.items:
            if line is not None and line.band and isinstance(block, Paragraph):
                seen.setdefault(_shape(block.text), set()).add(n)
    running = {text for text, where in seen.items() if len(where) >= 2}
    return [_Page([(b, ln) for b, ln in page.items
                   if ln is None or not (ln.band and isinstance(b, Paragraph) and _shape(b.text) in running)],
                  page.chars, page.width) for page in pages]


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _join(pages: list[_Page], doc: Document) -> None:
    """The blocks in order, a line joined to the one before when that one was wrapped by the page width, within a
    page or across a page break (a paragraph running from the bottom of one page onto the next); a right-aligned
    or centred line is never joined to either neighbour."""
    last: tuple[_Line, _Measure] | None = None
    for page, measure in zip(pages, _measures(pages), strict=True):
        for block, line in page.items:
            previous = doc.blocks[-1] if doc.blocks else None
            if (last is not None and line is not None and measure is not None and isinstance(previous, Paragraph)
                    and isinstance(block, Paragraph) and _continues(*last, line, measure)
                    and not _ENDS.search(previous.text) and not _STARTS.match(block.text)):
                doc.blocks[-1] = Paragraph(previous.text + block.text)
            else:
                doc.blocks.append(block)
            last = (line, measure) if line is not None and measure is not None else None


def _measures(pages: list[_Page]) -> list[_Measure | None]:
    """Each page's measure: the body text's edges on that page (mirrored margins or a binding gutter set even
    pages further right than odd ones), or those of all pages of its width when its own lines settle no edges as
    far apart as the widest page's (a page of short lines, a 落款 of two lines of one length)."""
    shared = _shared_measures(pages)
    own = [(round(page.width), _own_edges(page, shared.get(round(page.width)))) for page in pages]
    widest: dict[int, float] = {}
    for width, edges in own:
        if edges is not None:
            widest[width] = max(widest.get(width, 0.0), edges[1] - edges[0])
    return [_settled(shared.get(width), edges, widest.get(width, 0.0)) for width, edges in own]


def _own_edges(page: _Page, shared: _Measure | None) -> tuple[float, float] | None:
    """The left and right edges two of the page's body lines agree on, None unless its lines settle both."""
    if shared is None:
        return None
    body = [ln for ln in _body([ln for _, ln in page.items if ln is not None]) if not shared.display(ln)]
    left, right = _agreed([-ln.x0 for ln in body]), _agreed([ln.x1 for ln in body])
    return None if left is None or right is None else (-left, right)


def _settled(shared: _Measure | None, edges: tuple[float, float] | None, widest: float) -> _Measure | None:
    """A page's own edges with the shared character size when they are about as far apart as the widest page's."""
    if shared is None or edges is None or edges[1] - edges[0] < widest - 2 * shared.body:
        return shared
    return _Measure(*edges, shared.body)


def _shared_measures(pages: list[_Page]) -> dict[int, _Measure]:
    """The body text's edges for each page width, over all pages of that width (one page's lines may all be
    short: a last page holding a short paragraph and the 落款); and the most common character size."""
    lines: dict[int, list[_Line]] = {}
    for page in pages:
        lines.setdefault(round(page.width), []).extend(ln for _, ln in page.items if ln is not None)
    out = {}
    for width, group in lines.items():
        body = _body(group)
        if body:
            size = Counter(round(ln.em * 2) / 2 for ln in body).most_common(1)[0][0]
            out[width] = _Measure(-_edge([-ln.x0 for ln in body]), _edge([ln.x1 for ln in body]), size)
    return out


def _body(lines: list[_Line]) -> list[_Line]:
    """The lines without the header and footer bands, unless those hold every line."""
    return [ln for ln in lines if not ln.band] or lines


def _agreed(ends: list[float]) -> float | None:
    """The outermost of the line ends two lines share (within a point), None when no two are alike."""
    ends = sorted(ends, reverse=True)
    return next((a for a, b in pairwise(ends) if a - b <= 1), None)


def _edge(ends: list[float]) -> float:
    """The outermost of the line ends two lines share (within a point): one line standing out past the margin
    (an unbroken web address) does not move it; the outermost end when no two are alike."""
    agreed = _agreed(ends)
    return max(ends) if agreed is None else agreed


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
