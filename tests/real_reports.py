"""Read the published-report excerpts in tests/fixtures/reports/ (format: see that folder's README)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.report import Report
from core.template import load_template
from core.values import parse_value

REPORTS = Path(__file__).resolve().parent / "fixtures" / "reports"
_HEADS = ("edition", "year", "agency", "agency_kind", "claims", "warnings")


@dataclass
class RealReport:
    """One excerpt: where it was published, its narrative, the table values it printed, what N1 should find."""

    name: str
    source: str
    head: dict[str, str]
    rows: dict[str, list[str]] = field(default_factory=dict)
    narrative: str = ""

    def pairs(self, key: str) -> list[tuple[str, int]]:
        """``claims``/``warnings`` as (claim id, number) pairs in the order written."""
        return [(p.split("=")[0], int(p.split("=")[1])) for p in self.head.get(key, "").split()]

    def report(self) -> Report:
        """A Report holding the narrative as 总体情况 and exactly the table values the excerpt printed."""
        template = load_template(self.head["edition"])
        report = Report(self.head["edition"], int(self.head["year"]),
                        meta={"agency": self.head["agency"], "agency_kind": self.head["agency_kind"]})
        for prefix, values in self.rows.items():
            keys = _row_keys(template, prefix)
            assert len(keys) == len(values), f"{self.name}: {prefix} has {len(values)} values for {len(keys)} cells"
            for key, raw in zip(keys, values, strict=False):
                if raw != "_":
                    report.cells[key] = parse_value(raw, template.cells[key].value_kind)
        report.texts["overview"] = self.narrative
        return report


def _row_keys(template, prefix: str) -> list[str]:
    """The input cells of one printed row, left to right (table 三: 自然人 … 其他, no 总计)."""
    return [k for k in template.input_keys() if k.rsplit(".", 1)[0] == prefix]


def load(path: Path) -> RealReport:
    """Parse one fixture file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    head, body = lines[: lines.index("---")], lines[lines.index("---") + 1:]
    real = RealReport(path.stem, lines[0], {})
    for line in head[1:]:
        if line.startswith("#") or not line.strip():
            continue
        if " = " in line:
            prefix, values = line.split(" = ")
            real.rows[prefix.strip()] = values.split()
            continue
        key, _, value = line.partition(":")
        assert key in _HEADS, f"{path.name}: unknown line {line!r}"
        real.head[key] = value.strip()
    real.narrative = "\n".join(body).strip()
    return real


def all_reports() -> list[RealReport]:
    """Every fixture, by file name."""
    return [load(p) for p in sorted(REPORTS.glob("*.txt"))]
