"""N1 and the whole validation on narratives of real published reports (tests/fixtures/reports/).

Each fixture is an excerpt of a published 政府信息公开工作年度报告: the narrative sentences as printed and,
where the excerpt carries them, the table values as printed. N1 must find exactly the figures a reader finds
(no more: no false claim, no false alarm) and warn only where the report's own text and tables disagree.
"""

from __future__ import annotations

import pytest
from real_reports import REPORTS, all_reports
from validation_helpers import check

from core.checks.narrative import _spec, find_claims
from core.template import load_template

REAL = all_reports()
IDS = [r.name for r in REAL]
# Completeness rules (a text not written, a topic not mentioned) cannot judge an excerpt; all others run.
COMPLETENESS = {"required", "mentions", "substantive"}


def _judged(real, issues):
    """The issues of rules that judge what is written, not whether the excerpt is the whole report."""
    kinds = {r.id: r.kind for r in load_template(real.head["edition"]).rules}
    return [i for i in issues if kinds[i.rule] not in COMPLETENESS]


def _claims(real) -> list[tuple[str, int]]:
    template = load_template(real.head["edition"])
    spec = _spec(next(r for r in template.rules if r.id == "N1"))
    return [(c.id, c.stated) for c in find_claims(real.narrative, int(real.head["year"]), spec)]


def test_at_least_eight_reports_of_both_editions_and_every_agency_kind() -> None:
    assert len(REAL) >= 8
    assert {r.head["edition"] for r in REAL} == {"2019", "2021"}
    assert {r.head["agency_kind"] for r in REAL} >= {"department", "township", "government"}
    assert {int(r.head["year"]) for r in REAL} >= {2019, 2020, 2021, 2022, 2023, 2024}


@pytest.mark.parametrize("real", REAL, ids=IDS)
def test_each_fixture_names_its_published_source(real) -> None:
    assert real.source.startswith("# 来源：") and "公开文件" in real.source
    assert (REPORTS / f"{real.name}.txt").read_bytes().decode("utf-8")


@pytest.mark.parametrize("real", REAL, ids=IDS)
def test_n1_finds_exactly_the_figures_the_narrative_states(real) -> None:
    assert sorted(_claims(real)) == sorted(real.pairs("claims"))


@pytest.mark.parametrize("real", REAL, ids=IDS)
def test_whole_validation_raises_no_false_alarm_on_the_narrative(real) -> None:
    """Only the disagreements the report really prints are flagged, each with the table's figure."""
    issues = _judged(real, check(real.report()))
    n1 = [i for i in issues if i.rule == "N1"]
    found = sorted((i.anchor.split(".")[1], i) for i in n1)
    assert [claim for claim, _ in found] == sorted(c for c, _ in real.pairs("warnings"))
    for (_, issue), (_, actual) in zip(found, sorted(real.pairs("warnings")), strict=True):
        assert f"为 {actual}" in issue.message, issue.message
    on_text = [i for i in issues if i.field == "overview" and i.rule != "N1" and i.severity != "info"]
    assert on_text == [], [i.message for i in on_text]


def test_a_complete_published_table_passes_every_table_check() -> None:
    """Shanghai 2019 printed all of tables 二–四: its balances hold, its amount (251000元) is accepted."""
    real = next(r for r in REAL if r.name == "2019_shanghai_city_gov_office")
    issues = _judged(real, check(real.report()))
    assert [i.message for i in issues if i.severity == "error"] == []
    assert {i.rule for i in issues} <= {"N1", "V4"}  # the two real disagreements; blanks as printed
