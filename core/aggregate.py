"""The 汇总 (aggregated) report: the units' tables summed cell by cell, and each unit's contribution.

A ``Board`` holds the units read (core.aggregate_units) and decides which are summed; ``refusals`` says
what keeps a 汇总 from being built (another year or edition, the same agency twice, an unreadable file);
``aggregate`` sums every input cell (上年结转 and 结转下年度 too; blank + blank stays blank; totals are
recomputed from the sums, never carried) into a new draft report of scope 汇总 that records its sources.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from core.aggregate_units import Unit, collect_files, read_unit
from core.report import SCOPE_AGGREGATE, Report, Source
from core.template import Template
from core.values import Value, format_value


class AggregateRefused(ValueError):
    """A 汇总 that cannot be built; ``str(exc)`` names the files and the reasons (Chinese, one per line)."""


@dataclass
class Board:
    """The units of one 汇总, as the status board shows them."""

    units: list[Unit] = field(default_factory=list)
    include_errors: bool = False

    @classmethod
    def read(cls, paths: Iterable[Path], include_errors: bool = False, skip: Iterable[Path] = ()) -> Board:
        """Read every unit file named (folders searched, ``skip`` left out) and mark conflicts between them."""
        board = cls([], include_errors)
        board.add(paths, skip)
        return board

    def add(self, paths: Iterable[Path], skip: Iterable[Path] = ()) -> int:
        """Read more unit files (those already on the board are not read twice); returns how many were added."""
        files = collect_files(paths, [*skip, *(u.path for u in self.units)])
        collecting = gc.isenabled()
        gc.disable()  # reading a thousand reports makes objects, not cycles: a collection per batch is waste
        try:
            units = [read_unit(p) for p in files]
        finally:
            if collecting:
                gc.enable()
        self.units += units
        self.mark_conflicts()
        return len(units)

    def included(self) -> list[Unit]:
        """The units that are summed, in board order."""
        return [u for u in self.units if u.included(self.include_errors)]

    def year_and_edition(self) -> tuple[int, str] | None:
        """The year and edition of the 汇总: those most units have (the first unit's on a tie)."""
        readable = [(u.report.year, u.report.edition) for u in self._candidates() if u.report is not None]
        if not readable:
            return None
        counts = Counter(readable)
        return max(readable, key=lambda ye: counts[ye])

    def _candidates(self) -> list[Unit]:
        """The readable units the officer has not left out."""
        return [u for u in self.units if u.report is not None and u.include is not False]

    def mark_conflicts(self) -> None:
        """Mark the units of another year or edition, the second file of an agency, and nameless units.

        Units the officer left out take no part: leaving out one of two files of an agency settles it.
        """
        target = self.year_and_edition()
        seen: dict[str, Unit] = {}
        for unit in self.units:
            unit.conflict = ""
        if target is None:  # no candidate
            return
        year, edition = target
        for unit in self._candidates():
            if unit.year != year:
                unit.conflict = f"是 {unit.year} 年度的报告，其他单位是 {year} 年度"
            elif unit.edition != edition:
                unit.conflict = f"使用 {unit.edition} 版格式，其他单位是 {edition} 版格式"
            elif not unit.agency:
                unit.conflict = "未能确定机关名称"
            elif unit.agency in seen:
                unit.conflict = f"与“{seen[unit.agency].path.name}”是同一单位（{unit.agency}）的报告"
            else:
                seen[unit.agency] = unit

    def refusals(self, window: bool = False) -> list[str]:
        """What keeps the 汇总 from being built, one Chinese line per file.

        The command line refuses any conflict or unreadable file; the window shows them on the board and
        leaves them out, and refuses only when nothing is left to sum.
        """
        lines = []
        for unit in self.units if not window else ():
            if unit.report is None:
                lines.append(f"“{unit.path}”无法读取：{unit.note}")
            elif unit.conflict:
                lines.append(f"“{unit.path}”{unit.conflict}")
        if not lines and not self.included():
            lines.append("没有可汇总的单位（每个单位都有错误、无法读取或未选中；如确需汇总，请选择仍然汇总有错误的单位）")
        return lines

    def default_agency(self) -> str:
        """The 汇总's agency when not given: the one unit that is a government (县级以上地方人民政府), else ""."""
        governments = {u.agency for u in self.units if u.report is not None
                       and u.report.meta.get("agency_kind") == "government"}
        return governments.pop() if len(governments) == 1 else ""


def aggregate(board: Board, agency: str) -> Report:
    """The 汇总 report of the board's included units, a draft of scope 汇总 recording its sources.

    Raises:
        AggregateRefused: a refusal (see ``Board.refusals``), or no agency named.
    """
    problems = board.refusals(window=True) + ([] if agency.strip() else ["请指定汇总报告的机关名称"])
    if problems:
        raise AggregateRefused("\n".join(problems))
    units = board.included()
    first = units[0].report
    assert first is not None
    report = Report(first.edition, first.year, meta={"agency": agency.strip(), "agency_kind": "government"},
                    scope=SCOPE_AGGREGATE)
    reports = [u.report for u in units if u.report is not None]
    report.cells = sum_cells(report.template, reports)
    report.sources = [Source(u.agency, u.path.name, u.hash, u.status, _inputs(u.report, report.template))
                      for u in units if u.report is not None]
    return report


def sum_cells(template: Template, reports: Sequence[Report]) -> dict[str, Value]:
    """Every input cell summed over the reports; a cell blank in all of them stays blank (out of the dict)."""
    sums: dict[str, Value] = {}
    for key in template.input_keys():
        present = [v for r in reports if (v := r.cells.get(key)) is not None]
        if present:
            sums[key] = sum(present[1:], present[0])
    return sums


def _inputs(report: Report | None, template: Template) -> dict[str, Value]:
    """A unit's non-blank input cells (what it contributed)."""
    cells = report.cells if report is not None else {}
    return {k: cells[k] for k in template.input_keys() if cells.get(k) is not None}


def input_terms(template: Template, key: str) -> list[str]:
    """The input cells a cell sums: itself for an input, its terms (recursively) for a total."""
    total = template.totals.get(key)
    if total is None:
        return [key]
    return [leaf for term in total.terms for leaf in input_terms(template, term)]


def contributions(report: Report, key: str) -> list[tuple[str, int | Decimal]]:
    """For a cell of a 汇总 report: (agency, amount) of each unit with a non-blank share, in source order."""
    terms = input_terms(report.template, key)
    out = []
    for source in report.sources:
        present = [v for t in terms if (v := source.cells.get(t)) is not None]
        if present:
            out.append((source.agency, sum(present[1:], present[0])))
    return out


def contribution_lines(report: Report, key: str, limit: int = 12) -> list[str]:
    """The contributions as tooltip lines, largest first ([] for a 本级 report or an unknown cell)."""
    if not report.sources or key not in report.template.cells:
        return []
    shares = sorted(contributions(report, key), key=lambda item: -item[1])
    if not shares:
        return [f"各单位均为空白（共 {len(report.sources)} 个单位）"]
    lines = [f"各单位填报（{len(shares)}/{len(report.sources)} 个单位有数）："]
    lines += [f"  {agency}：{format_value(value)}" for agency, value in shares[:limit]]
    rest = shares[limit:]
    if rest:
        total = sum((v for _, v in rest[1:]), rest[0][1])
        lines.append(f"  其余 {len(rest)} 个单位：{format_value(total)}")
    return lines
