"""The window's import reads what the command line reads, and refuses what it refuses."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.export.xlsx import write_xlsx
from core.read.report_file import report_to_data
from core.report import Report
from core.store.storage import Store
from gui.report_list_dialog import ReportListDialog
from gui.session import Session


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path / "nianbao.sqlite3")
    yield s
    s.close()


@pytest.fixture
def dialog(store: Store, settings, monkeypatch: pytest.MonkeyPatch, qtbot):
    session = Session(store, settings)
    box = ReportListDialog(session)
    qtbot.addWidget(box)
    box.said = []  # type: ignore[attr-defined]
    for kind in ("warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, _k=kind, **k: box.said.append((_k, a[2])))
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
    assert dialog.said == [] and dialog.table.rowCount() == 1
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
    assert dialog.said == [("warning", "年报.xlsx：“年报.xlsx”不是有效的 Word（.docx）文件"
                                       "（已损坏，或是其他格式改了扩展名）")]


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
    ((kind, text),) = dialog.said
    assert kind == "information" and "D5（=20+5）是公式，已采用 Excel/WPS 保存的计算结果" in text
    assert store.load(store.list_reports()[0].id).cells["t3.N.C1"] == 25


def test_window_imports_a_published_word_report(dialog, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same reader as `nianbao check`: a Word file goes through core.importers, with its notes."""
    from core.importers import import_file

    source = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "shanghai_bgt_2019.docx"
    _choose(monkeypatch, source)
    dialog.import_file()
    assert dialog.table.rowCount() == 1
    assert dialog.said[0][0] == "information" and "已按已发布的年报导入" in dialog.said[0][1]
    stored = store.load(store.list_reports()[0].id)
    expected = import_file(source).report
    assert (stored.agency, stored.year, stored.cells) == ("上海市人民政府办公厅", 2019, expected.cells)
