"""Where each official column sits in a grid table, found from its header labels (and group labels)."""

from __future__ import annotations

import itertools

from core.importers.labels import core
from core.template import HeaderNode, TableSpec


def _leaf_paths(spec: TableSpec) -> list[tuple[str, tuple[str, ...]]]:
    out: list[tuple[str, tuple[str, ...]]] = []

    def walk(node: HeaderNode, groups: tuple[str, ...]) -> None:
        if node.is_leaf:
            out.append((node.id, groups))
        for child in node.children:
            walk(child, (*groups, node.label))

    for node in spec.columns:
        walk(node, ())
    return [(leaf_id, groups) for leaf_id, groups in out]


def column_map(spec: TableSpec, header_rows: list[tuple[str, ...]], width: int) -> list[int] | None:
    """Grid column of each leaf column, in template order; None unless every leaf is found exactly once
    in header rows as wide as the data rows."""
    rows = [r for r in header_rows if len(r) == width]
    if not rows:
        return None
    labels = {leaf.id: leaf.label for leaf in spec.column_leaves()}
    found: list[int] = []
    for leaf_id, groups in _leaf_paths(spec):
        want = core(labels[leaf_id])
        cols = [c for c in range(width) if any(core(r[c]) == want for r in rows)]
        for group in groups[-1:]:  # the nearest group decides between repeated leaves (结果维持 ×3)
            g = core(group)
            if any(core(r[c]) == g for r in rows for c in range(width)):
                cols = [c for c in cols if any(core(r[c]) == g for r in rows)]
        if len(cols) != 1:
            cols = cols[:1] if len(cols) > 1 and all(_same_origin(rows, cols)) else cols
        if len(cols) != 1:
            return None
        found.append(cols[0])
    return found if len(set(found)) == len(found) else None


def _same_origin(rows: list[tuple[str, ...]], cols: list[int]) -> list[bool]:
    """Whether the columns are adjacent copies of one spanned header cell."""
    return [b == a + 1 for a, b in itertools.pairwise(cols)]
