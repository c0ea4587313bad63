"""What an import produced: the report, and what could not be read with certainty."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.report import Report
from core.values import Value, format_value


@dataclass
class ImportResult:
    """A Report read from a source, the uncertain cells (with candidates), the missing ones and notes."""

    report: Report
    uncertain: dict[str, list[Value]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cells_read: int = 0

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
