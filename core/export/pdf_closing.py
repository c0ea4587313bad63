"""The 落款 of the PDF, placed as GB/T 9704-2012 §7.3.5 places it.

Two blank lines after the body; the date right-aligned four characters in from the right edge of
the text block; the agency's name on the line above, centred over the date (moved left just enough
to stay inside the block when it is the longer of the two). What the lines say comes from
core.export.closing, shared with the other exporters.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from core.export.closing import closing_lines
from core.export.fonts import FontSet, font_runs
from core.report import Report

BLANK_LINES = 2
DATE_RIGHT_INDENT = 4  # characters


class Closing(Flowable):
    """The agency and the date, right-aligned as a block, in the body face (仿宋 3号)."""

    def __init__(self, agency: str, when: str, fonts: FontSet, size: float, leading: float, pitch: float,
                 width: float) -> None:
        super().__init__()
        self.lines = [text for text in (agency, when) if text]
        self.fonts, self.size, self.leading, self.pitch, self.full = fonts, size, leading, pitch, width
        self.blank = BLANK_LINES

    def _runs(self, text: str) -> list[tuple[str, str]]:
        return font_runs(text, self.fonts.body, self.fonts)

    def text_width(self, text: str) -> float:
        """Printed width of a line at the body's 28-characters-a-line pitch."""
        tracking = self.pitch - self.size
        return sum(stringWidth(t, f, self.size) for f, t in self._runs(text)) + tracking * (len(text) - 1)

    def positions(self) -> list[float]:
        """The left x of each line (agency, date) within the text block."""
        if not self.lines:
            return []
        widths = [self.text_width(t) for t in self.lines]
        right = self.full - DATE_RIGHT_INDENT * self.pitch
        if len(self.lines) == 1:
            return [max(0.0, right - widths[0])]
        date_x = right - widths[1]
        centre = date_x + widths[1] / 2
        agency_x = min(centre - widths[0] / 2, self.full - widths[0])
        return [max(0.0, agency_x), date_x]

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        """The blank lines and one leading per line."""
        self.width, self.height = self.full, self.leading * (self.blank + len(self.lines)) if self.lines else 0
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        """Never split: the block moves whole (core.export.pdf keeps it with the body's last lines)."""
        return []

    def draw(self) -> None:
        """Each line on the body's baseline grid."""
        for i, (text, x) in enumerate(zip(self.lines, self.positions(), strict=True)):
            row = self.blank + i
            obj = self.canv.beginText(x, self.height - row * self.leading - (self.leading + self.size * 0.7) / 2)
            obj.setCharSpace(self.pitch - self.size)
            for font, chunk in self._runs(text):
                obj.setFont(font, self.size)
                obj.textOut(chunk)
            self.canv.drawText(obj)


def closing_flowable(report: Report, fonts: FontSet, size: float, leading: float, pitch: float,
                     width: float) -> Closing | None:
    """The 落款 of a report, or None when it has neither an agency nor a date."""
    agency, when = closing_lines(report)
    if not agency and not when:
        return None
    return Closing(agency, when, fonts, size, leading, pitch, width)
