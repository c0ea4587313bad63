"""Helpers for the validation tests: the seed fixture as a Report, a fixed date, issue filters."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from factories import SEED_FILE

from core.checks.validation import Issue, validate
from core.report import Report
from core.template import load_template

TODAY = date(2024, 1, 10)


def seed_report() -> Report:
    """The seed fixture as a Report, read here without core.read.report_file (inputs to cells, totals carried)."""
    data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    template = load_template(data["edition"])
    report = Report(data["edition"], data["year"], meta={"agency": data["agency"],
                                                          "agency_kind": data["agency_kind"], **data["meta"]})
    for key, raw in data["cells"].items():
        cell = template.cells[key]
        value = None if raw is None else Decimal(raw) if cell.value_kind.type == "decimal" else int(raw)
        if cell.computed:
            report.carried[key] = value
        elif value is not None:
            report.cells[key] = value
    report.texts.update(data["texts"])
    return report


def of(issues: list[Issue], rule: str) -> list[Issue]:
    """The issues of one rule."""
    return [i for i in issues if i.rule == rule]


def check(report: Report, previous: Report | None = None) -> list[Issue]:
    """validate() with a fixed date."""
    return validate(report, previous, today=TODAY)
