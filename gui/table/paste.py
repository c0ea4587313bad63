"""What a paste does to the official tables: which cell each pasted text goes to, and what to tell the clerk.

A plain block lands from the current cell on; a block that carries the tables' own labels (表二 copied
from the official Excel template: its sub-tables one under another) lands by row label and column heading.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core.report import SetCell
from core.values import ValueRefused, format_value, parse_value

if TYPE_CHECKING:
    from core.template import TableSpec
    from gui.document import ReportDocument
    from gui.table.clipboard_parse import Grid


@dataclass(frozen=True)
class Target:
    """One pasted text and where it lands: a cell key, a heading of the table, or outside the table."""

    key: str | None
    raw: str
    heading: str = ""  # the label it would cover (key is None)


@dataclass
class Plan:
    """The edits of one paste and what could not be pasted, in Chinese."""

    edits: list[SetCell] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    totals: list[tuple[str, object, str]] = field(default_factory=list)  # (key, pasted value, raw)
    cleared: int = 0  # existing values a blank pasted cell removes
    outside: list[str] = field(default_factory=list)  # texts beyond the table's edge
    filled: dict[str, int] = field(default_factory=dict)  # labelled paste: table title -> cells pasted
    unknown_rows: int = 0  # labelled paste: rows with numbers but no label of these tables


def plan(document: ReportDocument, targets: list[Target]) -> Plan:
    """Parse every target against its cell; totals, headings and the outside are refused separately."""
    result = Plan()
    for target in targets:
        raw = target.raw
        cell = document.template.cells.get(target.key) if target.key else None
        if cell is None:
            if raw.strip() and target.heading:
                result.refused.append(f"标题格“{target.heading}”：标题不能粘贴（“{raw}”）")
            elif raw.strip():
                result.outside.append(raw)
            continue
        if cell.computed:
            if raw.strip():
                try:
                    result.totals.append((cell.key, parse_value(raw, cell.value_kind), raw))
                except ValueRefused:
                    result.refused.append(f"{document.template.cell_label(cell.key)}：合计格由程序计算，"
                                          f"不能粘贴（“{raw}”）")
            continue
        try:
            value = parse_value(raw, cell.value_kind)
        except ValueRefused as exc:
            result.refused.append(f"{document.template.cell_label(cell.key)}：{exc}")
            continue
        old = document.report.cells.get(cell.key)
        if value != old or type(value) is not type(old):
            result.edits.append(SetCell(cell.key, value))
            result.cleared += value is None and old is not None
    return result


def check_totals(document: ReportDocument, result: Plan) -> None:
    """After the edits: a pasted total that agrees with the computed one is no refusal."""
    for key, value, raw in result.totals:
        if document.value(key) != value:
            result.refused.append(f"{document.template.cell_label(key)}：合计由程序按分项计算为 "
                                  f"{format_value(document.value(key)) or '空白'}，粘贴的“{raw}”未采用，请核对分项")


def message(result: Plan) -> tuple[str, bool]:
    """What the paste did, in Chinese, and whether it must be seen (a dialog) rather than glanced at."""
    changed = len(result.edits)
    if result.filled:
        where = "、".join(f"{title} {n} 格" for title, n in result.filled.items())
        head = f"已按行列标题粘贴到{where}，共 {changed} 个单元格有变化"
    else:
        head = f"已粘贴 {changed} 个单元格"
    if result.cleared:
        head += f"，其中 {result.cleared} 个原有数值被粘贴的空白格清空（可撤销）"
    lines = list(result.refused)
    if result.outside:
        lines.append(f"表外：超出表格范围的 {len(result.outside)} 格未粘贴（如“{result.outside[0]}”）")
    if result.unknown_rows:
        lines.append(f"有 {result.unknown_rows} 行带数字却没有认出的行标题，未粘贴")
    if not lines:
        return head, bool(result.cleared)
    shown = "\n".join(lines[:12]) + (f"\n……另有 {len(lines) - 12} 处" if len(lines) > 12 else "")
    return f"{head}；以下 {len(lines)} 处未粘贴，原值保留：\n{shown}", True


# ---- a block that carries the tables' own labels ---------------------------------------------

def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _heading_columns(table: TableSpec, row: list[str], found: dict[str, int]) -> None:
    """Note where this row carries the table's column headings (the k-th 结果维持 is the k-th such column)."""
    seen: dict[str, int] = {}
    leaves = table.column_leaves()
    for index, text in enumerate(row):
        same = [leaf for leaf in leaves if _norm(leaf.label) == text]
        if same:
            k = seen.get(text, 0)
            seen[text] = k + 1
            if k < len(same):
                found[same[k].id] = index


def labelled_targets(document: ReportDocument, tables: list[TableSpec], grid: Grid) -> tuple[list[Target],
                                                                                        dict[str, int], int]:
    """Targets of a block found by the row labels of these tables (columns by the headings above them, or
    in order after the label); the cells found per table title; rows with numbers no label matched."""
    rows: dict[str, list[tuple[TableSpec, str]]] = {}
    for table in tables:
        for leaf in table.row_leaves():
            if _norm(leaf.label):
                rows.setdefault(_norm(leaf.label), []).append((table, leaf.id))
    titles = {_norm(t.title): t for t in tables}
    headings: dict[str, dict[str, int]] = {t.id: {} for t in tables}
    current: TableSpec | None = None
    targets: list[Target] = []
    filled: dict[str, int] = {}
    unknown = 0
    for raw_row in grid:
        row = [_norm(c) for c in raw_row]
        current = next((titles[c] for c in row if c in titles), current)
        for table in tables:
            _heading_columns(table, row, headings[table.id])
        hit = next(((i, rows[c]) for i, c in enumerate(row) if c in rows), None)
        if hit is None:
            unknown += any(re.fullmatch(r"[-+]?[\d,.]+", c) for c in row)
            continue
        at, owners = hit
        table, row_id = next(((t, r) for t, r in owners if t is current), owners[0])
        current = table
        leaves = table.column_leaves()
        columns = headings[table.id]
        if set(columns) != {leaf.id for leaf in leaves}:
            columns = {leaf.id: at + 1 + k for k, leaf in enumerate(leaves)}
        for leaf in leaves:
            index = columns[leaf.id]
            if index < len(raw_row):
                targets.append(Target(table.key(row_id, leaf.id), raw_row[index]))
                filled[table.title] = filled.get(table.title, 0) + 1
    return targets, filled, unknown


def carries_labels(tables: list[TableSpec], grid: Grid) -> bool:
    """Whether a pasted block names rows of these tables (then it is pasted by label, not by position)."""
    labels = {_norm(leaf.label) for table in tables for leaf in table.row_leaves()} - {""}
    return any(_norm(cell) in labels for row in grid for cell in row)
