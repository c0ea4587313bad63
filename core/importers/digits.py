"""Reading a run of figures whose cell boundaries were lost (``801000081``), by the table's arithmetic.

A run is cut into the row's cells every way the cells' kinds allow (no leading zeros, a sign only at
the start, decimals only in amounts). The row's own totals, then the table's column sums, keep the
splits that add up. What remains ambiguous is reported with its candidates, never guessed.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from decimal import Decimal
from typing import Sequence

from core.template import ValueKind
from core.values import Value

MAX_SPLITS = 20_000
_UNITS = re.compile(r"万元|元|件|个|项|条|宗|次")
_TOKEN = re.compile(r"-?\d+(?:\.\d+)?|[—/]+|-{2,}")
_COUNT = re.compile(r"0|[1-9]\d*")
_SIGNED = re.compile(r"-?(?:0|[1-9]\d*)")
_AMOUNT = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")

Split = tuple[Value, ...]


def tokens(run: str) -> list[str]:
    """The figure tokens of a run (units dropped, spaces as hard boundaries); ``—`` is a blank cell."""
    text = unicodedata.normalize("NFKC", run).replace("\u2212", "-").replace("，", ",")
    text = _UNITS.sub(" ", text.replace(",", ""))
    return _TOKEN.findall(text)


def part_value(text: str, kind: ValueKind) -> Value | str:
    """A part's value for a kind, or ``"bad"`` when the kind cannot hold it."""
    if kind.type == "decimal":
        return Decimal(text) if _AMOUNT.fullmatch(text) else "bad"
    pattern = _SIGNED if kind.min is None or kind.min < 0 else _COUNT
    return int(text) if pattern.fullmatch(text) else "bad"


def splits(run: str, kinds: Sequence[ValueKind]) -> list[Split] | None:
    """Every way to read the run as ``len(kinds)`` cells; None when there are too many to list."""
    toks = tokens(run)
    if not toks:
        return [tuple(None for _ in kinds)]
    out: list[Split] = []
    if not _distribute(toks, 0, list(kinds), (), out):
        return None
    return out


def _distribute(toks: list[str], start: int, kinds: list[ValueKind], acc: Split, out: list[Split]) -> bool:
    """Depth-first: token by token, each into one or more parts; False once past MAX_SPLITS."""
    if not toks:
        if start == len(kinds):
            out.append(acc)
        return len(out) <= MAX_SPLITS
    tok, rest = toks[0], toks[1:]
    left = len(kinds) - start
    if left <= 0:
        return True
    if not tok[0].isdigit() and tok[0] != "-" or (tok[0] == "-" and len(tok) > 1 and tok[1] in "-"):
        return _distribute(rest, start + 1, kinds, (*acc, None), out)
    most = min(left - len(rest), len(tok))
    least = 1 if rest else left
    if least > most:
        return True
    for parts in _cuts(tok, least, most):
        values = [part_value(p, kinds[start + i]) for i, p in enumerate(parts)]
        if any(v == "bad" for v in values):
            continue
        if not _distribute(rest, start + len(parts), kinds, (*acc, *values), out):
            return False
    return True


def _cuts(tok: str, least: int, most: int) -> list[list[str]]:
    """Every way to cut a token into least..most non-empty pieces (never next to a '.', never after a '-')."""
    n = len(tok)
    cut_points = [i for i in range(1, n) if tok[i] not in "." and tok[i - 1] not in ".-"]
    out: list[list[str]] = []
    for k in range(least - 1, most):
        if k > len(cut_points):
            break
        for points in itertools.combinations(cut_points, k):
            bounds = (0, *points, n)
            out.append([tok[a:b] for a, b in zip(bounds, bounds[1:])])
            if len(out) > MAX_SPLITS:
                return out
    return out


def num(v: Value) -> Value:
    """A value in arithmetic: blank counts as 0."""
    return 0 if v is None else v


def satisfies(split: Split, checks: Sequence[tuple[int, Sequence[int]]]) -> bool:
    """Whether each (target, terms) sum holds in this split."""
    return all(num(split[t]) == sum(num(split[i]) for i in terms) for t, terms in checks)
