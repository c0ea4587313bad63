"""GUI fixtures: an isolated settings file, documents over a complete report, a fake issue, dialog patches."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from gui_helpers import FakeIssue  # noqa: F401

from core.report import Report
from gui.document import ReportDocument
from gui.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A settings file of this test only."""
    return Settings(tmp_path / "config" / "nianbao.ini")


@pytest.fixture
def document(full_report: Report, qtbot) -> ReportDocument:
    """An in-memory document over the complete 2021 report."""
    return ReportDocument(full_report)


@pytest.fixture
def fake_issues(monkeypatch: pytest.MonkeyPatch):
    """Replace validation by a list the test controls (returned; mutate it, then make an edit)."""
    issues: list = []
    monkeypatch.setattr("gui.document.validate", lambda report, previous=None: list(issues))

    def blockers(report: Report, found: list) -> list[str]:
        return [i.message for i in found if i.severity == "error"
                or (i.severity == "warning" and not report.explanations.get(i.fingerprint))]

    monkeypatch.setattr("gui.document.finalise_blockers", blockers)
    return issues


def with_cell(report: Report, key: str, value: object) -> Report:
    """A copy of a report with one input cell changed."""
    new = replace(report, cells=dict(report.cells))
    new.cells[key] = value
    return new
