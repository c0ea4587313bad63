"""The intermediate form every reader produces: ordered blocks and metadata lines."""

from __future__ import annotations

from dataclasses import dataclass, field


class ImportRefused(ValueError):
    """A source that cannot be imported; ``str(exc)`` is the reason in Chinese."""


@dataclass(frozen=True)
class Paragraph:
    """A run of text (a paragraph, a line of a text copy, a page's text outside tables)."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table as a grid: rowspan/colspan already expanded.

    ``origins`` parallels ``rows``: the same number in two places means one source cell that spans
    both, so a value spread over three columns by a colspan is read once.
    """

    rows: tuple[tuple[str, ...], ...]
    origins: tuple[tuple[int, ...], ...] = ()

    def row_cells(self, index: int) -> list[str]:
        """A row's cells with horizontal span copies dropped."""
        cells = self.rows[index]
        if not self.origins:
            return list(cells)
        ids = self.origins[index]
        out: list[str] = []
        for i, text in enumerate(cells):
            if i and ids[i] == ids[i - 1]:
                continue
            out.append(text)
        return out


Block = Paragraph | Table


@dataclass
class Document:
    """A source read into blocks; ``meta`` holds lines such as ``标题: …`` or ``发布机构: …``."""

    blocks: list[Block] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    source_kind: str = ""

    def paragraphs(self) -> list[str]:
        """The texts of the paragraphs, in order."""
        return [b.text for b in self.blocks if isinstance(b, Paragraph)]

    def tables(self) -> list[Table]:
        """The tables, in order."""
        return [b for b in self.blocks if isinstance(b, Table)]


def grid_from_spans(rows: list[list[tuple[str, int, int]]]) -> Table:
    """Expand rows of (text, rowspan, colspan) into a full grid with span origins."""
    grid: dict[tuple[int, int], tuple[str, int]] = {}
    next_id = 0
    width = 0
    for r, cells in enumerate(rows):
        c = 0
        for text, rowspan, colspan in cells:
            while (r, c) in grid:
                c += 1
            rowspan = max(1, min(rowspan, 200))
            colspan = max(1, min(colspan, 60))
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid.setdefault((r + dr, c + dc), (text, next_id))
            next_id += 1
            c += colspan
            width = max(width, c)
    height = len(rows)
    out_rows, out_ids = [], []
    for r in range(height):
        last = max((c for (rr, c) in grid if rr == r), default=-1)
        out_rows.append(tuple(grid.get((r, c), ("", -1 - c))[0] for c in range(last + 1)))
        out_ids.append(tuple(grid.get((r, c), ("", -1000 - c))[1] for c in range(last + 1)))
    return Table(tuple(out_rows), tuple(out_ids))
