"""GUI fixtures: an isolated settings file, documents over a complete report (in memory or stored), a fake issue,
dialog patches."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

import pytest
from gui_helpers import FakeIssue  # noqa: F401

from core.report import Report
from core.store.storage import Store
from gui.document import ReportDocument
from gui.session import Session
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


@pytest.fixture
def store(tmp_path: Path):
    """An empty store in the test's own folder."""
    s = Store(tmp_path / "nianbao.sqlite3")
    yield s
    s.close()


class StoredReport(NamedTuple):
    """A report kept in the test's store, and a document over it that saves every edit there."""

    store: Store
    report_id: int
    document: ReportDocument


@pytest.fixture
def report_to_store(full_report: Report) -> Report:
    """The report ``stored`` keeps: the complete 2021 report (a test module overrides this to keep another)."""
    return full_report


@pytest.fixture
def stored(store: Store, report_to_store: Report, qtbot) -> StoredReport:
    """``report_to_store`` kept in the test's store, with a document over it as the window opens it."""
    report_id = store.create(report_to_store)
    return StoredReport(store, report_id, ReportDocument(store.load(report_id), store=store, report_id=report_id))


@pytest.fixture
def session(store: Store, settings: Settings, qtbot):
    """The window's session over the empty store; its window closed afterwards."""
    s = Session(store, settings)
    yield s
    if s.window is not None:
        s.window.close()


@pytest.fixture
def full_session(store: Store, full_report: Report, settings: Settings, qtbot):
    """The window's session over a store holding the complete 2021 report, opened in its window."""
    s = Session(store, settings)
    s.open_report(store.create(full_report))
    yield s
    if s.window is not None:
        s.window.close()
    s.store.close()  # a restore replaces the session's store: close the one it holds now
