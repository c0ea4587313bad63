"""The report as the Word and web-page exports print it, in reading order: one outline, two renderers.

Title; the 前言 before 一; each section's heading, narrative paragraphs (（一） lines as level-2
headings or run-in headings, core.export.narrative_lines) and its tables as one grid (core.table_grid); the
落款 (core.export.closing). ``mark`` says what the document shows about its status: a draft (or a 定稿 that
core.final_status does not trust) is marked 草稿; a trusted 定稿 carries its version and hash in the
file's properties unless it is the 公开版 (``public``), which leaves every internal mark out.
"""

from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass

from core.export.closing import closing_lines
from core.export.narrative_lines import clean_text, narrative_lines
from core.export.own_marks import MARKER
from core.final_status import is_trusted_final
from core.preface import preface_text
from core.report import META_FIELDS, Report, computed_values, source_dict
from core.table_grid import ROW_GROUP, TableGrid, section_grid
from core.template import Section, TextField
from core.values import Value, format_value
from core.wording import DRAFT, status_line  # the draft line as the PDF words it

TITLE, HEADING, PARAGRAPH, TABLE, CLOSING = "title", "heading", "paragraph", "table", "closing"
TEXT_W_MM = 156.0  # the GB/T 9704 text block: 28 characters of 3号
TITLE_CHARS = 20  # 2号 characters on one line of the text block
CELL_PAD_MM = 1.0  # a table cell's padding each side


@dataclass(frozen=True)
class Block:
    """One printed part: the title, a heading (level 1 section, 2 （一）), a paragraph, a table or the 落款."""

    kind: str
    text: str = ""
    level: int = 0
    head: int = 0  # a paragraph's run-in heading: its first ``head`` characters (楷体)
    field: str = ""  # the text key of a paragraph, the section id of a section heading or a table
    grid: TableGrid | None = None
    lines: tuple[str, ...] = ()  # the 落款: agency, date (either may be absent)


@dataclass(frozen=True)
class Status:
    """What the document says about its state: a visible draft mark, and the properties of a 定稿."""

    final: bool
    mark: str  # "" for a trusted 定稿; else the 草稿 line (just 草稿 in the 公开版)
    version: str  # "" unless a trusted 定稿 outside the 公开版
    content_hash: str


def report_status(report: Report, previous: Report | None = None, *, public: bool = False) -> Status:
    """The status marks of an export, from core.final_status's verdict (the PDF's wording)."""
    final = is_trusted_final(report, previous)
    if final:
        keep = not public
        return Status(True, "", str(report.version) if keep else "", report.content_hash if keep else "")
    return Status(False, DRAFT if public else status_line(report, False), "", "")


def carried_meta(report: Report, *, public: bool = False) -> dict[str, str]:
    """The 基本信息 the document does not print (contact, filler, dates …), carried invisibly so that
    reading the file back gives the same report; none in the 公开版 (names of staff stay internal)."""
    if public:
        return {}
    skip = {"agency", "agency_kind"}  # in the title and the identifier
    carried = {k: clean_text(v) for k in META_FIELDS if k not in skip and (v := report.meta.get(k, ""))}
    if report.is_aggregate:  # a 汇总's units as the report file keeps them (core.read.outline_read)
        carried["scope"] = report.scope
        carried["sources"] = json.dumps([source_dict(s) for s in report.sources], ensure_ascii=False, sort_keys=True)
    return carried


def identifier(report: Report) -> str:
    """``nianbao:<edition>:<year>:<agency kind>``: what a reader needs to rebuild the report's form."""
    kind = clean_text(report.meta.get("agency_kind", "")).replace(":", "")
    return f"{MARKER}:{report.edition}:{report.year}:{kind}"


def _text_blocks(text: str, key: str) -> list[Block]:
    out = []
    for line in narrative_lines(text):
        if line.heading:
            out.append(Block(HEADING, line.text, level=2, field=key))
        else:
            out.append(Block(PARAGRAPH, line.text, head=line.head, field=key))
    return out


def _section_blocks(report: Report, section: Section) -> list[Block]:
    out = [Block(HEADING, section.title, level=1, field=section.id)]
    tables_done = False
    for item in section.items:
        if isinstance(item, TextField):
            out += _text_blocks(report.texts.get(item.key, ""), item.key)
        elif not tables_done:  # a section's tables print as one grid where the first one stands
            out.append(Block(TABLE, field=section.id, grid=section_grid(section)))
            tables_done = True
    return out


def report_outline(report: Report) -> list[Block]:
    """The title, the 前言, the six sections and the 落款, in print order."""
    template = report.template
    blocks = [Block(TITLE, clean_text(report.title), lines=(clean_text(report.agency).strip(),))]
    if template.preface is not None:
        blocks += _text_blocks(preface_text(report), template.preface.key)
    for section in template.sections:
        blocks += _section_blocks(report, section)
    agency, when = closing_lines(report)
    lines = tuple(line for line in (clean_text(agency), when) if line)
    if lines:
        blocks.append(Block(CLOSING, lines=lines))
    return blocks


def value_texts(report: Report) -> dict[str, str]:
    """Every cell's printed text (inputs and computed totals; blank stays "")."""
    values: dict[str, Value] = computed_values(report, report.template)
    return {key: format_value(value) for key, value in values.items()}


def title_break(block: Block) -> list[str]:
    """The title in lines: broken after the agency's name when it does not fit one line (公文 habit)."""
    agency = block.lines[0] if block.lines else ""
    rest = block.text[len(agency):] if agency and block.text.startswith(agency) else ""
    if char_width(block.text) > TITLE_CHARS and rest and char_width(rest) <= TITLE_CHARS:
        return [agency, rest]
    return [block.text]


def table_font_size(value_cols: int) -> float:
    """五号 (10.5 pt) for narrow tables, 9 pt when many value columns must fit the text block."""
    return 10.5 if value_cols <= 4 else 9.0


def column_widths(grid: TableGrid, size: float) -> list[float]:
    """Widths in mm of the label columns then the value columns, filling the 156 mm text block."""
    values = grid.cols - grid.label_cols
    if not grid.label_cols:
        return [TEXT_W_MM / values] * values
    value_w = min(max(TEXT_W_MM * 0.5 / values, 11.0), 30.0)  # 11 mm still holds 自然人 and five digits
    groups = []
    for col in range(grid.label_cols - 1):
        names = [c.text for c in grid.labels(ROW_GROUP) if c.col == col]
        chars = min(max(3, math.ceil(max((len(n) for n in names), default=4) / 2)), 6)
        groups.append((chars * size + 2) * 25.4 / 72 + 2 * CELL_PAD_MM)
    last = TEXT_W_MM - value_w * values - sum(groups)
    return [*groups, last] + [value_w] * values


def char_width(text: str) -> float:
    """Width in full-width characters (a Latin letter or digit is half a character)."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


