"""Each way a tester can damage the data folder, on real files: a clear Chinese message, the newest good backup
offered, the damaged bytes kept, and a finalised report never lost."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from factories import full_2021_report

from core.datadir import DataDir, DataDirError, InstanceLockedError, acquire_instance_lock
from core.report import SetCell
from core.store.backups import (
    BackupError,
    backup_if_due,
    check_database,
    list_backups,
    make_backup,
    newest_good_backup,
    recovery_plan,
    restore_backup,
    rotate_backups,
    set_aside,
)
from core.store.schema import SCHEMA_VERSION, explain_open_error
from core.store.storage import Store, StoreError

T0 = datetime(2026, 3, 1, 9, 30, 0)
ROOT = Path(__file__).resolve().parents[3]


def crashed_store(folder: Path) -> tuple[Path, int, str]:
    """A store with a finalised report whose last edits and finalisation live only in the -wal file.

    The files are copied while the connection is open, as a crash (or power cut after the fsync) leaves them.
    Returns (db path, report id, the final content hash).
    """
    live = folder / "live" / "nianbao.sqlite3"
    live.parent.mkdir(parents=True)
    store = Store(live)
    report = full_2021_report()
    report_id = store.create(report)
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the draft is in the main file
    store._conn.execute("PRAGMA wal_autocheckpoint=0")
    store.apply(report_id, report, SetCell("t2_1.norms.in_force", 77))
    final = store.finalise(report_id, report)
    db = folder / "nianbao.sqlite3"
    for suffix in ("", "-wal"):
        shutil.copyfile(str(live) + suffix, str(db) + suffix)
    store.close()
    return db, report_id, final.content_hash


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def wal_of(db: Path) -> Path:
    return Path(str(db) + "-wal")


def test_the_self_test_names_a_damaged_wal_as_the_start_does(tmp_path: Path) -> None:
    """One check of the file before SQLite opens it (core.store.db_health), for the start and the self-test."""
    from core.store.selftest_db import DatabaseProblem, inspect_real_database

    db, _, _ = crashed_store(tmp_path)
    flip(wal_of(db), 32 + 24 + 100)
    damaged = wal_of(db).read_bytes(), db.read_bytes()
    with pytest.raises(DatabaseProblem) as raised:
        inspect_real_database(tmp_path)
    assert str(raised.value) == check_database(db).message and "中间的内容已损坏" in str(raised.value)
    assert (wal_of(db).read_bytes(), db.read_bytes()) == damaged


def test_leftover_wal_after_a_crash_is_replayed(tmp_path: Path) -> None:
    db, report_id, final_hash = crashed_store(tmp_path)
    assert check_database(db).ok
    with Store(db) as store:
        assert store.load(report_id).content_hash == final_hash


@pytest.mark.parametrize(("where", "words"), [("header", "文件头"), ("frame", "中间")])
def test_damaged_wal_is_detected_before_sqlite_drops_it(tmp_path: Path, where: str, words: str) -> None:
    db, report_id, final_hash = crashed_store(tmp_path)
    # The first frame's page data (header: 32 bytes, frame header: 24): later frames stay valid.
    flip(wal_of(db), 5 if where == "header" else 32 + 24 + 100)
    damaged = wal_of(db).read_bytes(), db.read_bytes()
    health = check_database(db)
    assert not health.ok and health.kind == "wal_damaged", health
    assert words in health.message and "日志文件" in health.message and str(db) in health.message
    assert (wal_of(db).read_bytes(), db.read_bytes()) == damaged  # checking changed nothing
    # Without a backup: the pair is kept as it was, the main file (the draft before the crash) reopened.
    plan = recovery_plan(db, tmp_path / "backups")
    assert plan is not None and plan.backup is None and "仍能读出的内容" in plan.question
    kept = set_aside(db, now=T0, kind="wal_damaged")
    assert kept.name == "nianbao.sqlite3.damaged-20260301-093000"
    assert (wal_of(kept).read_bytes(), kept.read_bytes()) == damaged
    assert check_database(db).ok and not wal_of(db).exists()
    with Store(db) as store:
        assert store.load(report_id).status == "draft"
    # The finalised report is still in the kept pair: replayed where SQLite can read it, it is all there.
    repaired = tmp_path / "repaired.sqlite3"
    shutil.copyfile(kept, repaired)
    original = bytearray(damaged[0])
    original[5 if where == "header" else 32 + 24 + 100] ^= 0xFF
    wal_of(repaired).write_bytes(bytes(original))
    with Store(repaired) as store:
        assert store.load(report_id).content_hash == final_hash


def _frames(wal: bytes) -> list[tuple[int, bool]]:
    """(offset, is a commit frame) of each frame of a -wal file."""
    page = int.from_bytes(wal[8:12], "big")
    return [(o, int.from_bytes(wal[o + 4:o + 8], "big") != 0) for o in range(32, len(wal) - page - 23, page + 24)]


def test_damaged_wal_without_backup_keeps_the_transactions_before_the_damage(tmp_path: Path) -> None:
    db, report_id, _ = crashed_store(tmp_path)
    frames = _frames(wal_of(db).read_bytes())
    first_commit = next(i for i, (_, commit) in enumerate(frames) if commit)
    assert first_commit < len(frames) - 2, "the edit and the finalisation are separate transactions"
    flip(wal_of(db), frames[first_commit + 1][0] + 24 + 50)  # the finalisation's first page
    assert check_database(db).kind == "wal_damaged"
    set_aside(db, now=T0, kind="wal_damaged")
    with Store(db) as store:
        report = store.load(report_id)
    assert report.status == "draft" and report.cells["t2_1.norms.in_force"] == 77, "the edit before the damage"


def test_damaged_wal_with_a_backup_restores_and_keeps_the_pair(tmp_path: Path) -> None:
    db, report_id, final_hash = crashed_store(tmp_path)
    folder = tmp_path / "backups"
    make_backup(db, folder, now=T0)  # replays the intact -wal: the backup holds the finalised report
    wal_of(db).write_bytes(b"\x00\x01garbage" * 500)  # then a later -wal is overwritten
    damaged = wal_of(db).read_bytes()
    plan = recovery_plan(db, folder)
    assert plan is not None and plan.health.kind == "wal_damaged" and plan.backup is not None
    result = restore_backup(plan.backup, db, folder, now=T0 + timedelta(hours=1))
    assert wal_of(result.previous_copy).read_bytes() == damaged
    with Store(db) as store:
        assert store.load(report_id).content_hash == final_hash


def test_torn_last_frame_is_normal(tmp_path: Path) -> None:
    """A power cut in the middle of writing the last frame: SQLite drops only that unfinished write."""
    db, _report_id, _ = crashed_store(tmp_path)
    data = wal_of(db).read_bytes()
    wal_of(db).write_bytes(data[:-100])
    assert check_database(db).ok


def foreign_db(path: Path, user_version: int = 0) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('张三', '010-1')")
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("user_version", [0, 7])
def test_database_of_another_program_is_never_written(tmp_path: Path, user_version: int) -> None:
    db = foreign_db(tmp_path / "nianbao.sqlite3", user_version)
    before = db.read_bytes()
    health = check_database(db)
    assert not health.ok and health.kind == "foreign" and "其他程序" in health.message and "contacts" in health.message
    with pytest.raises(StoreError, match=r"其他程序|不是 nianbao"):
        Store(db).close()
    with pytest.raises(BackupError):
        make_backup(db, tmp_path / "backups", now=T0)
    assert db.read_bytes() == before and list_backups(tmp_path / "backups") == []


def test_foreign_database_is_set_aside_when_a_backup_is_restored(tmp_path: Path) -> None:
    db = tmp_path / "nianbao.sqlite3"
    with Store(db) as store:
        report_id = store.create(full_2021_report())
    folder = tmp_path / "backups"
    make_backup(db, folder, now=T0)
    db.unlink()
    foreign_db(db)
    before = db.read_bytes()
    plan = recovery_plan(db, folder)
    assert plan is not None and plan.backup is not None and ".other-program-" in plan.question
    result = restore_backup(plan.backup, db, folder, now=T0 + timedelta(hours=1))
    assert result.previous_copy.name == "nianbao.sqlite3.other-program-20260301-103000"
    assert result.previous_copy.read_bytes() == before
    with Store(db) as store:
        assert store.load(report_id).agency


def too_new(path: Path) -> Path:
    with Store(path) as store:
        store.create(full_2021_report())
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    return path


def test_newer_schema_is_named_and_kept(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    db = tmp_path / "nianbao.sqlite3"
    with Store(db) as store:
        store.create(full_2021_report())
    good = make_backup(db, folder, now=T0)
    db.unlink()
    too_new(db)
    newer_backup = folder / "nianbao-20260302-093000.db"  # what the newer program backed up
    shutil.copyfile(db, newer_backup)
    before = db.read_bytes()
    health = check_database(db)
    assert not health.ok and health.kind == "too_new" and "新版本" in health.message
    plan = recovery_plan(db, folder)
    assert plan.backup is not None and plan.backup.path == good  # the newer program's backup is not offered
    assert "建议选“否”" in plan.question and ".newer-version-" in plan.question
    with pytest.raises(BackupError, match="新版本"):
        restore_backup(newer_backup, db, folder)
    result = restore_backup(plan.backup, db, folder, now=T0 + timedelta(days=2))
    assert result.previous_copy.read_bytes() == before and ".newer-version-" in result.previous_copy.name


def test_rotation_never_deletes_the_only_good_backup(tmp_path: Path) -> None:
    db = tmp_path / "nianbao.sqlite3"
    with Store(db) as store:
        store.create(full_2021_report())
    folder = tmp_path / "backups"
    good = make_backup(db, folder, now=T0)
    for day in range(1, 31):  # 30 newer backups, all damaged on disk later
        bad = folder / f"nianbao-{T0 + timedelta(days=day):%Y%m%d-%H%M%S}-s{day + 1:06d}.db"
        bad.write_bytes(good.read_bytes()[:5000])
    removed = rotate_backups(folder, keep=30)
    assert removed == [] and good.exists()
    assert newest_good_backup(folder).path == good
    # Once a good one is among the newest 30, the old one may go.
    made = make_backup(db, folder, now=T0 + timedelta(days=40))
    assert not good.exists() and newest_good_backup(folder).path == made


def test_damaged_newest_backup_does_not_stop_the_backup_on_start(tmp_path: Path) -> None:
    db = tmp_path / "nianbao.sqlite3"
    with Store(db) as store:
        store.create(full_2021_report())
    folder = tmp_path / "backups"
    first = make_backup(db, folder, now=T0)
    first.write_bytes(b"")  # the only backup got damaged after it was written
    os.utime(first, (db.stat().st_mtime + 100,) * 2)
    made = backup_if_due(db, folder, now=T0 + timedelta(minutes=5), on_start=True)
    assert made is not None and check_database(made).ok


@pytest.mark.parametrize(("message", "words"), [
    ("attempt to write a readonly database", "只读"),
    ("unable to open database file", "权限"),
    ("database is locked", "占用"),
    ("file is not a database", "损坏"),
])
def test_store_open_errors_say_what_to_do(message: str, words: str) -> None:
    text = explain_open_error(sqlite3.OperationalError(message))
    assert words in text and message in text


def test_read_only_data_folder_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def refuse(path, flags, *args):
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)
    folder = tmp_path / "只读"
    folder.mkdir()
    with pytest.raises(DataDirError) as caught:
        DataDir(folder, False, False, "").ensure()
    text = str(caught.value)
    assert "不能写入" in text and "没有写入权限" in text and "NIANBAO_DATA_DIR" in text
    with pytest.raises(DataDirError) as caught:
        DataDir(folder, True, False, "").ensure()
    assert "便携模式" in str(caught.value)
    with pytest.raises(DataDirError, match="没有写入权限"):
        acquire_instance_lock(folder)


NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def _python_for_nobody() -> str | None:
    """An interpreter user nobody may run (the venv may sit in a private folder); None when there is none."""
    for candidate in (os.path.realpath(sys.executable), shutil.which("python3.11"), shutil.which("python3")):
        probe = [*NOBODY, candidate or "", "-c", "import sqlite3"]
        if candidate and subprocess.run(probe, capture_output=True).returncode == 0:
            return candidate
    return None


@pytest.mark.skipif(os.name != "posix" or not shutil.which("setpriv") or os.geteuid() != 0,
                    reason="needs root to drop to an unprivileged user")
def test_read_only_folder_for_a_real_user() -> None:
    """As an ordinary user, in an existing folder that user may not write: the write check's Chinese message.

    Wherever the checkout lives (a private ``mktemp -d`` clone): the code and the data folder are put in a
    fresh temporary folder the user can enter, so that only the data folder's own permissions are tested.
    """
    python = _python_for_nobody()
    if python is None:
        pytest.skip("no Python interpreter that user nobody may run")
    base = Path(tempfile.mkdtemp(prefix="nianbao-nobody-"))
    try:
        os.chmod(base, 0o755)
        shutil.copytree(ROOT / "core", base / "code" / "core", ignore=shutil.ignore_patterns("__pycache__"))
        folder = base / "数据"
        folder.mkdir()
        os.chmod(folder, 0o555)  # exists and can be entered: mkdir succeeds, the write check must refuse
        code = ("import pathlib\nfrom core.datadir import DataDir\n"
                f"DataDir(pathlib.Path({str(folder)!r}), False, False, '').ensure()")
        out = subprocess.run([*NOBODY, python, "-B", "-c", code], cwd=base, capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(base / "code")})
        assert out.returncode != 0 and "DataDirError" in out.stderr, out.stderr
        assert f"数据文件夹不能写入：{folder}（没有写入权限）" in out.stderr, out.stderr
        assert list(folder.iterdir()) == []
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_stale_lock_of_a_killed_process_does_not_block(tmp_path: Path) -> None:
    folder = tmp_path / "数据"
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from core.datadir import acquire_instance_lock
        lock = acquire_instance_lock({str(folder)!r})
        print("locked", flush=True)
        time.sleep(600)
    """)], cwd=ROOT, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(InstanceLockedError, match="已在运行"):
            acquire_instance_lock(folder)
        child.send_signal(signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert (folder / "nianbao.lock").exists()  # the file stays; the OS dropped the lock with the process
    with acquire_instance_lock(folder) as lock:
        assert lock.held


@pytest.mark.parametrize("name", ["portable", "portable.txt"])
def test_portable_marker_made_in_explorer(tmp_path: Path, name: str) -> None:
    from core.datadir import resolve_data_dir

    exe = tmp_path / "U盘" / "nianbao"
    exe.mkdir(parents=True)
    (exe / name).write_bytes(b"")
    data = resolve_data_dir({"HOME": str(tmp_path)}, exe_dir=exe, platform="linux")
    assert data.portable and data.path == exe / "data"
    assert data.ensure() == exe / "data" and not list((exe / "data").iterdir())  # the write probe leaves nothing
