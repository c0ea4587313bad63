"""Tab titles come from the template's short names; all tabs and their counts fit at office screen sizes."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from core.new_report import new_report
from core.resources import resource_path
from core.template import TemplateError, load_template, parse_template
from gui.app import choose_font
from gui.document import ReportDocument
from gui.main_window import MainWindow, tab_title
from gui.settings import Settings

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
SHORT = {"s1": "总体情况", "s2": "主动公开", "s3": "收到和处理申请", "s4": "行政复议诉讼",
         "s5": "问题及改进", "s6": "其他事项"}


def _raw(edition: str) -> dict:
    return json.loads(resource_path("templates", f"{edition}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_short_names_are_template_data(edition: str) -> None:
    template = load_template(edition)
    assert {s.id: s.short for s in template.sections} == SHORT
    assert [s.short_title for s in template.sections][2] == "三、收到和处理申请"
    data = _raw(edition)
    del data["sections"][1]["short"]
    with pytest.raises(TemplateError, match="部分 s2：缺少字段 short"):  # the template says it, no code default
        parse_template(copy.deepcopy(data))
    data["sections"][1]["shortname"] = "主动"
    with pytest.raises(TemplateError, match="未知字段 shortname"):
        parse_template(copy.deepcopy(data))
    del data["sections"][1]["shortname"]
    data["sections"][1]["short"] = " "
    with pytest.raises(TemplateError, match="short"):
        parse_template(data)


def test_tab_title_uses_the_short_name_and_counts() -> None:
    sections = load_template("2021").sections
    assert tab_title(sections[2], 2, 1) == "三、收到和处理申请 ✖2 ⚠1"
    assert tab_title(sections[3], 0, 3) == "四、行政复议诉讼 ⚠3"
    assert tab_title(sections[5], 0, 0) == "六、其他事项"


@pytest.mark.parametrize(("width", "height"), ((1280, 720), (1366, 768), (1920, 1080)))
@pytest.mark.parametrize("edition_year", [2020, 2024])
def test_every_tab_and_its_counts_fit_without_scroll_arrows(settings: Settings, qtbot, qapp, width: int,
                                                            height: int, edition_year: int) -> None:
    """A new, empty report has counts on nearly every tab: the worst a clerk sees on day one."""
    choose_font(qapp)
    document = ReportDocument(new_report(edition_year, "示例市示例区生态环境局", "department"))
    w = MainWindow(document, settings)
    qtbot.addWidget(w)
    w.resize(width, height)
    w.show()
    qtbot.waitExposed(w)
    bar = w.tabs.tabBar()
    with_counts = [i for i in range(1, bar.count()) if "✖" in bar.tabText(i) or "⚠" in bar.tabText(i)]
    assert len(with_counts) >= 5
    assert bar.tabRect(bar.count() - 1).right() <= bar.width(), [bar.tabText(i) for i in range(bar.count())]
    for i, section in enumerate(document.template.sections, start=1):
        assert bar.tabText(i).startswith(section.short_title)
        assert w.tabs.tabToolTip(i).startswith(section.title)  # the whole heading on hover
        tab = w.section_tabs[section.id]
        assert section.title in tab.heading.text()  # and as the page's title
        text = bar.tabText(i)
        assert "…" not in text and bar.tabRect(i).width() >= bar.fontMetrics().horizontalAdvance(text)
    assert bar.elideMode() == Qt.TextElideMode.ElideNone
    ARTIFACTS.mkdir(exist_ok=True)
    w.tabs.setCurrentWidget(w.section_tabs["s3"])
    qtbot.wait(10)
    path = ARTIFACTS / f"g_tabs_{edition_year}_{width}x{height}.png"
    assert w.grab().save(str(path)) and path.stat().st_size > 5000
