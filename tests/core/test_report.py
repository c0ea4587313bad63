"""Edits on a report: SetCarried (drop or restore a total carried in from a file) and its inverse."""

from __future__ import annotations

import pytest

from core.checks.validation import validate
from core.finalise import finalised
from core.report import Batch, ReadOnlyError, Report, SetCarried, SetCell, apply


def _carried_errors(report: Report) -> list[str]:
    return [i.anchor for i in validate(report) if i.rule in {"R3.2", "R3.3", "R4.1"}]


def test_dropping_a_disagreeing_carried_total_clears_its_error(full_report: Report) -> None:
    full_report.carried["t3.T.C7"] = 999  # the computed one differs
    assert _carried_errors(full_report) == ["t3.T.C7"]
    inverse = apply(full_report, SetCarried("t3.T.C7", False))
    assert inverse == SetCarried("t3.T.C7", True, 999)
    assert "t3.T.C7" not in full_report.carried and _carried_errors(full_report) == []
    assert apply(full_report, inverse) == SetCarried("t3.T.C7", False, None)
    assert full_report.carried == {"t3.T.C7": 999} and _carried_errors(full_report) == ["t3.T.C7"]


def test_a_carried_blank_is_present_and_comes_back_as_blank(full_report: Report) -> None:
    full_report.carried["t4.cases.rv_total"] = None  # the file left the total blank
    inverse = apply(full_report, SetCarried("t4.cases.rv_total", False))
    assert inverse == SetCarried("t4.cases.rv_total", True, None)
    apply(full_report, inverse)
    assert "t4.cases.rv_total" in full_report.carried and full_report.carried["t4.cases.rv_total"] is None
    # Dropping one that is not there changes nothing and undoes to "not there".
    assert apply(full_report, SetCarried("t3.N.C7", False)) == SetCarried("t3.N.C7", False, None)
    assert "t3.N.C7" not in full_report.carried


def test_batch_of_carried_and_cells_undoes_in_reverse(full_report: Report) -> None:
    full_report.carried.update({"t3.T.C7": 1, "t3.N.C7": 2})
    before_cells, before_carried = dict(full_report.cells), dict(full_report.carried)
    edit = Batch((SetCarried("t3.T.C7", False), SetCarried("t3.N.C7", False), SetCell("t3.N.C1", 7)), "以分项合计为准")
    inverse = apply(full_report, edit)
    assert full_report.carried == {} and full_report.cells["t3.N.C1"] == 7
    assert isinstance(inverse, Batch) and inverse.label == "以分项合计为准"
    apply(full_report, inverse)
    assert full_report.carried == before_carried and full_report.cells == before_cells


def test_only_totals_can_carry_and_a_final_report_refuses(full_report: Report) -> None:
    with pytest.raises(KeyError):
        apply(full_report, SetCarried("t3.N.C1", True, 3))  # an input cell, not a total
    with pytest.raises(KeyError):
        apply(full_report, SetCarried("t9.X.C1", False))
    final = finalised(full_report)
    with pytest.raises(ReadOnlyError):
        apply(final, SetCarried("t3.T.C7", False))
