"""One unit of a 汇总: its file read by the one reader, its 定稿 judged, its checks counted.

A unit is a file a township or department sent in. Whatever it is (a report file, a workbook, a Word
document, a web page, a text copy, a PDF), it is read into a Report; its status says whether it is a
draft, a 定稿 whose content still matches its hash, a 定稿 changed afterwards, or a 定稿 that fails what
finalising requires; its errors and unexplained warnings come from core.checks.validation.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from core.checks.validation import is_explained, validate
from core.final_status import ChangedAfterFinal, final_status
from core.read.read_any import read_any_source
from core.report import Report, ReportFileError
from core.wording import (
    CHANGED_AFTER_FINAL,
    FINAL,
    UNIT_CHANGED,
    UNIT_DRAFT,
    UNIT_FINAL,
    UNIT_UNREADABLE,
    UNIT_UNTRUSTED,
    unreadable_reason,
)

# Suffixes a folder is searched for; files given by name are read whatever their suffix. The formats that cannot
# be read (old Word/WPS/Excel, OFD, OpenDocument, saved web archives) are listed too, so that a unit that sent one
# shows on the board as unreadable, with the reason, instead of silently missing.
UNIT_SUFFIXES = (".json", ".xlsx", ".xlsm", ".docx", ".html", ".htm", ".shtml", ".txt", ".pdf",
                 ".doc", ".wps", ".xls", ".et", ".ofd", ".odt", ".ods", ".mht", ".mhtml")
_CHANGED = f"文件标为{FINAL}，但{CHANGED_AFTER_FINAL}"


@dataclass
class Unit:
    """One unit's file as the board shows it; ``include`` is the officer's choice (None: the default)."""

    path: Path
    hash: str = ""
    report: Report | None = None
    status: str = UNIT_UNREADABLE
    note: str = ""  # why the file is unreadable, or why its 定稿 is not trusted
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    conflict: str = ""  # another year or edition, or the same agency twice (set by the board)
    include: bool | None = None

    @property
    def readable(self) -> bool:
        """True when the file gave a report."""
        return self.report is not None

    @property
    def agency(self) -> str:
        """The unit's agency ("" when unreadable or not found in the file)."""
        return self.report.agency.strip() if self.report is not None else ""

    @property
    def year(self) -> int | None:
        """The report year, or None."""
        return self.report.year if self.report is not None else None

    @property
    def edition(self) -> str:
        """The report's edition ("" when unreadable)."""
        return self.report.edition if self.report is not None else ""

    def included(self, include_errors: bool = False) -> bool:
        """Whether the unit is summed: readable, no conflict, and no errors unless they are let in."""
        if not self.readable or self.conflict:
            return False
        if self.include is not None:
            return self.include
        return include_errors or not self.errors

    def reason(self, include_errors: bool = False) -> str:
        """Why the unit is left out (or what to know about it), in Chinese; "" for a plain included unit."""
        if not self.readable:
            return self.note
        if self.conflict:
            return self.conflict
        if self.include is False:
            return "已由经办人取消汇总"
        if self.errors and not self.included(include_errors):
            return f"有 {len(self.errors)} 项错误，未汇总（可选择仍然汇总）"
        if self.errors:
            return f"有 {len(self.errors)} 项错误，仍然汇总"
        return self.note


def collect_files(paths: Iterable[Path], skip: Iterable[Path] = ()) -> list[Path]:
    """The files named, and in each folder named the unit files it holds (sorted; lock and hidden files
    skipped); a file named twice, or one of ``skip`` (the output being written), is taken once or not at all."""
    seen = {_identity(p) for p in skip}
    out: list[Path] = []
    for path in map(Path, paths):
        found = [path]
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in UNIT_SUFFIXES
                           and not p.name.startswith(("~$", ".")))
        for file in found:
            if _identity(file) not in seen:
                seen.add(_identity(file))
                out.append(file)
    return out


def _identity(path: Path) -> str:
    try:
        return str(Path(path).resolve())
    except OSError:
        return str(path)


def read_unit(path: Path) -> Unit:
    """Read and check one unit's file; an unreadable file gives a Unit saying why, never an exception."""
    unit = Unit(Path(path))
    with contextlib.suppress(OSError):  # the reader names the problem
        unit.hash = hashlib.sha256(unit.path.read_bytes()).hexdigest()
    try:
        report = _read(unit)
    except ChangedAfterFinal as exc:  # the reader's type decides, never its words
        unit.status, unit.note = UNIT_CHANGED, str(exc)
        if exc.draft is None:  # no draft read (a workbook): on the board, not summed
            return unit
        report, unit.note = exc.draft, _CHANGED
    except ReportFileError as exc:
        unit.note = unreadable_reason(unit.path, str(exc))  # the board names the file in its own column
        return unit
    unit.report = report
    _judge(unit, report)
    return unit


def _read(unit: Unit) -> Report:
    """The report in the unit's file, read by the one reader (by content, not extension); an imported
    document's uncertain and missing cells are kept on the unit."""
    report, imported = read_any_source(unit.path)
    if imported is not None:
        unit.uncertain, unit.missing = list(imported.uncertain), list(imported.missing)
    return report


def _judge(unit: Unit, report: Report) -> None:
    """The unit's errors, unexplained warnings and status."""
    issues = validate(report)
    unit.errors = [i.message for i in issues if i.severity == "error"]
    unit.warnings = [i.message for i in issues if i.severity == "warning" and not is_explained(report, i)]
    if unit.status == UNIT_CHANGED:
        return
    unit.status = UNIT_DRAFT
    if report.is_final:
        judged = final_status(report, None, issues)
        unit.status = UNIT_FINAL if judged.trusted else UNIT_UNTRUSTED
        unit.note = judged.reason()
