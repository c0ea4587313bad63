"""Leftovers on a really full disk (a 64 KB tmpfs) and after kills: nothing stays behind, no traceback, and
an export onto a symbolic link writes through it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from core.atomic import ExportError, atomic_write
from core.datadir import DataDir, DataDirError
from core.store.backups import make_backup
from core.store.leftovers import clean_stale_files, stale_files
from core.store.restore_journal import PAUSE_ENV
from tests.core.store.test_backups import make_db

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "tests" / "fixtures" / "seed_2020.json"


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KB file system, filled up but for a few bytes (skipped where mounting is not allowed)."""
    point = tmp_path / "满盘"
    point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(point)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("mounting a small tmpfs is not permitted here")
    try:
        (point / "数据").mkdir()  # made while there is room
        fd = os.open(point / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            while os.write(fd, b"\0" * 512):  # fill it to the last byte
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        yield point
    finally:
        subprocess.run(["umount", str(point)], check=False)


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def cli(*args: str) -> subprocess.CompletedProcess:
    code = "import sys; from nianbao.cli import main; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.parametrize("suffix", [".xlsx", ".pdf", ".json"])
def test_export_on_a_full_disk_says_so_without_a_traceback(full_disk: Path, suffix: str) -> None:
    before = names(full_disk)
    out = cli("export", str(SEED), "--to", str(full_disk / f"年报{suffix}"))
    assert out.returncode != 0
    assert "磁盘空间不足" in out.stderr, out.stderr
    assert "Traceback" not in out.stderr and "Exception ignored" not in out.stderr, out.stderr
    assert names(full_disk) == before  # no half-written file, no temporary file


def test_atomic_write_turns_every_os_error_into_chinese(tmp_path: Path) -> None:
    def fails(_stream) -> None:
        raise OSError(5, "Input/output error")

    with pytest.raises(ExportError, match="磁盘读写出错"):
        atomic_write(tmp_path / "a.xlsx", fails)
    assert list(tmp_path.iterdir()) == []


def test_data_folder_on_a_full_disk_leaves_no_write_probe(full_disk: Path) -> None:
    folder = full_disk / "数据"
    for _ in range(3):  # one per start, before the fix
        with pytest.raises(DataDirError, match="磁盘空间不足"):
            DataDir(folder, False, False, "").ensure()
    assert list(folder.iterdir()) == []


def test_export_onto_a_symbolic_link_writes_through_it(tmp_path: Path) -> None:
    real = tmp_path / "共享" / "年报.xlsx"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "桌面快捷.xlsx"
    link.symlink_to(real)
    out = cli("export", str(SEED), "--to", str(link))
    assert out.returncode == 0, out.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)  # the link is still a link
    book = openpyxl.load_workbook(real)  # the target holds the export
    assert book.sheetnames
    assert names(tmp_path) == {"共享", "桌面快捷.xlsx"} and names(real.parent) == {"年报.xlsx"}


def test_export_onto_a_link_to_a_missing_file_creates_the_target(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "target.json")
    atomic_write(link, lambda stream: stream.write(b"{}"))
    assert link.is_symlink() and (tmp_path / "target.json").read_bytes() == b"{}"


CHILD = """
import sys, time
from pathlib import Path
from core.store import backups
real = backups.check_database
def slow(path):
    if str(path).endswith(".tmp"):
        print("PAUSED", flush=True)
        time.sleep(3600)
    return real(path)
backups.check_database = slow
backups.make_backup(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def test_a_start_up_backup_killed_half_way_is_cleaned_at_the_next_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    db = make_db(data / "nianbao.sqlite3", ["甲"])
    folder = data / "backups"
    good = make_backup(db, folder)
    leftovers = []
    for _ in range(3):  # three kills while the copy is being verified
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(folder)], stdout=subprocess.PIPE,
                                 text=True, env={**os.environ, "PYTHONPATH": str(ROOT), PAUSE_ENV: ""})
        assert child.stdout is not None and child.stdout.readline().strip() == "PAUSED"
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        leftovers += [p for p in folder.iterdir() if p.name.endswith(".tmp") and p not in leftovers]
    assert len(leftovers) == 3 and all(p.stat().st_size > 0 for p in leftovers)
    (folder / "nianbao-20200101-000000.db.tmp").write_bytes(b"an older version's leftover")
    (data / ".nianbao-write-test-999999999").write_bytes(b"")  # no such process
    mine = data / f".nianbao-write-test-{os.getpid()}"
    mine.write_bytes(b"")  # a live process's probe is left alone
    (data / ".~nianbao.sqlite3.damaged-20261201-120000.tmp").write_bytes(b"half a copy")
    (data / "nianbao.sqlite3.restore-journal.tmp").write_text("{", encoding="utf-8")
    removed = clean_stale_files(data, folder)
    assert len(removed) == 7
    assert names(folder) == {good.name} and names(data) == {"nianbao.sqlite3", "backups", mine.name}
    assert stale_files(data, folder) == []
