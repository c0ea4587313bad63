"""Workbooks: nianbao's own are read as exported; other layouts are found by their labels."""

from __future__ import annotations

from openpyxl import Workbook

from core.importers import import_file


def _other_layout(path):
    """A county office's own sheet: labels in merged cells, numbers typed as text, 总计 as formulas."""
    wb = Workbook()
    ws = wb.active
    ws.title = "表三"
    ws["A1"] = "某某县交通运输局2022年政府信息公开工作年度报告附表"
    ws.merge_cells("A1:J1")
    ws["A2"] = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    ws.merge_cells("A2:C4")
    ws["D2"] = "申请人情况"
    ws.merge_cells("D2:J2")
    ws["D3"], ws["E3"], ws["J3"] = "自然人", "法人或其他组织", "总计"
    ws.merge_cells("E3:I3")
    for col, label in zip("EFGHI", ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"), strict=False):
        ws[f"{col}4"] = label
    rows = [("一、本年新收政府信息公开申请数量", "12", "3"), ("二、上年结转政府信息公开申请数量", "1", "0"),
            ("（一）予以公开", "8", "2"), ("（七）总计", "13", "3"), ("四、结转下年度继续办理", "0", "0")]
    r = 5
    for label, natural, company in rows:
        ws[f"A{r}"] = label
        ws.merge_cells(f"A{r}:C{r}")
        ws[f"D{r}"], ws[f"E{r}"] = natural, company  # numbers stored as text
        for col in "FGHI":
            ws[f"{col}{r}"] = 0
        ws[f"J{r}"] = f"=SUM(D{r}:I{r})"  # a formula never calculated (no cached value)
        r += 1
    ws2 = wb.create_sheet("基本")
    ws2["A1"] = "标题：某某县交通运输局2022年政府信息公开工作年度报告"
    wb.save(path)


def test_other_layout_found_by_labels(tmp_path):
    path = tmp_path / "县交通局.xlsx"
    _other_layout(path)
    result = import_file(path)
    report = result.report
    assert report.edition == "2021" and report.year == 2022
    assert report.agency == "某某县交通运输局" and report.meta["agency_kind"] == "department"
    assert report.cells["t3.N.C1"] == 12 and report.cells["t3.N.C2"] == 3
    assert report.cells["t3.R1.C1"] == 8 and report.cells["t3.B.C1"] == 1
    # a total given as an uncalculated formula is left to the program, not read as a printed blank
    assert "t3.N.C7" not in report.carried
    assert report.carried["t3.T.C1"] == 13
    assert "t3.R2.C1" in result.missing  # rows the sheet does not have are listed, not invented


def test_own_workbook_goes_to_xlsx_import(tmp_path, full_report):
    from core.export.xlsx import write_xlsx

    path = tmp_path / "own.xlsx"
    with open(path, "wb") as stream:
        write_xlsx(full_report, stream)
    result = import_file(path)
    assert result.certain
    assert result.report.cells == full_report.cells
    assert result.report.agency == full_report.agency


def test_a_2021_pdf_with_watermark_and_page_footers(tmp_path, full_report):
    """nianbao's own 2021 PDF (merged headers, a 草稿 watermark across each page, page footers, a title on
    two lines) reads back cell for cell."""
    from core.export.pdf import write_pdf
    from core.report import computed_values

    path = tmp_path / "draft.pdf"
    with open(path, "wb") as stream:
        write_pdf(full_report, stream)
    result = import_file(path)
    report = result.report
    assert (report.edition, report.year, report.agency) == ("2021", full_report.year, full_report.agency)
    assert result.certain
    template = report.template
    assert {k: report.cells.get(k) for k in template.input_keys()} == \
        {k: full_report.cells.get(k) for k in template.input_keys()}
    expected_totals = computed_values(full_report, template)
    assert report.carried == {k: expected_totals[k] for k in template.totals}
    assert "草稿" not in report.texts["overview"] and "第" not in report.texts["other"][-6:]
