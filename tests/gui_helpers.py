"""Helpers shared by the GUI tests: a stand-in for core.checks.validation.Issue."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FakeIssue:
    """The core.checks.validation.Issue contract, for tests that need issues the real rules would not raise."""

    rule: str
    severity: str
    message: str
    cells: tuple[str, ...] = ()
    field: str | None = None
    span: tuple[int, int] | None = None
    anchor: str = ""
    section_id: str = "s3"

    @property
    def fingerprint(self) -> str:
        """The key of report.explanations."""
        return f"{self.rule}@{self.anchor}"

    @property
    def section(self) -> str:
        """The section the issue belongs to."""
        return self.section_id



def issue(rule: str, severity: str, message: str, cells: tuple[str, ...] = (), *, field: str | None = None,
          span: tuple[int, int] | None = None, anchor: str = "", section: str = "s3") -> FakeIssue:
    """A fake issue following the core.checks.validation.Issue contract."""
    return FakeIssue(rule, severity, message, cells, field, span, anchor, section)
