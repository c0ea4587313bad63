"""A new report, blank or started from last year's: what the command line and the window both create."""

from __future__ import annotations

from core.agency import infer_agency_kind
from core.report import Report
from core.rule_params import CarryParams
from core.template import Template, edition_for_year

# Who filled in, checked and signed last year's report usually does so again this year.
COPIED_META = ("contact", "filler", "reviewer", "leader")


def carry_pairs(template: Template) -> list[tuple[str, str]]:
    """(this year's 上年结转 key, last year's 结转下年度 key) for every column of each carry rule."""
    return [pair for rule in template.rules if isinstance(rule.params, CarryParams)
            for pair in rule.params.pairs(template.tables)]


def new_report(year: int, agency: str | None = None, kind: str | None = None, edition: str | None = None,
               previous: Report | None = None) -> Report:
    """A new draft for ``year``; from ``previous`` (the same agency's report of ``year`` − 1) it takes over
    the agency, its kind, the contacts, the texts as a draft (not the 前言: its default follows 基本信息) and
    fills 上年结转 from last year's 结转下年度.

    ``agency`` and ``kind`` default to the previous report's, else the kind follows the name (core.agency).

    Raises:
        ValueError: the edition does not apply to the year, or ``previous`` is not of year − 1 (Chinese).
    """
    if previous is not None and previous.year != year - 1:
        raise ValueError(f"上一年度的报告是 {previous.year} 年的，与 {year} 年不衔接（应为 {year - 1} 年）")
    name = (agency if agency is not None else previous.agency if previous is not None else "").strip()
    kind = kind or (previous.meta.get("agency_kind") if previous is not None else None) or infer_agency_kind(name)
    report = Report.blank(year, name, kind, edition)  # an empty name is T1's error (no title without it)
    template = report.template
    if year < template.first_year or (template.last_year is not None and year > template.last_year):
        raise ValueError(f"{year} 年不适用 {template.edition} 版格式，应使用 {edition_for_year(year)} 版")
    if previous is not None:
        _take_over(report, previous)
    return report


def _take_over(report: Report, previous: Report) -> None:
    """Contacts, texts (not the 前言) and the carried-over counts from last year's report."""
    template, prev_template = report.template, previous.template
    preface = template.preface.key if template.preface is not None else None
    report.texts = {k: v for k, v in previous.texts.items() if k in template.texts and k != preface and v}
    report.meta.update({k: previous.meta[k] for k in COPIED_META if previous.meta.get(k)})
    for key, source in carry_pairs(template):
        target, origin = template.cells.get(key), prev_template.cells.get(source)
        if target is None or origin is None or target.computed or origin.computed:
            continue  # totals are computed, never carried
        value = previous.cells.get(source)
        if value is not None:
            report.cells[key] = value
