"""Fixes from a reviewing leader's look at the printed exports (seed 2019 edition, full 2021 report)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from core.export_pdf import write_pdf
from core.fonts import find_cjk_fonts
from core.report_file import read_report_file
from tests.factories import SEED_FILE

HEADER = "比对数值、问题及说明"


@pytest.fixture(scope="module")
def fonts():
    fs = find_cjk_fonts()
    if not fs.embedded:
        pytest.skip("no CJK TrueType font on this machine")
    return fs


def pdf_pages(report, fonts, **options) -> PdfReader:
    out = io.BytesIO()
    write_pdf(report, out, fonts=fonts, **options)
    return PdfReader(io.BytesIO(out.getvalue()))


def horizontal_lines(page) -> dict[float, tuple[float, ...]]:
    """y (page coordinates, rounded) -> stroke colour of the last horizontal line drawn there.

    Follows the content stream's q/Q/cm (translations only, as reportlab's tables use) and RG.
    """
    lines: dict[float, tuple[float, ...]] = {}
    stack: list[tuple[float, float, tuple[float, ...]]] = []
    dx = dy = 0.0
    colour: tuple[float, ...] = (0.0, 0.0, 0.0)
    start = None
    for args, op in page.get_contents().operations:
        if op == b"q":
            stack.append((dx, dy, colour))
        elif op == b"Q":
            dx, dy, colour = stack.pop()
        elif op == b"cm" and list(args[:4]) == [1, 0, 0, 1]:
            dx, dy = dx + float(args[4]), dy + float(args[5])
        elif op == b"RG":
            colour = tuple(round(float(a), 3) for a in args)
        elif op == b"G":
            colour = (round(float(args[0]), 3),) * 3
        elif op == b"m":
            start = (float(args[0]) + dx, float(args[1]) + dy)
        elif op == b"l" and start is not None:
            end = (float(args[0]) + dx, float(args[1]) + dy)
            if abs(end[1] - start[1]) < 0.01 and abs(end[0] - start[0]) > 20:
                lines[round(start[1], 1)] = colour
            start = end
    return lines


def test_repeated_check_header_keeps_its_lower_border(fonts) -> None:
    """The seed's V4 details run over a page break: the continuation page's header row stays ruled off."""
    reader = pdf_pages(read_report_file(SEED_FILE), fonts, check_report=True)
    pages = [p for p in reader.pages if HEADER in p.extract_text()]
    continued = [p for p in pages if "（续）" in p.extract_text()]
    assert continued, "the seed's long V4 row is continued on a new page"
    for page in pages:
        ys = sorted(horizontal_lines(page), reverse=True)
        lines = horizontal_lines(page)
        top, header_bottom = ys[0], ys[1]
        assert lines[top] == (0.0, 0.0, 0.0)
        assert lines[header_bottom] == (0.0, 0.0, 0.0), "the header row's lower border is not erased"
        assert lines[ys[-1]] == (0.0, 0.0, 0.0), "each part of the table is closed at its foot"
