"""Read a workbook written by core.export.xlsx back into a Report, by the template's positions.

Anything that is not such a workbook (missing sheets, another edition's layout, a broken file)
raises ReportFileError naming the sheet and cell. Values that are not valid numbers are kept in
``report.invalid``; the totals found in the sheets go to ``report.carried`` so validation can
catch an edited total.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import zipfile
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from core.atomic import file_problem, os_reason
from core.export.xlsx_layout import (
    FORMAT_MARKER,
    FORMAT_VERSION,
    MARK_CONTINUED,
    META_SHEET,
    TEXT_SHEET,
    UNSET,
    SheetLayout,
    layout_sheet,
    table_sections,
)
from core.final_status import ChangedAfterFinal
from core.read.file_kind import unreadable_content
from core.read.read_limits import version_problem, year_problem
from core.read.report_file import read_scope
from core.read.zip_guard import check_zip
from core.report import SCOPE_LABELS, SCOPE_OWN, STATUS_FINAL, Report, ReportFileError, content_hash
from core.template import AGENCY_KINDS, Template, ValueKind, editions, load_template
from core.values import Value, ValueRefused, parse_value
from core.wording import CHANGED_AFTER_FINAL, STATUS_LABELS

_STATUS = {label: key for key, label in STATUS_LABELS.items()}
_KIND_BY_LABEL = {label: key for key, label in AGENCY_KINDS.items()}
_SPACE = re.compile(r"\s+")
_DECIMALS = re.compile(r"^0\.(0+)$")


def read_workbook(source: Any, notes: list[str] | None = None) -> Report:
    """Rebuild the report from a workbook (path or binary stream); ``notes`` receives what was assumed."""
    if isinstance(source, (str, os.PathLike)) and Path(source).suffix.lower() not in _XLSX_SUFFIXES \
            and Path(source).is_file():
        with open(source, "rb") as stream:  # openpyxl refuses a path by its extension; content decides here
            return _read_workbook(stream, notes)
    return _read_workbook(source, notes)


_XLSX_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".et")


def _read_workbook(source: Any, notes: list[str] | None) -> Report:
    wb = _open(source)
    formulas = _formulas(source, wb)
    info, explanations = _read_meta(_sheet(wb, META_SHEET, "本工具导出的工作簿"))
    template = load_template(info["edition"])
    where = f"工作表“{META_SHEET}”"
    for problem in (year_problem(info["year"], template), version_problem(info["version"])):
        if problem is not None:
            raise ReportFileError(f"{where}：{problem}")
    report = Report(info["edition"], info["year"], meta=info["meta"], explanations=explanations,
                    status=info["status"], version=info["version"], content_hash=info["hash"])
    read_scope(report, {"scope": info["scope"], "sources": info["sources"]}, where)
    for section in table_sections(template):
        layout = layout_sheet(section)
        _read_table(_sheet(wb, layout.name, f"{template.edition} 版工作簿"), layout, report,
                    formulas.get(layout.name, {}))
    report.texts = _read_texts(_sheet(wb, TEXT_SHEET, "本工具导出的工作簿"), template)
    if report.status == STATUS_FINAL and report.content_hash != content_hash(report):
        raise ChangedAfterFinal(
            f"工作表“{META_SHEET}”：本报告已定稿（第 {report.version} 版），但工作簿中的{CHANGED_AFTER_FINAL}；"
            "如需使用修改后的内容，请把“状态”改为“草稿”后再导入")
    if notes is not None:
        notes.extend(_formula_notes(wb, formulas))
    return report



def _open(source: Any) -> Workbook:
    name = getattr(source, "name", source)
    if str(name).lower().endswith((".xls", ".et")):
        raise ReportFileError(f"“{name}”是旧版 Excel/WPS 表格格式，请在 WPS 或 Excel 中另存为 .xlsx 后再导入")
    if isinstance(source, (str, os.PathLike)):
        problem = file_problem(Path(source))
        if problem is None and Path(source).stat().st_size == 0:
            problem = "文件是空的"
        if problem is not None:
            raise ReportFileError(f"无法读取“{name}”：{problem}")
    check_zip(source)
    try:
        return load_workbook(source, data_only=True)
    except OSError as exc:
        raise ReportFileError(f"无法读取“{name}”：{os_reason(exc)}") from None
    except zipfile.BadZipFile:
        raise ReportFileError(_not_a_zip(source)) from None
    except Exception:  # openpyxl raises many kinds of error for a zip that is not a workbook
        raise ReportFileError(_damaged(name)) from None


def _damaged(name: Any) -> str:
    """The damaged-workbook wording every reader uses, naming the file when the source has a name."""
    if isinstance(name, (str, os.PathLike)):
        return unreadable_content(Path(name), "xlsx")
    return unreadable_content(Path("-"), "xlsx").split("：", 1)[1]


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
FORMULA_REASON = "是公式，无计算结果（工作簿未经 Excel/WPS 计算保存）；请填写数字，或在 Excel/WPS 中打开、保存后再导入"


def _formulas(source: Any, wb: Workbook) -> dict[str, dict[str, str]]:
    """Formula text by sheet and cell; formulas without a saved result are put into ``wb`` as their text.

    openpyxl gives either the saved results or the formulas, so a workbook with formulas (found by a scan
    of the sheets' XML, bounded by core.read.zip_guard) is read a second time; one without is read once.
    """
    if not _has_formulas(source):
        return {}
    with contextlib.suppress(AttributeError, OSError, ValueError):
        source.seek(0)
    try:
        raw = load_workbook(source, data_only=False)
    except Exception:  # it opened a moment ago: the first reading stands
        return {}
    found: dict[str, dict[str, str]] = {}
    for ws in raw.worksheets:
        if ws.title not in wb.sheetnames:
            continue
        data = wb[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                text = _formula_text(cell.value)
                if text is None:
                    continue
                found.setdefault(ws.title, {})[cell.coordinate] = text
                if data[cell.coordinate].value is None:
                    data[cell.coordinate].value = text  # never a silent blank: the readers see the formula
    return found


def _formula_text(value: object) -> str | None:
    text = getattr(value, "text", value)  # an ArrayFormula keeps its text in .text
    if isinstance(text, str) and text.startswith("="):
        return text
    return None


def _has_formulas(source: Any) -> bool:
    try:
        with zipfile.ZipFile(source) as archive:
            return any(_part_has_formula(archive, info)
                       for info in archive.infolist() if info.filename.startswith("xl/worksheets/"))
    except Exception:  # opened by openpyxl already; a damaged part is its concern
        return False
    finally:
        with contextlib.suppress(AttributeError, OSError, ValueError):
            source.seek(0)


def _part_has_formula(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Scan one sheet's XML in 1 MB pieces (a tag split between two pieces is found in the overlap)."""
    tail = b""
    with archive.open(info) as stream:
        while chunk := stream.read(1024 * 1024):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-64:]
    return False


def _formula_notes(wb: Workbook, formulas: dict[str, dict[str, str]]) -> list[str]:
    """One note naming the formula cells whose saved results were used."""
    used = [(sheet, coord, text) for sheet, cells in formulas.items() for coord, text in cells.items()
            if wb[sheet][coord].value != text]
    if not used:
        return []
    sheet, coord, text = used[0]
    more = f"等 {len(used)} 个单元格" if len(used) > 1 else ""
    return [f"工作表“{sheet}”的单元格 {coord}（{text}）{more}是公式，已采用 Excel/WPS 保存的计算结果"]


def _not_a_zip(source: Any) -> str:
    """Why a file that should be an .xlsx (a zip archive) is not one, from its first bytes."""
    head = b""
    with contextlib.suppress(Exception):
        if isinstance(source, (str, os.PathLike)):
            with open(source, "rb") as stream:
                head = stream.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE compound file: .xls / .et, or an encrypted workbook
        return ("这是旧版 Excel/WPS 表格（.xls）或设置了打开密码的工作簿，"
                "请在 WPS 或 Excel 中去掉密码、另存为 .xlsx 后再试")
    return "不是有效的 Excel（.xlsx）文件（可能已损坏，或是其他文件改了扩展名）"


def _sheet(wb: Workbook, name: str, what: str) -> Worksheet:
    if name not in wb.sheetnames:
        raise ReportFileError(f"缺少工作表“{name}”：不是{what}")
    return wb[name]


def _text(value: object) -> str:
    """A cell's content as text (numbers typed into text cells included)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


# ---- 基本信息 ---------------------------------------------------------------------------------


_SCOPE = {label: scope for scope, label in SCOPE_LABELS.items()}


def _read_meta(ws: Worksheet) -> tuple[dict[str, Any], dict[str, str]]:
    found: dict[str, tuple[object, str]] = {}
    meta: dict[str, str] = {}
    explanations: dict[str, str] = {}
    sources: list[Any] = []
    for label, value, key, record in ws.iter_rows(min_row=2, max_col=4):
        mark = _text(key.value)
        text = _text(value.value)
        if mark == "source":  # a 汇总 report's unit, as the report file keeps it (hidden column D)
            sources.append(_source(_text(record.value), record.coordinate))
        elif mark == "explanation":
            explanations[_text(label.value)] = text
        elif mark in ("meta.agency_kind", f"{UNSET}agency_kind") and text:
            meta["agency_kind"] = _agency_kind(text, value.coordinate)
        elif mark.startswith("meta.") or (mark.startswith(UNSET) and text):  # a field filled in later counts
            meta[mark.partition(".")[2]] = text
        elif mark:
            found[mark] = (value.value, value.coordinate)
    where = f"工作表“{META_SHEET}”"
    marker = found.get("format")
    if marker is None or _text(marker[0]) != FORMAT_MARKER:
        raise ReportFileError(f"{where}中没有本工具的文件格式标记（{FORMAT_MARKER}）：不是本工具导出的工作簿")
    info: dict[str, Any] = {"meta": meta, "sources": sources,
                            "scope": _SCOPE.get(_text(found.get("scope", ("", ""))[0]), SCOPE_OWN)}
    version = _integer(found, "format_version", where)
    if version > FORMAT_VERSION:
        raise ReportFileError(f"{where}：工作簿由较新版本的工具导出（格式版本 {version}），请升级本工具后再打开")
    edition = _text(found.get("edition", (None, ""))[0])
    if edition not in editions():
        cell = found.get("edition", (None, "（缺失）"))[1]
        raise ReportFileError(f"{where}的单元格 {cell}：报表版本“{edition}”无效，应为 {'、'.join(editions())}")
    info["edition"] = edition
    info["year"] = _integer(found, "year", where)
    info["version"] = _integer(found, "version", where)
    status_raw, status_cell = found.get("status", ("草稿", ""))
    status = _STATUS.get(_text(status_raw), _text(status_raw))
    if status not in _STATUS.values():
        raise ReportFileError(f"{where}的单元格 {status_cell}：状态“{_text(status_raw)}”无效，应为“草稿”或“定稿”")
    info["status"] = status
    info["hash"] = _text(found.get("hash", ("", ""))[0])
    return info, explanations


def _source(text: str, cell: str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal)
    except ValueError:
        raise ReportFileError(f"工作表“{META_SHEET}”的单元格 {cell}：汇总来源记录已损坏，无法读取") from None


def _agency_kind(text: str, cell: str) -> str:
    if text in AGENCY_KINDS:
        return text
    if text not in _KIND_BY_LABEL:
        raise ReportFileError(f"工作表“{META_SHEET}”的单元格 {cell}：机关类型“{text}”无效，"
                              f"应为{'、'.join(AGENCY_KINDS.values())}之一")
    return _KIND_BY_LABEL[text]


def _integer(found: dict[str, tuple[object, str]], key: str, where: str) -> int:
    labels = {"format_version": "格式版本", "year": "报告年度", "version": "版本"}
    if key not in found:
        raise ReportFileError(f"{where}中缺少“{labels[key]}”")
    value, cell = found[key]
    text = _text(value).strip()
    if text.startswith("="):
        raise ReportFileError(f"{where}的单元格 {cell}：{labels[key]}“{text}”{FORMULA_REASON}")
    if not text.isdigit():
        raise ReportFileError(f"{where}的单元格 {cell}：{labels[key]}“{text}”应为整数")
    return int(text)


# ---- tables -----------------------------------------------------------------------------------


def _read_table(ws: Worksheet, layout: SheetLayout, report: Report, formulas: dict[str, str]) -> None:
    for area in layout.areas:
        if area.role == "title":
            continue  # the section title may be reworded; the labels below identify the layout
        cell = ws.cell(area.row, area.col)
        if _SPACE.sub("", _text(cell.value)) != _SPACE.sub("", area.text):
            raise ReportFileError(
                f"工作表“{layout.name}”的单元格 {cell.coordinate} 应为“{area.text}”，实际为“{_text(cell.value)}”："
                f"表格结构与 {report.edition} 版格式不符（不是本工具导出的工作簿，或行列被改动过）")
    for slot in layout.slots:
        cell = ws.cell(slot.row, slot.col)
        if cell.coordinate in formulas and formulas[cell.coordinate] == cell.value:
            report.invalid[slot.key] = (str(cell.value), f"“{cell.value}”{FORMULA_REASON}")
            continue
        try:
            value = cell_value(cell, slot.kind)
        except ValueRefused as exc:
            report.invalid[slot.key] = (_raw(cell.value), str(exc))
            continue
        if slot.computed:
            report.carried[slot.key] = value
        elif value is not None:
            report.cells[slot.key] = value


def _raw(value: object) -> str:
    if isinstance(value, float):
        return repr(value)
    return _text(value)


def cell_value(cell: XlCell, kind: ValueKind) -> Value:
    """A worksheet cell as a cell value; raises ValueRefused (Chinese reason) for anything else."""
    value = cell.value
    if isinstance(value, (bool, datetime, date, time)):
        raise ValueRefused(f"“{_text(value)}”不是数字；本栏应填写{kind.label}")
    if isinstance(value, float) and kind.type == "integer" and value.is_integer():
        return parse_value(int(value), kind)
    if isinstance(value, (int, float)) and kind.type == "decimal":
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        match = _DECIMALS.match(cell.number_format or "")
        places = len(match.group(1)) if match else 0
        padded = number.quantize(Decimal(1).scaleb(-places)) if places <= kind.decimals else number
        number = padded if padded == number else number  # restore the zeros the number format shows
        return parse_value(format(number, "f"), kind)
    return parse_value(value, kind)


# ---- texts ------------------------------------------------------------------------------------


def _read_texts(ws: Worksheet, template: Template) -> dict[str, str]:
    """Paragraph rows (hidden column B names their text) joined by newlines; rows added in Excel join too."""
    first_text = {s.id: (s.texts[0].key if s.texts else None) for s in template.sections}
    paragraphs: dict[str, list[str]] = {}
    current: str | None = None
    for text_value, mark_value in ws.iter_rows(min_col=1, max_col=2, values_only=True):
        mark, text = _text(mark_value), _text(text_value)
        if mark in first_text:
            current = first_text[mark]
        elif mark in template.texts:
            current = mark
            paragraphs.setdefault(mark, []).append(text)
        elif mark == MARK_CONTINUED and current and paragraphs.get(current):
            paragraphs[current][-1] += text
        elif not mark and text_value is not None and current:
            paragraphs.setdefault(current, []).append(text)
    return {key: "\n".join(parts) for key, parts in paragraphs.items()}
