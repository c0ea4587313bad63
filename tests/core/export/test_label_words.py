"""Table labels break between words, in the PDF and the workbook, with words taken from the templates."""

from __future__ import annotations

import io

import pytest
from factories import full_2021_report
from openpyxl import load_workbook
from reportlab.pdfbase.pdfmetrics import stringWidth

from core.export.fonts import find_cjk_fonts
from core.export.label_words import derive_words, label_words, template_labels, word_lines, word_tokens
from core.export.pdf_tables import balanced_lines
from core.export.xlsx import write_xlsx
from core.export.xlsx_layout import display_width


def test_words_are_derived_from_the_labels() -> None:
    words = derive_words(["社会公益组织", "采购项目数量", "上一年项目数量", "采购总金额"])
    assert {"社会", "公益", "组织", "采购", "项目", "数量", "上一年"} <= words
    assert "会公" not in words and "益组" not in words
    assert derive_words(["甲乙丙丁"]) == {"甲乙", "丙丁"}  # nothing hard-coded: only what labels say
    labels = template_labels()
    assert "社会公益组织" in labels and "（三）不予公开" in labels


@pytest.mark.parametrize(("label", "tokens"), [
    ("社会公益组织", ["社会", "公益", "组织"]), ("法律服务机构", ["法律", "服务", "机构"]),
    ("上一年项目数量", ["上一年", "项目", "数量"]), ("不予公开", ["不予", "公开"]),
])
def test_template_labels_cut_into_words(label: str, tokens: list[str]) -> None:
    assert word_tokens(label) == tokens


def test_lines_break_between_words_never_inside() -> None:
    width = lambda text: float(len(text))  # noqa: E731 (one unit a character)
    for avail in (2, 3, 4, 5):
        lines = word_lines("社会公益组织", width, avail)
        assert lines is not None and "".join(lines) == "社会公益组织"
        assert all(line in ("社会", "公益", "组织", "社会公益", "公益组织") for line in lines), (avail, lines)
    assert word_lines("（三）不予公开", width, 5) == ["（三）", "不予公开"]


def test_pdf_header_cells_break_between_words() -> None:
    fonts = find_cjk_fonts()
    font, size = fonts.table, 9.0
    for label in ("社会公益组织", "法律服务机构", "上一年项目数量"):
        for chars in (2, 3, 4, 5):
            avail = stringWidth("国" * chars, font, size) + 0.1
            lines = balanced_lines(label, font, size, avail)
            tokens = word_tokens(label)
            if len(lines) > 1 and max(map(len, tokens)) <= chars:  # else no break between words fits
                bounds = {sum(len(t) for t in tokens[:i]) for i in range(len(tokens) + 1)}
                cuts = {sum(len(x) for x in lines[:i]) for i in range(len(lines) + 1)}
                assert cuts <= bounds, (label, chars, lines)


def test_workbook_header_labels_break_between_words() -> None:
    data = io.BytesIO()
    write_xlsx(full_2021_report(), data)
    ws = load_workbook(io.BytesIO(data.getvalue()))["三、收到和处理政府信息公开申请情况"]
    texts = {str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    broken = [t for t in texts if "\n" in t]
    assert "社会\n公益\n组织" in broken or "社会公益\n组织" in broken, broken
    for text in broken:
        whole = text.replace("\n", "")
        tokens = word_tokens(whole, label_words())
        bounds = {sum(len(t) for t in tokens[:i]) for i in range(len(tokens) + 1)}
        pieces = text.split("\n")
        cuts = {sum(len(p) for p in pieces[:i]) for i in range(len(pieces) + 1)}
        assert cuts <= bounds, text
    assert display_width("社会") == 4
