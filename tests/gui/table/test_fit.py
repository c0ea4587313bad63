"""Every value column of the official tables shows its widest value (six-digit counts) and its heading, at
office screen sizes, dock shown or hidden, at 100 % and 150 % scaling, measured with the font in use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontMetrics

from gui.app import choose_font
from gui.document import ReportDocument
from gui.main_window import MainWindow
from gui.settings import Settings
from gui.table.count_table_view import CountTableView
from gui.table.fit import break_label, segments

ROOT = Path(__file__).resolve().parents[3]
SIZES = ((1280, 720), (1366, 768), (1920, 1080))


def _problems(view: CountTableView) -> list[str]:
    """What a clerk could not read in this table: a value or a short heading wider than its column, a
    column beyond the right edge with no way to scroll to it, a heading broken inside a word."""
    model = view.model()
    layout = model.grid
    font = QFont(view.font())
    plain = QFontMetrics(font)
    font.setBold(True)
    bold = QFontMetrics(font)
    heading_font = QFont(view.font())
    heading_font.setPointSizeF(view.font().pointSizeF() * 0.9)
    heading = QFontMetrics(heading_font)
    out = []
    for c in range(layout.label_cols, layout.cols):
        for r in range(layout.header_rows, layout.rows):
            index = model.index(r, c)
            computed = model.kind(index) == "computed"
            text = "-999999" if model.table_cell(model.key(index)).value_kind.min is None else "999999"
            if (bold if computed else plain).horizontalAdvance(text) + 6 > view.columnWidth(c):
                out.append(f"{model.key(index)}: {text} in {view.columnWidth(c)} px")
    for cell in model.labels:
        width = sum(view.columnWidth(c) for c in range(cell.col, cell.col + cell.colspan))
        shown = model.index(cell.row, cell.col).data() or ""
        metrics = heading if cell.row < layout.header_rows else plain
        if cell.row < layout.header_rows and len(cell.text) <= 6 and metrics.horizontalAdvance(cell.text) + 6 > width:
            out.append(f"heading {cell.text} in {width} px")
        for line in shown.split("\n"):  # each line a run of whole words; only a word too wide may wrap
            if metrics.horizontalAdvance(line) + 6 > width and len(segments(line)) > 1:
                out.append(f"label line {line!r} of {cell.text} wider than {width} px")
    scroll = view.horizontalScrollBar()
    right = sum(view.columnWidth(c) for c in range(layout.cols)) - scroll.maximum()
    if right > view.viewport().width():
        out.append(f"{model.table.id}: columns end at {right} px, viewport {view.viewport().width()} px")
    return out


def check_windows(document: ReportDocument, settings: Settings, qtbot, qapp) -> list[str]:
    """Every table tab at every size, dock shown and hidden."""
    choose_font(qapp)
    found = []
    for width, height in SIZES:
        for dock in (True, False):
            window = MainWindow(document, settings)
            qtbot.addWidget(window)
            window.resize(width, height)
            window.show()
            qtbot.waitExposed(window)
            window.issues_panel.setVisible(dock)
            for tab in window.section_tabs.values():
                window.tabs.setCurrentWidget(tab)
                qtbot.wait(5)
                for view in getattr(tab, "tables", {}).values():
                    found += [f"{width}x{height} dock={dock}: {p}" for p in _problems(view)]
            window.close()
    return found


def test_columns_fit_their_widest_values_and_headings(document: ReportDocument, settings: Settings,
                                                      qtbot, qapp) -> None:
    for key, cell in document.template.cells.items():
        if not cell.computed:
            document.set_cell_text(key, "999999" if cell.value_kind.type == "integer" else "999999.5")
    assert check_windows(document, settings, qtbot, qapp) == []


@pytest.mark.skipif(os.environ.get("QT_SCALE_FACTOR") == "1.5", reason="already the scaled run")
def test_columns_fit_at_150_percent() -> None:
    """The same check in a process scaled by 150 % (Qt reads the factor only at start-up)."""
    env = {**os.environ, "QT_SCALE_FACTOR": "1.5", "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(Path(__file__)),
                          "-k", "widest_values"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:]


def test_labels_break_between_words() -> None:
    metrics = QFontMetrics(QFont())
    em = metrics.horizontalAdvance("国")
    assert break_label("（三）不予公开", 5 * em, metrics) == "（三）\n不予公开"
    assert break_label("本年收费金额（单位：万元）", 7 * em, metrics) == "本年收费金额\n（单位：万元）"
    assert break_label("社会公益组织", 6 * em + 2, metrics) == "社会公益组织"
