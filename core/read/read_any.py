"""One reader for every report the program accepts: a report file (.json), a workbook (.xlsx), Word document
(.docx) or web page (.html) it exported, or a published report core.importers can read (.docx, .html, .txt, .pdf,
.xlsx), whose notes say what was uncertain.

The content decides, not the extension (core.read.file_kind, which ``nianbao import`` and the window's import
share): a workbook renamed to .json is read as a workbook, and a picture or an archive renamed to .xlsx is
named for what it is instead of "系统错误".
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from core.export.own_marks import is_own_docx, is_own_page
from core.read.file_kind import file_kind, unreadable_content
from core.read.report_file import read_report_file
from core.report import Report, ReportFileError

if TYPE_CHECKING:
    from core.importers import ImportResult


def read_any_report(path: Path, notes: list[str] | None = None) -> Report:
    """The report in ``path``, whatever its extension; ``notes`` (if given) receives what the reader assumed.

    Raises:
        ReportFileError: the file cannot be read, or is not a report (Chinese, names the file and what it is).
    """
    return read_any_source(path, notes)[0]


def read_any_source(path: Path, notes: list[str] | None = None) -> tuple[Report, ImportResult | None]:
    """read_any_report's report, with the importer's result (uncertain and missing cells) when a published
    report was imported, else None. Raises as read_any_report does (a 定稿 changed since: ChangedAfterFinal)."""
    path = Path(path)
    kind = file_kind(path)
    if kind == "xlsx" and _own_workbook(path):
        from core.read.xlsx_import import read_workbook  # openpyxl loads only when a workbook is read

        reader: Callable[[Path], Report] = partial(read_workbook, notes=notes)
    elif kind == "docx" and is_own_docx(path):
        from core.read.docx_read import read_docx
        reader = read_docx
    elif kind == "html" and _own_page(path):
        from core.read.html_read import read_html
        reader = read_html
    elif kind == "json":
        reader = read_report_file
    else:  # a published report, or the official tables in another workbook layout
        return _imported(path, kind, notes)
    try:
        return reader(path), None
    except ReportFileError:
        raise
    except Exception:  # a damaged file must not stop a batch, and the user gets no English traceback
        raise ReportFileError(unreadable_content(path, kind)) from None


def _imported(path: Path, kind: str, notes: list[str] | None) -> tuple[Report, ImportResult]:
    """A published report read by core.importers; ``notes`` says what it read and what it could not."""
    from core.importers import ImportRefused, ImportResult
    from core.importers.dispatch import read_document
    from core.importers.guard import read_limited
    from core.importers.read_xlsx import read_xlsx_source
    from core.importers.recognise import recognise

    try:  # by content: a Word file named .xlsx is read as what it is
        source = read_xlsx_source(path) if kind == "xlsx" else read_document(path, read_limited(path), kind)
        result = source if isinstance(source, ImportResult) else recognise(source)
    except ImportRefused as exc:  # named once: the readers' own wording may name the file already
        said = str(exc)
        raise ReportFileError(said if said.startswith(f"{path.name}：") else f"{path.name}：{said}") from None
    except Exception as exc:  # the readers word what they know is wrong (ImportRefused): this is not that
        # A batch or the 汇总 board goes on, and the clerk is not sent to fetch a good file again.
        raise ReportFileError(f"{path.name}：读取时出错（{type(exc).__name__}），可能是文件中有本程序不认识的内容，"
                              "也可能是本程序的问题；请把该文件发给软件维护人员") from None
    if notes is not None:
        notes.extend(import_notes(result))
    return result.report, result


def import_notes(result: ImportResult) -> list[str]:
    """The importer's notes, and its uncertain and missing cells (left blank), in Chinese."""
    template = result.report.template
    lines = [f"这不是本程序的年报文件，已按已发布的年报导入：读取单元格 {result.cells_read} 个", *result.notes]
    lines += [f"待核实 {key}（{template.cell_label(key)}）：可能为 {result.candidates_text(key) or '无法判断'}，"
              "暂按空白处理" for key in result.uncertain]
    if result.missing:
        shown = "、".join(result.missing[:10]) + ("……" if len(result.missing) > 10 else "")
        lines.append(f"未找到 {len(result.missing)} 个单元格，按空白处理：{shown}")
    return lines


def _own_workbook(path: Path) -> bool:
    """Whether a workbook is one this program exported (its metadata sheet); a damaged one counts as its own
    (the workbook reader then says what is wrong)."""
    from openpyxl import load_workbook

    from core.export.xlsx_layout import META_SHEET
    from core.read.zip_guard import check_zip

    check_zip(path)  # before openpyxl reads anything
    try:
        workbook = load_workbook(path, read_only=True)
    except Exception:
        return True
    try:
        return META_SHEET in workbook.sheetnames
    finally:
        workbook.close()


def _own_page(path: Path) -> bool:
    """Whether a web page is one this program exported (its mark in the first few KB)."""
    try:
        with open(path, "rb") as stream:
            return is_own_page(stream.read(8192).lstrip(b"\xef\xbb\xbf \t\r\n"))
    except OSError:
        return False  # the importer then says why it cannot be read
