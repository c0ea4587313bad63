"""新建年报: the 适用格式 label shows both its lines (it was cut off vertically when word-wrapped); no blank agency."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

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


@pytest.mark.parametrize("typed", ["", "   ", "\u3000\t"])
def test_empty_agency_cannot_create(qtbot, typed: str) -> None:
    """Blank or whitespace-only 机关名称: 新建 disabled, a Chinese hint, and Enter does not accept."""
    dialog = NewReportDialog(None, "某某局")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled() and dialog.agency_hint.text() == ""
    dialog.agency.selectAll()
    qtbot.keyClick(dialog.agency, Qt.Key.Key_Delete)
    dialog.agency.insert(typed)  # QTest.keyClicks takes ASCII only; insert() is typing as far as the dialog sees
    assert not ok.isEnabled()
    assert "请填写机关名称" in dialog.agency_hint.text() and dialog.agency_hint.isVisible()
    qtbot.keyClick(dialog.agency, Qt.Key.Key_Return)
    dialog.accept()  # also when asked directly
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    dialog.agency.insert("示例县司法局 ")
    assert ok.isEnabled() and dialog.agency_hint.text() == ""
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values()[0] == typed.strip() + "示例县司法局"
