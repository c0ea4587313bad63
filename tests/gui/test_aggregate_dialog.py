"""文件 → 汇总…: the status board, ticking units in and out, creating the 汇总 and its contribution tooltips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import unit_report as unit
from factories import write_unit_files as write_units
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from core.finalise import finalised
from core.report import SCOPE_AGGREGATE
from core.store.storage import Store
from gui.aggregate_dialog import AggregateDialog
from gui.aggregate_model import HEADERS
from gui.document import ReportDocument
from gui.session import Session
from gui.settings import Settings
from gui.table.count_table_model import CountTableModel


@pytest.fixture
def units(tmp_path: Path) -> Path:
    """Four files: two clean units, one with errors, one changed after finalising."""
    bad = unit("错误局", 10)
    bad.cells["t3.N.C1"] = 1000
    paths = write_units(tmp_path / "u", [unit("甲局", 2), unit("乙局", 3), bad, finalised(unit("丙局", 4))])
    data = json.loads(paths[3].read_text(encoding="utf-8"))
    data["cells"]["t2_1.norms.in_force"] = 40
    paths[3].write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return tmp_path / "u"


def cell(dialog: AggregateDialog, row: int, header: str) -> str:
    return dialog.proxy.index(row, HEADERS.index(header)).data()


def test_board_shows_each_unit_and_who_is_summed(store: Store, units: Path, qtbot) -> None:
    dialog = AggregateDialog(store)
    qtbot.addWidget(dialog)
    assert not dialog.buttons["create"].isEnabled()
    assert dialog.add_paths([units]) == 4
    assert [cell(dialog, r, "机关名称") for r in range(4)] == ["甲局", "乙局", "错误局", "丙局"]
    assert [cell(dialog, r, "汇总") for r in range(4)] == ["汇总", "汇总", "不汇总", "汇总"]
    assert cell(dialog, 3, "状态") == "定稿后被改动" and int(cell(dialog, 2, "错误")) > 0
    assert "汇总 3 个单位" in dialog.summary.text() and "1 个有错误未汇总" in dialog.summary.text()
    dialog.include_errors.setChecked(True)
    assert cell(dialog, 2, "汇总") == "汇总" and "汇总 4 个单位" in dialog.summary.text()
    dialog.view.sortByColumn(HEADERS.index("错误"), Qt.SortOrder.DescendingOrder)
    assert cell(dialog, 0, "机关名称") == "错误局"


def test_unticking_a_unit_leaves_it_out_and_create_opens_nothing_half_made(store: Store, units: Path,
                                                                           qtbot, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog = AggregateDialog(store)
    qtbot.addWidget(dialog)
    dialog.add_paths([units])
    dialog.agency.setText("某县人民政府")
    index = dialog.proxy.index(1, 0)
    assert dialog.proxy.setData(index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert cell(dialog, 1, "汇总") == "不汇总" and cell(dialog, 1, "说明") == "已由经办人取消汇总"
    dialog.create_report()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.created_id is not None
    report = store.load(dialog.created_id)
    assert report.scope == SCOPE_AGGREGATE and report.agency == "某县人民政府"
    assert [s.agency for s in report.sources] == ["甲局", "丙局"]
    assert report.cells["t2_1.norms.in_force"] == 2 + 40


def test_an_existing_summed_report_is_not_duplicated(store: Store, units: Path, qtbot, monkeypatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    for _ in range(2):
        dialog = AggregateDialog(store)
        qtbot.addWidget(dialog)
        dialog.add_paths([units])
        dialog.agency.setText("某县人民政府")
        dialog.create_report()
    assert len(store.list_reports()) == 1 and "已存在" in warnings[0]


def test_menu_creates_the_summed_report_and_opens_it_with_contribution_tooltips(
        store: Store, units: Path, tmp_path: Path, qtbot, monkeypatch) -> None:
    session = Session(store, Settings(tmp_path / "config" / "nianbao.ini"))
    first = store.create(unit("某县人民政府", kind="government"))
    window = session.open_report(first)
    qtbot.addWidget(window)

    def fake_exec(dialog: AggregateDialog) -> int:
        dialog.add_paths([units])
        dialog.agency.setText("某县人民政府")
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        dialog.create_report()
        return dialog.result()

    monkeypatch.setattr(AggregateDialog, "exec", fake_exec)
    window.actions_["aggregate"].trigger()
    assert session.document is not None and session.document.report.is_aggregate
    model = CountTableModel(session.document, session.document.template.tables["t2_1"])
    tip = model.data(model.index_of("t2_1.norms.in_force"), Qt.ItemDataRole.ToolTipRole)
    assert "各单位填报（3/3 个单位有数）" in tip and "丙局：40" in tip and "甲局：2" in tip
    own = CountTableModel(ReportDocument(unit("甲局")), session.document.template.tables["t2_1"])
    assert "各单位填报" not in own.data(own.index_of("t2_1.norms.in_force"), Qt.ItemDataRole.ToolTipRole)
    session.window.close()


def test_an_unreadable_file_is_shown_left_out_and_cannot_be_ticked(store: Store, units: Path, qtbot) -> None:
    (units / "扫描件.pdf").write_bytes(b"%PDF-1.4 not a real pdf")
    dialog = AggregateDialog(store)
    qtbot.addWidget(dialog)
    dialog.add_paths([units])
    row = next(r for r in range(dialog.proxy.rowCount()) if cell(dialog, r, "文件") == "扫描件.pdf")
    assert cell(dialog, row, "状态") == "无法读取" and cell(dialog, row, "汇总") == "不汇总"
    shown = [cell(dialog, row, h) for h in ("机关名称", "年度", "格式")]
    assert shown == ["（机关名称未知）", "（年度未知）", "（未知）"]
    assert cell(dialog, row, "说明") and not cell(dialog, row, "说明").startswith("扫描件.pdf")
    assert not dialog.proxy.flags(dialog.proxy.index(row, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    assert "1 个无法读取" in dialog.summary.text() and dialog.buttons["create"].isEnabled()
