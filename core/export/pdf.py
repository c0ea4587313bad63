"""The report as a 公文-style PDF (GB/T 9704-2012 layout), built with reportlab platypus.

On core.export.pdf_page's pages (A4, text block 156 × 225 mm, page numbers, status line, 草稿 watermark):
the title, the 前言, each section's narratives (body 3号 仿宋 with 22 lines a page, justified, 楷体
（一） headings) and official tables (core.export.pdf_tables), the 落款, and on request the 勾稽校验单.
"""

from __future__ import annotations

import re
from html import escape as html_escape
from typing import BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Paragraph

from core.export.check_report import check_report_flowables
from core.export.fonts import FontSet, find_cjk_fonts, font_runs
from core.export.pdf_closing import closing_flowable
from core.export.pdf_page import (
    BODY_LEADING,
    BODY_SIZE,
    PITCH,
    TEXT_W,
    Styles,
    build_document,
    clean_text,
    make_styles,
    title_paragraph,
)
from core.export.pdf_tables import CANNOT_END, CANNOT_START, OfficialTable, break_lines  # noqa: F401 (re-exported)
from core.final_status import is_trusted_final
from core.preface import preface_text
from core.report import Report, computed_values
from core.template import Section, TableSpec, TextField

_LEVEL2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")  # half-width brackets typed with the IME off too
# A （一） line up to this long that is a bare heading or a single sentence stands as a heading; a
# longer one is body text that happens to be numbered ("（一）2022年，本局……" in one paragraph).
_HEADING_MAX = 30
_LEVEL2_HEAD = re.compile(r"^[（(][一二三四五六七八九十]+[）)][^。！？\n]{0,30}?[。！？]")


def paragraphs_of(text: str) -> list[str]:
    """The non-empty paragraphs of a narrative text, one per line."""
    return [line.strip() for line in clean_text(text).split("\n") if line.strip()]


class BodyText(Flowable):
    """A paragraph set line by line: 禁则 line breaks, justified by character spacing, split at lines.

    reportlab's Paragraph justifies only at spaces, which Chinese text has none of, so its right
    edge stays ragged; here each full line is spread to the text width with the PDF Tc operator.
    ``lead`` (headings just before the paragraph) is drawn above it and kept with its first two
    lines, so a heading never ends a page alone and never drags a whole paragraph to the next page.
    """

    def __init__(self, lines: list[list[tuple[str, str]]], natural: list[float], size: float,
                 leading: float, indent: float, width: float = TEXT_W, ends: bool = True,
                 lead: list[Flowable] | None = None, tracking: float = 0.0) -> None:
        super().__init__()
        self.lines, self.natural, self.size, self.leading = lines, natural, size, leading
        self.indent, self.full, self.ends = indent, width, ends  # ends: holds the paragraph's last line
        self.lead = lead or []
        self.tracking = tracking  # character spacing included in ``natural`` (28 characters a line)
        self.tail: list[Flowable] = []  # drawn after the last line and kept with at least two lines (落款)

    def _lead_height(self) -> float:
        return sum(f.wrap(self.full, 10_000)[1] for f in self.lead)

    def _tail_height(self) -> float:
        return sum(f.wrap(self.full, 10_000)[1] for f in self.tail)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        """Full text width; the lead plus one leading per line plus the tail."""
        self.width = self.full
        self.height = self._lead_height() + self.leading * len(self.lines) + self._tail_height()
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        """The lines that fit here (at least two after a heading), the rest (not indented) next; a tail
        goes with at least two lines."""
        k = int((ah - self._lead_height() + 0.01) // self.leading)
        if k >= len(self.lines) and self.wrap(aw, ah)[1] <= ah + 0.01:
            return [self]
        if self.tail:
            k = min(k, len(self.lines) - min(2, len(self.lines)))
        if k < (min(2, len(self.lines)) if self.lead else 1):
            return []
        rest = BodyText(self.lines[k:], self.natural[k:], self.size, self.leading, 0, self.full, self.ends,
                        tracking=self.tracking)
        rest.tail = self.tail
        return [BodyText(self.lines[:k], self.natural[:k], self.size, self.leading, self.indent, self.full,
                         False, self.lead, self.tracking), rest]

    def draw(self) -> None:
        """The lead, then each line on its baseline; all but the paragraph's last spread to full width."""
        top = self.height
        for f in self.lead:
            top -= f.wrap(self.full, 10_000)[1]
            f.drawOn(self.canv, 0, top)
        for i, (runs, natural) in enumerate(zip(self.lines, self.natural, strict=True)):
            x = self.indent if i == 0 else 0
            count = sum(len(t) for _, t in runs)
            last = self.ends and i == len(self.lines) - 1
            # the last character's spacing falls outside the line: its right edge is natural - tracking
            spread = 0.0 if last or count < 2 else max(0.0, self.full - x - natural + self.tracking) / (count - 1)
            text = self.canv.beginText(x, top - i * self.leading - (self.leading + self.size * 0.7) / 2)
            text.setCharSpace(self.tracking + spread)
            for font, chunk in runs:
                text.setFont(font, self.size)
                text.textOut(chunk)
            self.canv.drawText(text)
        y = top - len(self.lines) * self.leading
        for f in self.tail:
            y -= f.wrap(self.full, 10_000)[1]
            f.drawOn(self.canv, 0, y)


def body_text(line: str, style: ParagraphStyle, fonts: FontSet, head: int = 0) -> BodyText:
    """A body paragraph; the first ``head`` characters (a run-in （一） heading) in 楷体."""
    chars: list[tuple[str, str]] = []  # (font, character)
    for base, part in ((fonts.heading2, line[:head]), (style.fontName, line[head:])):
        chars += [(font, ch) for font, run in font_runs(part, base, fonts) for ch in run]
    tracking = PITCH - style.fontSize if style.fontSize == BODY_SIZE else 0.0
    cache: dict[tuple[str, str], float] = {}
    widths = []
    for key in chars:
        if key not in cache:
            cache[key] = stringWidth(key[1], key[0], style.fontSize) + tracking
        widths.append(cache[key])
    lines, natural, pos = [], [], 0
    for text in break_lines(line, widths, TEXT_W - style.firstLineIndent, TEXT_W):
        runs: list[tuple[str, str]] = []
        for font, ch in chars[pos:pos + len(text)]:
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + ch)
            else:
                runs.append((font, ch))
        lines.append(runs)
        natural.append(sum(widths[pos:pos + len(text)]))
        pos += len(text)
    return BodyText(lines, natural, style.fontSize, style.leading, style.firstLineIndent, tracking=tracking)


def narrative(text: str, styles: Styles, lead: list[Flowable] | None = None) -> list[Flowable]:
    """A narrative text as body paragraphs; lines opening with （一） set in 楷体 as level-2 headings.

    Headings (``lead`` and standalone （一） lines) are carried into the next paragraph's BodyText.
    """
    out, pending = narrative_parts(text, styles, lead)
    return out + pending


def narrative_parts(text: str, styles: Styles, lead: list[Flowable] | None = None,
                    ) -> tuple[list[Flowable], list[Flowable]]:
    """The paragraphs of ``narrative``, and the headings left after the last one (for what follows)."""
    fonts = styles.fonts
    out: list[Flowable] = []
    pending = list(lead or [])
    for line in paragraphs_of(text):
        head = _LEVEL2_HEAD.match(line) if _LEVEL2.match(line) else None
        if _LEVEL2.match(line) and len(line) <= _HEADING_MAX and (head is None or head.end() == len(line)):
            pending.append(body_text(line, styles.heading2, fonts))
            continue
        # body text, possibly with a run-in heading: only the heading sentence is 楷体
        flow = body_text(line, styles.body, fonts, head.end() if head else 0)
        flow.lead, pending = pending, []
        out.append(flow)
    return out, pending


# ---- the report ----------------------------------------------------------------------------------


class Heading(Paragraph):
    """A section heading that is also a bookmark (the PDF's outline) where it is drawn."""

    def __init__(self, text: str, style: ParagraphStyle, key: str, level: int = 0) -> None:
        super().__init__(html_escape(text, quote=False), style)
        self.outline = (text, key, level)

    def draw(self) -> None:
        """The heading, and its outline entry pointing at it."""
        title, key, level = self.outline
        self.canv.bookmarkHorizontal(key, 0, self.height)
        self.canv.addOutlineEntry(title, key, level=level)
        self.canv.showOutline()  # the PDF opens with its bookmarks (the sections) shown
        super().draw()


def _section_flowables(section: Section, values: dict, report: Report, styles: Styles,
                       lead: list[Flowable] | None = None) -> tuple[list[Flowable], list[Flowable]]:
    """A section's paragraphs and tables, and the headings not yet placed (an empty text's section
    heading travels on with the next section's first lines instead of dragging its whole block)."""
    heading = Heading(section.title, styles.heading1, f"section-{section.id}")
    out: list[Flowable] = []
    lead = [*(lead or []), heading]  # drawn with the first lines or table rows that follow
    grid = max((len(t.column_leaves()) for t in section.tables), default=1)
    items = section.items
    for i, item in enumerate(items):
        if isinstance(item, TextField):
            paragraphs, lead = narrative_parts(report.texts.get(item.key, ""), styles, lead)
            out += paragraphs
            continue
        elif isinstance(item, TableSpec):
            table = OfficialTable(item, values, styles.fonts.table, TEXT_W, grid_columns=grid,
                                  show_title=item.title != section.heading, lead=lead)
            # consecutive tables of a section touch and read as one grid
            table.spaceBefore = 4 if i and not isinstance(items[i - 1], TableSpec) else 0
            table.spaceAfter = BODY_LEADING * 0.5 if i == len(items) - 1 or not isinstance(
                items[i + 1], TableSpec) else 0
            out.append(table)
        lead = []
    return out, lead


def report_flowables(report: Report, styles: Styles) -> list[Flowable]:
    """The title, the 前言, the six sections with their narratives and tables, and the 落款."""
    values = computed_values(report, report.template)
    story: list[Flowable] = [title_paragraph(report, styles.title, styles.fonts)]
    story += narrative(preface_text(report), styles)  # the 前言, in body style, before 一
    lead: list[Flowable] = []
    for section in report.template.sections:
        flowables, lead = _section_flowables(section, values, report, styles, lead)
        story += flowables
    story += lead
    closing = closing_flowable(report, styles.fonts, BODY_SIZE, BODY_LEADING, PITCH, TEXT_W)
    if closing is not None and isinstance(story[-1], BodyText):
        story[-1].tail = [closing]  # never alone on the last page: it keeps two lines of the body
    elif closing is not None:
        story.append(closing)
    return story


def write_pdf(report: Report, stream: BinaryIO, *, check_report: bool = False,
              previous: Report | None = None, fonts: FontSet | None = None, public: bool = False) -> None:
    """Write the whole report as a 公文-style PDF; with ``check_report`` the 勾稽校验单 follows on a new page.

    ``public``: the 公开版 for the portal, without the internal "第 N 版 定稿 · 校验码" line (a draft keeps
    its 草稿 mark). A 定稿 that no longer passes the finalising checks prints as a 草稿 (core.final_status).
    """
    fonts = fonts or find_cjk_fonts()
    styles = make_styles(fonts)
    story = report_flowables(report, styles)
    if check_report:
        story += [PageBreak(), *check_report_flowables(report, styles, previous=previous)]
    final = is_trusted_final(report, previous)
    build_document(stream, report, fonts, clean_text(report.title), final=final, public=public).build(story)
