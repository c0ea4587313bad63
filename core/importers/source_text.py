"""The intermediate form as plain text for the import review, and where in it each table row was read."""

from __future__ import annotations

from bisect import bisect_right

from core.importers.blocks import Document, Paragraph
from core.importers.rows_struct import RowRead
from core.template import Template

Span = tuple[int, int]


def source_text(doc: Document) -> tuple[str, list[int], dict[tuple[int, int], Span]]:
    """(text, start of each paragraph, span of each (table index, grid row)); table cells joined by `` | ``."""
    parts: list[str] = []
    pos = 0
    para_starts: list[int] = []
    rows: dict[tuple[int, int], Span] = {}

    def add(line: str) -> int:
        nonlocal pos
        start = pos
        parts.append(line)
        pos += len(line) + 1
        return start

    t_index = 0
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            para_starts.append(add(block.text))
            continue
        t_index += 1
        add(f"【表格{t_index}】")
        for r in range(len(block.rows)):
            line = " | ".join(block.row_cells(r))
            start = add(line)
            rows[(t_index - 1, r)] = (start, start + len(line))
        add("")
    return "\n".join(parts), para_starts, rows


def cell_spans(doc: Document, found: dict[tuple[str, str], RowRead], template: Template
               ) -> tuple[str, dict[str, Span]]:
    """The source as text, and for every cell of a row that was found, the span of that row in it."""
    text, para_starts, rows = source_text(doc)
    stream_starts = _stream_starts(doc)
    out: dict[str, Span] = {}
    for (table_id, row_id), read in found.items():
        span = _span_of(read, stream_starts, para_starts, rows)
        if span is None:
            continue
        spec = template.tables[table_id]
        for col in spec.column_leaves():
            out[spec.key(row_id, col.id)] = span
    return text, out


def _stream_starts(doc: Document) -> list[int]:
    """Where each paragraph starts in ``"\\n".join(doc.paragraphs())``, the stream the readers search."""
    out, pos = [], 0
    for text in doc.paragraphs():
        out.append(pos)
        pos += len(text) + 1
    return out


def _span_of(read: RowRead, stream_starts: list[int], para_starts: list[int],
             rows: dict[tuple[int, int], Span]) -> Span | None:
    if read.at is not None:
        return rows.get(read.at)
    if read.span is None or not stream_starts:
        return None
    start, end = read.span
    index = bisect_right(stream_starts, start) - 1
    if index < 0:
        return None
    shift = para_starts[index] - stream_starts[index]  # paragraphs are copied as they are, tables come between
    return start + shift, max(start, end) + shift
