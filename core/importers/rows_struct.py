"""Finding the official rows in tables read as grids (HTML, Word, PDF tables, tab-indented text)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.importers.blocks import Table
from core.importers.columns import column_map
from core.importers.labels import core, norm, same_label
from core.template import TableSpec, Template

_VALUEISH = re.compile(r"^[\s\d.,，\-—/－+=元万件个项条宗次（）()]*$")


@dataclass
class RowRead:
    """The printed values of one official row: one text per cell, or one run of figures to split."""

    table: str
    row: str
    cells: list[str] | None = None
    run: str | None = None
    where: str = ""
    at: tuple[int, int] | None = None  # (table index, grid row) of a row read from a table
    span: tuple[int, int] | None = None  # label start, figures end in the paragraph stream (running text)


def valueish(text: str) -> bool:
    """Whether a cell holds a figure, a unit, a dash or nothing (not a label)."""
    return bool(_VALUEISH.match(text or ""))


def _row_labels(template: Template) -> list[tuple[TableSpec, str, str]]:
    out = []
    for spec in template.tables.values():
        for leaf in spec.row_leaves():
            if leaf.label:
                out.append((spec, leaf.id, leaf.label))
    return out


def _context(cells: list[str], template: Template, current: str | None) -> str | None:
    joined = norm("".join(cells))
    for spec in template.tables.values():
        if spec.id.startswith("t2") and norm(spec.title) in joined:
            return spec.id
    if "申请人情况" in joined or "勾稽关系" in joined:
        return "t3"
    if "行政复议" in joined and ("行政诉讼" in joined or "结果维持" in joined):
        return "t4"
    if sum(label in joined for label in ("结果维持", "结果纠正", "其他结果", "尚未审结")) >= 3:
        return "t4"
    return current


def _is_header(cells: list[str], template: Template) -> bool:
    labels = {core(leaf.label) for spec in template.tables.values() for leaf in spec.column_leaves()}
    labels |= {"信息内容", "法人或其他组织", "申请人情况", "行政复议", "行政诉讼"}
    return sum(core(c) in labels for c in cells if c) >= 2


def read_grid_rows(tables: list[Table], template: Template) -> dict[tuple[str, str], RowRead]:
    """Each official row found in the tables (first occurrence), keyed by (table id, row id)."""
    found: dict[tuple[str, str], RowRead] = {}
    labels = _row_labels(template)
    ctx: str | None = None
    for t_index, table in enumerate(tables):
        headers: list[tuple[str, ...]] = []
        for r in range(len(table.rows)):
            cells = table.row_cells(r)
            new_ctx = _context(cells, template, ctx)
            if new_ctx != ctx:
                headers = []
            ctx = new_ctx
            if _is_header(cells, template):
                headers.append(table.rows[r])
                continue
            if not any(c.strip() for c in cells):
                continue
            hit = _match_row(cells, labels, ctx)
            where = f"表格{t_index + 1}"
            if hit is None:
                if ctx == "t4" and ("t4", "cases") not in found:
                    _read_t4_row(template.tables["t4"], cells, table.rows[r], headers, where, found, (t_index, r))
                continue
            spec, row_id, j = hit
            ctx = spec.id
            values = cells[j + 1:]
            if (spec.id, row_id) in found or not all(valueish(v) for v in values):
                continue
            mapped = _by_header(spec, headers, table.rows[r], _last_index(table.rows[r], cells[j]))
            found[(spec.id, row_id)] = _values(spec, row_id, mapped or values, where, (t_index, r))
    return found


def _read_t4_row(spec: TableSpec, cells: list[str], raw: tuple[str, ...], headers: list[tuple[str, ...]],
                 where: str, found: dict[tuple[str, str], RowRead], at: tuple[int, int]) -> None:
    """Table 四's one row has no label: the first row of figures under its header."""
    values = _trailing_values(cells)
    if len(values) >= 15 and any(re.search(r"\d", c) for c in values):
        mapped = _by_header(spec, headers, raw, -1)
        found[("t4", "cases")] = _values(spec, "cases", mapped or values, where, at)


def _trailing_values(cells: list[str]) -> list[str]:
    """The figures at the end of a row (after a label such as 件数, if any)."""
    i = len(cells)
    while i and valueish(cells[i - 1]):
        i -= 1
    return cells[i:]


def _by_header(spec: TableSpec, headers: list[tuple[str, ...]], row: tuple[str, ...], label_at: int):
    """The row's cells taken at the columns its header names (None when the header does not say)."""
    cols = column_map(spec, headers, len(row))
    if cols is None or min(cols) <= label_at:
        return None
    return [row[c] for c in cols]


def _last_index(row: tuple[str, ...], text: str) -> int:
    """The last grid column holding this text."""
    return max(i for i, c in enumerate(row) if c == text)


def _match_row(cells: list[str], labels: list[tuple[TableSpec, str, str]], ctx: str | None):
    """The last cell that names a row label (the current table's labels first)."""
    for j in range(len(cells) - 1, -1, -1):
        text = cells[j]
        if not text or valueish(text):
            continue
        hits = [(spec, rid) for spec, rid, label in labels if same_label(text, label)]
        if not hits:
            continue
        preferred = [h for h in hits if h[0].id == ctx] or hits
        spec, rid = preferred[0]
        return spec, rid, j
    return None


def _values(spec: TableSpec, row_id: str, values: list[str], where: str, at: tuple[int, int]) -> RowRead:
    n = len(spec.column_leaves())
    trimmed = list(values)
    while len(trimmed) > n and not trimmed[-1].strip():
        trimmed.pop()
    while len(trimmed) > n and not trimmed[0].strip():
        trimmed.pop(0)
    if len(trimmed) == n and all(_single(v) for v in trimmed):
        return RowRead(spec.id, row_id, cells=trimmed, where=where, at=at)
    return RowRead(spec.id, row_id, run=" ".join(values), where=where, at=at)


def _single(text: str) -> bool:
    """A cell holding at most one figure."""
    return len(re.findall(r"\d+(?:\.\d+)?", text.replace(",", ""))) <= 1
