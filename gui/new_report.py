"""Build a new report, optionally from last year's report of the same agency (texts as a draft, carried counts)."""

from __future__ import annotations

from core.report import Report
from core.template import Template, load_template

# Fallback when the template carries no ``carry`` rule: 二、上年结转 (B) takes last year's 四、结转下年度 (F).
_DEFAULT_CARRY = ("t3", "B", "F")


def carry_pairs(template: Template) -> list[tuple[str, str]]:
    """(this year's key, last year's key) pairs for the carried-over counts."""
    for rule in template.rules:
        if rule.kind == "carry":
            table = rule.params.get("table", "t3")
            row, source = rule.params.get("row"), rule.params.get("from_row") or rule.params.get("source_row")
            if row and source and table in template.tables:
                cols = [c.id for c in template.tables[table].column_leaves()]
                return [(f"{table}.{row}.{c}", f"{table}.{source}.{c}") for c in cols]
    table, row, source = _DEFAULT_CARRY
    if table not in template.tables:
        return []
    cols = [c.id for c in template.tables[table].column_leaves()]
    return [(f"{table}.{row}.{c}", f"{table}.{source}.{c}") for c in cols]


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
