"""What an import produced: the report, and what could not be read with certainty."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.read.report_file import UNCERTAIN_RAW, UNCERTAIN_REASON
from core.report import Report
from core.values import Value, format_value

if TYPE_CHECKING:
    from core.importers.blocks import Document


@dataclass
class ImportResult:
    """A Report read from a source, the uncertain cells (with candidates), the missing ones and notes."""

    report: Report
    uncertain: dict[str, list[Value]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cells_read: int = 0
    source_text: str = ""  # the source as plain text, for the review
    cell_spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # cell key -> its row in source_text
    document: Document | None = None  # what the reader produced (to read it again as another edition)

    @property
    def certain(self) -> bool:
        """True when every cell was read with certainty."""
        return not self.uncertain and not self.missing

    def summary(self) -> dict[str, Any]:
        """The ``nianbao import --json`` object."""
        r = self.report
        return {
            "edition": r.edition, "year": r.year, "agency": r.agency,
            "agency_kind": r.meta.get("agency_kind", ""), "cells_read": self.cells_read,
            "uncertain": list(self.uncertain), "missing": list(self.missing),
            "texts": [k for k, v in r.texts.items() if v], "notes": list(self.notes),
        }

    def candidates_text(self, key: str) -> str:
        """The candidates of an uncertain cell, for a Chinese note."""
        return "、".join("空白" if v is None else format_value(v) for v in self.uncertain.get(key, []))

    def with_uncertain_marked(self, *, for_file: bool = False) -> Report:
        """The report with its uncertain cells marked invalid (see ``with_uncertain_marked``)."""
        return with_uncertain_marked(self.report, self.uncertain, for_file=for_file)


def with_uncertain_marked(report: Report, uncertain: dict[str, list[Value]], *, for_file: bool = False) -> Report:
    """A copy of the report in which each cell still uncertain stays blank and is kept in ``invalid``
    with the reason, so the checks name it until the officer fills it in (nothing is filled silently).

    ``for_file``: the invalid text is ``UNCERTAIN_RAW`` (a report file keeps no reason; reading it gives it back).
    """
    out = copy.deepcopy(report)
    for key, candidates in uncertain.items():
        if out.cells.get(key) is not None or key in out.carried or key not in out.template.cells:
            continue
        shown = "、".join("空白" if v is None else format_value(v) for v in candidates) or "无法判断"
        raw = UNCERTAIN_RAW.format(candidates=shown) if for_file else ""
        out.invalid[key] = (raw, UNCERTAIN_REASON.format(candidates=shown))
    return out
