"""Every tab at common office screen sizes, saved as PNG in artifacts/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from gui.app import choose_font
from gui.document import ReportDocument
from gui.main_window import MainWindow
from gui.section_tab import SectionTab
from gui.settings import Settings

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
SIZES = ((1280, 720), (1366, 768), (1920, 1080))


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_tab_readable(document: ReportDocument, settings: Settings, qtbot, qapp,
                            width: int, height: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    choose_font(qapp)  # what the officer sees: the application's CJK font
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    em = window.fontMetrics().horizontalAdvance("国")
    bar = window.tabs.tabBar()
    assert bar.tabRect(bar.count() - 1).right() <= bar.width(), "every tab title visible without scrolling"
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        qtbot.wait(10)
        path = ARTIFACTS / f"tab{i}_{width}x{height}.png"
        assert window.grab().save(str(path))
        assert path.stat().st_size > 5000
        tab = window.tabs.widget(i)
        if isinstance(tab, SectionTab):
            for view in tab.tables.values():
                layout = view.model().grid
                assert view.horizontalScrollBar().maximum() == 0, f"{view.model().table.id} needs no sideways scrolling"
                for c in range(layout.label_cols, layout.cols):
                    assert view.columnWidth(c) >= 4 * em


def test_user_guide_pictures(document: ReportDocument, settings: Settings, qtbot, qapp) -> None:
    """The situations docs/user-guide.md shows: an unbalanced column, a narrative, a finalised report."""
    ARTIFACTS.mkdir(exist_ok=True)
    choose_font(qapp)
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    document.set_cell_text("t3.N.C1", "30")
    window.tabs.setCurrentWidget(window.section_tabs["s3"])
    window.section_tabs["s3"].focus_cell("t3.N.C1")
    qtbot.wait(10)
    assert window.grab().save(str(ARTIFACTS / "guide_table.png"))
    window.tabs.setCurrentWidget(window.section_tabs["s1"])
    qtbot.wait(10)
    assert window.grab().save(str(ARTIFACTS / "guide_text.png"))
    document.set_cell_text("t3.N.C1", "25")
    for issue in document.issues:  # explain whatever the real rules still ask about, then finalise
        if issue.severity == "warning":
            document.explain(issue.fingerprint, "已核实")
    if document.finalise() == []:
        window.tabs.setCurrentWidget(window.section_tabs["s4"])
        qtbot.wait(10)
        assert window.grab().save(str(ARTIFACTS / "guide_final.png"))


def test_2019_edition_seed_report(settings: Settings, qtbot, qapp) -> None:
    """The real published 2020 report (2019 试行 edition) opens with every table laid out."""
    from factories import SEED_FILE

    from core.read.report_file import read_report_file
    choose_font(qapp)
    document = ReportDocument(read_report_file(SEED_FILE))
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    assert window.tabs.count() == len(document.template.sections) + 1
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        qtbot.wait(10)
        assert window.grab().save(str(ARTIFACTS / f"seed2019_tab{i}.png"))
    tables = {tid for tab in window.section_tabs.values() for tid in tab.tables}
    assert tables == set(document.template.tables)
