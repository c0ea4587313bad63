"""Choose the reader by the file's content and extension, then recognise the report."""

from __future__ import annotations

from pathlib import Path

from core.export.own_marks import is_own_docx, is_own_page
from core.final_status import ChangedAfterFinal
from core.importers.blocks import Document, ImportRefused
from core.importers.guard import read_limited
from core.importers.recognise import recognise
from core.importers.result import ImportResult
from core.importers.source_text import source_text
from core.read.file_kind import file_kind
from core.report import ReportFileError


def import_file(path: Path | str) -> ImportResult:
    """Import a published report from .docx, .html/.htm, .txt, .pdf or .xlsx.

    Raises:
        ImportRefused: the file cannot be read as a report (Chinese reason).
        ChangedAfterFinal: nianbao's own report file or workbook marked 定稿 but changed since (the type kept, as
            ``check`` and the 汇总 board get it from the reader).
    """
    path = Path(path)
    try:
        kind = file_kind(path)  # what the file is, by content, as ``check`` and read_any_report say it
    except ReportFileError as exc:
        raise ImportRefused(str(exc)) from None
    raw = read_limited(path)
    if kind == "xlsx":
        from core.importers.read_xlsx import read_xlsx_source

        own = read_xlsx_source(path)
        if isinstance(own, ImportResult):
            return own
        return recognise(own)
    if kind == "json":
        return _own_report_file(path)
    exported = _own_export(path, raw, kind)
    if exported is not None:
        return exported
    return recognise(read_document(path, raw, kind))


def _own_export(path: Path, raw: bytes, kind: str) -> ImportResult | None:
    """A Word document or web page nianbao exported, read exactly by its own reader; None for anyone else's."""
    if raw.startswith(b"PK\x03\x04") and is_own_docx(path):
        from core.read.docx_read import read_docx as read_own
        what = "Word 文档（.docx）"
    elif is_own_page(raw.lstrip(b"\xef\xbb\xbf \t\r\n")):
        from core.read.html_read import read_html as read_own
        what = "网页（.html）"
    else:
        return None
    try:
        report = read_own(path)
    except ReportFileError as exc:
        raise ImportRefused(str(exc)) from None
    result = ImportResult(report, notes=[f"这是本程序导出的{what}，已按原样读取：单元格、文字和基本信息与导出时相同"])
    result.source_text = source_text(read_document(path, raw, kind))[0]  # the document as the review shows any source
    result.cells_read = len(report.template.cells)
    return result


def _own_report_file(path: Path) -> ImportResult:
    """A nianbao report file: read as it is (nothing to recognise)."""
    from core.read.report_file import read_report_file

    try:
        report = read_report_file(path)
    except ChangedAfterFinal:
        raise  # the reader's type, for the caller to branch on
    except ReportFileError as exc:
        raise ImportRefused(str(exc)) from None
    result = ImportResult(report, notes=["本程序的年报文件，已按原样读取"])
    result.source_text = path.read_text(encoding="utf-8-sig", errors="replace")
    result.cells_read = len(report.template.cells)
    return result


def read_document(path: Path, raw: bytes, kind: str) -> Document:
    """The Document of a non-workbook source of ``kind`` (core.read.file_kind's: pdf, docx, html or text)."""
    if kind == "pdf":
        from core.importers.read_pdf import read_pdf

        return read_pdf(path, raw)
    if kind == "docx":
        from core.importers.read_docx import read_docx

        return read_docx(path)
    if kind == "html":
        from core.importers.read_html import read_html

        return read_html(raw, path.name)
    from core.importers.read_txt import read_txt

    return read_txt(raw, path.name)
