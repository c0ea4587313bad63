"""``nianbao check`` and ``nianbao export``: batch validation with exit codes, and exports by file extension."""

from __future__ import annotations

import contextlib
import glob
import io
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.check_results import count_issues
from core.final_status import final_status
from core.read_any import read_any_report
from core.report import Report, ReportFileError, wrong_year
from core.template import SEVERITY_LABELS
from core.validation import explanation, validate
from nianbao.exit_codes import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE

# Characters a terminal would act on (ESC sequences, BEL, backspace, C1 controls), shown as \xNN instead.
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7f, 0xa0)) if chr(c) not in "\n\t"}

# JSON escapes C0 itself; DEL and C1 pass through ensure_ascii=False, so they are escaped the JSON way.
_JSON_CONTROLS = {c: f"\\u{c:04x}" for c in range(0x7f, 0xa0)}


def terminal_text(text: object) -> str:
    """Text from a file made safe to print: control characters escaped, lines and tabs kept."""
    return str(text).translate(_CONTROLS)


def _say(*parts: object, file: Any = None) -> None:
    """print() for anything that may quote a file's content or name."""
    print(*(terminal_text(p) for p in parts), file=file)


def _read(path: Path, notes: list[str] | None = None) -> Report:
    try:
        return read_any_report(path, notes)
    except ReportFileError as exc:
        raise ReportFileError(unreadable_message(path, str(exc))) from None


def unreadable_message(path: Path, message: str) -> str:
    """``无法读取“<file>”：<reason>`` from a reader's message (which may or may not name the file)."""
    path = Path(path)
    name = path.name or str(path)
    for prefix in (f"无法读取“{path}”：", f"无法读取“{name}”：", f"{name}："):
        if message.startswith(prefix):
            message = message[len(prefix):]
            break
    return f"无法读取“{name}”：{message}"


_WILDCARDS = "*?"


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
        if any(c in text for c in _WILDCARDS) and not os.path.lexists(text):
            matches = sorted(glob.glob(text.replace("[", "[[]")))
            if matches:
                out.extend(Path(m) for m in matches)
                continue
        out.append(Path(path))
    return out


def _unmatched_pattern(path: Path) -> str | None:
    text = str(path)
    if any(c in text for c in _WILDCARDS) and not os.path.lexists(text):
        return f"无法读取“{text}”：没有与之匹配的文件（请检查文件夹和文件名）"
    return None


def _pair_previous(reports: dict[Path, Report], explicit: Report | None) -> dict[Path, Report | None]:
    """The previous-year report for each file: the one given, else the same agency's year - 1 among the files."""
    if explicit is not None:
        return dict.fromkeys(reports, explicit)
    return {p: reports.get(q) if q is not None else None for p, q in pair_paths(
        {p: (r.agency, r.year) for p, r in reports.items()}).items()}


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
        return _read(path, notes), FileOutcome(None, notes)
    except ReportFileError as exc:
        return None, FileOutcome(None, notes, unreadable=str(exc))


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
            explicit = _read(previous_path)
        except ReportFileError as exc:
            previous_problem = f"上一年度报告无法读取，未做跨年度核对：{exc}"
    from nianbao.check_pool import pool_outcomes, pool_size  # multiprocessing only when checking

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
                    _say(f"提示：{path}：{note}", file=sys.stderr)
        _print_json(paths, outcomes, (previous_path, previous_problem))
    else:
        _print_text(files, outcomes, (previous_path, previous_problem))
    if previous_problem or any(o.unreadable for o in outcomes.values()):
        return EXIT_UNREADABLE
    return EXIT_ERRORS if any(o.has_error for o in outcomes.values()) else EXIT_OK


READ_RULE = "READ"


def issue_data(path: Path, issue: Any) -> dict[str, Any]:
    """One issue as the JSON object printed by ``check --json``."""
    data: dict[str, Any] = {"file": str(path), "rule": issue.rule, "severity": issue.severity,
                            "cells": list(issue.cells), "message": issue.message}
    if issue.field:
        data["field"] = issue.field
    return data


def unreadable_data(path: Path, message: str) -> dict[str, Any]:
    """A file that could not be read, as a ``check --json`` object (rule READ, an error)."""
    return {"file": str(path), "rule": READ_RULE, "severity": "error", "cells": [], "message": message}


def _print_json(paths: Sequence[Path], outcomes: dict[Path, FileOutcome], previous: tuple[Path | None, str]) -> None:
    rows: list[dict[str, Any]] = []
    for path in paths:  # a file named twice is reported once
        outcome = outcomes[path]
        if outcome.unreadable:
            _say(outcome.unreadable, file=sys.stderr)
            rows.append(unreadable_data(path, outcome.unreadable))
        else:
            rows.extend(outcome.rows or ())
    previous_path, problem = previous
    if previous_path is not None and problem:
        _say(problem, file=sys.stderr)
        rows.append(unreadable_data(previous_path, problem))
    print(json.dumps(rows, ensure_ascii=False, indent=2).translate(_JSON_CONTROLS))


def _read_line(message: str) -> str:
    return f"[{SEVERITY_LABELS['error']}] {READ_RULE} {message}"


def _print_file(path: Path, report: Report, prev: Report | None, issues: list[Any], notes: list[str]) -> None:
    _say(f"【{path}】{report.title}（{report.edition} 版；{_against(report, prev)}）")
    for note in notes:
        _say(f"  提示：{note}")
    if prev is not None and not wrong_year(report, prev) and prev.agency.strip() != report.agency.strip():
        _say(f"  提示：所给上一年度报告的机关名称为“{prev.agency}”，与本报告不同，请确认是同一机关")
    for issue in issues:
        _say("  " + _issue_line(report, issue))
    final = final_status(report, prev, issues)
    if final.untrusted:  # the exports print it as a 草稿: say why here too
        _say(f"  注意：{final.reason()}；导出的 PDF 和 Excel 标为草稿")
    from core.glyph_check import missing_glyph_lines  # characters the PDF would print as empty boxes
    for line in missing_glyph_lines(report):
        _say(f"  {line}")
    _say("  " + _summary(report, issues) + "\n")


def _print_text(files: Sequence[Path], outcomes: dict[Path, FileOutcome],
                previous_note: tuple[Path | None, str]) -> None:
    with_errors = 0
    for path in files:
        outcome = outcomes[path]
        if outcome.unreadable:
            _say(f"【{path}】无法读取\n  {_read_line(outcome.unreadable)}\n  小结：无法读取，未校验\n")
            continue
        sys.stdout.write(outcome.text)
        with_errors += outcome.has_error
    previous_path, problem = previous_note
    if problem:
        _say(f"【{previous_path}】上一年度报告\n  {_read_line(problem)}\n")
    unreadable = sum(bool(outcomes[p].unreadable) for p in files)
    print(f"共 {len(files)} 个文件：{with_errors} 个有错误，{unreadable} 个无法读取，"
          f"{len(files) - with_errors - unreadable} 个无错误")


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


# ---- export -------------------------------------------------------------------------------------------


def run_export(source: Path, target: Path, *, check_report: bool = False, previous: Path | None = None,
               public: bool = False) -> int:
    """Export a report file to .json, .xlsx, .pdf, .docx or .html (by the target's extension), atomically.

    ``public``: the 公开版 (PDF, Word, web page), without the internal status line and version marks."""
    from core.atomic import ExportError, atomic_write

    notes: list[str] = []
    try:
        report = _read(source, notes)
    except ReportFileError as exc:
        _say(exc, file=sys.stderr)
        return EXIT_UNREADABLE
    for note in notes:
        _say(f"提示：{note}", file=sys.stderr)
    try:
        prev = _read(previous) if previous is not None else None
    except ReportFileError as exc:
        _say(f"上一年度报告{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    suffix = Path(target).suffix.lower()
    try:
        if suffix == ".json":
            from core.report_file import write_report_file
            write_report_file(report, target)
        elif suffix == ".xlsx":
            from core.export_xlsx import write_xlsx
            atomic_write(target, lambda stream: write_xlsx(report, stream, previous=prev))
        elif suffix == ".pdf":
            from core.export_pdf import write_pdf
            atomic_write(target, lambda stream: write_pdf(report, stream, check_report=check_report and not public,
                                                          previous=prev, public=public))
        elif suffix == ".docx":
            from core.export_docx import write_docx
            atomic_write(target, lambda stream: write_docx(report, stream, previous=prev, public=public))
        elif suffix in (".html", ".htm"):
            from core.export_html import write_html
            atomic_write(target, lambda stream: write_html(report, stream, previous=prev, public=public))
        else:
            _say(f"不支持导出为“{suffix or target.name}”：输出文件的扩展名应为 .json、.xlsx、.pdf、.docx 或 .html",
                 file=sys.stderr)
            return EXIT_ERRORS
    except ExportError as exc:
        _say(f"导出失败：{exc}", file=sys.stderr)
        return EXIT_ERRORS
    except Exception as exc:  # an exporter's own failure: say so in one line, the target is untouched
        _say(f"导出失败：程序内部错误，“{Path(target).name}”未改动。请把此信息反馈给开发者"
              f"（技术信息：{type(exc).__name__}）", file=sys.stderr)
        return EXIT_ERRORS
    _say(f"已导出：{target}")
    final = final_status(report, prev)
    if final.untrusted and suffix != ".json":
        _say(f"注意：{final.reason()}", file=sys.stderr)
    if suffix == ".pdf":
        from core.fonts import substitution_note
        note = substitution_note()  # the fonts write_pdf used: the cached automatic choice
        if note:
            _say(note, file=sys.stderr)
        from core.glyph_check import missing_glyph_lines
        for line in missing_glyph_lines(report):
            _say(line, file=sys.stderr)
    return EXIT_OK
