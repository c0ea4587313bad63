"""新建年报: the 适用格式 label shows both its lines (it was cut off vertically when word-wrapped)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gui.app import choose_font
from gui.new_report_dialog import NewReportDialog

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.mark.parametrize(("year", "number"), [(2020, "〔2019〕60号"), (2023, "〔2021〕30号")])
def test_edition_label_is_not_clipped(qtbot, qapp, year: int, number: str) -> None:
    choose_font(qapp)
    dialog = NewReportDialog(None, "某某市某某区生态环境局")
    qtbot.addWidget(dialog)
    dialog.year.setValue(year)
    dialog.show()
    qtbot.waitExposed(dialog)
    label = dialog.edition
    lines = label.text().split("\n")
    assert len(lines) == 2 and lines[1].endswith(number)
    assert label.height() >= 2 * label.fontMetrics().lineSpacing(), "both lines get their height"
    assert label.width() >= max(label.fontMetrics().horizontalAdvance(line) for line in lines)
    ARTIFACTS.mkdir(exist_ok=True)
    assert dialog.grab().save(str(ARTIFACTS / f"new_report_dialog_{year}.png"))
