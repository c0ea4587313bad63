"""Start-up: a damaged database is offered the newest good backup, backups on start, the network warning."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from core.datadir import DataDir
from core.report import Report
from core.store.backups import BACKUP_DIR_NAME, check_database, list_backups, make_backup
from core.store.storage import Store
from gui import app as gui_app
from gui import settings as keys
from gui.main_window import MainWindow
from gui.settings import Settings
from gui.startup_checks import BACKUP_INTERVAL_MS, DB_NAME, BackupScheduler

GARBAGE = b"this is not a database, it was overwritten by something else" * 20


@pytest.fixture
def data() -> Path:
    folder = Path(os.environ["NIANBAO_DATA_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_with_report(data: Path, report: Report, agency: str = "某某市档案馆") -> int:
    """A database holding one report, remembered as the last one opened."""
    report.meta["agency"] = agency
    with Store(data / DB_NAME) as store:
        report_id = store.create(report)
    Settings().set(keys.LAST_REPORT, report_id)
    return report_id


class Seen:
    """What main() showed: message boxes asked, window titles, status messages, the window's journal mode."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> None:
        self.questions: list[str] = []
        self.infos: list[str] = []
        self.titles: list[str] = []
        self.status: list[str] = []
        self.journal: list[str] = []
        self.warning_boxes: list[str] = []

        def question(_parent, _title, text, *args, **kwargs):
            self.questions.append(text)
            return answer

        monkeypatch.setattr(QMessageBox, "question", question)
        monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: self.infos.append(text))
        monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: self.infos.append(text))
        monkeypatch.setattr(gui_app, "run_event_loop", self.event_loop)

    def event_loop(self, _app: QApplication) -> int:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        for w in windows:
            self.titles.append(w.windowTitle())
            self.status.append(w.statusBar().currentMessage())
            conn = w.document.store._conn
            self.journal.append(conn.execute("PRAGMA journal_mode").fetchone()[0])
            self.warning_boxes += [b.text() for b in w.findChildren(QMessageBox, "network_warning") if b.isVisible()]
            w.close()
        return 0


def test_damaged_database_is_restored_from_the_newest_backup(data: Path, full_report: Report, qapp,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    store_with_report(data, full_report)
    make_backup(data / DB_NAME, data / BACKUP_DIR_NAME)
    (data / DB_NAME).write_bytes(GARBAGE)
    seen = Seen(monkeypatch, QMessageBox.StandardButton.Yes)
    assert gui_app.main([]) == 0
    assert seen.questions and "不是 nianbao 数据库文件" in seen.questions[0] and "备份恢复" in seen.questions[0]
    assert seen.titles and "某某市档案馆" in seen.titles[0], "the restored report is shown"
    damaged = list(data.glob(f"{DB_NAME}.damaged-*"))
    assert len(damaged) == 1 and damaged[0].read_bytes() == GARBAGE, "the damaged bytes are kept"
    assert check_database(data / DB_NAME).ok


def test_truncated_database_without_backup_is_set_aside(data: Path, full_report: Report, qapp,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    store_with_report(data, full_report)
    whole = (data / DB_NAME).read_bytes()
    (data / DB_NAME).write_bytes(whole[: len(whole) // 2 + 100])
    seen = Seen(monkeypatch, QMessageBox.StandardButton.Yes)
    monkeypatch.setattr("gui.session.Session.new_report_interactive", lambda self, parent=None: None)
    assert gui_app.main([]) == 0
    assert "没有可用的备份" in seen.questions[0] and "截断" in seen.questions[0]
    kept = list(data.glob(f"{DB_NAME}.damaged-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == whole[: len(whole) // 2 + 100]


def test_declining_changes_nothing(data: Path, full_report: Report, qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    store_with_report(data, full_report)
    make_backup(data / DB_NAME, data / BACKUP_DIR_NAME)
    (data / DB_NAME).write_bytes(GARBAGE)
    before = sorted(p.relative_to(data).as_posix() for p in data.rglob("*") if p.name != "nianbao.lock")
    backups_before = [(b.path, b.path.read_bytes()) for b in list_backups(data / BACKUP_DIR_NAME)]
    seen = Seen(monkeypatch, QMessageBox.StandardButton.No)
    assert gui_app.main([]) == 1
    assert seen.questions and not seen.titles, "no window opened"
    assert (data / DB_NAME).read_bytes() == GARBAGE
    assert sorted(p.relative_to(data).as_posix() for p in data.rglob("*") if p.name != "nianbao.lock") == before
    assert [(b.path, b.path.read_bytes()) for b in list_backups(data / BACKUP_DIR_NAME)] == backups_before
    assert any("未做任何改动" in text for text in seen.infos)


def test_backup_on_start(data: Path, full_report: Report, qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    report_id = store_with_report(data, full_report)
    seen = Seen(monkeypatch, QMessageBox.StandardButton.Yes)
    assert gui_app.main([]) == 0
    assert not seen.questions
    made = list_backups(data / BACKUP_DIR_NAME)
    assert len(made) == 1 and check_database(made[0].path).ok
    with Store(made[0].path) as copy:
        assert copy.load(report_id).agency == "某某市档案馆"
    assert any("已自动备份" in text for text in seen.status)
    assert seen.journal == ["wal"]


def test_network_folder_warned_once_and_uses_the_rollback_journal(data: Path, full_report: Report, qapp,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    store_with_report(data, full_report)
    monkeypatch.setattr("gui.app.resolve_data_dir", lambda: DataDir(data, False, True, "测试"))
    seen = Seen(monkeypatch, QMessageBox.StandardButton.Yes)
    assert gui_app.main([]) == 0
    assert len(seen.warning_boxes) == 1 and "网络位置" in seen.warning_boxes[0]
    assert "网络位置" in seen.status[0]
    assert seen.journal == ["delete"]
    assert gui_app.main([]) == 0  # the next start: the status bar only
    assert len(seen.warning_boxes) == 1
    assert "网络位置" in seen.status[1]


def test_locked_or_unreadable_database_exits_without_change(data: Path, full_report: Report, qapp,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    store_with_report(data, full_report)
    from core.store.backups import DbHealth
    monkeypatch.setattr("gui.startup_checks.check_database",
                        lambda _p: DbHealth(False, "数据库正被另一个程序占用", "locked"))
    seen = Seen(monkeypatch, QMessageBox.StandardButton.Yes)
    assert gui_app.main([]) == 1
    assert not seen.questions and "占用" in seen.infos[0] and not seen.titles


def test_backup_failure_is_a_message_not_a_crash(tmp_path: Path, full_report: Report) -> None:
    db = tmp_path / DB_NAME
    with Store(db) as store:
        store.create(full_report)
    (tmp_path / BACKUP_DIR_NAME).write_text("a file where the backup folder should be", encoding="utf-8")
    messages: list[str] = []
    scheduler = BackupScheduler(db, messages.append)
    assert scheduler.run(on_start=True) is None
    assert messages and messages[0].startswith("自动备份失败")
    assert scheduler.timer.interval() == BACKUP_INTERVAL_MS


def test_missing_database_beside_backups_is_no_first_run(data: Path, full_report: Report, qapp,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """What a kill during restore used to leave (no database, a damaged file kept): restore is offered."""
    store_with_report(data, full_report)
    make_backup(data / DB_NAME, data / BACKUP_DIR_NAME)
    os.replace(data / DB_NAME, data / f"{DB_NAME}.damaged-20261201-120000")
    seen = Seen(monkeypatch, QMessageBox.StandardButton.Yes)
    assert gui_app.main([]) == 0
    assert seen.questions and "数据库文件不存在" in seen.questions[0]
    assert f"{DB_NAME}.damaged-20261201-120000" in seen.questions[0]
    assert seen.titles and "某某市档案馆" in seen.titles[0], "the backup was restored, not an empty start"


def test_missing_database_refused_changes_nothing(data: Path, full_report: Report, qapp,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    store_with_report(data, full_report)
    make_backup(data / DB_NAME, data / BACKUP_DIR_NAME)
    (data / DB_NAME).unlink()
    seen = Seen(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert gui_app.main([]) == 1
    assert not (data / DB_NAME).exists() and not seen.titles


def test_interrupted_restore_is_finished_at_start(data: Path, full_report: Report, qapp,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from core.store.restore_journal import staging_path, write_journal
    store_with_report(data, full_report, agency="恢复后的机关")
    backup = make_backup(data / DB_NAME, data / BACKUP_DIR_NAME)
    (data / DB_NAME).unlink()
    staging_path(data / DB_NAME).write_bytes(backup.read_bytes())  # killed just before the rename
    write_journal(data / DB_NAME, {"phase": "replace", "source": str(backup), "previous": ""})
    seen = Seen(monkeypatch, QMessageBox.StandardButton.Yes)
    assert gui_app.main([]) == 0
    assert any("现已完成恢复" in text for text in seen.infos)
    assert not seen.questions and seen.titles and "恢复后的机关" in seen.titles[0]


def test_start_removes_what_killed_processes_left(data: Path, full_report: Report, qapp,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    store_with_report(data, full_report)
    good = make_backup(data / DB_NAME, data / BACKUP_DIR_NAME)
    half = data / BACKUP_DIR_NAME / f"{good.name}.999999999.tmp"  # a start-up backup killed half-way
    half.write_bytes(good.read_bytes()[:4096])
    probe = data / ".nianbao-write-test-999999999"  # a probe left by a full disk
    probe.write_bytes(b"")
    seen = Seen(monkeypatch, QMessageBox.StandardButton.Yes)
    assert gui_app.main([]) == 0 and seen.titles
    assert not half.exists() and not probe.exists() and good.exists()
