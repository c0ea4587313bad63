"""core.export.narrative_lines: paragraphs and （一） headings as every exporter prints them."""

from __future__ import annotations

from core.export import pdf as export_pdf
from core.export.narrative_lines import NarrativeLine, clean_text, narrative_lines, paragraphs_of

HOSTILE = "a\x0bb\r\nc\x00d\x1b\ud800e\tf\u2028g\x0c\n\n  h  "


def test_same_cleaning_as_the_pdf() -> None:
    assert clean_text(HOSTILE) == export_pdf.clean_text(HOSTILE)
    assert paragraphs_of(HOSTILE) == export_pdf.paragraphs_of(HOSTILE) == ["a", "b", "cde f", "g", "h"]


def test_headings_run_in_headings_and_body() -> None:
    text = ("（一）主动公开情况\n(二)依申请公开。\n（三）依申请公开情况。本年度收到申请12件，均已办结。\n"
            "（四）2023年，本局在政府信息管理方面持续发力，规范发布流程，提高了信息发布质量和效率\n普通段落。")
    assert narrative_lines(text) == [
        NarrativeLine("（一）主动公开情况", heading=True),
        NarrativeLine("(二)依申请公开。", heading=True),
        NarrativeLine("（三）依申请公开情况。本年度收到申请12件，均已办结。", head=len("（三）依申请公开情况。")),
        NarrativeLine("（四）2023年，本局在政府信息管理方面持续发力，规范发布流程，提高了信息发布质量和效率"),
        NarrativeLine("普通段落。"),
    ]
