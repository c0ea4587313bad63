"""Reading a run of figures whose cell boundaries were lost (``801000081``), by the table's arithmetic.

A run is cut into the row's cells every way the cells' kinds allow (no leading zeros, a sign only at
the start, decimals only in amounts). The row's own totals, then the table's column sums, keep the
splits that add up. What remains ambiguous is reported with its candidates, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

from core.template import ValueKind
from core.values import Value

MAX_SPLITS = 20_000
_UNITS = re.compile(r"万元|元|件|个|项|条|宗|次")
_THOUSANDS = re.compile(r"(\d),(\d{3})(?!\d)")
_TOKEN = re.compile(r"-?\d+(?:\.\d+)?|[—/]+|-{2,}")
_COUNT = re.compile(r"0|[1-9]\d*")
_SIGNED = re.compile(r"-?(?:0|[1-9]\d*)")
_AMOUNT = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")

Split = tuple[Value, ...]


def tokens(run: str) -> list[str]:
    """The figure tokens of a run (units dropped, spaces as hard boundaries); ``—`` is a blank cell."""
    text = unicodedata.normalize("NFKC", run).replace("\u2212", "-")
    text = _THOUSANDS.sub(r"\1\2", text)  # 1,234 is one figure; any other comma separates figures
    text = _UNITS.sub(" ", re.sub(r"[,，、;；|]", " ", text))
    return _TOKEN.findall(text)


def part_value(text: str, kind: ValueKind) -> int | Decimal | str:
    """A part's value for a kind, or ``"bad"`` when the kind cannot hold it."""
    if kind.type == "decimal":
        return Decimal(text) if _AMOUNT.fullmatch(text) else "bad"
    pattern = _SIGNED if kind.min is None or kind.min < 0 else _COUNT
    return int(text) if pattern.fullmatch(text) else "bad"


def splits(run: str, kinds: Sequence[ValueKind], blanks: bool = False) -> list[Split] | None:
    """Every way to read the run as ``len(kinds)`` cells (with ``blanks``, cells may also have been left
    blank and vanished from the run); None when there are too many to list."""
    toks = tokens(run)
    if not toks:
        return [tuple(None for _ in kinds)]
    out: list[Split] = []
    if not _fill(toks, 0, 0, 0, list(kinds), (), out, blanks):
        return None
    return out


def _is_blank_token(tok: str) -> bool:
    return not tok[0].isdigit() and not (tok[0] == "-" and len(tok) > 1 and tok[1].isdigit())


def _fill(toks: list[str], ti: int, off: int, ci: int, kinds: list[ValueKind], acc: Split, out: list[Split],
          blanks: bool) -> bool:
    """Cell by cell: a cell takes the next piece of the current token (or, with ``blanks``, nothing);
    a space in the run is always a cell boundary. False once past MAX_SPLITS."""
    if ci == len(kinds):
        if ti == len(toks):
            out.append(acc)
        return len(out) <= MAX_SPLITS
    if ti == len(toks):
        return _fill(toks, ti, 0, ci + 1, kinds, (*acc, None), out, blanks) if blanks else True
    cells_left, toks_left = len(kinds) - ci, len(toks) - ti
    if toks_left > cells_left:
        return True
    if not blanks and sum(len(t) for t in toks[ti:]) - off < cells_left and not any(
            _is_blank_token(t) for t in toks[ti:]):
        return True
    tok = toks[ti]
    if _is_blank_token(tok):
        return _fill(toks, ti + 1, 0, ci + 1, kinds, (*acc, None), out, blanks)
    if blanks and not _fill(toks, ti, off, ci + 1, kinds, (*acc, None), out, blanks):
        return False
    for end in range(off + 1, len(tok) + 1):
        if end < len(tok) and (tok[end] == "." or tok[end - 1] in ".-"):
            continue
        value = part_value(tok[off:end], kinds[ci])
        if isinstance(value, str):  # "bad"
            continue
        nti, noff = (ti + 1, 0) if end == len(tok) else (ti, end)
        if not _fill(toks, nti, noff, ci + 1, kinds, (*acc, value), out, blanks):
            return False
    return True


def num(v: Value) -> int | Decimal:
    """A value in arithmetic: blank counts as 0."""
    return 0 if v is None else v


def satisfies(split: Split, checks: Sequence[tuple[int, Sequence[int]]]) -> bool:
    """Whether each (target, terms) sum holds in this split."""
    return all(num(split[t]) == sum(num(split[i]) for i in terms) for t, terms in checks)
