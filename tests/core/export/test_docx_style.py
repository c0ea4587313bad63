"""core.docx_style: the 28 × 22 page holds in Word's grid arithmetic and, rendered by LibreOffice, on the page.

The rendering test runs only where ``soffice`` is installed (not in CI, which installs no LibreOffice); the
XML facts it depends on are asserted without it.
"""

from __future__ import annotations

import io
import itertools
import shutil
import subprocess
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from core.export.docx import write_docx
from core.export.docx_style import TABLE_STYLE, TITLE_STYLE
from core.report import Report

TEXT_W_PT = Mm(156).pt
TEXT_H_TWIPS = Mm(225).twips
# A long narrative of Chinese characters only, so full lines and full pages can be counted.
PARAGRAPH = "本机关坚持以公开为常态不公开为例外推进决策执行管理服务结果公开" * 12
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _docx(report: Report) -> bytes:
    data = io.BytesIO()
    write_docx(report, data)
    return data.getvalue()


def _grid_cell_pt(document: docx.document.Document) -> float:
    """Word's character pitch: the default (docDefaults) size plus w:charSpace in 1/4096 pt."""
    defaults = document.styles.element.find(qn("w:docDefaults")).find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    default_pt = int(defaults.find(qn("w:sz")).get(qn("w:val"))) / 2
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    return default_pt + int(grid.get(qn("w:charSpace"))) / 4096


def _snaps(style) -> bool:
    """Whether a paragraph style (through its bases) snaps to the document grid (the default)."""
    while style is not None:
        ppr = style.element.pPr
        found = ppr.find(qn("w:snapToGrid")) if ppr is not None else None
        if found is not None:
            return found.get(qn("w:val")) not in ("0", "false")
        style = style.base_style
    return True


def test_grid_cell_is_one_body_character_and_22_lines_fill_the_page(full_report: Report) -> None:
    document = docx.Document(io.BytesIO(_docx(full_report)))
    defaults = document.styles.element.find(qn("w:docDefaults")).find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert defaults.find(qn("w:sz")).get(qn("w:val")) == "32"  # 3号: the size Word and LibreOffice grid in
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert document.styles["Normal"].font.size.pt == 16
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("linesAndChars", "579")
    cell = _grid_cell_pt(document)
    assert 28 * cell <= TEXT_W_PT < 28.05 * cell  # one 3号 character a cell, 28 cells a line
    assert 22 * 579 <= TEXT_H_TWIPS < 23 * 579


def test_body_keeps_the_pitch_without_snapping_and_titles_tables_never_snap(full_report: Report) -> None:
    document = docx.Document(io.BytesIO(_docx(full_report)))
    styles = document.styles
    for name in ("Normal", "Heading 1", "Heading 2", TITLE_STYLE, TABLE_STYLE, "Header", "Footer"):
        assert not _snaps(styles[name]), name
    body = styles["Normal"]
    assert body.paragraph_format.line_spacing.twips == 579  # exactly the grid's line pitch
    condense = int(body.element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    pitch = 16 + condense
    assert 28 * pitch <= TEXT_W_PT < 29 * pitch  # 28 characters fit a line, 29 never do
    for name in (TITLE_STYLE, TABLE_STYLE):  # their own size: no condensing, no 3号 line height
        assert styles[name].element.rPr.find(qn("w:spacing")).get(qn("w:val")) == "0"
    assert styles[TABLE_STYLE].paragraph_format.line_spacing in (None, 1.0)
    cell_styles = {p.style.name for t in document.tables for c in t._cells for p in c.paragraphs}
    assert cell_styles == {TABLE_STYLE}


def _body_lines(pdf: Path) -> list[list[tuple[float, float, float, str]]]:
    """Per page, the 3号 lines as (top, x0, x1, text)."""
    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            rows: dict[int, list[dict]] = {}
            for char in page.chars:
                if abs(char["size"] - 16) < 0.5:
                    rows.setdefault(round(char["top"]), []).append(char)
            lines = []
            for top in sorted(rows):
                chars = sorted(rows[top], key=lambda c: c["x0"])
                lines.append((chars[0]["top"], chars[0]["x0"], chars[-1]["x1"], "".join(c["text"] for c in chars)))
            pages.append(lines)
    return pages


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed (it is not in CI)")
def test_libreoffice_renders_28_characters_a_line_and_22_lines_a_page(full_report: Report, tmp_path: Path) -> None:
    full_report.texts["overview"] = "\n".join([PARAGRAPH] * 4)
    source = tmp_path / "report.docx"
    source.write_bytes(_docx(full_report))
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    pages = _body_lines(tmp_path / "report.pdf")
    left = Mm(28).pt
    full = [text for lines in pages for _, x0, x1, text in lines
            if set(text) <= set(PARAGRAPH) and x0 < left + 8 and x1 > left + TEXT_W_PT - 8]
    assert len(full) > 22 and {len(text) for text in full} == {28}  # every full line: 28 characters
    assert max(len(lines) for lines in pages) == 22  # a page of body text: 22 lines
    page = max(pages, key=len)
    steps = [b[0] - a[0] for a, b in itertools.pairwise(page)]
    assert steps == pytest.approx([579 / 20] * 21, abs=0.5)  # at the grid's pitch, no line taking two
