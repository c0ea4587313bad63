"""Paste: how many values a blank pasted cell cleared, refusals by reason, and 表二 copied whole from the
official Excel layout (nianbao's own xlsx export) landing in its four grids by label."""

from __future__ import annotations

import html
import io
from dataclasses import replace
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from core.export.xlsx import write_xlsx
from core.export.xlsx_layout import layout_sheet, table_sections
from core.report import Report
from gui.document import ReportDocument
from gui.main_window import MainWindow
from gui.settings import Settings
from gui.table.clipboard_parse import parse_tsv
from gui.table.count_table_model import CountTableModel
from gui.table.count_table_view import CountTableView


@pytest.fixture
def window(document: ReportDocument, settings: Settings, qtbot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    dialogs: list[str] = []
    monkeypatch.setattr("gui.main_window.QMessageBox.warning", lambda _p, _t, text, *a, **k: dialogs.append(text))
    w = MainWindow(document, settings)
    w.dialogs = dialogs  # type: ignore[attr-defined]
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def _view(window: MainWindow, section: str, table: str):
    window.tabs.setCurrentWidget(window.section_tabs[section])
    return window.section_tabs[section].tables[table]


def test_blank_cells_say_how_many_values_they_cleared(window: MainWindow, document: ReportDocument) -> None:
    notices: list[tuple[str, bool]] = []
    view = _view(window, "s3", "t3")
    view.notice.connect(lambda text, important: notices.append((text, important)))
    assert document.report.cells["t3.N.C1"] == 25 and document.report.cells["t3.N.C2"] == 4
    view.select_key("t3.N.C1")
    changed, refused = view.paste_grid([["", "", "7"]])
    assert changed == 3 and refused == []
    assert "t3.N.C1" not in document.report.cells and document.report.cells["t3.N.C3"] == 7
    text, important = notices[-1]
    assert text.startswith("已粘贴 3 个单元格，其中 2 个原有数值被粘贴的空白格清空"), text
    assert important and window.dialogs, "values were removed: the clerk must see it"


def test_refusals_name_outside_and_totals_separately(window: MainWindow, document: ReportDocument) -> None:
    notices: list[str] = []
    view = _view(window, "s3", "t3")
    view.notice.connect(lambda text, _important: notices.append(text))
    view.select_key("t3.N.C6")
    changed, _refused = view.paste_grid([["3", "小计", "8", "9"]])  # 其他, 总计, then two beyond the edge
    assert changed == 1
    text = notices[-1]
    assert "合计格由程序计算，不能粘贴（“小计”）" in text
    assert "表外：超出表格范围的 2 格未粘贴（如“8”）" in text
    assert "合计或标题格" not in text


def _copied_block(report, section_id: str) -> tuple[str, str]:
    """Table 二 as Excel copies it from the exported sheet: TSV (a merged cell: its text, then blanks) and
    HTML (a merged cell: one <td> with colspan)."""
    stream = io.BytesIO()
    write_xlsx(report, stream)
    section = next(s for s in table_sections(report.template) if s.id == section_id)
    sheet = load_workbook(io.BytesIO(stream.getvalue()))[layout_sheet(section).name]
    merged = {(r.min_row, r.min_col): r for r in sheet.merged_cells.ranges}
    covered = {(row, col) for r in sheet.merged_cells.ranges for row in range(r.min_row, r.max_row + 1)
               for col in range(r.min_col, r.max_col + 1)} - set(merged)
    tsv, rows = [], []
    for r in range(1, sheet.max_row + 1):
        texts = ["" if sheet.cell(r, c).value is None else str(sheet.cell(r, c).value)
                 for c in range(1, sheet.max_column + 1)]
        tsv.append("\t".join(texts))
        tds = []
        for c in range(1, sheet.max_column + 1):
            if (r, c) in covered:
                continue
            span = merged.get((r, c))
            attrs = f' colspan="{span.max_col - span.min_col + 1}" rowspan="{span.max_row - span.min_row + 1}"' \
                if span else ""
            tds.append(f"<td{attrs}>{html.escape(texts[c - 1])}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return "\r\n".join(tsv) + "\r\n", "<html><body><table>" + "".join(rows) + "</table></body></html>"


@pytest.mark.parametrize("form", ["tsv", "html"])
def test_table_two_pasted_whole_fills_its_four_grids_by_label(window: MainWindow, document: ReportDocument,
                                                              form: str) -> None:
    source = replace(document.report, cells=dict(document.report.cells))
    keys = [k for k, c in document.template.cells.items() if k.startswith("t2_") and not c.computed]
    for n, key in enumerate(keys):
        cell = document.template.cells[key]
        source.cells[key] = 100 + n if cell.value_kind.type == "integer" else Decimal("12.5")
    tsv, markup = _copied_block(source, "s2")
    mime = QMimeData()
    mime.setText(tsv)
    if form == "html":
        mime.setHtml(markup)
    QApplication.clipboard().setMimeData(mime)
    notices: list[str] = []
    view = _view(window, "s2", "t2_5")  # wherever the cursor is
    view.notice.connect(lambda text, _important: notices.append(text))
    view.select_key("t2_5.license.decisions")
    view.paste()
    QApplication.clipboard().clear()  # the clipboard owns the QMimeData; none left for interpreter shutdown
    assert {k: document.report.cells.get(k) for k in keys} == {k: source.cells[k] for k in keys}
    assert document.undo_stack.count() == 1
    text = notices[-1]
    assert text.startswith("已按行列标题粘贴到第二十条第（一）项 6 格、第二十条第（五）项 1 格、"
                           "第二十条第（六）项 2 格、第二十条第（八）项 1 格"), text
    assert "未粘贴" not in text


def test_a_labelled_block_ignores_the_cursor_and_rows_it_does_not_know(window: MainWindow,
                                                                      document: ReportDocument) -> None:
    view = _view(window, "s2", "t2_1")
    view.select_key("t2_1.norms.in_force")
    grid = [["信息内容", "本年处理决定数量"], ["行政处罚", "77"], ["行政强制", "88"], ["不明项目", "5"]]
    changed, _ = view.paste_grid(grid)
    assert changed == 2
    assert document.report.cells["t2_6.penalty.decisions"] == 77
    assert document.report.cells["t2_6.enforcement.decisions"] == 88


def test_a_table_without_row_labels_pastes_by_position(window: MainWindow, document: ReportDocument) -> None:
    """Table 四 has no row label: its blank cells must not read as a label match."""
    view = _view(window, "s4", "t4")
    view.select_key("t4.cases.rv_upheld")
    _changed, refused = view.paste_grid([["1", "2", "", "", ""]])
    assert refused == [] and document.report.cells["t4.cases.rv_upheld"] == 1
    assert document.report.cells["t4.cases.rv_corrected"] == 2


def test_table_two_of_the_2019_format_by_label(qtbot) -> None:
    """2019: （五） and （六） share their three headings, 本年增/减 may be negative, （九） has an amount."""
    document = ReportDocument(Report.blank(2019, "某县某局"))
    source = replace(document.report, cells=dict(document.report.cells))
    keys = [k for k, c in document.template.cells.items() if k.startswith("t2_") and not c.computed]
    for n, key in enumerate(keys):
        kind = document.template.cells[key].value_kind
        source.cells[key] = Decimal("3.5") if kind.type == "decimal" else (-n if kind.min is None else n)
    tsv, _ = _copied_block(source, "s2")
    view = CountTableView(CountTableModel(document, document.template.tables["t2_9"]))
    qtbot.addWidget(view)
    _changed, refused = view.paste_grid(parse_tsv(tsv))
    assert refused == []
    assert {k: document.report.cells.get(k) for k in keys} == {k: source.cells[k] for k in keys}


def test_a_row_pasted_with_its_matching_total_is_taken_without_complaint(window: MainWindow, qtbot) -> None:
    doc = window.document
    view = window.section_tabs["s3"].tables["t3"]
    window.tabs.setCurrentWidget(window.section_tabs["s3"])
    view.select_key("t3.R1.C1")
    QGuiApplication.clipboard().setText("9\t2\t0\t0\t0\t0\t11\r\n")  # a row copied from Excel, 总计 included
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert doc.report.cells["t3.R1.C1"] == 9 and doc.value("t3.R1.C7") == 11
    assert window.dialogs == [] and window.statusBar().currentMessage() == "已粘贴 1 个单元格"  # C2 was 2

    view.select_key("t3.R2.C1")
    changed, refused = view.paste_grid([["4", "0", "0", "0", "0", "0", "5"]])  # the 总计 disagrees
    assert changed == 1 and doc.report.cells["t3.R2.C1"] == 4
    assert len(refused) == 1 and "计算为 4" in refused[0] and "“5”未采用" in refused[0]
    assert "合计由程序按分项计算为 4" in window.dialogs[-1]
    changed, refused = view.paste_grid([["4", "0", "0", "0", "0", "0", "合计"]])  # a word stays refused
    assert changed == 0 and "合计格由程序计算，不能粘贴" in refused[0]
