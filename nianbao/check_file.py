"""What ``nianbao check`` reads, checks and prints for one file: in this process or in a worker (check_pool)."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.checks.results import count_issues
from core.checks.validation import explanation, validate
from core.final_status import final_status
from core.read.read_any import read_any_report
from core.report import Report, ReportFileError, wrong_year
from core.template import SEVERITY_LABELS
from core.wording import unreadable_message

# Characters a terminal would act on (ESC sequences, BEL, backspace, C1 controls), shown as \xNN instead.
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7f, 0xa0)) if chr(c) not in "\n\t"}


# JSON escapes C0 itself; DEL and C1 pass through ensure_ascii=False, so they are escaped the JSON way.
JSON_CONTROLS = {c: f"\\u{c:04x}" for c in range(0x7f, 0xa0)}


def terminal_text(text: object) -> str:
    """Text from a file made safe to print: control characters escaped, lines and tabs kept."""
    return str(text).translate(_CONTROLS)


def say(*parts: object, file: Any = None) -> None:
    """print() for anything that may quote a file's content or name."""
    print(*(terminal_text(p) for p in parts), file=file)


def read_report(path: Path, notes: list[str] | None = None) -> Report:
    try:
        return read_any_report(path, notes)
    except ReportFileError as exc:
        raise ReportFileError(unreadable_message(path, str(exc))) from None


def extension_problem(path: Path, suffixes: str | Sequence[str], what: str) -> str | None:
    """Why ``what`` cannot be saved as ``path``, its extension none of ``suffixes`` (Chinese); None if it can."""
    path = Path(path)
    allowed = (suffixes,) if isinstance(suffixes, str) else tuple(suffixes)  # never a substring test
    if path.suffix.lower() in allowed:
        return None
    listed = "、".join(allowed[:-1]) + " 或 " + allowed[-1] if len(allowed) > 1 else allowed[0]
    fix = "请改为其中之一" if len(allowed) > 1 else f"请改为 {allowed[0]}"
    wrong = "的扩展名不对" if path.suffix else "缺少扩展名"  # ".pdf" alone is a name without an extension
    return f"{what}应保存为 {listed} 文件，“{path.name or path}”{wrong}，{fix}"


def output_path(suffixes: str | Sequence[str], what: str) -> Callable[[str], Path]:
    """An argparse ``type`` for an output file that must end in one of ``suffixes``: refused in Chinese (by
    extension_problem) before any work."""
    def parse(text: str) -> Path:
        problem = extension_problem(Path(text), suffixes, what)
        if problem is not None:
            raise argparse.ArgumentTypeError(problem)
        return Path(text)
    return parse


WILDCARDS = "*?"


def _unmatched_pattern(path: Path) -> str | None:
    text = str(path)
    if any(c in text for c in WILDCARDS) and not os.path.lexists(text):
        return f"无法读取“{text}”：没有与之匹配的文件（请检查文件夹和文件名）"
    return None


def pair_paths(keys: dict[Path, tuple[str, int]]) -> dict[Path, Path | None]:
    """For each file (its agency and year, in order), the file among them holding the same agency's year - 1."""
    by_key = {key: path for path, key in keys.items()}  # a key twice: the last file wins
    return {path: by_key.get((agency, year - 1)) for path, (agency, year) in keys.items()}


@dataclass
class FileOutcome:
    """What ``check`` prints for one readable or unreadable file, made where the file was validated."""

    key: tuple[str, int] | None  # (agency, year); None when unreadable
    notes: list[str]
    unreadable: str = ""
    has_error: bool = False
    text: str = ""  # the file's block of the text output
    rows: list[dict[str, Any]] | None = None  # its objects of the --json output


def check_file(path: Path, report: Report, prev: Report | None, notes: list[str], as_json: bool) -> FileOutcome:
    """Validate one report against its previous year and render what ``check`` prints for it."""
    issues = validate(report, previous=prev)
    outcome = FileOutcome((report.agency, report.year), notes, has_error=any(i.severity == "error" for i in issues))
    if as_json:
        outcome.rows = [issue_data(path, issue) for issue in issues]
    else:
        block = io.StringIO()
        with contextlib.redirect_stdout(block):
            _print_file(path, report, prev, issues, notes)
        outcome.text = block.getvalue()
    return outcome


def read_outcome(path: Path) -> tuple[Report | None, FileOutcome]:
    """The report in ``path`` (None when unreadable) and an outcome holding its notes or why it is unreadable."""
    notes: list[str] = []
    pattern_problem = _unmatched_pattern(path)
    if pattern_problem is not None:
        return None, FileOutcome(None, notes, unreadable=pattern_problem)
    try:
        return read_report(path, notes), FileOutcome(None, notes)
    except ReportFileError as exc:
        return None, FileOutcome(None, notes, unreadable=str(exc))


READ_RULE = "READ"


def issue_data(path: Path, issue: Any) -> dict[str, Any]:
    """One issue as the JSON object printed by ``check --json``."""
    data: dict[str, Any] = {"file": str(path), "rule": issue.rule, "severity": issue.severity,
                            "cells": list(issue.cells), "message": issue.message}
    if issue.field:
        data["field"] = issue.field
    return data


def read_line(message: str) -> str:
    return f"[{SEVERITY_LABELS['error']}] {READ_RULE} {message}"


def _print_file(path: Path, report: Report, prev: Report | None, issues: list[Any], notes: list[str]) -> None:
    say(f"【{path}】{report.title}（{report.edition} 版；{_against(report, prev)}）")
    for note in notes:
        say(f"  提示：{note}")
    if prev is not None and not wrong_year(report, prev) and prev.agency.strip() != report.agency.strip():
        say(f"  提示：所给上一年度报告的机关名称为“{prev.agency}”，与本报告不同，请确认是同一机关")
    for issue in issues:
        say("  " + _issue_line(report, issue))
    final = final_status(report, prev, issues)
    if final.untrusted:  # the exports print it as a 草稿: say why here too
        say(f"  注意：{final.reason()}；导出的 PDF 和 Excel 标为草稿")
    from core.export.glyph_check import missing_glyph_lines  # characters the PDF would print as empty boxes
    for line in missing_glyph_lines(report):
        say(f"  {line}")
    say("  " + _summary(report, issues) + "\n")


def _against(report: Report, prev: Report | None) -> str:
    if prev is None:
        return "无上年度报告，跨年度核对未做"
    problem = wrong_year(report, prev)
    return f"{problem}，跨年度核对未做" if problem else f"对照 {prev.year} 年报告"


def _issue_line(report: Report, issue: Any) -> str:
    where = ""
    if issue.cells:
        more = f" 等 {len(issue.cells)} 格" if len(issue.cells) > 1 else ""
        where = f"（{report.template.cell_label(issue.cells[0])}，{issue.cells[0]}{more}）"
    elif issue.field:
        where = f"（{issue.field}）"
    note = explanation(report, issue) if issue.severity == "warning" else ""
    note = f" —— 已说明：{note}" if note else ""
    return f"[{SEVERITY_LABELS.get(issue.severity, issue.severity)}] {issue.rule} {issue.message}{where}{note}"


def _summary(report: Report, issues: list[Any]) -> str:
    counts = count_issues(report, issues)
    found = {"error": counts.errors, "warning": counts.warnings, "info": counts.infos}
    parts = [f"{label} {found.get(s, 0)} 项" for s, label in SEVERITY_LABELS.items()]
    verdict = "通过" if counts.warnings == counts.explained else "无错误，有需核实项待说明"
    if counts.errors:
        verdict = "有错误"
    explained = counts.explained
    return f"小结：{verdict}；" + "，".join(parts) + (f"（需核实项已说明 {explained} 项）" if explained else "")
