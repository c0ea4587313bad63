"""Workbooks: nianbao's own go to core.read.xlsx_import; other layouts are read as sheets of labelled cells."""

from __future__ import annotations

from pathlib import Path

from core.final_status import ChangedAfterFinal
from core.importers.blocks import Document, ImportRefused, Paragraph, Table
from core.importers.guard import check_zip
from core.importers.result import ImportResult
from core.read.file_kind import unreadable_content
from core.report import ReportFileError

MAX_CELLS = 200_000


def read_xlsx_source(path: Path) -> Document | ImportResult:
    """nianbao's own workbook as a finished result, or any other workbook as a Document."""
    check_zip(path, "Excel（.xlsx）")
    from openpyxl import load_workbook

    from core.export.xlsx_layout import META_SHEET

    try:
        values = load_workbook(path, data_only=True)
        formulas = load_workbook(path, data_only=False)
    except Exception:
        raise ImportRefused(unreadable_content(path, "xlsx")) from None
    if META_SHEET in values.sheetnames:
        from core.read.xlsx_import import read_workbook

        notes: list[str] = []  # what the reader assumed (a formula's saved result, a value it could not use)
        try:
            report = read_workbook(path, notes)
        except ChangedAfterFinal:
            raise  # the reader's type, for the caller to branch on
        except ReportFileError as exc:
            raise ImportRefused(str(exc)) from None
        result = ImportResult(report, notes=["本程序导出的工作簿，已按原样读取", *notes])
        result.cells_read = len(report.template.cells)
        return result
    doc = Document(source_kind="xlsx")
    total = 0
    for ws in values.worksheets:
        fs = formulas[ws.title]
        total += (ws.max_row or 0) * (ws.max_column or 0)
        if total > MAX_CELLS:
            raise ImportRefused(f"“{path.name}”的表格过大，不像年度报告的表格")
        doc.blocks.append(Paragraph(ws.title))
        doc.blocks.append(_sheet_table(ws, fs))
    return doc


def _sheet_table(ws, fs) -> Table:
    merged = {}
    for rng in ws.merged_cells.ranges:
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                merged[(r, c)] = (rng.min_row, rng.min_col)
    rows, origins = [], []
    width = ws.max_column or 0
    for r in range(1, (ws.max_row or 0) + 1):
        texts, ids = [], []
        for c in range(1, width + 1):
            top = merged.get((r, c), (r, c))
            texts.append(_text(ws.cell(*top).value, fs.cell(*top).value))
            ids.append(top[0] * 100_000 + top[1])
        rows.append(tuple(texts))
        origins.append(tuple(ids))
    return Table(tuple(rows), tuple(origins))


def _text(value: object, formula: object) -> str:
    """A cell as text; a formula whose value was never calculated reads as ``=``."""
    if value is None and isinstance(formula, str) and formula.startswith("="):
        return "="
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
