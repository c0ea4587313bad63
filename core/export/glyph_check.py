"""Characters of a report that no installed, embeddable font can print, and where they are.

The PDF falls back per character to any installed TrueType font that has the glyph
(core.export.fonts.FontSet.fallback_for). A character no such font has would print as an empty box, so
``nianbao export`` and ``nianbao check`` name it, and the window can mark it: ``missing_glyphs``
gives the field, the 1-based character position and the sentence around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.export.fonts import FontSet, find_cjk_fonts
from core.preface import text_of
from core.report import META_FIELDS, Report

_SENTENCE_END = re.compile(r"[。！？；\n]")
_CONTEXT = 12  # characters of the sentence shown either side


@dataclass(frozen=True)
class MissingGlyph:
    """One character that prints as an empty box: the field (``meta.agency``, ``text.overview``),
    its label (机关名称, 一、总体情况), the 1-based position in the field's text and its sentence."""

    char: str
    field: str
    label: str
    position: int
    sentence: str

    @property
    def code(self) -> str:
        """The code point as U+XXXX."""
        return f"U+{ord(self.char):04X}"

    def tip(self) -> str:
        """The short form, for a mark's tooltip in the window."""
        return glyph_tip(self.char)

    def message(self) -> str:
        """In Chinese, for the command line and the window."""
        return (f"“{self.char}”（{self.code}）在“{self.label}”第 {self.position} 个字（“{self.sentence}”）："
                "本机没有可嵌入 PDF 的字体含有此字，PDF 中将显示为空白框。请安装含此字的 TrueType 字体，"
                "或改用常用字、加注说明")


def glyph_tip(ch: str) -> str:
    """What a mark on a character no font can print says."""
    return f"导出的 PDF 中没有字体能显示“{ch}”（U+{ord(ch):04X}）"


def unprintable(text: str, fonts: FontSet) -> list[int]:
    """0-based positions of the characters of ``text`` no embeddable font has (empty when all print)."""
    if not fonts.embedded:
        return []  # the built-in STSong's coverage is unknown; the PDF export warns about it already
    wanted = {ch for ch in set(text) if not ch.isspace() and ord(ch) >= 0x80}
    bad = {ch for ch in wanted if not fonts.can_print(ch)}  # FontSet caches each verdict
    return [pos for pos, ch in enumerate(text) if ch in bad] if bad else []


def _sentence(text: str, pos: int) -> str:
    """The sentence around ``text[pos]``, cut to a few characters either side (marked with …)."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, pos)), default=0)
    end_match = _SENTENCE_END.search(text, pos)
    end = end_match.end() if end_match else len(text)
    cut_start, cut_end = max(start, pos - _CONTEXT), min(end, pos + _CONTEXT + 1)
    return ("…" if cut_start > start else "") + text[cut_start:cut_end].strip() + ("…" if cut_end < end else "")


def _fields(report: Report) -> list[tuple[str, str, str]]:
    """(field, label, text) of everything the exports print from the clerk: the 基本信息 (the agency, the
    names on the 勾稽校验单, the contact), the texts as printed (the 前言's default too)."""
    out = [(f"meta.{key}", label, report.meta.get(key, "")) for key, label in META_FIELDS.items()
           if key not in ("agency_kind", "fill_date", "publish_date")]
    preface = report.template.preface
    labels = ({preface.key: preface.label} if preface is not None else {})
    labels |= {f.key: s.title for s in report.template.sections for f in s.texts}
    keys = list(labels) + [k for k in report.texts if k not in labels]
    out += [(f"text.{key}", labels.get(key, key), text_of(report, key)) for key in keys]
    return out


def missing_glyphs(report: Report, fonts: FontSet | None = None) -> list[MissingGlyph]:
    """Every occurrence of a character no embeddable font has, in field order (empty when all print)."""
    fonts = fonts or find_cjk_fonts()
    return [MissingGlyph(text[pos], field, label, pos + 1, _sentence(text, pos))
            for field, label, text in _fields(report) for pos in unprintable(text, fonts)]


def missing_glyph_lines(report: Report, fonts: FontSet | None = None) -> list[str]:
    """One ``[警告] GLYPH …`` line per missing character, for ``export`` and ``check`` (not a check
    result: it depends on this computer's fonts, not on the report)."""
    return [f"[警告] GLYPH {m.message()}" for m in missing_glyphs(report, fonts)]
