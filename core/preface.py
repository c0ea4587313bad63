"""The 前言 printed before 一: the officer's text, or a default drawn from 基本信息 until it is edited.

The default's sentences are template data (``preface.default``, and ``preface.aggregate_default`` for a 汇总
report, which names the units summed); a sentence naming a field the officer has not filled in yet (the
contact) is left out rather than printed with a gap.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.report import Report
    from core.template import Template

_FIELDS = string.Formatter()


def _fields(report: Report, template: Template) -> dict[str, str]:
    """What a default sentence may name: the agency, the year, the contact, the format and the units summed."""
    units = [s.agency for s in report.sources]
    return {
        "agency": report.meta.get("agency", "").strip() or "本机关",
        "year": str(report.year),
        "contact": report.meta.get("contact", "").strip(),
        "format_name": template.name,
        "document_number": template.document_number,
        "units": "、".join(units),
        "unit_count": str(len(units)) if units else "",
    }


def default_preface(report: Report, template: Template) -> str:
    """The template's default 前言 filled in from the report's 基本信息 ("" when the template has none)."""
    if template.preface is None:
        return ""
    values = _fields(report, template)
    sentences = []
    aggregate = report.is_aggregate and template.preface.aggregate_default
    for sentence in template.preface.aggregate_default if aggregate else template.preface.default:
        named = {name for _, name, _, _ in _FIELDS.parse(sentence) if name}
        if all(values.get(name) for name in named):
            sentences.append(sentence.format(**values))
    return "".join(sentences)


def default_text(report: Report, key: str) -> str:
    """The default of a text field: the 前言's from 基本信息, "" for every other field."""
    template = report.template
    if template.preface is None or key != template.preface.key:
        return ""
    return default_preface(report, template)


def text_of(report: Report, key: str) -> str:
    """A narrative as printed and shown: the stored text, or for the 前言 its default until edited."""
    return report.texts.get(key, "") or default_text(report, key)


def preface_text(report: Report) -> str:
    """The 前言 to print before 一 ("" for a template without one)."""
    preface = report.template.preface
    return text_of(report, preface.key) if preface is not None else ""


def with_preface_frozen(report: Report) -> None:
    """Store the default 前言 as text (in place), so a 定稿 freezes the words it prints."""
    preface = report.template.preface
    if preface is not None and not report.texts.get(preface.key):
        text = default_preface(report, report.template)
        if text:
            report.texts[preface.key] = text
