"""Where each part of an official table sits in a grid: spanned header cells, row labels, value cells."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.template import HeaderNode, TableSpec


@dataclass(frozen=True)
class HeaderCell:
    """A label drawn as a (possibly merged) header cell."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str


@dataclass
class TableLayout:
    """The grid of one TableSpec: header rows on top, label columns on the left, values in between."""

    header_rows: int
    label_cols: int
    row_ids: list[str]
    col_ids: list[str]
    headers: list[HeaderCell] = field(default_factory=list)
    header_at: dict[tuple[int, int], HeaderCell] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        """Total grid rows."""
        return self.header_rows + len(self.row_ids)

    @property
    def cols(self) -> int:
        """Total grid columns."""
        return self.label_cols + len(self.col_ids)

    def key_at(self, table_id: str, row: int, col: int) -> str | None:
        """The cell key at a grid position, or None for a header or label position."""
        r, c = row - self.header_rows, col - self.label_cols
        if 0 <= r < len(self.row_ids) and 0 <= c < len(self.col_ids):
            return f"{table_id}.{self.row_ids[r]}.{self.col_ids[c]}"
        return None

    def position(self, row_id: str, col_id: str) -> tuple[int, int]:
        """The grid position of a cell."""
        return self.header_rows + self.row_ids.index(row_id), self.label_cols + self.col_ids.index(col_id)

    def add(self, cell: HeaderCell) -> None:
        """Register a header cell at every position it covers."""
        self.headers.append(cell)
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                self.header_at[(r, c)] = cell


def _place_columns(layout: TableLayout, nodes: tuple[HeaderNode, ...], top: int, left: int) -> None:
    col = left
    for node in nodes:
        width = len(node.leaves())
        height = layout.header_rows - top if node.is_leaf else 1
        layout.add(HeaderCell(top, col, height, width, node.label))
        if not node.is_leaf:
            _place_columns(layout, node.children, top + 1, col)
        col += width


def _place_rows(layout: TableLayout, nodes: tuple[HeaderNode, ...], depth: int, top: int) -> None:
    row = top
    for node in nodes:
        height = len(node.leaves())
        width = layout.label_cols - depth if node.is_leaf else 1
        layout.add(HeaderCell(row, depth, height, width, node.label))
        if not node.is_leaf:
            _place_rows(layout, node.children, depth + 1, row)
        row += height


def layout_for(table: TableSpec) -> TableLayout:
    """Lay out a table as the official form draws it (merged group headings, a corner cell, a caption)."""
    caption = 1 if table.column_caption else 0
    row_leaves = table.row_leaves()
    labelled = any(leaf.label for leaf in row_leaves) or table.corner
    label_cols = table.row_depth() if labelled else 0
    layout = TableLayout(table.column_depth() + caption, label_cols, [r.id for r in row_leaves],
                         [c.id for c in table.column_leaves()])
    if label_cols:
        layout.add(HeaderCell(0, 0, layout.header_rows, label_cols, table.corner))
        _place_rows(layout, table.rows, 0, layout.header_rows)
    if caption:
        layout.add(HeaderCell(0, label_cols, 1, len(layout.col_ids), table.column_caption))
    _place_columns(layout, table.columns, caption, label_cols)
    return layout
