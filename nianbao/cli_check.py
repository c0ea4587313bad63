"""``nianbao check`` and ``nianbao export``: batch validation with exit codes, and exports by file extension."""

from __future__ import annotations

import glob
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.exit_codes import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE
from core.final_status import final_status
from core.report import Report, ReportFileError
from nianbao.check_file import (
    JSON_CONTROLS,
    READ_RULE,
    WILDCARDS,
    FileOutcome,
    check_file,
    extension_problem,
    pair_paths,
    read_line,
    read_outcome,
    read_report,
    say,
)


def expand_wildcards(files: Sequence[Path]) -> list[Path]:
    """``*.json`` and ``年报?.json`` expanded to the matching files, sorted by name.

    cmd.exe and PowerShell hand a pattern to the program as typed (only Unix shells expand it), so on
    Windows ``nianbao-cli check D:\\年报\\*.json`` depends on this. A name that exists is never a pattern;
    ``[`` is an ordinary character in a Windows file name, so only ``*`` and ``?`` are wildcards. A pattern
    matching nothing stays as typed and is reported as such.
    """
    out: list[Path] = []
    for path in files:
        text = str(path)
        if any(c in text for c in WILDCARDS) and not os.path.lexists(text):
            matches = sorted(glob.glob(text.replace("[", "[[]")))
            if matches:
                out.extend(Path(m) for m in matches)
                continue
        out.append(Path(path))
    return out


def _pair_previous(reports: dict[Path, Report], explicit: Report | None) -> dict[Path, Report | None]:
    """The previous-year report for each file: the one given, else the same agency's year - 1 among the files."""
    if explicit is not None:
        return dict.fromkeys(reports, explicit)
    return {p: reports.get(q) if q is not None else None for p, q in pair_paths(
        {p: (r.agency, r.year) for p, r in reports.items()}).items()}


def _serial_outcomes(paths: Sequence[Path], explicit: Report | None, as_json: bool) -> dict[Path, FileOutcome]:
    reports: dict[Path, Report] = {}
    outcomes: dict[Path, FileOutcome] = {}
    for path in paths:
        report, outcomes[path] = read_outcome(path)
        if report is not None:
            reports[path] = report
    previous = _pair_previous(reports, explicit)
    for path, report in reports.items():
        outcomes[path] = check_file(path, report, previous[path], outcomes[path].notes, as_json)
    return outcomes


def run_check(files: Sequence[Path], previous_path: Path | None, *, as_json: bool = False,
              workers: int | None = None) -> int:
    """Validate every file; print the issues; 0 no errors, 1 errors, 2 a file could not be read.

    ``workers``: processes to spread the files over (None: as many as the cores for a large batch, 1: none)."""
    files = expand_wildcards(files)
    paths = list(dict.fromkeys(files))
    explicit = None
    previous_problem = ""
    if previous_path is not None:
        try:
            explicit = read_report(previous_path)
        except ReportFileError as exc:
            previous_problem = f"上一年度报告无法读取，未做跨年度核对：{exc}"
    from nianbao.check_pool import pool_outcomes, pool_size  # start-up speed: multiprocessing only when checking

    size = pool_size(len(paths)) if workers is None else workers
    outcomes = None
    if size > 1:
        outcomes = pool_outcomes(paths, previous_path if explicit is not None else None, as_json, size)
    if outcomes is None:
        outcomes = _serial_outcomes(paths, explicit, as_json)
    if as_json:
        for path in paths:
            if not outcomes[path].unreadable:
                for note in outcomes[path].notes:
                    say(f"提示：{path}：{note}", file=sys.stderr)
        _print_json(paths, outcomes, (previous_path, previous_problem))
    else:
        _print_text(files, outcomes, (previous_path, previous_problem))
    if previous_problem or any(o.unreadable for o in outcomes.values()):
        return EXIT_UNREADABLE
    return EXIT_ERRORS if any(o.has_error for o in outcomes.values()) else EXIT_OK


def unreadable_data(path: Path, message: str) -> dict[str, Any]:
    """A file that could not be read, as a ``check --json`` object (rule READ, an error)."""
    return {"file": str(path), "rule": READ_RULE, "severity": "error", "cells": [], "message": message}


def _print_json(paths: Sequence[Path], outcomes: dict[Path, FileOutcome], previous: tuple[Path | None, str]) -> None:
    rows: list[dict[str, Any]] = []
    for path in paths:  # a file named twice is reported once
        outcome = outcomes[path]
        if outcome.unreadable:
            say(outcome.unreadable, file=sys.stderr)
            rows.append(unreadable_data(path, outcome.unreadable))
        else:
            rows.extend(outcome.rows or ())
    previous_path, problem = previous
    if previous_path is not None and problem:
        say(problem, file=sys.stderr)
        rows.append(unreadable_data(previous_path, problem))
    print(json.dumps(rows, ensure_ascii=False, indent=2).translate(JSON_CONTROLS))


def _print_text(files: Sequence[Path], outcomes: dict[Path, FileOutcome],
                previous_note: tuple[Path | None, str]) -> None:
    with_errors = 0
    for path in files:
        outcome = outcomes[path]
        if outcome.unreadable:
            say(f"【{path}】无法读取\n  {read_line(outcome.unreadable)}\n  小结：无法读取，未校验\n")
            continue
        sys.stdout.write(outcome.text)
        with_errors += outcome.has_error
    previous_path, problem = previous_note
    if problem:
        say(f"【{previous_path}】上一年度报告\n  {read_line(problem)}\n")
    unreadable = sum(bool(outcomes[p].unreadable) for p in files)
    print(f"共 {len(files)} 个文件：{with_errors} 个有错误，{unreadable} 个无法读取，"
          f"{len(files) - with_errors - unreadable} 个无错误")


EXPORT_SUFFIXES = (".json", ".xlsx", ".pdf", ".docx", ".html", ".htm")
EXPORT_WHAT = "导出文件"


def run_export(source: Path, target: Path, *, check_report: bool = False, previous: Path | None = None,
               public: bool = False) -> int:
    """Export a report file to .json, .xlsx, .pdf, .docx or .html (by the target's extension), atomically.

    0 written, no errors; 1 written, but the report has errors; 2 nothing written (a file could not be read,
    the target cannot be written, or its extension is not one of those).
    ``public``: the 公开版 (PDF, Word, web page), without the internal status line and version marks."""
    suffix = Path(target).suffix.lower()
    problem = extension_problem(target, EXPORT_SUFFIXES, EXPORT_WHAT)
    if problem is not None:  # the command line refuses it first; a caller of run_export gets the same words
        say(f"无法导出：{problem}", file=sys.stderr)
        return EXIT_UNREADABLE
    notes: list[str] = []
    try:
        report = read_report(source, notes)
    except ReportFileError as exc:
        say(exc, file=sys.stderr)
        return EXIT_UNREADABLE
    for note in notes:
        say(f"提示：{note}", file=sys.stderr)
    try:
        prev = read_report(previous) if previous is not None else None
    except ReportFileError as exc:
        say(f"上一年度报告{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    if not _write_export(report, target, prev, check_report=check_report and not public, public=public):
        return EXIT_UNREADABLE
    say(f"已导出：{target}")
    return _after_export(report, prev, suffix)


def _write_export(report: Report, target: Path, prev: Report | None, *, check_report: bool, public: bool) -> bool:
    """Write the export chosen by the target's extension; False (said in Chinese) when nothing was written."""
    from core.atomic import ExportError, atomic_write

    suffix = Path(target).suffix.lower()
    try:
        if suffix == ".json":
            from core.read.report_file import write_report_file
            write_report_file(report, target)
        elif suffix == ".xlsx":
            from core.export.xlsx import write_xlsx
            atomic_write(target, lambda stream: write_xlsx(report, stream, previous=prev))
        elif suffix == ".pdf":
            from core.export.pdf import write_pdf
            atomic_write(target, lambda stream: write_pdf(report, stream, check_report=check_report,
                                                          previous=prev, public=public))
        elif suffix == ".docx":
            from core.export.docx import write_docx
            atomic_write(target, lambda stream: write_docx(report, stream, previous=prev, public=public))
        else:
            from core.export.html import write_html
            atomic_write(target, lambda stream: write_html(report, stream, previous=prev, public=public))
    except ExportError as exc:
        say(f"导出失败：{exc}", file=sys.stderr)
        return False
    except Exception as exc:  # an exporter's own failure: say so in one line, the target is untouched
        say(f"导出失败：程序内部错误，“{Path(target).name}”未改动。请把此信息反馈给开发者"
            f"（技术信息：{type(exc).__name__}）", file=sys.stderr)
        return False
    return True


def _after_export(report: Report, prev: Report | None, suffix: str) -> int:
    """The notes after a written export; 1 when the report has errors, else 0."""
    from core.checks.validation import validate

    issues = validate(report, previous=prev)
    final = final_status(report, prev, issues)
    if final.untrusted and suffix != ".json":
        say(f"注意：{final.reason()}", file=sys.stderr)
    if suffix == ".pdf":
        from core.export.fonts import substitution_note
        note = substitution_note()  # the fonts write_pdf used: the cached automatic choice
        if note:
            say(note, file=sys.stderr)
        from core.export.glyph_check import missing_glyph_lines
        for line in missing_glyph_lines(report):
            say(line, file=sys.stderr)
    errors = sum(issue.severity == "error" for issue in issues)
    if errors:
        say(f"注意：报告有 {errors} 项错误，已照原样导出；可用 nianbao check 查看，改正后请重新导出", file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK
