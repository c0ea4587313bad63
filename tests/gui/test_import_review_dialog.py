"""文件 → 导入 and 新建 → 从上年报告开始: every source through the review dialog into the store."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from core.checks.validation import run_checks
from core.export.xlsx import write_xlsx
from core.importers import import_file
from core.read.report_file import write_report_file
from core.report import Report
from core.store.storage import Store
from gui import import_actions
from gui import settings as keys
from gui.import_review_dialog import SAVE_PREVIOUS, SAVE_REPORT, ImportReviewDialog
from gui.new_report_dialog import NewReportDialog

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
FLAT = FIXTURES / "pingtan_2023_flat.txt"


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes answered at once; their texts collected."""
    said: list[str] = []

    def box(_parent, _title, text, *_a, **_k):
        said.append(text)
        return QMessageBox.StandardButton.Ok

    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, box)
    return said


def _review(monkeypatch: pytest.MonkeyPatch, act: Callable[[ImportReviewDialog], str | None]) -> list:
    """Replace the dialog's exec by ``act`` (returns the save choice, or None to cancel); returns the dialogs."""
    seen: list[ImportReviewDialog] = []

    def fake_exec(dialog: ImportReviewDialog) -> int:
        seen.append(dialog)
        choice = act(dialog)
        if choice is None:
            dialog.reject()
            return QDialog.DialogCode.Rejected
        (dialog.save_previous if choice == SAVE_PREVIOUS else dialog.save_report).click()
        return dialog.result()

    monkeypatch.setattr(ImportReviewDialog, "exec", fake_exec)
    return seen


def _rows(store: Store, table: str, report_id: int) -> dict[str, str]:
    with sqlite3.connect(store.path) as conn:
        column = "reason" if table == "invalid" else "value"
        return dict(conn.execute(f"SELECT key, {column} FROM {table} WHERE report_id = ?", (report_id,)))


def _sources(tmp_path: Path, full_report: Report) -> list[Path]:
    files = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".html", ".docx", ".pdf"))
    own_xlsx = tmp_path / "own.xlsx"
    with own_xlsx.open("wb") as stream:
        write_xlsx(full_report, stream)
    own_json = tmp_path / "own.json"
    write_report_file(full_report, own_json)
    return [*files, own_xlsx, own_json]


def test_every_kind_of_source_is_reviewed_and_stored(tmp_path, session, store, full_report, monkeypatch,
                                                     messages) -> None:
    sources = _sources(tmp_path, full_report)
    assert {p.suffix for p in sources} == {".txt", ".html", ".docx", ".pdf", ".xlsx", ".json"}
    for path in sources:
        for info in store.list_reports():
            store.delete(info.id)
        expected = import_file(path)
        _review(monkeypatch, lambda d: SAVE_REPORT)
        report_id = import_actions.review_file(session, path)
        assert report_id is not None, (path.name, messages)
        cells = _rows(store, "cells", report_id)
        certain = {k: v for k, v in expected.report.cells.items() if k not in expected.uncertain}
        assert set(cells) == set(certain), path.name
        assert all(cells[k] == str(v) for k, v in certain.items() if isinstance(v, int)), path.name
        assert session.document is not None and session.document.report_id == report_id
        assert session.document.report.agency == expected.report.agency
    assert not messages


def test_a_candidate_is_one_click_away_and_the_rest_stay_blank(session, store, monkeypatch, messages) -> None:
    result = import_file(FLAT)
    assert len(result.uncertain) == 3

    def pick(dialog: ImportReviewDialog) -> str:
        dialog.open_list.setCurrentRow(0)  # the first uncertain cell: its row in the source, its candidates
        key = "t2_1.norms.issued"
        start, end = dialog.source.textCursor().selectionStart(), dialog.source.textCursor().selectionEnd()
        assert dialog.source.toPlainText()[start:end] == "行政规范性文件77132470"
        assert [b.text() for b in dialog.candidate_buttons] == ["7", "77", "771", "7713", "77132", "771324"]
        model = dialog.views["t2_1"].model()
        index = model.index_of(key)
        assert model.data(index, Qt.ItemDataRole.DisplayRole) == ""
        dialog.candidate_buttons[-1].click()
        assert model.data(index, Qt.ItemDataRole.DisplayRole) == "771324"
        assert "已从候选数值中选定" in model.data(index, Qt.ItemDataRole.ToolTipRole)
        assert dialog.open_list.count() == 2 and dialog.review.open_keys()[0] != key
        return SAVE_REPORT

    _review(monkeypatch, pick)
    report_id = import_actions.review_file(session, FLAT)
    cells = _rows(store, "cells", report_id)
    assert cells["t2_1.norms.issued"] == "771324"
    invalid = _rows(store, "invalid", report_id)
    assert set(invalid) == {"t2_1.norms.repealed", "t2_1.norms.in_force"}
    assert not set(invalid) & set(cells)  # never filled silently
    messages_now = [i.message for i in session.document.issues]
    assert any("导入时无法唯一确定" in m and "132470" in m for m in messages_now)
    assert not messages


def test_last_years_report_starts_this_years_draft(session, store, monkeypatch, messages) -> None:
    source = FIXTURES / "shanghai_bgt_2019.html"
    _review(monkeypatch, lambda d: SAVE_PREVIOUS)
    draft_id = import_actions.review_file(session, source, from_previous=True)
    agency = "上海市人民政府办公厅"
    last_id = store.find(agency, 2019)
    assert last_id is not None and draft_id == store.find(agency, 2020) and draft_id != last_id
    last, draft = store.load(last_id), store.load(draft_id)
    assert session.document.report_id == draft_id
    table = draft.template.tables["t3"]
    inputs = [c.id for c in table.column_leaves() if not draft.template.cells[table.key("B", c.id)].computed]
    for column in inputs:
        assert draft.cells.get(table.key("B", column)) == last.cells.get(table.key("F", column))
    assert draft.cells[table.key("B", "C1")] == last.cells[table.key("F", "C1")] == 72
    x1 = next(r for r in run_checks(draft, store.previous_of(draft)) if r.rule.id == "X1")
    assert not x1.skipped and x1.compared and not x1.issues
    # the window's own checks run against it: change 上年结转 and X1 speaks up
    key = table.key("B", table.column_leaves()[0].id)
    session.document.set_cell_text(key, str((draft.cells.get(key) or 0) + 5))
    assert any(i.rule == "X1" for i in session.document.issues)
    assert not messages


def test_an_unreadable_file_is_a_chinese_message_and_nothing_is_saved(tmp_path, session, store, monkeypatch,
                                                                       messages) -> None:
    seen = _review(monkeypatch, lambda d: SAVE_REPORT)
    old_word = tmp_path / "上年报告.doc"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    scanned = tmp_path / "scan.pdf"
    scanned.write_bytes(b"%PDF-1.4\n%broken\n")
    for path in (old_word, scanned, tmp_path / "gone.txt"):
        assert import_actions.review_file(session, path) is None
    assert not seen and store.list_reports() == []
    assert len(messages) == 3
    assert "另存为" in messages[0] and all("无法导入" in m for m in messages)
    assert all(not any(w in m for w in ("Error", "Traceback")) for m in messages)


def test_cancel_saves_nothing(session, store, monkeypatch, messages) -> None:
    seen = _review(monkeypatch, lambda d: None)
    assert import_actions.review_file(session, FLAT) is None
    assert len(seen) == 1 and store.list_reports() == [] and session.window is None


def test_an_existing_report_is_not_saved_twice(session, store, monkeypatch, messages) -> None:
    _review(monkeypatch, lambda d: SAVE_REPORT)
    import_actions.review_file(session, FLAT)
    seen = _review(monkeypatch, lambda d: None)
    import_actions.review_file(session, FLAT)
    dialog = seen[0]
    assert "已有" in dialog.problem.text() and not dialog.save_report.isEnabled()
    dialog.agency.setText("平潭综合实验区管委会")
    dialog.agency.textEdited.emit("平潭综合实验区管委会")
    assert dialog.save_report.isEnabled() and dialog.review.report.agency == "平潭综合实验区管委会"
    assert len(store.list_reports()) == 1


def test_another_edition_reads_the_source_again(qtbot) -> None:
    dialog = ImportReviewDialog(import_file(FIXTURES / "shanghai_bgt_2019.html"), "page.html")
    qtbot.addWidget(dialog)
    assert dialog.review.report.edition == "2019" and dialog.save_report.isEnabled()
    dialog.edition.setCurrentIndex(dialog.edition.findData("2021"))
    dialog.edition.activated.emit(dialog.edition.currentIndex())
    assert dialog.review.report.edition == "2021" and dialog.review.report.agency == "上海市人民政府办公厅"
    assert set(dialog.views) == set(dialog.review.report.template.tables)
    assert "不适用" in dialog.problem.text() and not dialog.save_previous.isEnabled()
    dialog.year.setValue(2021)
    assert dialog.save_previous.isEnabled() and "2022 年度" in dialog.save_previous.text()


def test_typing_in_the_review_tables_changes_nothing(qtbot) -> None:
    dialog = ImportReviewDialog(import_file(FLAT), "flat.txt")
    qtbot.addWidget(dialog)
    view = dialog.views["t2_1"]
    key = "t2_1.rules.issued"
    before = dialog.review.report.cells.get(key)
    view.setCurrentIndex(view.model().index_of(key))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    qtbot.keyClick(view, Qt.Key.Key_5)
    assert dialog.review.report.cells.get(key) == before
    assert view.state() != view.State.EditingState


def test_clicking_a_cell_shows_its_source_and_candidates(qtbot) -> None:
    dialog = ImportReviewDialog(import_file(FLAT), "flat.txt")
    qtbot.addWidget(dialog)
    view = dialog.views["t2_1"]
    index = view.model().index_of("t2_1.norms.issued")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    cursor = dialog.source.textCursor()
    assert dialog.source.toPlainText()[cursor.selectionStart():cursor.selectionEnd()] == "行政规范性文件77132470"
    assert [b.text() for b in dialog.candidate_buttons] == ["7", "77", "771", "7713", "77132", "771324"]


def test_menus_and_the_new_report_dialog_lead_to_the_review(session, store, monkeypatch, messages) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(FLAT), "")))
    _review(monkeypatch, lambda d: SAVE_REPORT)

    def from_file(dialog: NewReportDialog) -> int:
        next(b for b in dialog.buttons.buttons() if "从上年报告文件开始" in b.text()).click()
        return dialog.result()

    monkeypatch.setattr(NewReportDialog, "exec", from_file)
    first = session.new_report_interactive()
    assert first == store.find("平潭综合实验区", 2023)
    window = session.window
    assert {"import", "new_from_previous"} <= set(window.actions_)
    store.delete(first)
    window.actions_["import"].trigger()
    assert store.find("平潭综合实验区", 2023) is not None
    assert session.settings.get(keys.IMPORT_DIR) == str(FLAT.parent)  # the next import starts there


def test_the_review_fits_a_small_screen(qtbot) -> None:
    dialog = ImportReviewDialog(import_file(FLAT), "flat.txt")
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() <= 1366 and dialog.height() <= 768
    inside = dialog.rect()
    for widget in (dialog.save_report, dialog.save_previous, dialog.source, dialog.tabs, dialog.open_list,
                   dialog.notes, dialog.agency, dialog.edition):
        top_left = widget.mapTo(dialog, widget.rect().topLeft())
        assert inside.contains(top_left) and inside.contains(widget.mapTo(dialog, widget.rect().bottomRight()))
        assert widget.isVisible()


def test_no_file_chosen_goes_back_to_the_new_report_dialog(session, store, monkeypatch, messages) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    shown: list[int] = []

    def fake_exec(dialog: NewReportDialog) -> int:
        shown.append(1)
        if len(shown) == 1:
            next(b for b in dialog.buttons.buttons() if "从上年报告文件开始" in b.text()).click()
        else:
            dialog.agency.setText("某县交通运输局")
            dialog.year.setValue(2024)
            dialog.accept()
        return dialog.result()

    monkeypatch.setattr(NewReportDialog, "exec", fake_exec)
    assert session.new_report_interactive() == store.find("某县交通运输局", 2024)
    assert len(shown) == 2 and len(store.list_reports()) == 1


def test_saving_says_what_was_done(session, monkeypatch, messages) -> None:
    _review(monkeypatch, lambda d: SAVE_PREVIOUS)
    import_actions.review_file(session, FIXTURES / "shanghai_bgt_2019.html")
    said = session.window.statusBar().currentMessage()
    assert "上年报告" in said and "2020 年度草稿" in said


def test_a_failed_second_reading_keeps_what_was_read(qtbot, monkeypatch, messages) -> None:
    dialog = ImportReviewDialog(import_file(FLAT), "flat.txt")
    qtbot.addWidget(dialog)

    def broken(_review, _edition):
        raise IndexError("list index out of range")

    monkeypatch.setattr("gui.import_review_model.ImportReview.set_edition", broken)
    dialog.edition.setCurrentIndex(dialog.edition.findData("2019"))
    dialog.edition.activated.emit(dialog.edition.currentIndex())
    assert len(messages) == 1 and "无法按所选格式重新读取原文" in messages[0] and "IndexError" in messages[0]
    assert dialog.edition.currentData() == "2021" and dialog.review.report.edition == "2021"


def test_the_texts_read_are_shown_too(qtbot) -> None:
    result = import_file(FIXTURES / "shanghai_bgt_2019.html")
    dialog = ImportReviewDialog(result, "page.html")
    qtbot.addWidget(dialog)
    shown = dialog.texts.toPlainText()
    assert dialog.tabs.tabText(dialog.tabs.count() - 1) == "文字部分"
    assert "【前言】" in shown and "【五、" in shown
    assert result.report.texts["problems"][:30] in shown
