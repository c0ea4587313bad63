"""Words of the templates' table labels, so a narrow cell breaks 社会/公益/组织, never 社会公益组/织.

The vocabulary is derived from the labels themselves, not hard-coded: the official labels are built
from two-character words, so a run of Chinese characters of even length (社会公益组织, 本年制发件数)
is read as pairs; in a run of odd length the pairs already known are taken out and what is left
between them is one word (上一年 in 上一年项目数量, 总金额 in 采购总金额).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterable
from functools import cache

from core.template import editions, load_template

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_PAIRED_MAX = 8  # longer runs are sentences (没有现成信息需要另行制作), not reliably pairs
_NO_LINE_START = set("，。、；：）》」』”’）,.;:)%")


def template_labels(chosen: Iterable[str] | None = None) -> list[str]:
    """Every table title, corner, caption and header label of the given editions (all shipped ones by default)."""
    out: list[str] = []

    def walk(nodes: tuple) -> None:
        for node in nodes:
            out.append(node.label)
            walk(node.children)

    for edition in editions() if chosen is None else chosen:
        for section in load_template(edition).sections:
            for table in section.tables:
                out += [table.title, table.corner, table.column_caption]
                walk(table.columns)
                walk(table.rows)
    return [label for label in out if label]


def derive_words(labels: Iterable[str]) -> frozenset[str]:
    """The words of the labels: even runs as pairs, odd runs split around known pairs."""
    runs = sorted({run for label in labels for run in _HAN_RUN.findall(label)}, key=len)
    words: set[str] = set()
    for run in runs:
        if len(run) % 2 == 0 and len(run) <= _PAIRED_MAX:
            words.update(run[i:i + 2] for i in range(0, len(run), 2))
    for run in runs:
        if len(run) % 2 and len(run) <= _PAIRED_MAX:
            words.update(t for t in _leftovers(run, words) for t in _split_triple(t, runs) if len(t) > 1)
    return frozenset(words)


def _split_triple(piece: str, runs: list[str]) -> list[str]:
    """A left-over piece of three, split where one of its halves is a word elsewhere in the labels
    (度 | 办理 in 本年度办理结果, as 办理 ends 结转下年度继续办理); whole when neither or both are."""
    if len(piece) != 3:
        return [piece]
    elsewhere = lambda part: any(part in run and piece not in run for run in runs)  # noqa: E731
    head, tail = elsewhere(piece[:2]), elsewhere(piece[1:])
    if tail and not head:
        return [piece[0], piece[1:]]
    if head and not tail:
        return [piece[:2], piece[2]]
    return [piece]


def _leftovers(run: str, pairs: set[str]) -> list[str]:
    """A run cut at the known pairs it contains (left to right); the pieces between are words too."""
    out: list[str] = []
    rest = ""
    i = 0
    while i < len(run):
        if run[i:i + 2] in pairs:
            out += [rest] if rest else []
            out.append(run[i:i + 2])
            rest, i = "", i + 2
        else:
            rest, i = rest + run[i], i + 1
    return out + ([rest] if rest else [])


@cache
def label_words() -> frozenset[str]:
    """The vocabulary of the shipped templates' labels (cached)."""
    return derive_words(template_labels())


def word_tokens(text: str, words: frozenset[str] | None = None) -> list[str]:
    """The text cut into label words (longest first) and single characters."""
    words = label_words() if words is None else words
    longest = max(map(len, words), default=1)
    tokens: list[str] = []
    i = 0
    while i < len(text):
        for n in range(min(longest, len(text) - i), 0, -1):
            if n == 1 or text[i:i + n] in words:
                tokens.append(text[i:i + n])
                i += n
                break
    return tokens


def word_lines(text: str, width: Callable[[str], float], avail: float) -> list[str] | None:
    """The fewest lines, broken between words, each at most ``avail`` wide; the most even of those.

    None when no break between words makes the text fit (the caller then breaks where it must).
    """
    tokens = word_tokens(text)
    cuts = [i for i in range(1, len(tokens)) if tokens[i][0] not in _NO_LINE_START]
    if len(tokens) > 14:
        return None
    for count in range(max(1, math.ceil(width(text) / avail)), len(tokens) + 1):
        best: tuple[float, list[str]] | None = None
        for chosen in itertools.combinations(cuts, count - 1):
            bounds = [0, *chosen, len(tokens)]
            lines = ["".join(tokens[a:b]) for a, b in itertools.pairwise(bounds)]
            widest = max(width(line) for line in lines)
            if widest <= avail and (best is None or widest < best[0]):
                best = (widest, lines)
        if best:
            return best[1]
    return None
