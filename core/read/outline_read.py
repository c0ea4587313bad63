"""A report rebuilt from the outline of a Word document or web page nianbao wrote (core.export.report_outline).

The readers (core.read.docx_read, core.read.html_read) hand over what they found in print order: the title,
headings, paragraphs, tables as grids of cell texts, and the right-aligned 落款 lines at the end.
Texts go back to their fields by position (before 一: the 前言; under a section heading: that
section's text), table values by the very grid the exporters drew (core.table_grid), so the writer
and the readers cannot drift apart. Paragraphs come back as printed: one line each, stripped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from core.export.own_marks import MARKER
from core.export.report_outline import HEADING, PARAGRAPH, TABLE, TITLE
from core.preface import default_preface
from core.read.read_limits import year_problem
from core.read.report_file import read_scope
from core.report import META_FIELDS, Report, ReportFileError
from core.table_grid import TableGrid, section_grid
from core.template import AGENCY_KINDS, TemplateError, load_template
from core.values import ValueRefused, parse_date, parse_value

_SPACE = re.compile(r"\s+")
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")  # as core.read.read_limits refuses them
_TITLE_TAIL = "年政府信息公开工作年度报告"
MAX_META = 200  # characters of one carried 基本信息 field


@dataclass
class Found:
    """One part a reader found: kind (core.export.report_outline's), its text, and a table's cell texts by position."""

    kind: str
    text: str = ""
    level: int = 0
    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    rows: int = 0


def clean_read_text(text: str) -> str:
    """Text found in a document, without the invisible control characters no report text may hold."""
    return _INVISIBLE.sub("", text)


def parse_identifier(text: str, what: str) -> tuple[str, int, str]:
    """(edition, year, agency kind) from ``nianbao:<edition>:<year>:<kind>``; ReportFileError otherwise."""
    parts = (text or "").split(":")
    if len(parts) != 4 or parts[0] != MARKER or not parts[2].isdigit():
        raise ReportFileError(f"这是一个{what}，但不是本程序导出的年度报告（缺少 nianbao 标记），无法读取")
    try:
        template = load_template(parts[1])
    except TemplateError as exc:
        raise ReportFileError(f"{what}中的格式版本无法识别：{exc}") from None
    problem = year_problem(int(parts[2]), template)
    if problem:
        raise ReportFileError(f"{what}中的年度不可用：{problem}")
    return parts[1], int(parts[2]), parts[3]


def _same(a: str, b: str) -> bool:
    return _SPACE.sub("", a) == _SPACE.sub("", b)


def _values(report: Report, grid: TableGrid, found: Found, what: str) -> None:
    """Labels must sit where the grid puts them; values are parsed as the template's kinds."""
    if found.rows != grid.rows:
        raise ReportFileError(f"{what}中的表格有 {found.rows} 行，{report.edition} 版格式应为 {grid.rows} 行："
                              "表格结构与格式不符（行被增删过？）")
    cells = report.template.cells
    for cell in grid.cells:
        text = found.cells.get((cell.row, cell.col), "")
        if not cell.is_value:
            if not _same(text, cell.text):
                raise ReportFileError(f"{what}的表格第 {cell.row + 1} 行应为“{cell.text}”，实际为“{text}”："
                                      "表格结构与格式不符")
            continue
        raw = text.strip()
        try:
            value = parse_value(raw, cells[cell.key].value_kind)
        except ValueRefused as exc:
            report.invalid[cell.key] = (raw, str(exc))
            continue
        if cells[cell.key].computed:
            report.carried[cell.key] = value  # a total typed over in Word is caught by validation
        elif value is not None:
            report.cells[cell.key] = value


def _scope(report: Report, carried: dict[str, object], what: str) -> None:
    """A 汇总 report's scope and sources, carried as core.export.report_outline.carried_meta writes them."""
    scope, sources = carried.get("scope"), carried.get("sources")
    if not isinstance(scope, str) or not isinstance(sources, str):
        return
    try:
        records = json.loads(sources, parse_float=Decimal)
    except ValueError:
        raise ReportFileError(f"{what}中的汇总来源记录已损坏，无法读取") from None
    read_scope(report, {"scope": scope, "sources": records}, what)


def _meta(carried: dict[str, object]) -> dict[str, str]:
    """The carried 基本信息 a report may hold: known fields, text only, no control characters."""
    keep = set(META_FIELDS) - {"agency", "agency_kind"}
    out = {k: clean_read_text(v)[:MAX_META] for k, v in carried.items() if k in keep and isinstance(v, str)}
    for key in ("fill_date", "publish_date"):
        if key in out:
            try:
                out[key] = parse_date(out[key])
            except ValueRefused:
                del out[key]  # an edited date that is no date: left blank rather than guessed
    return out


def report_from_outline(ident: str, parts: list[Found], what: str, carried: dict | None = None) -> Report:
    """The report a nianbao Word document or web page prints (``what`` names the kind of file), with the
    基本信息 it carried invisibly (``carried``: not in the 公开版)."""
    edition, year, kind = parse_identifier(ident, what)
    template = load_template(edition)
    report = Report(edition, year, meta={"agency_kind": kind} if kind in AGENCY_KINDS else {})
    report.meta.update(_meta(carried or {}))
    _scope(report, carried or {}, what)
    titles = [i for i, p in enumerate(parts) if p.kind == TITLE]
    if not titles:
        raise ReportFileError(f"{what}中没有报告标题，不是本程序导出的年度报告")
    title = _SPACE.sub("", parts[titles[0]].text)
    parts = parts[titles[0] + 1:]  # what stands above the title is the 草稿 line, not report text
    tail = f"{year}{_TITLE_TAIL}"
    report.meta["agency"] = title[:-len(tail)] if title.endswith(tail) else ""
    texts: dict[str, list[str]] = {}
    field_key = template.preface.key if template.preface is not None else ""
    table_sections = iter([s for s in template.sections if s.tables])
    sections = {s.title: s for s in template.sections}
    for part in parts:
        if part.kind == HEADING and part.level == 1 and part.text.strip() in sections:
            section = sections[part.text.strip()]
            field_key = section.texts[0].key if section.texts else ""
        elif part.kind in (HEADING, PARAGRAPH) and field_key:
            texts.setdefault(field_key, []).append(part.text.strip())
        elif part.kind == TABLE:
            table_section = next(table_sections, None)
            if table_section is None:
                raise ReportFileError(f"{what}中的表格多于 {report.edition} 版格式的表格")
            _values(report, section_grid(table_section), part, what)
    report.texts = {key: "\n".join(lines) for key, lines in texts.items() if lines}
    preface = template.preface
    if preface is not None and report.texts.get(preface.key) == default_preface(report, template):
        del report.texts[preface.key]  # the default 前言 printed, never edited: it stays the default
    return report

