"""From the rows' printed texts to cell values: certain ones, and uncertain ones with candidates."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from core.importers.digits import Split, num, satisfies, splits, tokens
from core.importers.rows_struct import RowRead
from core.rule_params import BalanceParams
from core.template import TableSpec, Template
from core.values import Value, ValueRefused, parse_value

MAX_COMBOS = 200_000
MAX_SHOWN = 12


@dataclass
class TableValues:
    """Per cell key: the value read, or the candidates when uncertain; plus notes."""

    values: dict[str, Value] = field(default_factory=dict)
    uncertain: dict[str, list[Value]] = field(default_factory=dict)
    formulas: set[str] = field(default_factory=set)  # totals given as formulas without a value: computed
    notes: list[str] = field(default_factory=list)


def _row_checks(spec: TableSpec, cols: list[str], row: str) -> list[tuple[int, list[int]]]:
    """The totals within one row, as column indexes (e.g. 总计 = 自然人 + …)."""
    checks = []
    for total in spec.totals:
        _t_table, t_row, t_col = total.target.split(".")
        terms = [k.split(".") for k in total.terms]
        if t_row == row and all(r == row for _, r, _ in terms):
            checks.append((cols.index(t_col), [cols.index(c) for _, _, c in terms]))
    return checks


def _column_checks(spec: TableSpec, template: Template) -> list[tuple[list[str], list[str]]]:
    """Sums down the columns: (rows on the left, rows on the right), e.g. (T) = (R1 … O3), (N B) = (T F)."""
    checks = []
    seen = set()
    for total in spec.totals:
        _, t_row, t_col = total.target.split(".")
        terms = [k.split(".")[1] for k in total.terms]
        if all(k.split(".")[2] == t_col for k in total.terms) and t_row not in terms and (t_row,) not in seen:
            seen.add((t_row,))
            checks.append(([t_row], terms))
    for rule in template.rules:
        if isinstance(rule.params, BalanceParams) and rule.params.table == spec.id:
            checks.append((list(rule.params.left), list(rule.params.right)))
    return checks


def read_table(spec: TableSpec, template: Template, rows: dict[str, RowRead]) -> TableValues:
    """The values of one table's found rows."""
    out = TableValues()
    cols = [c.id for c in spec.column_leaves()]
    options: dict[str, list[Split]] = {}
    blanks = _blanks_used(rows.values(), len(cols))
    for row_id, read in rows.items():
        row_kinds = [template.cells[spec.key(row_id, c)].value_kind for c in cols]
        options[row_id] = _row_options(spec, template, row_id, read, row_kinds, cols, out, blanks)
    _narrow_by_columns(spec, template, options, cols)
    for row_id, opts in options.items():
        for i, col in enumerate(cols):
            key = spec.key(row_id, col)
            if key in out.uncertain:
                continue
            seen = list(dict.fromkeys(o[i] for o in opts))
            if len(seen) == 1:
                out.values[key] = seen[0]
            else:
                out.uncertain[key] = seen[:MAX_SHOWN]
    return out


def _blanks_used(reads, ncols: int) -> bool:
    """Whether this table leaves cells blank: then a flattened row may have lost cells without a trace."""
    for read in reads:
        if read.cells is not None:
            if any(_blankish(c) == "" for c in read.cells):
                return True
        elif read.run is not None:
            toks = tokens(read.run)
            if not toks or 1 < len(toks) < ncols or len("".join(t for t in toks if t[0].isdigit())) < ncols:
                return True  # an empty row, separated figures fewer than the cells, or too few digits
    return False


def _row_options(spec: TableSpec, template: Template, row_id: str, read: RowRead, kinds, cols,
                 out: TableValues, blanks: bool = False) -> list[Split]:
    """The possible readings of one row: one for a row of cells, the arithmetic-consistent splits of a run."""
    if read.cells is not None:
        values: list[Value] = []
        bad = []
        for text, kind, col in zip(read.cells, kinds, cols, strict=False):
            if text.startswith("="):
                out.formulas.add(spec.key(row_id, col))
            try:
                values.append(parse_value(_blankish(text), kind))
            except ValueRefused as exc:
                values.append(None)
                bad.append((col, str(exc)))
        for col, reason in bad:
            out.notes.append(f"{template.cell_label(spec.key(row_id, col))}：{reason}")
            out.uncertain[spec.key(row_id, col)] = []
        return [tuple(values)]
    found = splits(read.run or "", kinds, blanks)
    if found is None:
        out.notes.append(f"{spec.title}“{_row_label(spec, row_id)}”一行的数字过长，无法确定各栏数值")
        return []
    if not found:
        out.notes.append(f"{spec.title}“{_row_label(spec, row_id)}”一行的数字“{(read.run or '').strip()}”"
                         f"无法分成 {len(cols)} 栏")
        return []
    checks = _row_checks(spec, cols, row_id)
    kept = [s for s in found if satisfies(s, checks)] if len(found) > 1 else found
    if not kept:
        out.notes.append(f"{spec.title}“{_row_label(spec, row_id)}”一行：没有一种分法能使本行合计相符，"
                         "各栏列为待核实")
        return found
    return kept


def _blankish(text: str) -> str:
    t = (text or "").strip()
    return "" if t in {"—", "-", "/", "--", "——", "－"} or t.startswith("=") else t


def _row_label(spec: TableSpec, row_id: str) -> str:
    return next((leaf.label for leaf in spec.row_leaves() if leaf.id == row_id), row_id)


def _narrow_by_columns(spec: TableSpec, template: Template, options: dict[str, list[Split]],
                       cols: list[str]) -> None:
    """Keep only the row splits that, together, make every column sum hold (when some combination does)."""
    open_rows = [r for r, o in options.items() if len(o) > 1]
    if not open_rows:
        return
    checks = [(left, right) for left, right in _column_checks(spec, template)
              if all(options.get(r) for r in (*left, *right))]
    if not checks:
        return
    size = 1
    for r in open_rows:
        size *= len(options[r])
    if size > MAX_COMBOS:
        return
    survivors: dict[str, set[int]] = {r: set() for r in open_rows}
    for combo in itertools.product(*(range(len(options[r])) for r in open_rows)):
        chosen = {r: options[r][0] for r in options if options[r]}  # a row with no split is in no check
        chosen.update({r: options[r][i] for r, i in zip(open_rows, combo, strict=False)})
        if all(_column_holds(chosen, left, right, len(cols)) for left, right in checks):
            for r, i in zip(open_rows, combo, strict=False):
                survivors[r].add(i)
    if all(survivors.values()):
        for r in open_rows:
            options[r] = [options[r][i] for i in sorted(survivors[r])]


def _column_holds(chosen: dict[str, Split], left: list[str], right: list[str], ncols: int) -> bool:
    return all(sum(num(chosen[r][c]) for r in left) == sum(num(chosen[r][c]) for r in right)
               for c in range(ncols))
