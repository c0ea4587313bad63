"""The report as the Word and web-page exports print it, in reading order: one outline, two renderers.

Title; the 前言 before 一; each section's heading, narrative paragraphs (（一） lines as level-2
headings or run-in headings, core.narrative_lines) and its tables as one grid (core.table_grid); the
落款 (core.closing). ``mark`` says what the document shows about its status: a draft (or a 定稿 that
core.final_status does not trust) is marked 草稿; a trusted 定稿 carries its version and hash in the
file's properties unless it is the 公开版 (``public``), which leaves every internal mark out.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.closing import closing_lines
from core.export_pdf import DRAFT, footer_note  # the draft line as the PDF words it
from core.final_status import is_trusted_final
from core.narrative_lines import clean_text, narrative_lines
from core.preface import preface_text
from core.report import Report, computed_values
from core.table_grid import TableGrid, section_grid
from core.template import Section, TextField
from core.values import Value, format_value

TITLE, HEADING, PARAGRAPH, TABLE, CLOSING = "title", "heading", "paragraph", "table", "closing"
MARKER = "nianbao"  # the generator name both exports carry, so the readers know their own files


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
    return Status(False, DRAFT if public else footer_note(report, False), "", "")


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
