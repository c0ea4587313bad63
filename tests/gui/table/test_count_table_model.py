"""CountTableModel: a thin adapter — model tester clean, roles, editability, edits through the document."""

from __future__ import annotations

from gui_helpers import issue
from PySide6.QtCore import Qt

from gui.document import ReportDocument
from gui.table.count_table_model import COMPUTED_BG, KIND_ROLE, SEVERITY_BG, CountTableModel


def _model(document: ReportDocument, table: str = "t3") -> CountTableModel:
    return CountTableModel(document, document.template.tables[table])


def test_model_tester(document: ReportDocument, qtmodeltester) -> None:
    for table in document.template.tables:
        qtmodeltester.check(_model(document, table), force_py=True)


def test_roles_and_flags(document: ReportDocument) -> None:
    model = _model(document)
    natural_new = model.index_of("t3.N.C1")
    total = model.index_of("t3.T.C7")
    assert natural_new.data() == "25" and natural_new.data(Qt.ItemDataRole.EditRole) == "25"
    assert natural_new.data(KIND_ROLE) == "input" and total.data(KIND_ROLE) == "computed"
    assert natural_new.flags() & Qt.ItemFlag.ItemIsEditable
    assert not total.flags() & Qt.ItemFlag.ItemIsEditable
    assert total.data(Qt.ItemDataRole.BackgroundRole).color() == COMPUTED_BG
    assert "自动合计" in total.data(Qt.ItemDataRole.ToolTipRole)
    corner = model.index(0, 0)
    assert corner.data(KIND_ROLE) == "header" and "勾稽关系" in corner.data()
    assert not corner.flags() & Qt.ItemFlag.ItemIsEditable


def test_set_data_goes_through_the_document(document: ReportDocument, qtbot) -> None:
    model = _model(document)
    with qtbot.waitSignal(model.dataChanged):
        assert model.setData(model.index_of("t3.N.C1"), "40")
    assert document.report.cells["t3.N.C1"] == 40
    assert model.index_of("t3.N.C7").data() == "44"
    assert not model.setData(model.index_of("t3.N.C7"), "1")  # totals are never typed
    assert not model.setData(model.index_of("t3.N.C1"), "abc")
    assert document.report.cells["t3.N.C1"] == 40


def test_issue_colours_and_tooltip(document: ReportDocument, fake_issues) -> None:
    model = _model(document)
    message = "（七）总计（自然人）应为 28，当前为 26，相差 2"
    fake_issues.append(issue("R3.1", "error", message, ("t3.T.C1",), anchor="C1"))
    document.set_cell_text("t3.N.C2", "5")
    index = model.index_of("t3.T.C1")
    assert index.data(Qt.ItemDataRole.BackgroundRole).color() == SEVERITY_BG["error"]
    assert "相差 2" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_read_only_after_finalise(fake_issues, document: ReportDocument) -> None:
    model = _model(document)
    assert document.finalise() == []
    assert not model.index_of("t3.N.C1").flags() & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index_of("t3.N.C1"), "1")
