"""Reading this program's workbook back: formulas are never read as blanks (a saved result is used and
said), and a year or version out of range is refused naming the cell."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from factories import full_2021_report
from openpyxl import load_workbook

from core.checks.validation import validate
from core.export.xlsx import write_xlsx
from core.export.xlsx_layout import META_SHEET, layout_sheet, table_sections
from core.read.read_any import read_any_report
from core.report import ReportFileError
from core.template import load_template
from nianbao.cli import main

HUGE = 10**100


def _workbook(tmp_path: Path, sheet: str, label: str, value: object, name: str = "r.xlsx") -> Path:
    data = io.BytesIO()
    write_xlsx(full_2021_report(), data)
    wb = load_workbook(io.BytesIO(data.getvalue()))
    ws = wb[sheet]
    for row in ws.iter_rows():
        if any(c.value == label for c in row):
            row[1].value = value
            break
    else:
        raise KeyError(label)
    path = tmp_path / name
    wb.save(path)
    return path


@pytest.mark.parametrize(("label", "said"), [("报告年度", "年不适用 2021 版格式"), ("版本", "版本号 10000000…")])
def test_workbook_year_and_version_out_of_range(tmp_path: Path, label: str, said: str) -> None:
    path = _workbook(tmp_path, META_SHEET, label, str(HUGE))
    with pytest.raises(ReportFileError, match=said):
        read_any_report(path)


def _slot(key: str):
    template = load_template("2021")
    for section in table_sections(template):
        layout = layout_sheet(section)
        for slot in layout.slots:
            if slot.key == key:
                return layout.name, slot
    raise KeyError(key)


def _workbook_with(tmp_path: Path, formulas: dict[str, str]) -> Path:
    data = io.BytesIO()
    write_xlsx(full_2021_report(), data)
    wb = load_workbook(io.BytesIO(data.getvalue()))
    for key, formula in formulas.items():
        sheet, slot = _slot(key)
        wb[sheet].cell(slot.row, slot.col).value = formula
    path = tmp_path / "formulas.xlsx"
    wb.save(path)
    return path


def _with_cached(path: Path, value: str) -> Path:
    """The same workbook as Excel saves it: every formula with its computed result."""
    out = path.with_name("cached.xlsx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"(<f>[^<]*</f>)<v\s*/?>(</v>)?", rb"\1<v>" + value.encode() + b"</v>", data)
            dst.writestr(info, data)
    return out


def test_formula_without_result_is_an_invalid_value_not_a_blank(tmp_path: Path) -> None:
    path = _workbook_with(tmp_path, {"t3.N.C2": "=2+3", "t3.N.C7": "=D5"})
    report = read_any_report(path)
    assert report.invalid["t3.N.C2"][0] == "=2+3" and "公式，无计算结果" in report.invalid["t3.N.C2"][1]
    assert report.invalid["t3.N.C7"][0] == "=D5"
    assert "t3.N.C2" not in report.cells
    v1 = [i for i in validate(report) if "t3.N.C2" in i.cells and i.severity == "error"]
    assert v1 and "公式，无计算结果" in v1[0].message


def test_formula_with_a_saved_result_uses_it_and_says_so(tmp_path: Path) -> None:
    path = _with_cached(_workbook_with(tmp_path, {"t3.N.C2": "=2+3"}), "5")
    notes: list[str] = []
    report = read_any_report(path, notes)
    assert report.cells["t3.N.C2"] == 5 and not report.invalid
    assert len(notes) == 1 and "=2+3" in notes[0] and "保存的计算结果" in notes[0]


def test_check_lists_the_formula_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _with_cached(_workbook_with(tmp_path, {"t3.N.C2": "=2+3"}), "5")
    main(["check", str(path)])
    assert "已采用 Excel/WPS 保存的计算结果" in capsys.readouterr().out
    assert main(["export", str(path), "--to", str(tmp_path / "out.json")]) == 1  # written; 5 breaks the totals
    assert "已采用 Excel/WPS 保存的计算结果" in capsys.readouterr().err
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["cells"]["t3.N.C2"] == 5


def _aggregate():
    from decimal import Decimal

    from core.report import SCOPE_AGGREGATE, Source

    report = full_2021_report()
    report.scope = SCOPE_AGGREGATE
    report.sources = [
        Source("甲局", "甲局.json", "ab" * 32, "final", {"t3.N.C1": 3, "t2_1.rules.issued": 2}),
        Source("乙镇", "乙镇.xlsx", "cd" * 32, "draft", {"t3.N.C1": 4, "t2_8.fees.amount": Decimal("1.25")}),
    ]
    return report


@pytest.mark.parametrize("final", [False, True])
def test_an_aggregate_report_keeps_its_scope_and_sources(final: bool) -> None:
    from core.finalise import finalised
    from core.read.xlsx_import import read_workbook

    report = _aggregate()
    if final:
        report = finalised(report)
    data = io.BytesIO()
    write_xlsx(report, data)
    ws = load_workbook(io.BytesIO(data.getvalue()))[META_SHEET]
    shown = {r[0].value: r[1].value for r in ws.iter_rows(min_row=2, max_col=2)}
    assert shown["报告范围"] == "汇总" and shown["汇总来源 1"].startswith("甲局（甲局.json，定稿（校验码相符）")
    back = read_workbook(io.BytesIO(data.getvalue()))
    assert back.scope == report.scope and back.sources == report.sources
    assert back.sources[1].cells == report.sources[1].cells  # cells are not compared by Source's ==
    assert back.is_final == final  # a finalised 汇总 still matches its hash


def test_an_own_report_workbook_has_no_scope_rows() -> None:
    from core.read.xlsx_import import read_workbook

    data = io.BytesIO()
    write_xlsx(full_2021_report(), data)
    ws = load_workbook(io.BytesIO(data.getvalue()))[META_SHEET]
    assert "报告范围" not in [r[0].value for r in ws.iter_rows(min_row=2, max_col=1)]
    assert read_workbook(io.BytesIO(data.getvalue())).scope == "own"
