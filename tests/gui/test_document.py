"""ReportDocument: the one door — apply, undo/redo, refusals, signals, fills, finalise and reopen."""

from __future__ import annotations

from gui_helpers import issue

from core.report import SetExplanation, SetText
from gui.document import ReportDocument


def test_set_cell_updates_totals_and_undo_stack(document: ReportDocument, qtbot) -> None:
    assert document.value("t3.N.C7") == 29
    with qtbot.waitSignal(document.cellsChanged) as blocker:
        assert document.set_cell_text("t3.N.C1", "30")
    assert "t3.N.C1" in blocker.args[0] and "t3.N.C7" in blocker.args[0]
    assert document.value("t3.N.C7") == 34
    assert document.undo_stack.count() == 1 and document.last_saved is not None
    document.undo_stack.undo()
    assert document.report.cells["t3.N.C1"] == 25 and document.value("t3.N.C7") == 29
    document.undo_stack.redo()
    assert document.report.cells["t3.N.C1"] == 30


def test_refused_value_keeps_old_and_says_why(document: ReportDocument, qtbot) -> None:
    with qtbot.waitSignal(document.refused) as blocker:
        assert not document.set_cell_text("t3.N.C1", "3.5")
    assert blocker.args[0] == "t3.N.C1" and "整数" in blocker.args[1]
    assert document.report.cells["t3.N.C1"] == 25 and document.undo_stack.count() == 0


def test_full_width_digits_are_normalised(document: ReportDocument) -> None:
    assert document.set_cell_text("t3.N.C2", "１２")
    assert document.report.cells["t3.N.C2"] == 12


def test_same_value_makes_no_undo_step(document: ReportDocument) -> None:
    assert document.set_cell_text("t3.N.C1", "25")
    assert document.undo_stack.count() == 0


def test_text_edit_is_not_on_the_undo_stack(document: ReportDocument, qtbot) -> None:
    with qtbot.waitSignal(document.textChanged) as blocker:
        document.apply(SetText("other", "未收取信息处理费。"))
    assert blocker.args == ["other"] and document.report.texts["other"] == "未收取信息处理费。"
    assert document.undo_stack.count() == 0


def test_fill_blanks_is_one_undo_step(document: ReportDocument) -> None:
    for key in ("t4.cases.rv_upheld", "t4.cases.rv_other", "t4.cases.lr_pending"):
        document.report.cells.pop(key)
    assert document.fill_blanks("t4") == 3
    assert document.report.cells["t4.cases.rv_other"] == 0 and document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert "t4.cases.rv_other" not in document.report.cells
    assert document.fill_blanks("t3") == 0


def test_finalise_blocked_then_allowed_with_explanation(document: ReportDocument, fake_issues) -> None:
    fake_issues.append(issue("X1", "warning", "上年结转与上年结转下年度不一致", ("t3.B.C1",), anchor="C1"))
    document.set_cell_text("t3.N.C1", "26")  # any edit re-validates
    assert document.counts() == (0, 1)
    assert document.finalise() == ["上年结转与上年结转下年度不一致"]
    assert not document.report.is_final
    document.apply(SetExplanation("X1@C1", "上年报告有误，已核实"))
    assert document.counts() == (0, 0) and document.blockers() == []
    assert document.finalise() == [] and document.read_only
    assert document.undo_stack.count() == 0
    assert not document.set_cell_text("t3.N.C1", "1")  # read-only now
    assert document.reopen("发现笔误") and not document.read_only and document.report.version == 2


class _BrokenStore:
    """A store whose disk is full."""

    read_only = False  # opened writable; the disk filled up since

    def apply(self, report_id: int, report: object, edit: object) -> object:
        raise OSError("磁盘已满")


def test_store_failure_is_reported_and_nothing_changes(full_report, qtbot) -> None:
    document = ReportDocument(full_report, store=_BrokenStore(), report_id=1)
    with qtbot.waitSignal(document.failed) as blocker:
        assert not document.set_cell_text("t3.N.C1", "30")
    assert "磁盘已满" in blocker.args[0] and "未生效" in blocker.args[0]
    assert document.value("t3.N.C1") == 25 and document.undo_stack.count() == 0
