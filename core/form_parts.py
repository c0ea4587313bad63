"""The parts of an official form as the template describes them: value kinds, header nodes, cells, totals,
tables and narrative fields (frozen dataclasses; ``core.template`` builds them from the template file)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ValueKind:
    """What a cell may hold: whole numbers (possibly signed) or decimal amounts with a unit."""

    id: str
    type: str  # "integer" or "decimal"
    label: str
    min: int | None = None
    decimals: int = 0
    unit: str = ""


@dataclass(frozen=True)
class HeaderNode:
    """One row or column heading; leaves carry cells, groups are drawn as merged cells."""

    id: str
    label: str
    children: tuple[HeaderNode, ...] = ()
    value: str | None = None  # value-kind override for a leaf column

    @property
    def is_leaf(self) -> bool:
        """True for a node without children."""
        return not self.children

    def leaves(self) -> list[HeaderNode]:
        """The leaves below (or being) this node, in order."""
        if self.is_leaf:
            return [self]
        return [leaf for child in self.children for leaf in child.leaves()]

    def depth(self) -> int:
        """Number of header levels this node occupies (1 for a leaf)."""
        return 1 + max((c.depth() for c in self.children), default=0)


@dataclass(frozen=True)
class Cell:
    """One numeric cell of a table."""

    key: str
    table: str
    row: str
    column: str
    row_path: tuple[str, ...]
    column_path: tuple[str, ...]
    value_kind: ValueKind
    computed: bool


@dataclass(frozen=True)
class Total:
    """A computed cell: the sum of its terms (blank when every term is blank)."""

    rule: str
    target: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    """One official table with its header trees, cells and totals."""

    id: str
    title: str
    section: str
    columns: tuple[HeaderNode, ...]
    rows: tuple[HeaderNode, ...]
    corner: str = ""
    column_caption: str = ""
    cells: tuple[Cell, ...] = ()
    totals: tuple[Total, ...] = ()

    def column_leaves(self) -> list[HeaderNode]:
        """Leaf columns, left to right."""
        return [leaf for node in self.columns for leaf in node.leaves()]

    def row_leaves(self) -> list[HeaderNode]:
        """Leaf rows, top to bottom."""
        return [leaf for node in self.rows for leaf in node.leaves()]

    def key(self, row: str, column: str) -> str:
        """The cell key of a row and a column id."""
        return f"{self.id}.{row}.{column}"

    def column_depth(self) -> int:
        """Number of column-header levels."""
        return max(node.depth() for node in self.columns)

    def row_depth(self) -> int:
        """Number of row-label levels."""
        return max(node.depth() for node in self.rows)


@dataclass(frozen=True)
class TextField:
    """A narrative field with the format's guidance."""

    key: str
    section: str
    guidance: str
    placeholder: str
    max_chars: int | None = None
    label: str = ""  # a field outside the six sections names itself (前言); a section's field has its heading
    default: tuple[str, ...] = ()  # sentences of an editable default, with {agency} {year} {contact} ... fields
    aggregate_default: tuple[str, ...] = ()  # the default of a 汇总 report, which may also name {units} {unit_count}
