"""Section and metadata tabs: 空白填 0, last year's values, metadata fields stored on leaving them."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from core.report import Report
from gui.document import ReportDocument
from gui.meta_tab import MetaTab
from gui.section_tab import SectionTab
from gui.table.count_table_model import PREVIOUS_ROLE


def _section(document: ReportDocument, sid: str) -> SectionTab:
    return SectionTab(document, next(s for s in document.template.sections if s.id == sid))


def test_fill_button_fills_one_table_in_one_step(document: ReportDocument, qtbot) -> None:
    tab = _section(document, "s2")
    qtbot.addWidget(tab)
    document.report.cells.pop("t2_6.penalty.decisions")
    document.report.cells.pop("t2_1.rules.issued")
    tab._fill_buttons[2].click()  # 第二十条第（六）项
    assert document.report.cells["t2_6.penalty.decisions"] == 0
    assert "t2_1.rules.issued" not in document.report.cells
    assert document.undo_stack.count() == 1


def test_previous_year_values_shown(full_report: Report, qtbot) -> None:
    previous = replace(full_report, year=full_report.year - 1, cells=dict(full_report.cells))
    previous.cells["t3.N.C1"] = 18
    document = ReportDocument(full_report, previous=previous)
    tab = _section(document, "s3")
    qtbot.addWidget(tab)
    view = tab.tables["t3"]
    model = view.model()
    assert model.index_of("t3.N.C1").data(PREVIOUS_ROLE) == "18"
    assert model.index_of("t3.N.C7").data(PREVIOUS_ROLE) == "22"
    assert "上年：18" in model.index_of("t3.N.C1").data(Qt.ItemDataRole.ToolTipRole)
    tab.set_show_previous(True)
    assert view.show_previous
    view.resize(900, 700)
    assert not view.grab().isNull()  # the painting delegate runs without error
    tab.set_show_previous(False)
    assert not view.show_previous


def test_meta_fields_are_stored(fake_issues, document: ReportDocument, qtbot) -> None:
    tab = MetaTab(document)
    qtbot.addWidget(tab)
    assert tab.edits["agency"].text() == document.report.agency
    tab.edits["filler"].setText("王小二")
    tab.edits["filler"].editingFinished.emit()
    assert document.report.meta["filler"] == "王小二"
    notices: list[str] = []
    tab.notice.connect(lambda text, _important: notices.append(text))
    tab.edits["fill_date"].setText("2024年1月")
    tab.edits["fill_date"].editingFinished.emit()
    assert "fill_date" not in document.report.meta and "年-月-日" in tab.edits["fill_date"].toolTip()
    assert notices == ["填报日期：“2024年1月”不是日期；请按 年-月-日 填写，"
                       "如 2026-01-28 或 2026年1月28日（未保存，原值保留）"]
    for typed in ("2024年1月8日", "2024/1/8", "２０２４．１．８"):  # the usual ways of writing a date
        tab.edits["fill_date"].setText(typed)
        tab.edits["fill_date"].editingFinished.emit()
        assert document.report.meta["fill_date"] == "2024-01-08" == tab.edits["fill_date"].text(), typed
    assert tab.edits["fill_date"].styleSheet() == ""
    tab.kind.setCurrentIndex(tab.kind.findData("township"))
    assert document.report.meta["agency_kind"] == "township"
    assert document.finalise() == []
    assert tab.edits["filler"].isReadOnly() and not tab.kind.isEnabled()
    QApplication.processEvents()


def test_remaining_bar_pinned_under_table_three(document: ReportDocument, qtbot) -> None:
    tab = _section(document, "s3")
    qtbot.addWidget(tab)
    tab.resize(1000, 600)
    tab.show()
    qtbot.waitExposed(tab)
    bar = tab.balance_bars["t3"]
    model = bar.model()
    label_cols = model.label_cols
    assert model.index(0, 0).data().startswith("尚待分配")
    assert [model.index(0, label_cols + i).data() for i in range(7)] == ["0"] * 7
    document.set_cell_text("t3.N.C1", "30")  # five more received, not yet allocated
    assert model.index(0, label_cols).data() == "5" and model.index(0, label_cols + 6).data() == "5"
    view = tab.tables["t3"]
    assert tab.scroll_area is None and view.scrolling  # the table scrolls inside; the bar stays put under it
    assert bar.isVisible() and bar.geometry().top() >= view.geometry().bottom()
    view = tab.tables["t3"]
    assert bar.columnWidth(label_cols) == view.columnWidth(label_cols)


def test_remaining_bar_is_blank_for_a_blank_column(qtbot) -> None:
    """A new report's 尚待分配 line shows no green 0s: an empty table is not a balanced one."""
    document = ReportDocument(Report.blank(2024, "某县某局"))
    tab = _section(document, "s3")
    qtbot.addWidget(tab)
    model = tab.balance_bars["t3"].model()
    cols = range(model.label_cols, model.label_cols + 7)
    assert [model.index(0, c).data() for c in cols] == [""] * 7
    assert model.index(0, model.label_cols).data(Qt.ItemDataRole.ForegroundRole) is None
    document.set_cell_text("t3.N.C2", "0")
    assert [model.index(0, c).data() for c in cols] == ["", "0", "", "", "", "", "0"]


def test_model_tester_on_remaining_bar(document: ReportDocument, qtmodeltester, qtbot) -> None:
    tab = _section(document, "s3")
    qtbot.addWidget(tab)
    qtmodeltester.check(tab.balance_bars["t3"].model(), force_py=True)


def test_fill_menu_fills_a_whole_section_in_one_step(document: ReportDocument) -> None:
    for key in ("t2_1.rules.issued", "t2_6.penalty.decisions", "t2_8.fees.amount"):
        document.report.cells.pop(key)
    assert document.fill_blanks("t2_1", "t2_5", "t2_6", "t2_8") == 3
    assert str(document.report.cells["t2_8.fees.amount"]) == "0" and document.undo_stack.count() == 1


def test_balance_follows_the_template_rule(template21) -> None:
    from core.rule_params import BalanceParams
    from core.template import Rule
    from gui.table.remaining import balance_of
    rule = Rule("R9", "balance", "error", "", "", "二+一=四+三", params=BalanceParams("t3", ("B", "N"), ("F", "T")))
    balance = balance_of(replace(template21, rules=(rule,)), template21.tables["t3"])
    assert balance is not None and (balance.plus, balance.minus, balance.rule) == (("B", "N"), ("F", "T"), "R9")
    assert balance_of(template21, template21.tables["t4"]) is None


def test_focus_on_a_whole_table_selects_its_first_cell(document: ReportDocument, qtbot) -> None:
    tab = _section(document, "s4")
    qtbot.addWidget(tab)
    tab.focus_cell("t4")
    view = tab.tables["t4"]
    assert view.model().key(view.currentIndex()) == "t4.cases.rv_upheld"


def test_headings_stay_while_table_three_scrolls(document: ReportDocument, qtbot, tmp_path) -> None:
    tab = _section(document, "s3")
    qtbot.addWidget(tab)
    tab.resize(1000, 560)  # a small laptop: the table cannot show all 28 rows
    tab.show()
    qtbot.waitExposed(tab)
    view = tab.tables["t3"]
    assert view.verticalScrollBar().maximum() > 0
    tab.focus_cell("t3.F.C7")
    assert view.verticalScrollBar().value() > 0
    frozen = view.frozen
    assert frozen is not None and frozen.isVisible() and frozen.verticalScrollBar().value() == 0
    assert frozen.indexAt(frozen.rect().topLeft() + QPoint(5, 5)).row() == 0  # the headings, not a data row
    cell = view.visualRect(view.currentIndex())
    assert cell.top() >= frozen.height_needed and cell.bottom() <= view.viewport().height()
    tab.grab().save(str(tmp_path / "scrolled.png"))
    tab.focus_cell("t3.N.C1")  # scrolling back up: the first row shows below the headings
    assert view.visualRect(view.currentIndex()).top() >= frozen.height_needed


def test_meta_field_with_an_issue_is_marked(fake_issues, document: ReportDocument, qtbot) -> None:
    from gui_helpers import issue
    tab = MetaTab(document)
    qtbot.addWidget(tab)
    fake_issues.append(issue("M1", "error", "未填写负责人", field="meta.leader", section="meta"))
    document.set_cell_text("t3.N.C1", "26")  # any edit re-validates
    assert "#f8c9c9" in tab.edits["leader"].styleSheet() and tab.edits["leader"].toolTip() == "未填写负责人"
    assert tab.edits["filler"].styleSheet() == ""
