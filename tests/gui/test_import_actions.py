"""The report list's 导入 reads what the command line reads, refuses what it refuses, and goes through the
import review as 文件 → 导入 does."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from core.export.xlsx import write_xlsx
from core.read.report_file import report_to_data
from core.report import Report
from core.store.storage import Store
from gui.import_review_dialog import ImportReviewDialog
from gui.report_list_dialog import ReportListDialog
from gui.session import Session


@pytest.fixture
def dialog(store: Store, settings, monkeypatch: pytest.MonkeyPatch, qtbot):
    session = Session(store, settings)
    box = ReportListDialog(session)
    qtbot.addWidget(box)
    box.said = []  # type: ignore[attr-defined]
    box.reviewed = []  # type: ignore[attr-defined]
    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, _k=kind, **k: box.said.append((_k, a[2])))

    def save(review: ImportReviewDialog) -> int:  # the officer looks at the review and saves it as a report
        box.reviewed.append(review)
        review.save_report.click()
        return review.result()

    monkeypatch.setattr(ImportReviewDialog, "exec", save)
    yield box
    if session.window is not None:
        session.window.close()


def _choose(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def test_window_imports_a_workbook(dialog, store: Store, full_report: Report, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    data = io.BytesIO()
    write_xlsx(full_report, data)
    (tmp_path / "年报.xlsx").write_bytes(data.getvalue())
    _choose(monkeypatch, tmp_path / "年报.xlsx")
    dialog.import_file()
    assert dialog.said == [] and len(dialog.reviewed) == 1  # reviewed before it was stored
    assert dialog.result() == QDialog.DialogCode.Accepted  # the list closes on the report the import opened
    assert store.load(store.list_reports()[0].id).cells == full_report.cells


@pytest.mark.parametrize(("change", "said"), [
    (lambda d: d.update({"year": 10**100}), "年不适用"),
    (lambda d: d["status"].update({"version": 10**100}), "版本号"),
    (lambda d: d.update({"agency": "某局\ud800"}), "代理项"),
])
def test_window_refuses_what_the_store_cannot_hold(dialog, store: Store, full_report: Report, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch, change, said: str) -> None:
    data = report_to_data(full_report)
    change(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    _choose(monkeypatch, path)
    dialog.import_file()
    ((kind, text),) = dialog.said
    assert kind == "warning" and said in text and store.list_reports() == []


def test_window_names_a_word_document(dialog, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile
    path = tmp_path / "年报.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    _choose(monkeypatch, path)
    dialog.import_file()
    # read as what it is (core.read.read_any hands Word files to core.importers), whatever its name says
    assert dialog.said == [("warning", "无法导入“年报.xlsx”：不是有效的 Word（.docx）文件"  # the name said once
                                       "（已损坏，或是其他格式改了扩展名）")]
    assert dialog.reviewed == [] and store.list_reports() == []


def test_window_says_which_formula_results_it_used(dialog, store: Store, full_report: Report, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import re
    import zipfile

    from openpyxl import load_workbook
    data = io.BytesIO()
    write_xlsx(full_report, data)
    wb = load_workbook(io.BytesIO(data.getvalue()))
    wb["三、收到和处理政府信息公开申请情况"]["D5"] = "=20+5"  # 一、本年新收 / 自然人
    plain = tmp_path / "plain.xlsx"
    wb.save(plain)
    path = tmp_path / "excel.xlsx"  # as Excel saves it: the formula with its result
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, re.sub(rb"(<f>20\+5</f>)<v\s*/?>(</v>)?", rb"\1<v>25</v>", src.read(info)))
    _choose(monkeypatch, path)
    dialog.import_file()
    assert dialog.said == []
    (review,) = dialog.reviewed  # the reader's notes are in the review, beside the cells read
    shown = [review.notes.item(i).text() for i in range(review.notes.count())]
    assert any("D5（=20+5）是公式，已采用 Excel/WPS 保存的计算结果" in line for line in shown)
    assert store.load(store.list_reports()[0].id).cells["t3.N.C1"] == 25


def test_window_imports_a_published_word_report(dialog, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same reader as `nianbao import`: a Word file goes through core.importers and its review."""
    from core.importers import import_file

    source = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "shanghai_bgt_2019.docx"
    _choose(monkeypatch, source)
    dialog.import_file()
    (review,) = dialog.reviewed
    assert review.review.result.cells_read > 0 and review.source.toPlainText()  # the source beside the cells
    assert len(store.list_reports()) == 1
    stored = store.load(store.list_reports()[0].id)
    expected = import_file(source).report
    assert (stored.agency, stored.year, stored.cells) == ("上海市人民政府办公厅", 2019, expected.cells)
