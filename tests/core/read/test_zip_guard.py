"""Zip archives (workbooks, Word files) are measured before they are parsed: a zip bomb is refused, the
limits count entries, size and ratio, and a checked stream is left at its start."""

from __future__ import annotations

import io
import json
import resource
import zipfile
from pathlib import Path

import pytest
from factories import full_2021_report

from core.export.xlsx import write_xlsx
from core.read.read_any import read_any_report
from core.read.zip_guard import ZipLimits, check_zip, zip_problem
from core.report import ReportFileError
from nianbao.cli import main


def _bomb(path: Path, size: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as stream:
            chunk = b"<c>" + b" " * (1024 * 1024 - 3)
            for _ in range(size // len(chunk)):
                stream.write(chunk)
    return path


def test_zip_bomb_workbook_is_refused_before_parsing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _bomb(tmp_path / "bomb.xlsx", 300 * 1024 * 1024)
    assert path.stat().st_size < 2 * 1024 * 1024
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ReportFileError, match=r"解压后.*已拒绝读取"):
        read_any_report(path)
    assert main(["check", "--json", str(path)]) == 2
    (row,) = json.loads(capsys.readouterr().out)
    assert "bomb.xlsx" in row["message"] and "解压后" in row["message"]
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 100 * 1024


def test_zip_limits_count_size_and_ratio() -> None:
    def info(name: str, size: int, packed: int) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(name)
        entry.file_size, entry.compress_size = size, packed
        return entry

    small = ZipLimits(max_total=1000, max_entries=3, max_ratio=10, ratio_floor=100)
    assert zip_problem([info("a", 500, 100)], small) is None
    assert "4 个部件" in zip_problem([info(str(n), 1, 1) for n in range(4)], small)
    assert "上限" in zip_problem([info("a", 2000, 1000)], small)
    assert "压缩了 50 倍" in zip_problem([info("a", 500, 10)], small)
    assert zip_problem([info("a", 90, 1)], small) is None  # a tiny entry may compress well


def test_check_zip_leaves_a_stream_at_its_start_and_passes_non_zips(tmp_path: Path) -> None:
    data = io.BytesIO()
    write_xlsx(full_2021_report(), data)
    data.seek(100)
    check_zip(data)
    assert data.tell() == 0
    (tmp_path / "x.txt").write_text("not a zip")
    check_zip(tmp_path / "x.txt")
