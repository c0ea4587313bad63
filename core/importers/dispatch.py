"""Choose the reader by the file's content and extension, then recognise the report."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from core.export.own_marks import is_own_docx, is_own_page
from core.importers.blocks import Document, ImportRefused
from core.importers.guard import read_limited
from core.importers.recognise import recognise
from core.importers.result import ImportResult
from core.importers.source_text import source_text

_OLD_WORD = "是旧版 Word/WPS 二进制格式（.doc/.wps），无法直接读取：请在 Word 或 WPS 中“另存为”.docx 后再导入"


def import_file(path: Path | str) -> ImportResult:
    """Import a published report from .docx, .html/.htm, .txt, .pdf or .xlsx.

    Raises:
        ImportRefused: the file cannot be read as a report (Chinese reason).
    """
    path = Path(path)
    raw = read_limited(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm") and not _other_zip(raw, path):
        from core.importers.read_xlsx import read_xlsx_source

        own = read_xlsx_source(path)
        if isinstance(own, ImportResult):
            return own
        return recognise(own)
    if suffix == ".json":
        return _own_report_file(path)
    own = _own_export(path, raw)
    if own is not None:
        return own
    return recognise(read_document(path, raw))


def _own_export(path: Path, raw: bytes) -> ImportResult | None:
    """A Word document or web page nianbao exported, read exactly by its own reader; None for anyone else's."""
    if raw.startswith(b"PK\x03\x04") and is_own_docx(path):
        from core.read.docx_read import read_docx as read_own
        what = "Word 文档（.docx）"
    elif is_own_page(raw.lstrip(b"\xef\xbb\xbf \t\r\n")):
        from core.read.html_read import read_html as read_own
        what = "网页（.html）"
    else:
        return None
    from core.report import ReportFileError

    try:
        report = read_own(path)
    except ReportFileError as exc:
        raise ImportRefused(str(exc)) from None
    result = ImportResult(report, notes=[f"这是本程序导出的{what}，已按原样读取：单元格、文字和基本信息与导出时相同"])
    result.source_text = source_text(read_document(path, raw))[0]  # the document as the review shows any source
    result.cells_read = len(report.template.cells)
    return result


def _own_report_file(path: Path) -> ImportResult:
    """A nianbao report file: read as it is (nothing to recognise)."""
    from core.read.report_file import read_report_file
    from core.report import ReportFileError

    try:
        report = read_report_file(path)
    except ReportFileError as exc:
        raise ImportRefused(str(exc)) from None
    result = ImportResult(report, notes=["本程序的年报文件，已按原样读取"])
    result.source_text = path.read_text(encoding="utf-8-sig", errors="replace")
    result.cells_read = len(report.template.cells)
    return result


def read_document(path: Path, raw: bytes) -> Document:
    """The Document of a non-workbook source."""
    suffix = path.suffix.lower()
    name = path.name
    if raw.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: .doc, .wps, .xls, .et
        if suffix in (".xls", ".et"):
            raise ImportRefused(f"“{name}”是旧版 Excel 格式（.xls/.et），请在 Excel 或 WPS 中另存为 .xlsx 后再导入")
        raise ImportRefused(f"“{name}”{_OLD_WORD}")
    if suffix in (".doc", ".wps"):
        raise ImportRefused(f"“{name}”{_OLD_WORD}")
    if raw.startswith(b"%PDF") or suffix == ".pdf":
        from core.importers.read_pdf import read_pdf

        return read_pdf(path, raw)
    if raw.startswith(b"PK\x03\x04") or suffix == ".docx":
        from core.importers.read_docx import read_docx

        return read_docx(path)
    if suffix in (".html", ".htm", ".shtml", ".xhtml") or _looks_html(raw):
        from core.importers.read_html import read_html

        return read_html(raw, name)
    if suffix in (".txt", ".text", "") or not _binary(raw):
        from core.importers.read_txt import read_txt

        return read_txt(raw, name)
    raise ImportRefused(f"“{name}”的格式无法识别：可导入 .docx、.html、.txt、.pdf、.xlsx")


def _other_zip(raw: bytes, path: Path) -> bool:
    """A zip that is not a workbook (a Word document named .xlsx is read as what it is)."""
    if not raw.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False  # the workbook reader says it is damaged
    return not any(name.startswith("xl/") for name in names) and "word/document.xml" in names


def _looks_html(raw: bytes) -> bool:
    head = raw[:2048].lower()
    return b"<html" in head or b"<!doctype html" in head or b"<table" in head[:2048] or b"<body" in head


def _binary(raw: bytes) -> bool:
    return b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff"))
