"""A narrative text as the exporters print it: clean paragraphs, and which （一） lines are headings.

The same rules as the PDF (core.export.pdf): soft breaks become paragraph breaks, control characters
go, empty lines are dropped; a line opening with （一） that is a bare heading or a single sentence of
at most 30 characters stands as a level-2 heading, a longer one is body text whose first sentence
(up to 。！？) is a run-in heading set in 楷体.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")  # incl. lone surrogates
_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_LEVEL2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")  # half-width brackets typed with the IME off too
_HEADING_MAX = 30
_LEVEL2_HEAD = re.compile(r"^[（(][一二三四五六七八九十]+[）)][^。！？\n]{0,30}?[。！？]")


@dataclass(frozen=True)
class NarrativeLine:
    """One printed paragraph: a level-2 heading, or body text whose first ``head`` characters are a run-in heading."""

    text: str
    heading: bool = False
    head: int = 0


def clean_text(text: str) -> str:
    """Clerk text made printable: soft breaks (\\x0b from Word) become newlines, control characters go."""
    text = _BREAKS.sub("\n", text).replace("\t", " ")
    return _CONTROL.sub("", text)


def paragraphs_of(text: str) -> list[str]:
    """The non-empty paragraphs of a narrative text, one per line, stripped."""
    return [line.strip() for line in clean_text(text).split("\n") if line.strip()]


def narrative_lines(text: str) -> list[NarrativeLine]:
    """The paragraphs of a narrative, each marked as a heading, body text with a run-in heading, or body text."""
    out: list[NarrativeLine] = []
    for line in paragraphs_of(text):
        if not _LEVEL2.match(line):
            out.append(NarrativeLine(line))
            continue
        head = _LEVEL2_HEAD.match(line)
        if len(line) <= _HEADING_MAX and (head is None or head.end() == len(line)):
            out.append(NarrativeLine(line, heading=True))
        else:
            out.append(NarrativeLine(line, head=head.end() if head else 0))
    return out
