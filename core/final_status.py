"""Is a report marked 定稿 really final? The one decision every exporter and ``nianbao check`` use.

A file can say ``"state": "final"`` with a hash made by hand, or a report finalised by an older
version can fail a rule added since. Its 定稿 is trusted only while the report still passes what
finalising requires (core.checks.validation.finalise_blockers: no error, every warning explained) and its
content matches the content hash; otherwise it is printed as a 草稿 with a note saying why.

A reader that finds a 定稿's content changed since its hash was made raises ``ChangedAfterFinal``: callers
(the 汇总 board) branch on that type, never on the words of the message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.report import Report, ReportFileError, content_hash
from core.wording import CHANGED_AFTER_FINAL

if TYPE_CHECKING:
    from core.checks.validation import Issue


class ChangedAfterFinal(ReportFileError):
    """A file marked 定稿 whose content no longer matches its content hash (changed after finalising).

    ``draft`` is that content read as a 草稿 when the reader could read it whole, else None.
    """

    def __init__(self, message: str, draft: Report | None = None) -> None:
        super().__init__(message)
        self.draft = draft


@dataclass(frozen=True)
class FinalStatus:
    """Whether the report claims 定稿, and what (if anything) keeps that claim from being trusted."""

    claimed: bool
    problems: tuple[str, ...] = ()

    @property
    def trusted(self) -> bool:
        """True for a 定稿 that still meets what finalising requires."""
        return self.claimed and not self.problems

    @property
    def untrusted(self) -> bool:
        """True for a report marked 定稿 that does not meet it (printed as a 草稿)."""
        return self.claimed and bool(self.problems)

    def reason(self) -> str:
        """Why the 定稿 is not trusted, in one Chinese sentence ("" when it is, or when none is claimed)."""
        if not self.untrusted:
            return ""
        return "文件标为定稿，但" + "；".join(self.problems) + "，因此按草稿处理"


def final_status(report: Report, previous: Report | None = None,
                 issues: Iterable[Issue] | None = None) -> FinalStatus:
    """Check a report's 定稿 claim: the content hash, refused values, and the finalising blockers."""
    if not report.is_final:
        return FinalStatus(False)
    from core.checks.validation import finalise_blockers, validate  # only a claimed 定稿 needs the checks run

    problems: list[str] = []
    if report.content_hash != content_hash(report):
        problems.append(CHANGED_AFTER_FINAL)
    if report.invalid:
        problems.append(f"有 {len(report.invalid)} 个无效取值")
    found = list(validate(report, previous) if issues is None else issues)
    blockers = finalise_blockers(report, found)
    if blockers:
        errors = sum(1 for b in blockers if b.startswith("错误"))
        parts = [f"错误 {errors} 项"] if errors else []
        parts += [f"未说明的需核实事项 {len(blockers) - errors} 项"] if len(blockers) > errors else []
        problems.append(f"校验未通过定稿要求（{'，'.join(parts)}）")
    return FinalStatus(True, tuple(problems))


def is_trusted_final(report: Report, previous: Report | None = None) -> bool:
    """True when the report is a 定稿 that still meets what finalising requires."""
    return final_status(report, previous).trusted
