"""The Excel export: official layout found by its labels, styles in the file, safe text, lossless read-back."""

from __future__ import annotations

import io
import re
import zipfile
from copy import deepcopy
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from factories import full_2021_report, seed_json
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from core.checks.validation import run_checks
from core.export.xlsx import write_xlsx
from core.export.xlsx_layout import CHECK_SHEET, META_SHEET, TEXT_SHEET, clean_text
from core.finalise import finalised
from core.read.xlsx_import import read_workbook
from core.report import Report, ReportFileError, computed_values, content_hash
from core.template import TableSpec, Template, load_template
from core.wording import CHANGED_AFTER_FINAL

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


# ---- helpers --------------------------------------------------------------------------------


def seed_report() -> Report:
    """The seed fixture as a Report: inputs in cells, printed totals carried, amounts as Decimal."""
    data = seed_json()
    template = load_template(data["edition"])
    report = Report(data["edition"], data["year"],
                    meta={"agency": data["agency"], "agency_kind": data["agency_kind"], **data["meta"]})
    for key, raw in data["cells"].items():
        cell = template.cells[key]
        value = None if raw is None else Decimal(str(raw)) if cell.value_kind.type == "decimal" else int(raw)
        if cell.computed:
            report.carried[key] = value
        elif value is not None:
            report.cells[key] = value
    report.texts = {k: v for k, v in data["texts"].items() if v}
    report.explanations = dict(data["explanations"])
    report.status, report.version = data["status"]["state"], data["status"]["version"]
    report.content_hash = data["status"]["hash"]
    return report


def distinct_report(edition: str = "2021") -> Report:
    """Every input cell a different number, so a value in the wrong place cannot go unnoticed."""
    template = load_template(edition)
    report = Report.blank(2023 if edition == "2021" else 2020, "测试局", edition=edition)
    for i, key in enumerate(template.input_keys(), start=1):
        kind = template.cells[key].value_kind
        report.cells[key] = Decimal(f"{i}.25") if kind.type == "decimal" else i
    return report


def export(report: Report, previous: Report | None = None) -> bytes:
    stream = io.BytesIO()
    write_xlsx(report, stream, previous)
    return stream.getvalue()


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def bounds(ws: Worksheet, row: int, col: int) -> tuple[int, int, int, int]:
    """(first row, first col, last row, last col) of the merged range holding a cell, or the cell."""
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
            return rng.min_row, rng.min_col, rng.max_row, rng.max_col
    return row, col, row, col


def find(ws: Worksheet, text: str, rows: range, cols: range) -> tuple[int, int]:
    """The first cell (top to bottom, left to right) in the region whose text is ``text``."""
    for row in rows:
        for col in cols:
            if str(ws.cell(row, col).value).replace("\n", "") == text:  # labels break between words
                return row, col
    raise AssertionError(f"“{text}” not found in {ws.title} rows {rows} cols {cols}")


def locate_path(ws: Worksheet, path: tuple[str, ...], vertical: bool) -> tuple[int, int, int, int]:
    """Follow a label path down the header tree: each label is searched inside its parent's span."""
    rows, cols = range(1, ws.max_row + 1), range(1, ws.max_column + 1)
    box = (1, 1, ws.max_row, ws.max_column)
    for label in path:
        row, col = find(ws, label, rows, cols)
        box = bounds(ws, row, col)
        if vertical:  # row labels: children sit in the parent's rows, to its right
            rows, cols = range(box[0], box[2] + 1), range(box[3] + 1, ws.max_column + 1)
        else:  # column headers: children sit in the parent's columns, below it
            rows, cols = range(box[2] + 1, ws.max_row + 1), range(box[1], box[3] + 1)
    return box


def sheet_of(wb, template: Template, table: TableSpec) -> Worksheet:
    title = next(s.title for s in template.sections if s.id == table.section)
    return wb[title]


def value_position(ws: Worksheet, table: TableSpec, cell) -> tuple[int, int]:
    """Where the value of a template cell is, found from the labels printed on the sheet."""
    if table.section == "s2":  # stacked sub-tables: title row, header row, then its rows
        top, _ = find(ws, table.title, range(1, ws.max_row + 1), range(1, 2))
        _, col = find(ws, cell.column_path[-1], range(top + 1, top + 2), range(2, ws.max_column + 1))
        row, _ = find(ws, cell.row_path[-1], range(top + 2, ws.max_row + 1), range(1, 2))
        return row, col
    column = locate_path(ws, cell.column_path, vertical=False)
    if cell.row_path == ("",):
        return column[2] + 1, column[1]  # table 四: the one data row right below the headers
    return locate_path(ws, cell.row_path, vertical=True)[0], column[1]


def raw_styles(data: bytes, sheet: str) -> dict[str, tuple[str, float, tuple[str, ...]]]:
    """Per cell as stored in the file (not as openpyxl re-derives merged cells): font name, size, borders."""
    z = zipfile.ZipFile(io.BytesIO(data))
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    rid = next(s.get(f"{REL}id") for s in book.iter(f"{MAIN}sheet") if s.get("name") == sheet)
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    styles = ElementTree.fromstring(z.read("xl/styles.xml"))
    fonts = [(f.find(f"{MAIN}name").get("val"), float(f.find(f"{MAIN}sz").get("val")))
             for f in styles.find(f"{MAIN}fonts")]
    borders = [tuple((b.find(f"{MAIN}{side}").get("style") or "") if b.find(f"{MAIN}{side}") is not None else ""
                     for side in ("left", "right", "top", "bottom")) for b in styles.find(f"{MAIN}borders")]
    xfs = list(styles.find(f"{MAIN}cellXfs"))
    xml = ElementTree.fromstring(z.read("xl/" + target.removeprefix("/xl/")))
    out = {}
    for c in xml.iter(f"{MAIN}c"):
        xf = xfs[int(c.get("s", "0"))]
        out[c.get("r")] = (*fonts[int(xf.get("fontId", "0"))], borders[int(xf.get("borderId", "0"))])
    return out


# ---- layout and values ----------------------------------------------------------------------


@pytest.mark.parametrize("edition", ["2021", "2019"])
def test_every_value_sits_under_its_official_labels(edition: str) -> None:
    report = distinct_report(edition)
    template = report.template
    values = computed_values(report, template)
    wb = workbook(export(report))
    for table in template.tables.values():
        ws = sheet_of(wb, template, table)
        for cell in table.cells:
            row, col = value_position(ws, table, cell)
            got = ws.cell(row, col).value
            expected = values[cell.key]
            assert got == (float(expected) if isinstance(expected, Decimal) else expected), cell.key
            assert ws.cell(row, col).data_type == "n"


def test_named_cells_hold_the_computed_totals(full_report: Report) -> None:
    wb = workbook(export(full_report))
    ws = wb["三、收到和处理政府信息公开申请情况"]
    row, _ = find(ws, "（七）总计", range(1, 40), range(1, 4))
    _, col = find(ws, "自然人", range(1, 6), range(1, 12))
    assert ws.cell(row, col).value == 26  # R1 10 + R2 5 + U1 7 + P2 3 + O3 1
    _, total_col = find(ws, "总计", range(1, 6), range(1, 12))
    assert ws.cell(row, total_col).value == 30
    ws4 = wb["四、政府信息公开行政复议、行政诉讼情况"]
    assert [c.value for c in ws4[5]][:5] == [1, 0, 0, 1, 2]


def test_merged_ranges_of_the_official_layout(template21: Template, template19: Template) -> None:
    wb = workbook(export(full_2021_report()))
    ws = wb["三、收到和处理政府信息公开申请情况"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    corner = find(ws, template21.tables["t3"].corner, range(1, 5), range(1, 2))
    assert bounds(ws, *corner) == (2, 1, 4, 3)  # 3 header rows x 3 label columns
    assert {"D2:J2", "D3:D4", "J3:J4", "E3:I3", "A7:A28", "B9:B16", "B17:B19", "B20:B24", "B25:B27",
            "A5:C5", "A6:C6", "B7:C7", "B8:C8", "B28:C28", "A29:C29"} <= merged
    assert ws["D2"].value == "申请人情况" and ws["A7"].value.replace("\n", "") == "三、本年度办理结果"
    ws4 = wb["四、政府信息公开行政复议、行政诉讼情况"]
    spans = {ws4.cell(*find(ws4, t, range(1, 5), range(1, 16))).coordinate: t
             for t in ("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉")}
    widths = {t: bounds(ws4, ws4[c].row, ws4[c].column) for c, t in spans.items()}
    assert {t: b[3] - b[1] + 1 for t, b in widths.items()} == {
        "行政复议": 5, "行政诉讼": 10, "未经复议直接起诉": 5, "复议后起诉": 5}
    ws2 = wb["二、主动公开政府信息情况"]
    for title in ("第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"):
        top, _ = find(ws2, title, range(1, 20), range(1, 2))
        assert bounds(ws2, top, 1) == (top, 1, top, 4)
        assert bounds(ws2, top + 1, 2) == (top + 1, 2, top + 1, 4)  # header spans the 3 value columns
        assert bounds(ws2, top + 2, 2) == (top + 2, 2, top + 2, 4)  # and so does the value
    old = workbook(export(seed_report()))["三、收到和处理政府信息公开申请情况"]
    row, col = find(old, "三、本年度办理结果", range(1, 10), range(1, 2))
    assert bounds(old, row, col)[2] - row + 1 == 20


def test_every_table_cell_has_borders_and_an_explicit_font() -> None:
    data = export(distinct_report())
    wb = workbook(data)
    for name in wb.sheetnames[1:4]:
        ws = wb[name]
        styles = raw_styles(data, name)
        for row in range(1, ws.max_row + 1):
            for col in range(1, ws.max_column + 1):
                coord = ws.cell(row, col).coordinate
                assert coord in styles, f"{name}!{coord} has no style"
                font, size, borders = styles[coord]
                assert font in ("宋体", "黑体") and 10 <= size <= 12, f"{name}!{coord}"
                if row > 1:  # the title row above the table has no frame
                    assert borders == ("thin",) * 4, f"{name}!{coord} borders {borders}"
        assert ws.cell(1, 1).font.name == "黑体"
        assert all(ws.column_dimensions[c].width for c in "ABC")


def test_every_written_cell_has_an_explicit_font_and_nothing_is_a_formula(full_report: Report) -> None:
    full_report.texts["other"] = "=1+1 应为文字"
    data = export(full_report)
    wb = workbook(data)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}"
                if cell.value is not None:
                    assert cell.font.name in ("宋体", "黑体"), f"{ws.title}!{cell.coordinate}"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in z.namelist() if "worksheets" in n)


def test_page_setup_is_print_ready(full_report: Report) -> None:
    wb = workbook(export(full_report))
    orientation = {}
    tables = {s.title for s in full_report.template.sections if s.tables}
    for ws in wb.worksheets:
        ps = ws.page_setup
        # a table sheet prints on one page (三 split over two pages read badly); text sheets run on
        assert ps.paperSize == 9 and ps.fitToWidth == 1 and ps.fitToHeight == (1 if ws.title in tables else 0), \
            ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert "示例市示例区生态环境局" in ws.oddHeader.center.text and "2023" in ws.oddHeader.center.text
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
        orientation[ws.title] = ps.orientation
    # 2021's 三 (30 rows) prints larger upright; 四 (16 value columns) across the page
    assert orientation["三、收到和处理政府信息公开申请情况"] == "portrait"
    assert orientation["四、政府信息公开行政复议、行政诉讼情况"] == "landscape"
    assert orientation["二、主动公开政府信息情况"] == "portrait"
    assert wb["三、收到和处理政府信息公开申请情况"].print_title_rows == "$1:$4"
    assert wb["三、收到和处理政府信息公开申请情况"].freeze_panes == "D5"
    assert wb[CHECK_SHEET].print_title_rows == "$1:$3"


def test_amounts_are_numbers_showing_their_decimals(full_report: Report) -> None:
    full_report.cells["t2_8.fees.amount"] = Decimal("12.345600")
    ws = workbook(export(full_report))["二、主动公开政府信息情况"]
    top, _ = find(ws, "第二十条第（八）项", range(1, 20), range(1, 2))
    cell = ws.cell(top + 2, 2)
    assert cell.value == pytest.approx(12.3456) and cell.number_format == "0.000000"
    assert read_workbook(io.BytesIO(export(full_report))).cells["t2_8.fees.amount"].as_tuple().exponent == -6


def test_a_draft_keeps_blank_cells_blank() -> None:
    report = Report.blank(2023, "空白局")
    report.cells["t3.N.C1"] = 0
    wb = workbook(export(report))
    ws = wb["三、收到和处理政府信息公开申请情况"]
    numbers = [c.value for row in ws.iter_rows(min_row=5, min_col=4) for c in row]
    assert numbers.count(0) == 2 and set(numbers) == {None, 0}  # the input and its row total
    assert read_workbook(io.BytesIO(export(report))).cells == {"t3.N.C1": 0}


# ---- seed fixture -------------------------------------------------------------------------


def test_seed_tables_are_reproduced() -> None:
    report = seed_report()
    template = report.template
    wb = workbook(export(report))
    for key, expected in seed_json()["cells"].items():
        table = template.tables[key.split(".")[0]]
        ws = sheet_of(wb, template, table)
        got = ws.cell(*value_position(ws, table, template.cells[key])).value
        if expected is None:
            assert got is None, key
        else:
            assert got == (float(expected) if isinstance(expected, str) else expected), key


def test_seed_round_trip_changes_nothing() -> None:
    report = seed_report()
    back = read_workbook(io.BytesIO(export(report)))
    assert back == report


def test_full_report_round_trip(full_report: Report) -> None:
    full_report.explanations["X1@C1"] = "上年报告数据有误，已更正"
    full_report.meta["fill_date"] = "2024-01-20"
    final = finalised(full_report)
    for report in (full_report, final):
        back = read_workbook(io.BytesIO(export(report)))
        for name in ("edition", "year", "cells", "texts", "meta", "explanations", "status", "version",
                     "content_hash", "invalid"):
            assert getattr(back, name) == getattr(report, name), name
        assert back.carried == {k: v for k, v in computed_values(report, report.template).items()
                                if report.template.cells[k].computed}


def test_read_from_a_path(tmp_path, full_report: Report) -> None:
    path = tmp_path / "报告.xlsx"
    path.write_bytes(export(full_report))
    assert read_workbook(path).cells == full_report.cells


# ---- hostile text --------------------------------------------------------------------------


def test_hostile_text_exports_and_reads_back(full_report: Report) -> None:
    texts = {
        "overview": '=HYPERLINK("http://evil.example","点此")\n+1\n-2\n@SUM(A1)',
        "problems": "<b>&amp;</b> 第一行\x0b第二行\x07响铃\r\n😀 𠀀 \ud800 末尾空格  ",
        "other": "长" * 20_000,
    }
    full_report.texts.update(texts)
    full_report.meta["contact"] = "=cmd|' /C calc'!A0"
    data = export(full_report)
    back = read_workbook(io.BytesIO(data))
    assert back.texts == {k: clean_text(v) for k, v in texts.items()}
    assert back.texts["problems"] == "<b>&amp;</b> 第一行\n第二行响铃\n😀 𠀀  末尾空格  "
    assert back.meta["contact"] == "=cmd|' /C calc'!A0"
    ws = workbook(data)[TEXT_SHEET]
    lead = next(c for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("=HYPERLINK"))
    assert lead.data_type == "s" and lead.quotePrefix


def test_text_longer_than_a_cell_is_split_and_joined(full_report: Report) -> None:
    text = "😀" * 40_000 + "\n\n尾段"  # 80,000 UTF-16 units: more than two cells' worth
    full_report.texts["other"] = text
    data = export(full_report)
    ws = workbook(data)[TEXT_SHEET]
    assert max(len(str(c.value or "").encode("utf-16-le")) // 2 for c in ws["A"]) <= 32_767
    assert read_workbook(io.BytesIO(data)).texts["other"] == text


def test_rows_added_in_excel_are_read_as_paragraphs(full_report: Report) -> None:
    wb = workbook(export(full_report))
    ws = wb[TEXT_SHEET]
    last = ws.max_row
    ws.cell(last + 1, 1, "在 WPS 中补充的一段。")
    stream = io.BytesIO()
    wb.save(stream)
    assert read_workbook(io.BytesIO(stream.getvalue())).texts["other"].endswith("\n在 WPS 中补充的一段。")


# ---- edited and foreign workbooks ------------------------------------------------------------------


def edited(data: bytes, change) -> io.BytesIO:
    wb = workbook(data)
    change(wb)
    stream = io.BytesIO()
    wb.save(stream)
    stream.seek(0)
    return stream


def test_bad_values_and_edited_totals_are_kept_for_validation(full_report: Report) -> None:
    def change(wb) -> None:
        ws = wb["三、收到和处理政府信息公开申请情况"]
        ws["D5"] = "二十五"  # 一、本年新收 / 自然人
        ws["J29"] = 99      # 四、结转下年度 / 总计
        ws["E5"] = 4.0

    back = read_workbook(edited(export(full_report), change))
    assert back.invalid["t3.N.C1"][0] == "二十五" and "不是数字" in back.invalid["t3.N.C1"][1]
    assert "t3.N.C1" not in back.cells and back.cells["t3.N.C2"] == 4
    assert back.carried["t3.F.C7"] == 99 and back.carried["t3.T.C7"] == 30
    again = read_workbook(io.BytesIO(export(back)))  # an invalid entry survives another export
    assert again.invalid["t3.N.C1"][0] == "二十五"


@pytest.mark.parametrize(("change", "words"), [
    (lambda wb: wb.remove(wb[META_SHEET]), "基本信息"),
    (lambda wb: wb.remove(wb["三、收到和处理政府信息公开申请情况"]), "三、收到和处理政府信息公开申请情况"),
    (lambda wb: wb.remove(wb[TEXT_SHEET]), TEXT_SHEET),
    (lambda wb: wb[META_SHEET].__setitem__("B3", "其他工具"), "格式标记"),
    (lambda wb: wb[META_SHEET].__setitem__("B5", "2020"), "报表版本"),
    (lambda wb: wb[META_SHEET].__setitem__("B5", "2019"), "2023 年不适用 2019 版格式"),
    (lambda wb: (wb[META_SHEET].__setitem__("B5", "2019"), wb[META_SHEET].__setitem__("B7", "2020")),
     "B3 应为“本年新制作数量”"),
    (lambda wb: wb["三、收到和处理政府信息公开申请情况"].insert_rows(6), "A6"),
    (lambda wb: wb[META_SHEET].__setitem__("B7", "明年"), "报告年度"),
    (lambda wb: wb[META_SHEET].__setitem__("B9", "街道办"), "B9：机关类型“街道办”无效"),
])
def test_foreign_or_broken_workbooks_are_refused(full_report: Report, change, words: str) -> None:
    with pytest.raises(ReportFileError, match=re.escape(words)):
        read_workbook(edited(export(full_report), change))


def test_not_a_workbook_is_refused(tmp_path) -> None:
    with pytest.raises(ReportFileError, match="不是有效的 Excel"):
        read_workbook(io.BytesIO(b"PK\x03\x04 not really a zip"))
    with pytest.raises(ReportFileError, match="找不到文件"):
        read_workbook(tmp_path / "没有.xlsx")
    old = tmp_path / "旧表.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ReportFileError, match=re.escape("另存为 .xlsx")):
        read_workbook(old)


def test_an_edited_final_report_is_refused(full_report: Report) -> None:
    final = finalised(full_report)

    def change(wb) -> None:
        wb["三、收到和处理政府信息公开申请情况"]["D5"] = 26

    with pytest.raises(ReportFileError, match=re.escape(CHANGED_AFTER_FINAL)):
        read_workbook(edited(export(final), change))


# ---- check report and metadata ---------------------------------------------------------------


def test_metadata_sheet_lists_format_edition_and_tool_version(full_report: Report) -> None:
    from core import __version__

    ws = workbook(export(full_report))[META_SHEET]
    rows = {r[0]: r[1] for r in ws.iter_rows(min_row=2, max_col=2, values_only=True) if r[0]}
    assert rows["文件格式"] == "nianbao-xlsx" and rows["报表版本"] == "2021" and rows["报告年度"] == 2023
    assert rows["机关类型"] == "县级以上人民政府部门" and rows["状态"] == "草稿" and rows["工具版本"] == __version__


def test_check_sheet_has_one_row_per_rule(full_report: Report) -> None:
    report = deepcopy(full_report)
    report.cells["t3.N.C1"] = 26  # breaks the balance of column 自然人
    results = run_checks(report, None)
    failed = next(r for r in results if r.issues)
    note = "已与业务科室核对"
    report.explanations[failed.issues[0].fingerprint] = note
    ws = workbook(export(report))[CHECK_SHEET]
    assert [c.value for c in ws[3]] == ["编号", "检查项", "级别", "结果", "比对数值", "问题", "说明"]
    body = list(ws.iter_rows(min_row=4, max_row=3 + len(results), values_only=True))
    assert [r[0] for r in body] == [r.rule.id for r in results]
    signs = [r for r in ws.iter_rows(min_row=4 + len(results), values_only=True) if any(r)]
    assert [r[0] for r in signs] == ["填报人：张三", "审核人：李四", "负责人：赵六",
                                     "填报单位（盖章）：示例市示例区生态环境局"]
    assert all(r[2] == "签字：" and r[5].startswith("日期：") for r in signs[:3])
    assert ws.print_area.endswith(f"$G${ws.max_row}")
    row = body[results.index(failed)]
    assert row[3] == "未通过" and failed.issues[0].message in row[5] and note in row[6]
    assert "≠" not in row[4] and "4 + 0 = 4 + 0" in row[4]  # the mismatch is said once, in 问题
    assert row[1] == failed.rule.title


def test_check_sheet_follows_the_rule_result_contract(monkeypatch, full_report: Report) -> None:
    """Drawn from RuleResult as docs/architecture.md defines it (independent of the rules shipped)."""
    from dataclasses import dataclass

    from core.template import Rule

    @dataclass(frozen=True)
    class FakeIssue:
        message: str
        fingerprint: str
        severity: str = "warning"

    @dataclass(frozen=True)
    class FakeResult:
        rule: Rule
        issues: tuple = ()
        compared: tuple = ()
        skipped: str = ""

        @property
        def passed(self) -> bool:
            return not self.skipped and not self.issues

    rules = [Rule("R3.1", "balance", "error", "m", "s", "每列：一＋二＝三＋四"),
             Rule("X1", "carry", "warning", "m", "s", "上年结转与上年度结转下年度一致"),
             Rule("T4", "text_reuse", "info", "m", "s", "与上年文字重复")]
    results = [
        FakeResult(rules[0], compared=("自然人：25 + 3 = 26 + 2", "商业企业：4 + 0 = 4 + 0")),
        FakeResult(rules[1], issues=(FakeIssue("上年结转（自然人）应为 2，当前为 3", "X1@C1"),
                                     FakeIssue("上年结转（总计）应为 2，当前为 3", "X1@C7")),
                   compared=("自然人：3 ≠ 2",)),
        FakeResult(rules[2], skipped="无上年度报告"),
    ]
    monkeypatch.setattr("core.export.xlsx_check_sheet.run_results", lambda report, previous=None: results)
    full_report.explanations["X1@C7"] = "上年报告填错，已核实"
    ws = workbook(export(full_report))[CHECK_SHEET]
    body = [tuple(r) for r in ws.iter_rows(min_row=4, values_only=True)]
    assert body[0] == ("R3.1", "每列：一＋二＝三＋四", "错误", "通过",
                       "自然人：25 + 3 = 26 + 2\n商业企业：4 + 0 = 4 + 0", None, None)
    assert body[1][2:4] == ("需核实", "未通过") and body[1][6] == "上年报告填错，已核实"
    assert body[1][5] == "上年结转（自然人）应为 2，当前为 3\n上年结转（总计）应为 2，当前为 3"
    assert body[2][2:4] == ("提示", "未运行：无上年度报告")
    assert "通过 1 条" in ws["A2"].value and "未运行 1 条" in ws["A2"].value
    assert ws.cell(5, 1).fill.fgColor.rgb.endswith("FFF4CE")


# ---- property: whatever goes in comes back ---------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

TEMPLATE21 = load_template("2021")
_ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)


@st.composite
def random_reports(draw) -> Report:
    report = Report.blank(2023, draw(_ANY_TEXT.filter(lambda t: clean_text(t) == t)))
    report.texts.clear()
    for key in draw(st.lists(st.sampled_from(TEMPLATE21.input_keys()), max_size=40, unique=True)):
        kind = TEMPLATE21.cells[key].value_kind
        if kind.type == "decimal":
            places = draw(st.integers(0, kind.decimals))
            report.cells[key] = Decimal(draw(st.integers(0, 10**9))).scaleb(-places)
        else:
            report.cells[key] = draw(st.integers(0, 10**6))
    for key in TEMPLATE21.texts:
        if draw(st.booleans()):
            report.texts[key] = draw(_ANY_TEXT)
    if not report.texts.get("preface", "x"):
        del report.texts["preface"]  # an empty 前言 is no 前言: its default is printed (never stored empty)
    if draw(st.booleans()):
        report.meta.pop("agency")
    return report


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_reports())
def test_round_trip_of_random_reports(report: Report) -> None:
    back = read_workbook(io.BytesIO(export(report)))
    assert {k: format(v, "f") for k, v in back.cells.items()} == {k: format(v, "f") for k, v in report.cells.items()}
    assert back.texts == {k: clean_text(v) for k, v in report.texts.items()}
    assert back.meta == report.meta and not back.invalid
    expected = deepcopy(report)
    expected.texts = {k: clean_text(v) for k, v in report.texts.items()}
    assert content_hash(back) == content_hash(expected)


def test_default_font_is_song_for_cells_typed_later(full_report) -> None:
    """Cells the clerk types into later in WPS/Excel inherit 宋体, not openpyxl's Calibri."""
    import io

    import openpyxl

    from core.export.xlsx import write_xlsx

    buf = io.BytesIO()
    write_xlsx(full_report, buf)
    ws = openpyxl.load_workbook(io.BytesIO(buf.getvalue())).worksheets[1]
    assert ws.cell(ws.max_row + 5, ws.max_column + 3).font.name == "宋体"


def test_text_sheet_prints_as_a_document_and_a_final_is_protected(full_report: Report) -> None:
    """报告全文: wrapped paragraphs tall enough for their lines, A4 portrait fit to width, no grid;
    a 定稿's sheets are protected against slips (no password), a draft's are not."""
    from core.export.xlsx_layout import row_height, text_lines

    full_report.texts["problems"] = "（一）存在问题\n" + "信息发布不够及时。" * 40
    wb = workbook(export(full_report))
    ws = wb[TEXT_SHEET]
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "portrait"  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0 and not ws.sheet_view.showGridLines
    assert ws.column_dimensions["A"].width >= 70 and ws.column_dimensions["B"].hidden
    for row in range(2, ws.max_row + 1):
        cell = ws.cell(row, 1)
        if ws.cell(row, 2).value in ("problems", "续"):
            assert cell.alignment.wrap_text
            assert ws.row_dimensions[row].height >= row_height(text_lines(cell.value, ws.column_dimensions["A"].width))
    heading = next(ws.cell(r, 1) for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "（一）存在问题")
    assert heading.font.name == "楷体"
    assert not any(s.protection.sheet for s in wb.worksheets)
    final = workbook(export(finalised(full_2021_report())))  # one that passes the finalising checks
    assert all(s.protection.sheet and not s.protection.password for s in final.worksheets)


def test_xlsx_pages_carry_the_draft_mark_and_the_final_version(full_report) -> None:
    """Printed from WPS/Excel, a draft says 草稿 on every sheet; a finalised one its version and hash."""
    from openpyxl import load_workbook

    from core.export.pdf_page import footer_note
    from core.export.xlsx import write_xlsx
    from core.finalise import finalised

    for report in (full_report, finalised(full_report)):
        out = io.BytesIO()
        write_xlsx(report, out)
        wb = load_workbook(io.BytesIO(out.getvalue()))
        for ws in wb.worksheets:
            assert ws.oddFooter.right.text == footer_note(report), ws.title
            assert "第 &P 页" in ws.oddFooter.center.text
            if report.is_final:
                assert ws.oddHeader.right.text is None
                assert report.content_hash[:12] in ws.oddFooter.right.text
                assert "草稿" not in ws.oddFooter.right.text
            else:
                assert ws.oddHeader.right.text == "草稿", ws.title
                assert "未定稿" in ws.oddFooter.right.text
