"""Where each imported cell was read: spans into the source text the import review shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.checks.validation import validate
from core.importers import import_file
from core.importers.labels import norm
from core.importers.recognise import recognise
from core.importers.result import with_uncertain_marked

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"


@pytest.mark.parametrize("name", ["jinnan_mzj_2020_cells.txt", "shanghai_bgt_2019.html",
                                  "shanghai_bgt_2019.docx", "shanghai_bgt_2019.pdf", "pingtan_2023_flat.txt"])
def test_every_cell_read_points_at_its_row_label(name):
    result = import_file(FIXTURES / name)
    template = result.report.template
    assert result.cell_spans, "no positions recorded"
    for key, (start, end) in result.cell_spans.items():
        table, row, _ = key.split(".")
        label = {leaf.id: leaf.label for leaf in template.tables[table].row_leaves()}[row]
        if row == "cases":  # table 四's one row has no label of its own
            continue
        shown = norm(result.source_text[start:end])
        assert label == "" or norm(label)[-4:] in shown, (key, shown[:60])


def test_flattened_uncertain_cells_point_at_their_digit_run():
    result = import_file(FIXTURES / "pingtan_2023_flat.txt")
    key = "t2_1.norms.issued"
    assert key in result.uncertain
    start, end = result.cell_spans[key]
    assert result.source_text[start:end] == "行政规范性文件77132470"


def test_uncertain_cells_stay_blank_and_are_named_by_the_checks():
    result = import_file(FIXTURES / "pingtan_2023_flat.txt")
    marked = with_uncertain_marked(result.report, result.uncertain)
    assert marked is not result.report and not result.report.invalid
    for key in result.uncertain:
        assert marked.cells.get(key) is None and key not in marked.carried
        assert "可能为" in marked.invalid[key][1]
    messages = [i.message for i in validate(marked) if set(i.cells) & set(result.uncertain)]
    assert any("导入时无法唯一确定" in m and "771324" in m for m in messages)


def test_a_document_can_be_read_again_as_the_other_edition():
    result = import_file(FIXTURES / "shanghai_bgt_2019.html")
    assert result.report.edition == "2019" and result.document is not None
    again = recognise(result.document, "2021")
    assert again.report.edition == "2021" and again.report.year == 2019
    assert again.report.template.name != result.report.template.name


def test_a_flattened_copy_read_as_the_other_edition_does_not_fail():
    result = import_file(FIXTURES / "pingtan_2023_flat.txt")
    again = recognise(result.document, "2019")
    assert again.report.edition == "2019"
    assert set(again.report.cells) <= set(again.report.template.cells)
