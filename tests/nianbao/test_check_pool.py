"""``nianbao check`` on several processes prints what one process prints, byte for byte; the importers load late."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from factories import full_2021_report

from core.read.report_file import report_to_json
from nianbao import check_pool
from nianbao.cli_check import run_check

ROOT = Path(__file__).parents[2]
IMPORT = ROOT / "tests" / "fixtures" / "import"


def _batch(folder: Path) -> list[Path]:
    """Two years of several agencies (pairs found among the files), errors, a broken file and an empty one."""
    paths = []
    for i in range(14):
        for year in (2022, 2023):
            if year == 2022 and i % 3:
                continue
            report = full_2021_report(year)
            report.meta["agency"] = f"示例县第{i}局"
            if i % 4 == 0:
                report.cells["t3.N.C1"] = 30 + i  # an unbalanced column: errors
            if i == 5:
                report.meta["agency"] = "示例县\x1b[31m局"  # control characters are escaped the same way
            path = folder / f"{i:02d}-{year}.json"
            path.write_text(report_to_json(report), encoding="utf-8")
            paths.append(path)
    (folder / "07-broken.json").write_text("{not json", encoding="utf-8")
    (folder / "08-empty.json").write_text("", encoding="utf-8")
    paths += [folder / "07-broken.json", folder / "08-empty.json", folder / "missing.json",
              folder / "nomatch*.json", paths[3]]  # a file named twice
    return paths


def _output(files: list[Path], workers: int, **kwargs) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run_check(files, kwargs.pop("previous", None), workers=workers, **kwargs)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("as_json", [False, True])
@pytest.mark.parametrize("with_previous", [False, True])
def test_the_pool_prints_what_one_process_prints(tmp_path: Path, as_json: bool, with_previous: bool) -> None:
    files = _batch(tmp_path)
    previous = files[0] if with_previous else None
    serial = _output(files, 1, as_json=as_json, previous=previous)
    assert check_pool.pool_outcomes(files, previous, as_json, 3) is not None  # the pool really ran here
    for workers in (2, 3):
        assert _output(files, workers, as_json=as_json, previous=previous) == serial
    if not as_json:
        assert "对照 2022 年报告" in serial[1] and "无法读取" in serial[1] and serial[0] == 2
    else:
        rows = json.loads(serial[1])
        assert {r["rule"] for r in rows} >= {"READ"} and len({r["file"] for r in rows}) > 5


def test_pool_size_for_many_files_only() -> None:
    assert check_pool.pool_size(10) == 1
    assert check_pool.pool_size(check_pool.POOL_MIN_FILES - 1) == 1
    assert 1 <= check_pool.pool_size(10_000) <= check_pool.MAX_WORKERS


def test_runs_keep_the_order() -> None:
    items = list(range(23))
    runs = check_pool._runs(items, 5)
    assert len(runs) <= 5 and [x for run in runs for x in run] == items


_DEFERRED = r"""
import contextlib, io, sys
from pathlib import Path
from nianbao.cli import main
folder, fixtures = Path(sys.argv[1]), Path(sys.argv[2])
out = io.StringIO()
with contextlib.redirect_stdout(out):
    main(["check", str(folder / "r.json")])
    main(["export", str(folder / "r.json"), "--to", str(folder / "r.xlsx")])
    main(["check", str(folder / "r.xlsx")])
print("before", "core.importers" in sys.modules)
for name in ("shanghai_bgt_2019.docx", "shanghai_bgt_2019.html", "shanghai_bgt_2019.pdf", "pingtan_2019_flat.txt",
             "other.xlsx"):
    path = fixtures / name if name != "other.xlsx" else folder / name
    with contextlib.redirect_stdout(io.StringIO()) as text:
        code = main(["check", str(path)])
    print(name, code, "政府信息公开" in text.getvalue())
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["import", str(fixtures / "pingtan_2019_flat.txt")])
print("import", code)
"""


def test_importers_load_only_for_a_document_to_import(tmp_path: Path) -> None:
    """check/export of own files never import core.importers (speed); every kind of document still imports."""
    from tests.core.importers.test_import_xlsx import _other_layout

    (tmp_path / "r.json").write_text(report_to_json(full_2021_report(2023)), encoding="utf-8")
    _other_layout(tmp_path / "other.xlsx")
    result = subprocess.run([sys.executable, "-c", _DEFERRED, str(tmp_path), str(IMPORT)], capture_output=True,
                            text=True, cwd=ROOT, timeout=120)
    lines = result.stdout.splitlines()
    assert lines[0] == "before False", result.stderr
    for line in lines[1:6]:
        _name, code, found = line.split()
        assert code in ("0", "1") and found == "True", line
    assert lines[6] in ("import 0", "import 1")
