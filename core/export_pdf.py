"""The report as a 公文-style PDF (GB/T 9704-2012 layout), built with reportlab platypus.

A4, top margin 37 mm, left 28 mm, text block 156 × 225 mm; title 2号 小标宋, headings 3号 黑体 /
楷体, body 3号 仿宋 with 22 lines a page; page numbers ``— N —`` at the outer side; the official
tables drawn from the template. A draft carries a 草稿 mark on every page, a finalised version its
version number and content-hash prefix.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Paragraph

from core.final_status import UNTRUSTED_MARK, is_trusted_final
from core.fonts import FontSet, find_cjk_fonts, font_markup, font_runs
from core.pdf_closing import closing_flowable
from core.pdf_tables import CANNOT_END, CANNOT_START, OfficialTable, break_lines  # noqa: F401 (re-exported)
from core.preface import preface_text
from core.report import Report, computed_values
from core.template import Section, TableSpec, TextField

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

PAGE_W, PAGE_H = A4
LEFT, TOP = 28 * mm, 37 * mm
TEXT_W, TEXT_H = 156 * mm, 225 * mm
BOTTOM = PAGE_H - TOP - TEXT_H
BODY_SIZE, BODY_LEADING = 16.0, 28.9  # 3号, 22 lines in 225 mm
CHARS_PER_LINE = 28
PITCH = TEXT_W / CHARS_PER_LINE  # 28 characters of 3号 in 156 mm: each 15.79 pt, not 16
TRACKING = PITCH - BODY_SIZE  # the (negative) character spacing that makes a 16 pt character 1 PITCH wide
TITLE_SIZE = 22.0  # 2号
PAGE_NO_SIZE = 14.0  # 4号
DRAFT = "草稿"

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")  # incl. lone surrogates
_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_LEVEL2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")  # half-width brackets typed with the IME off too
# A （一） line up to this long that is a bare heading or a single sentence stands as a heading; a
# longer one is body text that happens to be numbered ("（一）2022年，本局……" in one paragraph).
_HEADING_MAX = 30
_LEVEL2_HEAD = re.compile(r"^[（(][一二三四五六七八九十]+[）)][^。！？\n]{0,30}?[。！？]")


def clean_text(text: str) -> str:
    """Clerk text made printable: soft breaks (\\x0b from Word) become newlines, control characters go."""
    text = _BREAKS.sub("\n", text).replace("\t", " ")
    return _CONTROL.sub("", text)


def paragraphs_of(text: str) -> list[str]:
    """The non-empty paragraphs of a narrative text, one per line."""
    return [line.strip() for line in clean_text(text).split("\n") if line.strip()]


@dataclass
class Styles:
    """The paragraph styles of the document for one FontSet."""

    title: ParagraphStyle
    heading1: ParagraphStyle
    body: ParagraphStyle
    heading2: ParagraphStyle
    small: ParagraphStyle
    fonts: FontSet


def make_styles(fonts: FontSet) -> Styles:
    """公文 styles: 2号 title, 3号 headings and body with a two-character first-line indent."""
    body = ParagraphStyle("body", fontName=fonts.body, fontSize=BODY_SIZE, leading=BODY_LEADING,
                          firstLineIndent=2 * PITCH, wordWrap="CJK", alignment=TA_JUSTIFY)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=fonts.title, fontSize=TITLE_SIZE,
                             leading=BODY_LEADING * 1.25, firstLineIndent=0, alignment=TA_CENTER,
                             spaceAfter=BODY_LEADING * 0.75),
        heading1=ParagraphStyle("heading1", parent=body, fontName=fonts.heading1, keepWithNext=1),
        body=body,
        heading2=ParagraphStyle("heading2", parent=body, fontName=fonts.heading2, keepWithNext=1),
        small=ParagraphStyle("small", parent=body, fontName=fonts.table, fontSize=10.5, leading=14,
                             firstLineIndent=0),
        fonts=fonts,
    )


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


class WithLead(Flowable):
    """A splittable flowable (a table) with headings drawn above it and kept with its first part.

    platypus' keepWithNext moves heading and table to the next page whenever the table does not fit
    the rest of the page; this keeps the heading with however much of the table fits.
    """

    def __init__(self, lead: list[Flowable], body: Flowable) -> None:
        super().__init__()
        self.lead, self.body = lead, body

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        """The headings' and the body's heights together."""
        self._sizes = [f.wrap(aw, ah) for f in self.lead]
        lead_h = sum(h for _, h in self._sizes)
        bw, bh = self.body.wrap(aw, max(ah - lead_h, 0))
        self.width, self.height = max([bw, *[w for w, _ in self._sizes]]), lead_h + bh
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        """The headings with the body's first part; nothing (next page) if no part of it fits."""
        lead_h = sum(f.wrap(aw, ah)[1] for f in self.lead)
        parts = self.body.split(aw, ah - lead_h)
        if len(parts) < 2:
            return []
        return [WithLead(self.lead, parts[0]), *parts[1:]]

    def draw(self) -> None:
        """Headings top down, then the body."""
        y = self.height
        for f, (_, h) in zip(self.lead, self._sizes, strict=True):
            y -= h
            f.drawOn(self.canv, 0, y)
        self.body.drawOn(self.canv, 0, 0)


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


# ---- pages -------------------------------------------------------------------------------------


def footer_note(report: Report, final: bool | None = None) -> str:
    """The status line at the foot of every page (``final``: core.final_status's verdict on a 定稿)."""
    final = report.is_final if final is None else final
    if final:
        return f"第 {report.version} 版 定稿 · 校验码 {report.content_hash[:12]}"
    if report.is_final:
        return f"{DRAFT} · 第 {report.version} 版 · {UNTRUSTED_MARK}"
    return f"{DRAFT} · 第 {report.version} 版 · 未定稿"


class PageDecor:
    """Draws page numbers, the status line and, on drafts, the 草稿 watermark."""

    def __init__(self, report: Report, fonts: FontSet, *, final: bool | None = None, public: bool = False) -> None:
        self.final = report.is_final if final is None else final
        self.note = "" if public else footer_note(report, self.final)  # 公开版: no internal status line
        self.fonts = fonts

    def __call__(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        number = canvas.getPageNumber()
        label = f"— {number} —"
        canvas.setFont(self.fonts.table, PAGE_NO_SIZE)
        y = BOTTOM - 7 * mm - PAGE_NO_SIZE * 0.8
        if number % 2:  # odd pages right, even pages left, one character in from the text block
            canvas.drawRightString(LEFT + TEXT_W - PAGE_NO_SIZE, y, label)
        else:
            canvas.drawString(LEFT + PAGE_NO_SIZE, y, label)
        canvas.setFont(self.fonts.table, 9)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawCentredString(PAGE_W / 2, 12 * mm, self.note)
        if not self.final:
            self._watermark(canvas)
        canvas.restoreState()

    def _watermark(self, canvas: Canvas) -> None:
        canvas.setFillColor(colors.Color(0.6, 0.6, 0.6, alpha=0.22))
        canvas.setFont(self.fonts.heading1, 110)
        canvas.translate(PAGE_W / 2, PAGE_H / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, -40, DRAFT)


def build_document(stream: BinaryIO, report: Report, fonts: FontSet, title: str, *, final: bool | None = None,
                   public: bool = False) -> BaseDocTemplate:
    """An A4 公文 document (one frame = the 156 × 225 mm text block) with the page decoration."""
    frame = Frame(LEFT, BOTTOM, TEXT_W, TEXT_H, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, id="text")
    doc = BaseDocTemplate(stream, pagesize=A4, leftMargin=LEFT, rightMargin=PAGE_W - LEFT - TEXT_W,
                          topMargin=TOP, bottomMargin=BOTTOM, title=title, author=report.agency,
                          creator="nianbao", subject=f"{report.year}年政府信息公开工作年度报告",
                          initialFontName=fonts.body, initialFontSize=BODY_SIZE,  # no stray Helvetica
                          lang="zh-CN")
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=PageDecor(report, fonts, final=final, public=public))])
    return doc


# ---- the report ----------------------------------------------------------------------------------


class Heading(Paragraph):
    """A section heading that is also a bookmark (the PDF's outline) where it is drawn."""

    def __init__(self, text: str, style: ParagraphStyle, key: str, level: int = 0) -> None:
        super().__init__(escape(text), style)
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


def title_lines(report: Report, style: ParagraphStyle, suffix: str = "") -> list[str]:
    """The title in lines: on one line if it fits, else broken after the agency's name (公文 habit)."""
    title = clean_text(report.title) + suffix
    fits = lambda text: stringWidth(text, style.fontName, style.fontSize) <= TEXT_W  # noqa: E731
    if fits(title):
        return [title]
    agency = clean_text(report.agency)
    rest = title[len(agency):]
    if agency and fits(rest):  # a name too long for one line is set smaller (title_style), not cut
        return [agency, rest]
    return [title]


MIN_TITLE_SIZE = 16.0  # 3号: a long agency name shrinks the title down to the body size, no further


def title_style(lines: list[str], style: ParagraphStyle) -> ParagraphStyle:
    """The title style, its size reduced (to 3号 at least) so that the widest line fits one line."""
    widest = max((stringWidth(line, style.fontName, style.fontSize) for line in lines), default=0.0)
    if widest <= TEXT_W:
        return style
    size = max(MIN_TITLE_SIZE, math.floor(style.fontSize * TEXT_W / widest * 10) / 10)
    leading = style.leading * size / style.fontSize
    return ParagraphStyle(f"{style.name}-fit", parent=style, fontSize=size, leading=leading)


class BoldParagraph(Paragraph):
    """A paragraph drawn filled and stroked: bold for a title face that has no bold (宋体 for 小标宋)."""

    def draw(self) -> None:
        """The text with PDF text render mode 2 (fill, then stroke) and a thin outline."""
        self.canv.saveState()
        self.canv.setStrokeColor(colors.black)
        self.canv.setLineWidth(self.style.fontSize * 0.035)
        self.canv._code.append("2 Tr")  # text state is graphics state: restoreState ends it
        super().draw()
        self.canv.restoreState()


def title_paragraph(report: Report, style: ParagraphStyle, fonts: FontSet, suffix: str = "") -> Paragraph:
    """The centred title paragraph (clerk text escaped), emboldened when its face is a light serif."""
    lines = title_lines(report, style, suffix)
    kind = Paragraph if not fonts.title_needs_bold() else BoldParagraph
    markup = "<br/>".join(font_markup(line, style.fontName, fonts) for line in lines)
    return kind(markup, title_style(lines, style))


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
        from core.check_report import check_report_flowables

        story += [PageBreak(), *check_report_flowables(report, styles, previous=previous)]
    final = is_trusted_final(report, previous)
    build_document(stream, report, fonts, clean_text(report.title), final=final, public=public).build(story)
