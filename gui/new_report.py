"""Build a new report, optionally from last year's report of the same agency (texts as a draft, carried counts)."""

from __future__ import annotations

from core.report import Report
from core.rule_params import CarryParams
from core.template import Template, load_template


def carry_pairs(template: Template) -> list[tuple[str, str]]:
    """(this year's key, last year's key) pairs for the carried-over counts (the template's ``carry`` rule)."""
    return [pair for rule in template.rules if isinstance(rule.params, CarryParams)
            for pair in rule.params.pairs(template.tables)]


def new_report(year: int, agency: str, kind: str, previous: Report | None = None) -> Report:
    """A blank report; from ``previous`` it copies the texts and fills 上年结转 from last year's 结转下年度."""
    report = Report.blank(year, agency.strip(), kind)  # an empty name is T1's error (no title without it)
    if previous is None:
        return report
    report.texts = {k: v for k, v in previous.texts.items() if k in report.template.texts}
    for key in ("contact", "filler", "reviewer", "leader"):
        if previous.meta.get(key):
            report.meta[key] = previous.meta[key]
    template = report.template
    prev_template = load_template(previous.edition)
    for key, source in carry_pairs(template):
        if source in prev_template.cells and not prev_template.cells[source].computed:
            value = previous.cells.get(source)
            if value is not None and key in template.cells and not template.cells[key].computed:
                report.cells[key] = value
    return report
