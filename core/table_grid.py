"""The one grid of an official table: which label or value sits at which (row, col) and what spans what.

Computed once from a TableSpec's header trees; every renderer (window, workbook, PDF, Word, web page)
only draws it. A grid has, top to bottom: an optional title row (the table's own title, e.g.
第二十条第（一）项), the column caption (申请人情况) over the value columns, the column-header tree
(groups merged across their leaves, shallow leaves merged down to the last header row) beside the
corner cell (merged over the whole header block), then one body row per leaf row: row groups merged
down over their leaves, a leaf label merged across to the last label column, and the value cells.

A section's tables share one grid (``section_grid``): the same label columns and value columns, a table
with fewer value columns spreading its leaves over them (``spread``: "last" widens the last leaf, as
the official form draws the single value cell of 二（五）（六）（八） across three columns; "even"
spreads them evenly).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.template import HeaderNode, Section, TableSpec

TITLE, CORNER, CAPTION = "title", "corner", "caption"
COLUMN_GROUP, COLUMN = "column_group", "column"
ROW_GROUP, ROW = "row_group", "row"
VALUE, COMPUTED = "value", "computed"
LABEL_ROLES = frozenset({TITLE, CORNER, CAPTION, COLUMN_GROUP, COLUMN, ROW_GROUP, ROW})
VALUE_ROLES = frozenset({VALUE, COMPUTED})
SPREADS = ("last", "even")


@dataclass(frozen=True)
class GridCell:
    """One drawn cell: its top-left position, its spans, its role, and its label text or cell key."""

    row: int
    col: int
    rowspan: int
    colspan: int
    role: str
    text: str = ""  # the label (blank for value cells: a renderer fills in the value of ``key``)
    key: str = ""  # the cell key of a value cell ("" for labels)
    table: str = ""  # the id of the table the cell belongs to
    level: int = 0  # depth in its header tree (column and row labels)

    @property
    def is_value(self) -> bool:
        """True for an input or computed value cell."""
        return self.role in VALUE_ROLES

    @property
    def last_row(self) -> int:
        """The last grid row the cell covers."""
        return self.row + self.rowspan - 1

    @property
    def last_col(self) -> int:
        """The last grid column the cell covers."""
        return self.col + self.colspan - 1


@dataclass(frozen=True)
class TableGrid:
    """A table (or a section's stacked tables) as a rows × cols grid of cells."""

    rows: int
    cols: int
    label_cols: int
    header_rows: int  # the top rows a renderer repeats on every page (title, caption, column headers)
    cells: tuple[GridCell, ...]
    tables: tuple[str, ...] = ()
    _cover: dict[tuple[int, int], GridCell] = field(default_factory=dict, repr=False, compare=False)
    _keys: dict[str, GridCell] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for cell in self.cells:
            if cell.key:
                self._keys[cell.key] = cell
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    if (r, c) in self._cover or not (0 <= r < self.rows and 0 <= c < self.cols):
                        raise ValueError(f"grid cell {cell} overlaps or leaves the {self.rows}×{self.cols} grid")
                    self._cover[(r, c)] = cell

    def at(self, row: int, col: int) -> GridCell | None:
        """The cell covering a position (None for a position nothing covers)."""
        return self._cover.get((row, col))

    def starts_at(self, row: int, col: int) -> bool:
        """True when a cell has its top-left corner at this position (where a renderer draws it)."""
        cell = self._cover.get((row, col))
        return cell is not None and cell.row == row and cell.col == col

    def key_at(self, row: int, col: int) -> str | None:
        """The cell key at a position, or None for a label position."""
        cell = self._cover.get((row, col))
        return cell.key if cell is not None and cell.key else None

    def cell_of(self, key: str) -> GridCell:
        """The value cell of a cell key (KeyError when the grid does not hold it)."""
        return self._keys[key]

    def position(self, key: str) -> tuple[int, int]:
        """The top-left grid position of a cell key."""
        cell = self._keys[key]
        return cell.row, cell.col

    def row_cells(self, row: int) -> list[GridCell]:
        """The cells starting in one grid row, left to right (an HTML ``<tr>``)."""
        return [c for c in self.cells if c.row == row]

    def value_cells(self) -> list[GridCell]:
        """Every value cell, top to bottom, left to right."""
        return [c for c in self.cells if c.is_value]

    def labels(self, role: str) -> list[GridCell]:
        """The label cells of one role, in reading order."""
        return [c for c in self.cells if c.role == role]


def has_row_labels(spec: TableSpec) -> bool:
    """False for a table whose rows carry no label and no corner note (table 四's single row)."""
    return bool(spec.corner) or any(leaf.label for leaf in spec.row_leaves())


def leaf_spans(count: int, grid: int, spread: str = "last") -> list[tuple[int, int]]:
    """Value-column ranges [first, last] (0-based) of ``count`` leaves laid over ``grid`` columns."""
    if spread not in SPREADS:
        raise ValueError(f"spread must be one of {SPREADS}, not {spread!r}")
    grid = max(grid, count)
    if spread == "last":
        return [(i, i) for i in range(count - 1)] + [(count - 1, grid - 1)]
    starts = [round(i * grid / count) for i in range(count + 1)]
    return [(starts[i], starts[i + 1] - 1) for i in range(count)]


class _Builder:
    """Collects the cells of one table placed at a row offset in a (possibly shared) grid."""

    def __init__(self, spec: TableSpec, top: int, label_cols: int, value_cols: int, spread: str) -> None:
        self.spec, self.top, self.label_cols, self.value_cols = spec, top, label_cols, value_cols
        leaves = spec.column_leaves()
        self.col_span = {leaf.id: span for leaf, span in zip(leaves, leaf_spans(len(leaves), value_cols, spread),
                                                             strict=True)}
        self.cells: list[GridCell] = []

    def put(self, row: int, col: int, rowspan: int, colspan: int, role: str, text: str = "", key: str = "",
            level: int = 0) -> None:
        self.cells.append(GridCell(row, col, rowspan, colspan, role, text, key, self.spec.id, level))

    def title(self, row: int) -> None:
        self.put(row, 0, 1, self.label_cols + self.value_cols, TITLE, self.spec.title)

    def header(self, row: int) -> int:
        """The corner, caption and column tree from ``row``; returns the first body row."""
        spec = self.spec
        depth = spec.column_depth()
        caption = 1 if spec.column_caption else 0
        if self.label_cols:
            self.put(row, 0, caption + depth, self.label_cols, CORNER, spec.corner)
        if caption:
            self.put(row, self.label_cols, 1, self.value_cols, CAPTION, spec.column_caption)
        tree_top = row + caption

        def place(node: HeaderNode, level: int) -> None:
            leaves = node.leaves()
            first, last = self.col_span[leaves[0].id][0], self.col_span[leaves[-1].id][1]
            height = depth - level if node.is_leaf else 1
            self.put(tree_top + level, self.label_cols + first, height, last - first + 1,
                     COLUMN if node.is_leaf else COLUMN_GROUP, node.label, level=level)
            for child in node.children:
                place(child, level + 1)

        for node in spec.columns:
            place(node, 0)
        return tree_top + depth

    def body(self, row: int, start: int, stop: int | None) -> int:
        """Row labels and value cells of leaf rows ``start:stop`` from ``row``; returns the next free row."""
        spec = self.spec
        leaves = spec.row_leaves()[start:stop]
        row_of = {leaf.id: row + i for i, leaf in enumerate(leaves)}
        if self.label_cols and has_row_labels(spec):
            for node in spec.rows:
                self._row_label(node, 0, row_of)
        computed = {c.key for c in spec.cells if c.computed}
        for leaf in leaves:
            for col_leaf in spec.column_leaves():
                first, last = self.col_span[col_leaf.id]
                key = spec.key(leaf.id, col_leaf.id)
                self.put(row_of[leaf.id], self.label_cols + first, 1, last - first + 1,
                         COMPUTED if key in computed else VALUE, key=key)
        return row + len(leaves)

    def _row_label(self, node: HeaderNode, level: int, row_of: dict[str, int]) -> None:
        present = [row_of[leaf.id] for leaf in node.leaves() if leaf.id in row_of]
        if not present:
            return
        first, last = min(present), max(present)
        if node.is_leaf:
            self.put(first, level, 1, self.label_cols - level, ROW, node.label, level=level)
            return
        # a group cut by a row range (a page break) is labelled again in the next range
        self.put(first, level, last - first + 1, 1, ROW_GROUP, node.label, level=level)
        for child in node.children:
            self._row_label(child, level + 1, row_of)


def _label_cols(spec: TableSpec) -> int:
    return spec.row_depth() if has_row_labels(spec) else 0


def table_grid(spec: TableSpec, *, title: bool = False, label_cols: int | None = None,
               value_cols: int | None = None, spread: str = "last", start: int = 0,
               stop: int | None = None) -> TableGrid:
    """The grid of one table (leaf rows ``start:stop``), optionally under its title row and widened to
    ``label_cols`` label and ``value_cols`` value columns (a section's shared grid)."""
    labels = _label_cols(spec) if label_cols is None else label_cols
    values = max(value_cols or 0, len(spec.column_leaves()))
    builder = _Builder(spec, 0, labels, values, spread)
    row = 0
    if title:
        builder.title(row)
        row += 1
    row = builder.header(row)
    header_rows = row
    row = builder.body(row, start, stop)
    return TableGrid(row, labels + values, labels, header_rows, tuple(builder.cells), (spec.id,))


def section_grid(section: Section, *, spread: str = "last") -> TableGrid:
    """A section's tables stacked in one grid: shared label and value columns, each table under its own
    title row when its title differs from the section heading (二's 第二十条第（一）项 ...)."""
    tables = section.tables
    if not tables:
        raise ValueError(f"section {section.id} has no table")
    labels = max(_label_cols(t) for t in tables)
    values = max(len(t.column_leaves()) for t in tables)
    cells: list[GridCell] = []
    row = 0
    header_rows = 0
    for i, spec in enumerate(tables):
        builder = _Builder(spec, row, labels, values, spread)
        if spec.title != section.heading:
            builder.title(row)
            row += 1
        row = builder.header(row)
        if i == 0:
            header_rows = row
        row = builder.body(row, 0, None)
        cells += builder.cells
    if len(tables) > 1:
        header_rows = 0  # stacked tables: the first table's header is not the others' header
    return TableGrid(row, labels + values, labels, header_rows, tuple(cells), tuple(t.id for t in tables))
