"""The 汇总 board workbook and the 汇总's own workbook: written without any reader, importer or store, and
worded from core.wording like the board text and the window."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from core.export.board_xlsx import STATUS_HEADERS, STATUS_SHEET
from core.export.xlsx_layout import META_SHEET
from core.wording import UNIT_CHANGED, UNIT_STATUS_LABELS

ROOT = Path(__file__).resolve().parents[3]

# Run in a fresh interpreter: every reader, importer, store and the 汇总's own modules refuse to load.
_WRITE_BOTH = '''
import importlib.abc, sys
from pathlib import Path
BLOCKED = ("core.read", "core.importers", "core.store", "core.aggregate", "core.aggregate_units")

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.startswith(BLOCKED):
            raise ImportError("an export imported " + name)

sys.meta_path.insert(0, Block())
from core.export.board_xlsx import write_board_xlsx
from core.export.xlsx import write_xlsx
from core.report import SCOPE_AGGREGATE, Report, Source

class Unit:
    path, status, errors, warnings, uncertain, missing = Path("甲局.json"), "changed", [], [], [], []
    agency, year, edition = "甲局", 2023, "2021"
    def included(self, include_errors=False): return True
    def reason(self, include_errors=False): return ""

class Board:
    units, include_errors = [Unit()], False

report = Report.blank(2023, "某县人民政府", "government")
report.scope = SCOPE_AGGREGATE
report.sources = [Source("甲局", "甲局.json", "ab" * 32, "changed", {"t2_1.norms.in_force": 3})]
out = Path(sys.argv[1])
with open(out / "sum.xlsx", "wb") as stream:
    write_xlsx(report, stream)
with open(out / "board.xlsx", "wb") as stream:
    write_board_xlsx(Board(), report, stream)
'''


def test_a_summary_and_its_board_are_written_with_every_reader_blocked(tmp_path: Path) -> None:
    """The exports import no reader even indirectly; the unit's status reads as the board text words it."""
    run = subprocess.run([sys.executable, "-c", _WRITE_BOTH, str(tmp_path)], cwd=ROOT, capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stderr
    label = UNIT_STATUS_LABELS[UNIT_CHANGED]
    meta = load_workbook(tmp_path / "sum.xlsx")[META_SHEET]
    sources = [row[1] for row in meta.iter_rows(values_only=True) if row[0] == "汇总来源 1"]
    assert sources == [f"甲局（甲局.json，{label}，文件校验码 {'ab' * 32}）"]
    board = load_workbook(tmp_path / "board.xlsx")[STATUS_SHEET]
    assert board.cell(2, STATUS_HEADERS.index("状态") + 1).value == label == "定稿后被改动"
