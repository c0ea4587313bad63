"""Turn clipboard text into a grid of cell strings: TSV from Excel/WPS, or an HTML table from a web page."""

from __future__ import annotations

from html.parser import HTMLParser

Grid = list[list[str]]


def parse_tsv(text: str) -> Grid:
    """Split tab-separated lines (Excel/WPS copy); quoted cells may hold tabs and newlines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    rows: Grid = [[]]
    cell: list[str] = []
    quoted = False
    i = 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"' and text[i + 1:i + 2] == '"':
                cell.append('"')
                i += 1
            elif ch == '"':
                quoted = False
            else:
                cell.append(ch)
        elif ch == '"' and not cell:
            quoted = True
        elif ch == "\t":
            rows[-1].append("".join(cell))
            cell = []
        elif ch == "\n":
            rows[-1].append("".join(cell))
            cell = []
            rows.append([])
        else:
            cell.append(ch)
        i += 1
    rows[-1].append("".join(cell))
    return [[c.strip() for c in row] for row in rows]


class _TableParser(HTMLParser):
    """Collect the cells of the first <table>, expanding colspan/rowspan so positions match the source."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.spans: list[list[tuple[int, int]]] = []  # (rowspan, colspan) per cell, parallel to rows
        self._depth = 0
        self._done = False
        self._cell: list[str] | None = None
        self._row_spans: list[tuple[int, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._done:
            return
        if tag == "table":
            self._depth += 1
        elif self._depth == 1 and tag == "tr":
            self.rows.append([])
            self._row_spans = []
            self.spans.append(self._row_spans)
        elif self._depth == 1 and tag in {"td", "th"}:
            if not self.rows:
                self.rows.append([])
                self._row_spans = []
                self.spans.append(self._row_spans)
            a = dict(attrs)
            self._row_spans.append((_int(a.get("rowspan")), _int(a.get("colspan"))))
            self._cell = []
        elif self._cell is not None and tag in {"br", "p", "div"}:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._done:
            return
        if tag == "table":
            self._depth -= 1
            self._done = self._depth == 0
        elif tag in {"td", "th"} and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _int(text: str | None) -> int:
    try:
        return max(1, min(int(text or 1), 100))
    except ValueError:
        return 1


def parse_html_table(html: str) -> Grid:
    """The first table of an HTML fragment as a grid; merged cells fill their top-left position only."""
    parser = _TableParser()
    parser.feed(html)
    parser.close()
    grid: dict[tuple[int, int], str] = {}
    taken: set[tuple[int, int]] = set()
    for r, (row, spans) in enumerate(zip(parser.rows, parser.spans, strict=False)):
        c = 0
        for text, (rs, cs) in zip(row, spans, strict=False):
            while (r, c) in taken:
                c += 1
            grid[(r, c)] = text
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            c += cs
    if not grid:
        return []
    height = max(r for r, _ in taken) + 1
    width = max(c for _, c in taken) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(height)]


def parse_clipboard(text: str, html: str = "") -> Grid:
    """Prefer an HTML table when present (web pages), else tab-separated text."""
    if html and "<table" in html.lower():
        grid = parse_html_table(html)
        if grid:
            return grid
    if not text:
        return []
    return parse_tsv(text)


def to_tsv(grid: Grid) -> str:
    """A grid as tab-separated text, one line per row (what Excel/WPS paste)."""
    return "".join("\t".join(row) + "\n" for row in grid)
