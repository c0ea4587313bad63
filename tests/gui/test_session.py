"""Session: first run, reopening the last report, new-from-last-year, the report list, restart after a kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from core.report import Report
from core.store.storage import Store
from gui import settings as keys
from gui.import_review_dialog import ImportReviewDialog
from gui.new_report_dialog import NewReportDialog
from gui.report_list_dialog import ReportListDialog
from gui.session import Session
from gui.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def _accept_new_dialog(monkeypatch: pytest.MonkeyPatch, agency: str, year: int, from_previous: bool) -> None:
    def fake_exec(dialog: NewReportDialog) -> int:
        dialog.agency.setText(agency)
        dialog.year.setValue(year)
        assert dialog.from_previous.isEnabled() == from_previous
        assert ("2021" if year >= 2021 else "2019") in dialog.edition.text() or "格式" in dialog.edition.text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewReportDialog, "exec", fake_exec)


def test_first_run_asks_for_a_new_report(session: Session, store: Store, settings: Settings,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _accept_new_dialog(monkeypatch, "某县交通运输局", 2024, False)
    assert session.start()
    infos = store.list_reports()
    assert [(i.agency, i.year, i.edition) for i in infos] == [("某县交通运输局", 2024, "2021")]
    assert settings.get(keys.LAST_REPORT) == infos[0].id
    assert session.window is not None and "某县交通运输局2024年" in session.window.windowTitle()


def test_new_from_last_year_carries_counts_and_texts(session: Session, store: Store, full_report: Report,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    store.create(full_report)  # 2023, 结转下年度 自然人 = 2
    _accept_new_dialog(monkeypatch, full_report.agency, 2024, True)
    report_id = session.new_report_interactive()
    new = store.load(report_id)
    assert new.year == 2024 and new.cells["t3.B.C1"] == 2 and new.cells["t3.B.C2"] == 0
    assert new.texts["problems"] == full_report.texts["problems"]
    assert "t3.N.C1" not in new.cells
    assert session.document is not None and session.document.previous is not None


def test_start_opens_the_last_report(store: Store, settings: Settings, full_report: Report, qtbot) -> None:
    store.create(Report.blank(2022, "甲局"))
    report_id = store.create(full_report)
    settings.set(keys.LAST_REPORT, report_id)
    session = Session(store, settings)
    assert session.start()
    assert session.document.report.agency == full_report.agency
    session.window.close()


def test_report_list_open_copy_delete(session: Session, store: Store, full_report: Report,
                                      monkeypatch: pytest.MonkeyPatch, qtbot) -> None:
    report_id = store.create(full_report)
    dialog = ReportListDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 3).text() == "草稿 第1版"
    dialog.open_selected()
    assert session.document.report_id == report_id
    dialog = ReportListDialog(session)
    qtbot.addWidget(dialog)
    dialog.copy_next()
    assert store.find(full_report.agency, 2024) is not None
    dialog = ReportListDialog(session)
    qtbot.addWidget(dialog)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    row = [dialog.table.item(r, 1).text() for r in range(2)].index("2023")
    dialog.table.selectRow(row)
    dialog.delete()
    assert asked and "2023" in asked[0]
    assert store.find(full_report.agency, 2023) is None and dialog.table.rowCount() == 1


def test_finalise_and_reopen_are_stored(fake_issues, session: Session, store: Store,
                                        full_report: Report) -> None:
    report_id = store.create(full_report)
    session.open_report(report_id)
    assert session.document.finalise() == []
    assert store.list_reports()[0].status == "final"
    assert session.document.reopen("补充数据")
    assert store.load(report_id).version == 2 and not store.load(report_id).is_final


KILLED_CHILD = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {tests!r})
    from factories import full_2021_report
    from PySide6.QtWidgets import QApplication
    from core.report import SetText
    from core.store.storage import Store
    from gui.document import ReportDocument
    app = QApplication([])
    store = Store({db!r})
    report_id = store.create(full_2021_report())
    doc = ReportDocument(store.load(report_id), store=store, report_id=report_id)
    assert doc.set_cell_text("t3.N.C1", "41")
    assert doc.set_cell_text("t3.R1.C2", "7")
    doc.apply(SetText("other", "杀进程之前写下的文字"))
    print(report_id, flush=True)
    time.sleep(60)
""")


def test_restart_after_kill_shows_every_edit(tmp_path: Path, settings: Settings, qtbot) -> None:
    db = tmp_path / "killed.sqlite3"
    script = KILLED_CHILD.format(tests=str(ROOT / "tests"), db=str(db))
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, env=env, text=True)
    try:
        report_id = int(child.stdout.readline())
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert child.returncode == -signal.SIGKILL
    settings.set(keys.LAST_REPORT, report_id)
    store = Store(db)
    session = Session(store, settings)
    assert session.start()
    doc = session.document
    assert doc.report.cells["t3.N.C1"] == 41 and doc.value("t3.N.C7") == 45
    assert doc.report.texts["other"] == "杀进程之前写下的文字"
    view = session.window.section_tabs["s3"].tables["t3"]
    assert view.model().index_of("t3.R1.C2").data() == "7"
    session.window.close()
    store.close()


def test_report_file_export_and_import(session: Session, store: Store, full_report: Report, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch, qtbot) -> None:
    from PySide6.QtWidgets import QFileDialog
    store.create(full_report)
    dialog = ReportListDialog(session)
    qtbot.addWidget(dialog)
    target = tmp_path / "out.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.export_file()
    assert target.exists() and "示例市示例区生态环境局" in target.read_text(encoding="utf-8")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), ""))
    problems: list[str] = []

    def save(review: ImportReviewDialog) -> int:  # the import goes through the review, as 文件 → 导入 does
        review.save_report.click()
        problems.append(review.problem.text())
        return review.result()

    monkeypatch.setattr(ImportReviewDialog, "exec", save)
    dialog.import_file()
    assert "已有" in problems[0] and len(store.list_reports()) == 1  # the same agency and year is not duplicated
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.delete()
    dialog.import_file()
    assert [(i.agency, i.year) for i in store.list_reports()] == [(full_report.agency, 2023)]
    assert store.load(store.list_reports()[0].id).cells["t3.N.C1"] == 25
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    dialog.import_file()
    assert len(warnings) == 1 and len(problems) == 2 and len(store.list_reports()) == 1


def test_unreadable_last_report_falls_back_to_the_list(store: Store, settings: Settings, full_report: Report,
                                                       monkeypatch: pytest.MonkeyPatch, qtbot) -> None:
    report_id = store.create(full_report)
    settings.set(keys.LAST_REPORT, report_id)
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: errors.append(a[2]))
    monkeypatch.setattr(Store, "load", lambda self, rid: (_ for _ in ()).throw(KeyError("已损坏")))
    monkeypatch.setattr(ReportListDialog, "exec", lambda self: 0)
    session = Session(store, settings)
    assert not session.start()
    assert errors and "已损坏" in errors[0]


def test_a_maximised_window_stays_maximised_when_another_report_opens(session: Session, store: Store,
                                                                     full_report: Report, qtbot) -> None:
    first = store.create(full_report)
    second = store.create(full_report.__class__(**{**full_report.__dict__, "year": 2023}))
    old = session.open_report(first)
    old.resize(700, 500)  # within the offscreen screen (800×600): restoreGeometry fits a window to it
    old.showMaximized()
    qtbot.waitUntil(old.isMaximized)
    normal = old.normalGeometry().size()
    new = session.open_report(second)
    assert new is not old and new.isMaximized()
    new.showNormal()
    qtbot.waitUntil(lambda: not new.isMaximized())
    assert new.size() == normal  # un-maximising gives back the size the officer had
