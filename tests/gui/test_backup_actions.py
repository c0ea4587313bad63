"""文件 → 备份: 立即备份, 备份到…, 恢复… (round trip, from a file, failures), 打开数据文件夹."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from core.store.backups import BACKUP_DIR_NAME, BackupError, check_database, list_backups, make_backup
from core.store.storage import Store
from gui.app import choose_font
from gui.restore_dialog import RestoreDialog
from gui.session import Session

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
KEY = "t3.N.C1"


class Boxes:
    """Every message box shown (text by kind); questions answered Yes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.shown: dict[str, list[str]] = {"information": [], "warning": [], "critical": [], "question": []}
        for kind in ("information", "warning", "critical"):
            monkeypatch.setattr(QMessageBox, kind, lambda _p, _t, text, *a, _k=kind, **kw: self.shown[_k].append(text))

        def question(_p, _t, text, *a, **kw):
            self.shown["question"].append(text)
            return QMessageBox.StandardButton.Yes

        monkeypatch.setattr(QMessageBox, "question", question)


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    return Boxes(monkeypatch)


def backups_of(session: Session) -> list:
    return list_backups(session.db_path.parent / BACKUP_DIR_NAME)


def test_backup_now_makes_a_verified_copy(full_session: Session, boxes: Boxes) -> None:
    full_session.window.actions_["backup_now"].trigger()
    made = backups_of(full_session)
    assert len(made) == 1 and check_database(made[0].path).ok
    with Store(made[0].path) as copy:
        assert [i.agency for i in copy.list_reports()] == [full_session.document.report.agency]
    assert made[0].path.name in boxes.shown["information"][0]


def choose_newest_plain_backup(dialog: RestoreDialog) -> int:
    """Stand-in for the officer: select the newest backup that is not a pre-restore copy, press 恢复."""
    row = next(i for i, info in enumerate(dialog.backups) if not info.before_restore)
    dialog.list.setCurrentItem(dialog.list.topLevelItem(row))
    dialog.restore_button.click()
    return dialog.result()


def test_restore_round_trip_from_the_menu(full_session: Session, boxes: Boxes,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    before = full_session.document.report.cells.get(KEY)
    full_session.window.actions_["backup_now"].trigger()
    assert full_session.document.set_cell_text(KEY, "999")
    old_window = full_session.window
    monkeypatch.setattr(RestoreDialog, "exec", choose_newest_plain_backup)
    old_window.actions_["restore"].trigger()
    assert "替换当前的全部数据" in boxes.shown["question"][0] and "不会丢失" in boxes.shown["question"][0]
    assert full_session.window is not old_window and full_session.window.isVisible()
    assert full_session.document.report.cells.get(KEY) == before, "the edit made after the backup is gone"
    with Store(full_session.db_path) as fresh:
        assert fresh.load(full_session.document.report_id).cells.get(KEY) == before
    safety = [b for b in backups_of(full_session) if b.before_restore]
    assert len(safety) == 1, "the state before the restore is kept as a backup"
    with Store(safety[0].path) as kept:
        assert kept.load(full_session.document.report_id).cells.get(KEY) == 999
    assert safety[0].path.name in boxes.shown["information"][-1]
    assert full_session.document.set_cell_text(KEY, "7"), "the reopened store takes edits"
    with Store(full_session.db_path) as fresh:
        assert fresh.load(full_session.document.report_id).cells.get(KEY) == 7


def test_failed_restore_loses_nothing(full_session: Session, tmp_path: Path, boxes: Boxes) -> None:
    full_session.document.set_cell_text(KEY, "123")
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database" * 100)
    with pytest.raises(BackupError):
        full_session.restore(bad)
    assert full_session.document.report.cells.get(KEY) == 123
    assert full_session.document.set_cell_text(KEY, "124"), "the window works on an open store after the failure"
    with Store(full_session.db_path) as fresh:
        assert fresh.load(full_session.document.report_id).cells.get(KEY) == 124


def test_restore_from_a_file_refuses_what_is_not_a_backup(full_session: Session, tmp_path: Path, boxes: Boxes,
                                                          monkeypatch: pytest.MonkeyPatch, qtbot) -> None:
    text = tmp_path / "notes.db"
    text.write_text("会议记录", encoding="utf-8")
    other = tmp_path / "other.db"
    Store(other).close()
    plain = tmp_path / "plain.db"
    with sqlite3.connect(plain) as conn:
        conn.execute("CREATE TABLE x (a)")
    dialog = RestoreDialog(tmp_path / "nowhere", full_session.window)
    qtbot.addWidget(dialog)
    assert not dialog.backups and not dialog.restore_button.isEnabled()
    for path in (text, plain):  # plain: SQLite, but not nianbao's
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, _p=path, **k: (str(_p), ""))
        dialog.file_button.click()
        assert dialog.chosen is None
    assert len(boxes.shown["warning"]) == 2 and "不是可用的 nianbao 备份" in boxes.shown["warning"][0]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    dialog.file_button.click()
    assert dialog.chosen == other and dialog.result() == QDialog.DialogCode.Accepted


def test_backup_to_a_chosen_file(full_session: Session, tmp_path: Path, boxes: Boxes,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "U盘" / "年报备份"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    full_session.window.actions_["backup_copy"].trigger()
    written = target.with_suffix(".db")
    assert check_database(written).ok and not list(target.parent.glob(".~*"))
    with Store(written) as copy:
        assert len(copy.list_reports()) == 1


def test_open_data_folder(full_session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    full_session.window.actions_["data_folder"].trigger()
    assert [Path(u.toLocalFile()) for u in opened] == [full_session.db_path.parent]


def test_restore_dialog_screenshot(full_session: Session, boxes: Boxes, qtbot, qapp) -> None:
    choose_font(qapp)
    folder = full_session.db_path.parent / BACKUP_DIR_NAME
    for day in (25, 26, 27):
        make_backup(full_session.db_path, folder, keep=None, now=datetime(2026, 11, day, 17, 30, 5))
    make_backup(full_session.db_path, folder, keep=None, now=datetime(2026, 11, 27, 17, 42, 10), before_restore=True)
    dialog = RestoreDialog(full_session.db_path.parent / BACKUP_DIR_NAME, full_session.window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.list.topLevelItemCount() == 4 and dialog.restore_button.isEnabled()
    assert [dialog.list.topLevelItem(i).text(0)[:10] for i in range(4)] == [
        "2026-11-27", "2026-11-27", "2026-11-26", "2026-11-25"], "newest first"
    first = dialog.list.topLevelItem(0).text(2)
    assert "恢复前自动保存" in first and full_session.document.report.agency in first
    ARTIFACTS.mkdir(exist_ok=True)
    assert dialog.grab().save(str(ARTIFACTS / "restore_dialog.png"))


def test_restore_dialog_lists_by_sequence_and_marks_future_dates(full_session: Session, qtbot) -> None:
    folder = full_session.db_path.parent / BACKUP_DIR_NAME
    ahead = make_backup(full_session.db_path, folder, keep=None, now=datetime(2099, 6, 1, 10, 0, 0))
    later = make_backup(full_session.db_path, folder, keep=None, now=datetime(2000, 1, 1, 8, 0, 0))
    dialog = RestoreDialog(folder, full_session.window)
    qtbot.addWidget(dialog)
    rows = [(dialog.list.topLevelItem(i).text(0), dialog.list.topLevelItem(i).text(2))
            for i in range(dialog.list.topLevelItemCount())]
    assert [r[0][:4] for r in rows] == ["2000", "2099"], "made last, listed first, whatever the clock said"
    assert "日期晚于电脑当前时间" in rows[1][1] and "日期晚于" not in rows[0][1]
    assert dialog.backups[0].path == later and dialog.backups[1].path == ahead
