"""``nianbao import`` of the program's own Word document and web page gives back the same report, and
``-o`` writes the cells it could not read with certainty as marked invalid values, not silent blanks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.checks.validation import validate
from core.export.docx import write_docx
from core.export.html import write_html
from core.importers import import_file
from core.read.report_file import read_report_file
from core.report import Report, computed_values
from nianbao.cli import main
from tests.factories import SEED_FILE, full_2021_report

WRITERS = {".docx": write_docx, ".html": write_html}
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"


def _report(which: str) -> Report:
    return read_report_file(SEED_FILE) if which == "seed" else full_2021_report()


@pytest.mark.parametrize("suffix", list(WRITERS))
@pytest.mark.parametrize("which", ["seed", "full"])
def test_import_of_own_export_gives_back_the_same_report(tmp_path: Path, capsys, suffix: str, which: str) -> None:
    report = _report(which)
    exported = tmp_path / f"report{suffix}"
    with open(exported, "wb") as stream:
        WRITERS[suffix](report, stream)
    out = tmp_path / "back.json"
    assert main(["import", str(exported), "-o", str(out)]) == 0
    assert "本程序导出的" in capsys.readouterr().out
    back = read_report_file(out)
    assert (back.edition, back.year, back.agency) == (report.edition, report.year, report.agency)
    assert back.cells == report.cells and not back.invalid
    assert back.texts == {k: v for k, v in report.texts.items() if v}  # no title, status or 落款 in any text
    assert back.meta == {k: v for k, v in report.meta.items() if v}
    expected_totals = computed_values(report, report.template)
    assert {k: v for k, v in back.carried.items()} == {k: expected_totals[k] for k in back.carried}


@pytest.mark.parametrize("suffix", list(WRITERS))
def test_own_export_import_result_is_certain_and_shows_its_source(tmp_path: Path, suffix: str) -> None:
    exported = tmp_path / f"report{suffix}"
    with open(exported, "wb") as stream:
        WRITERS[suffix](full_2021_report(), stream)
    result = import_file(exported)
    assert result.certain and result.cells_read == len(result.report.template.cells)
    assert "本程序导出的" in result.notes[0]
    assert "一、总体情况" in result.source_text and "示例市示例区生态环境局" in result.source_text


def test_import_output_file_keeps_uncertain_cells_named_not_blank(tmp_path: Path, capsys) -> None:
    out = tmp_path / "p23.json"
    assert main(["import", str(FIXTURES / "pingtan_2023_flat.txt"), "-o", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "3 个待核实单元格写为“待核实（原文可能为……）”" in printed
    back = read_report_file(out)
    key = "t2_1.norms.issued"
    assert back.cells.get(key) is None
    raw, reason = back.invalid[key]
    assert raw.startswith("待核实（原文可能为 ") and "、77、" in raw
    assert reason.startswith("导入时无法唯一确定（原文可能为 7、77、")
    messages = [i.message for i in validate(back) if key in (i.cells or ())]
    assert any("导入时无法唯一确定" in m and "77" in m for m in messages)
    assert set(back.invalid) == set(import_file(FIXTURES / "pingtan_2023_flat.txt").uncertain)


def test_own_pdf_page_numbers_stay_out_of_the_texts(tmp_path: Path) -> None:
    """A PDF prints "— N —" about 0.9 of the page down, below a full body line: never part of a paragraph."""
    import re

    from core.export.pdf import write_pdf

    report = read_report_file(SEED_FILE)
    path = tmp_path / "seed.pdf"
    with path.open("wb") as stream:
        write_pdf(report, stream)
    back = import_file(path).report
    assert back.cells == report.cells
    for key, text in report.texts.items():
        assert not re.search(r"[—-]\s*\d+\s*[—-]", back.texts[key]), key
        assert back.texts[key].replace("\n", "") == text.replace("\n", ""), key  # a page break may split a paragraph


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_a_final_changed_since_keeps_its_type_through_import(tmp_path: Path, suffix: str) -> None:
    from core.final_status import ChangedAfterFinal
    from core.wording import CHANGED_AFTER_FINAL
    from tests.nianbao.test_cli_import import changed_final

    with pytest.raises(ChangedAfterFinal, match=re.escape(CHANGED_AFTER_FINAL)) as raised:
        import_file(changed_final(tmp_path, suffix))
    draft = raised.value.draft  # a report file is read whole as a 草稿 (as the 汇总 board sums it); a workbook is not
    assert (draft is not None and draft.cells["t2_1.norms.in_force"] == 9) == (suffix == ".json")
