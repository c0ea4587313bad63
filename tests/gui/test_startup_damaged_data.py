"""Start the application on every kind of damaged database a tester can make: a Chinese message, the newest good
backup offered, the damaged file kept byte for byte, the finalised report back in the window."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from core.report import Report, SetCell
from core.store.backups import BACKUP_DIR_NAME, make_backup
from core.store.schema import SCHEMA_VERSION
from core.store.storage import Store
from gui import app as gui_app
from gui import settings as keys
from gui.main_window import MainWindow
from gui.settings import Settings
from gui.startup_checks import DB_NAME

Yes, No = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


class Seen:
    """Every message box of one start, and what the window showed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> None:
        self.questions: list[str] = []
        self.infos: list[str] = []
        self.errors: list[str] = []
        self.shown: list[tuple[str, str]] = []  # (title, status of the final report)

        def question(_parent, _title, text, *args, **kwargs):
            self.questions.append(text)
            return answer

        monkeypatch.setattr(QMessageBox, "question", question)
        monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: self.infos.append(text))
        monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: self.errors.append(text))
        monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: self.errors.append(text))
        monkeypatch.setattr(gui_app, "run_event_loop", self.event_loop)
        monkeypatch.setattr("gui.session.Session.new_report_interactive", lambda self, parent=None: None)
        monkeypatch.setattr("gui.session.Session.show_list", lambda self: False)

    def event_loop(self, _app: QApplication) -> int:
        for w in [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]:
            self.shown.append((w.windowTitle(), w.document.report.status))
            w.close()
        return 0


@pytest.fixture
def data() -> Path:
    folder = Path(os.environ["NIANBAO_DATA_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def final(data: Path, full_report: Report) -> str:
    """A finalised report in the database, backed up; returns its content hash."""
    full_report.meta["agency"] = "某某市档案馆"
    with Store(data / DB_NAME) as store:
        report_id = store.create(full_report)
        done = store.finalise(report_id, store.load(report_id))
    Settings().set(keys.LAST_REPORT, report_id)
    make_backup(data / DB_NAME, data / BACKUP_DIR_NAME)
    return done.content_hash


def _truncate(db: Path) -> None:
    db.write_bytes(db.read_bytes()[:3000])


def _garbage(db: Path) -> None:
    db.write_bytes(os.urandom(8192))


def _empty(db: Path) -> None:
    db.write_bytes(b"")


def _foreign(db: Path) -> None:
    db.unlink()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE photos (id INTEGER, path TEXT)")
    conn.commit()
    conn.close()


def _too_new(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.commit()
    conn.close()


def _smash_page(db: Path) -> None:
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 2: page * 4] = b"\xff" * (page * 2)
    db.write_bytes(bytes(data))


def _damaged_wal(db: Path) -> None:
    """An edit after the backup that lives only in the -wal (a crash), then the -wal is overwritten."""
    live = db.with_name("live.sqlite3")
    shutil.copyfile(db, live)
    conn = sqlite3.connect(live, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("UPDATE reports SET updated = 'later'")
    shutil.copyfile(str(live) + "-wal", str(db) + "-wal")
    conn.close()
    live.unlink()
    wal = bytearray(Path(str(db) + "-wal").read_bytes())
    wal[0] ^= 0xFF
    Path(str(db) + "-wal").write_bytes(bytes(wal))


@pytest.mark.parametrize(("damage", "words", "tag"), [
    (_truncate, "截断", "damaged"),
    (_garbage, "不是 nianbao 数据库文件", "damaged"),
    (_empty, "空的", "damaged"),
    (_foreign, "其他程序的数据库", "other-program"),
    (_too_new, "更新版本", "newer-version"),
    (_smash_page, "已损坏", "damaged"),
    (_damaged_wal, "日志文件", "damaged"),
])
def test_each_damage_is_named_and_the_backup_brings_the_final_report_back(
        data: Path, final: str, qapp, monkeypatch: pytest.MonkeyPatch, damage, words: str, tag: str) -> None:
    db = data / DB_NAME
    damage(db)
    damaged = {p.name: p.read_bytes() for p in data.glob(f"{DB_NAME}*")}
    seen = Seen(monkeypatch, Yes)
    assert gui_app.main([]) == 0
    assert len(seen.questions) == 1 and words in seen.questions[0] and "备份恢复" in seen.questions[0]
    assert f".{tag}-" in seen.questions[0]
    assert seen.shown and "某某市档案馆" in seen.shown[0][0] and seen.shown[0][1] == "final"
    (base,) = [p.name for p in data.glob(f"{DB_NAME}.{tag}-*") if not p.name.endswith(("-wal", "-shm"))]
    kept = {p.name.replace(base, DB_NAME): p.read_bytes() for p in data.glob(f"{DB_NAME}.{tag}-*")}
    assert kept == damaged, "the damaged file (with its -wal) is kept byte for byte"
    with Store(db) as store:
        (info,) = store.list_reports()
        assert store.load(info.id).content_hash == final


@pytest.mark.parametrize("damage", [_garbage, _foreign, _too_new, _damaged_wal])
def test_declining_leaves_every_byte(data: Path, final: str, qapp, monkeypatch: pytest.MonkeyPatch, damage) -> None:
    damage(data / DB_NAME)
    before = {p.relative_to(data).as_posix(): p.read_bytes() for p in data.rglob("*")
              if p.is_file() and p.name != "nianbao.lock"}
    seen = Seen(monkeypatch, No)
    assert gui_app.main([]) == 1
    assert seen.questions and not seen.shown and any("未做任何改动" in t for t in seen.infos)
    after = {p.relative_to(data).as_posix(): p.read_bytes() for p in data.rglob("*")
             if p.is_file() and p.name != "nianbao.lock"}
    assert after == before


def test_locked_database_says_what_to_do_and_changes_nothing(data: Path, final: str, qapp,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program holds an exclusive lock: no restore offer, a message to close it, nothing touched."""
    db = data / DB_NAME
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE reports SET updated = updated")
    try:
        before = db.read_bytes()
        seen = Seen(monkeypatch, Yes)
        assert gui_app.main([]) == 1
        assert not seen.questions and not seen.shown
        assert len(seen.errors) == 1 and "占用" in seen.errors[0] and "关闭" in seen.errors[0]
        assert "未做任何改动" in seen.errors[0]
        assert db.read_bytes() == before and not list(data.glob(f"{DB_NAME}.*-2*"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    seen = Seen(monkeypatch, Yes)
    assert gui_app.main([]) == 0 and seen.shown[0][1] == "final"


def test_read_only_database_file_is_explained(data: Path, final: str, qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store that cannot be opened for writing: a Chinese reason and no restore offer."""
    import core.store.storage

    real = core.store.storage.Store

    def read_only(path, *, journal=None):
        raise core.store.storage.StoreError(f"无法打开数据库：{path}："
                                      + core.store.storage.explain_open_error(
                                          sqlite3.OperationalError("attempt to write a readonly database")))

    monkeypatch.setattr(gui_app, "Store", read_only)  # the store main() opens
    seen = Seen(monkeypatch, Yes)
    assert gui_app.main([]) == 1
    assert len(seen.errors) == 1 and "只读" in seen.errors[0] and "未做任何改动" in seen.errors[0]
    assert not seen.errors[0].startswith("无法打开数据库：无法打开数据库")
    monkeypatch.setattr(gui_app, "Store", real)


def test_read_only_data_folder_is_a_message_not_a_traceback(data: Path, qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def refuse(path, flags, *args):
        if flags & os.O_CREAT and str(path).startswith(str(data)):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)
    seen = Seen(monkeypatch, Yes)
    assert gui_app.main([]) == 1
    assert len(seen.errors) == 1 and "不能写入" in seen.errors[0] and "没有写入权限" in seen.errors[0]
    assert "NIANBAO_DATA_DIR" in seen.errors[0]


def test_edits_after_restart_still_work_after_a_wal_recovery_without_backup(data: Path, full_report: Report, qapp,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    full_report.meta["agency"] = "某某市档案馆"
    with Store(data / DB_NAME) as store:
        report_id = store.create(full_report)
    Settings().set(keys.LAST_REPORT, report_id)
    _damaged_wal(data / DB_NAME)
    seen = Seen(monkeypatch, Yes)
    assert gui_app.main([]) == 0
    assert "没有可用的备份" in seen.questions[0] and seen.shown and seen.shown[0][1] == "draft"
    with Store(data / DB_NAME) as store:
        report = store.load(report_id)
        store.apply(report_id, report, SetCell("t2_1.norms.in_force", 5))
    assert list(data.glob(f"{DB_NAME}.damaged-*-wal"))
