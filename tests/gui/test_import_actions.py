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
                                       "（可能已损坏或不完整），请向来源重新获取该文件")]
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


# ---- a damaged file of each kind: one reason through check, import and the window --------------------

IMPORT = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def _rezip(source: bytes, target: Path, part: str, content: bytes) -> None:
    """A copy of a zip package with one part replaced: the container opens, its content is broken."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            new.writestr(info, content if info.filename == part else old.read(info))


def _damaged(kind: str, folder: Path, report: Report) -> Path:
    """One file of ``kind`` that file_kind accepts and whose reader cannot use its content."""
    if kind == "docx":
        _rezip((IMPORT / "shanghai_bgt_2019.docx").read_bytes(), folder / "坏.docx", "word/document.xml", b"<w:doc")
        return folder / "坏.docx"
    if kind == "xlsx":
        data = io.BytesIO()
        write_xlsx(report, data)
        _rezip(data.getvalue(), folder / "坏.xlsx", "xl/workbook.xml", b"<workbook")
        return folder / "坏.xlsx"
    if kind == "pdf":
        (folder / "坏.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
        return folder / "坏.pdf"
    if kind == "encrypted":  # a user password: pdfminer raises its own error, not a syntax error
        from pypdf import PdfWriter

        writer = PdfWriter(clone_from=str(IMPORT / "shanghai_bgt_2019.pdf"))
        writer.encrypt("口令")
        writer.write(folder / "密.pdf")
        return folder / "密.pdf"
    text = "某某局2023年政府信息公开工作年度报告。".encode() * 400 + b"\xff\xfe"  # neither UTF-8 nor GB 18030
    if kind == "html":
        (folder / "坏.html").write_bytes(b"<html><body><p>" + text + b"</p></body></html>")
        return folder / "坏.html"
    (folder / "坏.txt").write_bytes(text)
    return folder / "坏.txt"


@pytest.mark.parametrize(("kind", "reason"), [
    ("docx", "不是有效的 Word（.docx）文件（可能已损坏或不完整），请向来源重新获取该文件"),
    ("xlsx", "不是有效的 Excel（.xlsx）文件（可能已损坏或不完整），请向来源重新获取该文件"),
    ("pdf", "不是有效的 PDF 文件（可能已损坏或不完整），请向来源重新获取该文件"),
    ("encrypted", "这是设置了打开密码的 PDF 文件，本程序无法读取其中的内容；"
                  "请向来源索取未加密的文件，或改用 Word 原件或网页"),
    ("html", "不是有效的网页（.html）文件（文字编码无法识别，不是 UTF-8，也不是 GBK），请另存为 UTF-8 编码后再试"),
    ("text", "不是有效的文本（.txt）文件（文字编码无法识别，不是 UTF-8，也不是 GBK），请另存为 UTF-8 编码后再试"),
], ids=["docx", "xlsx", "pdf", "encrypted", "html", "text"])
def test_a_damaged_file_has_one_reason_everywhere(dialog, store: Store, full_report: Report, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str], kind: str, reason: str) -> None:
    from nianbao.cli import main

    path = _damaged(kind, tmp_path, full_report)
    assert main(["check", "--json", str(path)]) == 2
    (row,) = json.loads(capsys.readouterr().out)
    assert main(["import", str(path)]) == 2
    imported = capsys.readouterr().err.strip()
    _choose(monkeypatch, path)
    dialog.import_file()
    assert row["message"] == f"无法读取“{path.name}”：{reason}"
    assert imported == f"无法导入“{path.name}”：{reason}"
    assert dialog.said == [("warning", imported)] and store.list_reports() == []


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_window_names_a_final_changed_since(dialog, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str], suffix: str) -> None:
    from nianbao.cli import main
    from tests.nianbao.test_cli_import import changed_final

    path = changed_final(tmp_path, suffix)
    titles: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: (titles.append(a[1]), dialog.said.append(a[2])))
    assert main(["import", str(path)]) == 2
    _choose(monkeypatch, path)
    dialog.import_file()
    assert dialog.said == [capsys.readouterr().err.strip()] and store.list_reports() == []  # the command line's words
    assert titles == ["无法导入：定稿后被改动"]  # as the 汇总 board's status column names it
