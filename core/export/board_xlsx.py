"""The 汇总 board as a workbook: the status of every unit, each unit's cells, and the summed tables.

Sheets, in order:
  汇总状态    one row per unit file: agency, year, edition, status, errors, unexplained warnings,
              uncertain and missing cells from import, whether it is summed and why not
  分单位明细  one row per unit summed, one column per input cell (row 1 the cell key, row 2 its label),
              and a last row 合计 with the sums
  二、… 三、… 四、…  the 汇总 report's tables, drawn by core.export.xlsx exactly as its own export draws them
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, Protocol

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core import APP_TITLE
from core.export.xlsx import write_table_sheet
from core.export.xlsx_layout import layout_sheet, table_sections
from core.export.xlsx_style import FONT_BOLD, FONT_DEFAULT, page_marks, put_text, put_value
from core.report import Report, computed_values
from core.wording import UNIT_STATUS_LABELS, UNKNOWN_AGENCY, UNKNOWN_EDITION, UNKNOWN_YEAR

STATUS_SHEET = "汇总状态"
UNITS_SHEET = "分单位明细"
STATUS_HEADERS = ("文件", "机关名称", "年度", "格式版本", "状态", "错误", "未说明的需核实事项",
                  "待核实单元格", "未找到单元格", "是否汇总", "说明")
_WRAP = Alignment(vertical="top", wrap_text=True)


class BoardUnit(Protocol):
    """What the status sheet reads of a unit (core.aggregate_units.Unit; an export imports no reader)."""

    path: Path
    status: str
    errors: list[str]
    warnings: list[str]
    uncertain: list[str]
    missing: list[str]

    @property
    def agency(self) -> str: ...

    @property
    def year(self) -> int | None: ...

    @property
    def edition(self) -> str: ...

    def included(self, include_errors: bool = False) -> bool: ...

    def reason(self, include_errors: bool = False) -> str: ...


class Board(Protocol):
    """What the workbook reads of the board (core.aggregate.Board): its units and the officer's choice."""

    @property
    def units(self) -> Sequence[BoardUnit]: ...

    @property
    def include_errors(self) -> bool: ...


def write_board_xlsx(board: Board, report: Report, stream: BinaryIO) -> None:
    """Write the board workbook of a 汇总 (``report`` is the summed report) to a binary stream."""
    wb = Workbook()
    wb._fonts = type(wb._fonts)([FONT_DEFAULT, *list(wb._fonts)[1:]])  # 宋体 as the default, as core.export.xlsx does
    wb.remove(wb.active)
    wb.properties.creator = APP_TITLE
    write_status_sheet(wb.create_sheet(STATUS_SHEET), board)
    write_units_sheet(wb.create_sheet(UNITS_SHEET), report)
    values = computed_values(report, report.template)
    marks = page_marks(report)
    for section in table_sections(report.template):
        layout = layout_sheet(section)
        write_table_sheet(wb.create_sheet(layout.name), layout, values, report, marks)
    wb.save(stream)


def write_status_sheet(ws: Worksheet, board: Board) -> None:
    """One row per unit file, with what the officer needs to decide whether to sum it."""
    _header(ws, STATUS_HEADERS)
    for row, unit in enumerate(board.units, start=2):
        included = unit.included(board.include_errors)
        texts = (unit.path.name, unit.agency or UNKNOWN_AGENCY, str(unit.year or UNKNOWN_YEAR),
                 unit.edition or UNKNOWN_EDITION, UNIT_STATUS_LABELS[unit.status],
                 "；".join(unit.errors), "；".join(unit.warnings), "、".join(unit.uncertain),
                 "、".join(unit.missing), "是" if included else "否", unit.reason(board.include_errors))
        for col, text in enumerate(texts, start=1):
            put_text(ws.cell(row, col), text)
            ws.cell(row, col).alignment = _WRAP
    for col, width in enumerate((24, 24, 7, 9, 16, 40, 40, 16, 16, 9, 40), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(STATUS_HEADERS))}{max(1, len(board.units)) + 1}"


def write_units_sheet(ws: Worksheet, report: Report) -> None:
    """Units as rows, every input cell as a column, and the 合计 row: who contributed what."""
    template = report.template
    keys = template.input_keys()
    put_text(ws.cell(1, 1), "单元格")
    put_text(ws.cell(2, 1), "机关名称")
    for col, key in enumerate(keys, start=2):
        put_text(ws.cell(1, col), key)
        put_text(ws.cell(2, col), template.cell_label(key))
        ws.cell(2, col).alignment = _WRAP
    for row, source in enumerate(report.sources, start=3):
        put_text(ws.cell(row, 1), source.agency)
        for col, key in enumerate(keys, start=2):
            value = source.cells.get(key)
            if value is not None:
                put_value(ws.cell(row, col), value)
    last = len(report.sources) + 3
    put_text(ws.cell(last, 1), "合计")
    ws.cell(last, 1).font = FONT_BOLD
    for col, key in enumerate(keys, start=2):
        value = report.cells.get(key)
        if value is not None:
            put_value(ws.cell(last, col), value)
            ws.cell(last, col).font = FONT_BOLD
    ws.column_dimensions["A"].width = 28
    ws.freeze_panes = "B3"


def _header(ws: Worksheet, headers: tuple[str, ...]) -> None:
    for col, text in enumerate(headers, start=1):
        put_text(ws.cell(1, col), text)
        ws.cell(1, col).font = FONT_BOLD
