"""The 公文 page every PDF of the program is printed on: A4 with the GB/T 9704 text block, the paragraph
styles, page numbers, the status line and the 草稿 watermark, and the report's title.

Shared by the report (core.export.pdf) and the 勾稽校验单 (core.export.check_report), which import it and
not each other.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from core.export.fonts import FontSet, font_markup
from core.report import Report
from core.wording import DRAFT, status_line

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

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")  # incl. lone surrogates
_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")

def clean_text(text: str) -> str:
    """Clerk text made printable: soft breaks (\\x0b from Word) become newlines, control characters go."""
    text = _BREAKS.sub("\n", text).replace("\t", " ")
    return _CONTROL.sub("", text)


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


def footer_note(report: Report, final: bool | None = None) -> str:
    """The status line at the foot of every page (``final``: core.final_status's verdict on a 定稿)."""
    return status_line(report, final)


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
