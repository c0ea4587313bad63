"""One reader for every report the program accepts: a report file (.json), or a workbook (.xlsx), Word
document (.docx) or web page (.html) it exported.

The content decides, not the extension: a workbook renamed to .json is read as a workbook, and a Word
document, PDF or web page renamed to .xlsx is named for what it is instead of "系统错误".
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from core.atomic import file_problem, os_reason
from core.own_marks import is_own_docx, is_own_page
from core.report import Report, ReportFileError

_HEAD = 4096
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Binary formats an officer may pick by mistake, by their first bytes.
_MAGIC = (
    (b"%PDF", "这是一个 PDF 文件，不是年报文件；请选择本程序导出的年报文件（.json）或工作簿（.xlsx）"),
    (b"{\\rtf", "这是一个 RTF 文档（写字板/Word），不是年报文件"),
    (b"\x89PNG", "这是一个图片（PNG），不是年报文件"),
    (b"\xff\xd8\xff", "这是一个图片（JPEG），不是年报文件"),
    (b"Rar!", "这是一个 RAR 压缩包，请先解压"),
    (b"7z\xbc\xaf\x27\x1c", "这是一个 7z 压缩包，请先解压"),
    (b"\x1f\x8b", "这是一个 gzip 压缩文件，请先解压"),
)
# Zip-based formats by a part only they have.
_ZIP_PARTS = (
    ("word/document.xml", "这是一个 Word 文档（.docx），不是年报文件或本程序导出的工作簿"),
    ("ppt/presentation.xml", "这是一个 PowerPoint 演示文稿（.pptx），不是年报文件"),
    ("content.xml", "这是一个 OpenDocument / WPS 文档（.odt/.ods），请在 WPS 或 Excel 中另存为 .xlsx 后再试"),
)


def read_any_report(path: Path, notes: list[str] | None = None) -> Report:
    """The report in ``path``, whatever its extension; ``notes`` (if given) receives what the reader assumed.

    Raises:
        ReportFileError: the file cannot be read, or is not a report (Chinese, names the file and what it is).
    """
    path = Path(path)
    kind = _sniff(path)
    if kind == "xlsx":
        from core.xlsx_import import read_workbook
        reader, what = (lambda p: read_workbook(p, notes)), "工作簿"
    elif kind == "docx":
        from core.docx_read import read_docx
        reader, what = read_docx, "Word 文档"
    elif kind == "html":
        from core.html_read import read_html
        reader, what = read_html, "网页"
    else:
        from core.report_file import read_report_file
        reader, what = read_report_file, "年报文件"
    try:
        return reader(path)
    except ReportFileError:
        raise
    except Exception:  # a damaged file must not stop a batch, and the user gets no English traceback
        raise ReportFileError(f"{path.name}：内容已损坏，或不是本程序导出的{what}") from None


def _sniff(path: Path) -> str:
    """``xlsx`` or ``json`` (the report file reader explains text problems); raises for anything else."""
    problem = file_problem(path)
    if problem is not None:
        raise ReportFileError(f"无法读取“{path}”：{problem}")
    try:
        with open(path, "rb") as stream:
            head = stream.read(_HEAD)
    except OSError as exc:
        raise ReportFileError(f"无法读取“{path}”：{os_reason(exc)}") from None
    if head.startswith(b"PK\x03\x04") or (head.startswith(b"PK") and path.suffix.lower() == ".xlsx"):
        return _zip_kind(path)
    if head.startswith(_OLE):
        kind = _ole_kind(path)
        if kind is None and path.suffix.lower() in (".xlsx", ".xls", ".et"):
            return "xlsx"  # the workbook reader names old and password-protected workbooks
        raise ReportFileError(f"{path.name}：{kind or _OLD_OFFICE}")
    for magic, message in _MAGIC:
        if head.startswith(magic):
            raise ReportFileError(f"{path.name}：{message}")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<") and is_own_page(text):
        return "html"
    if text.startswith(b"<"):
        raise ReportFileError(f"{path.name}：这是一个网页（HTML）或 XML 文件，不是年报文件；"
                              "如是 Excel/WPS 另存的网页格式，请另存为 .xlsx 后再试")
    if path.suffix.lower() in (".xlsx", ".xls", ".et") and not text.startswith(b"{"):
        if text and not any(byte < 0x20 and byte not in b"\t\r\n\f" for byte in head):
            raise ReportFileError(f"{path.name}：不是有效的 Excel（.xlsx）文件（这是一个文本文件），也不是年报文件")
        return "xlsx"  # the workbook reader names empty and damaged files as not a workbook
    return "json"


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "xlsx"  # the workbook reader says it is damaged
    if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
        return "xlsx"
    if "word/document.xml" in names and is_own_docx(path):
        return "docx"
    for part, message in _ZIP_PARTS:
        if part in names:
            raise ReportFileError(f"{path.name}：{message}")
    raise ReportFileError(f"{path.name}：这是一个 zip 压缩包，不是年报文件；如其中有年报文件，请先解压")


_OLD_OFFICE = "这是旧版 Office 文件（.doc/.xls）或设置了打开密码的文件，请在 WPS 或 Excel 中另存为 .xlsx 后再试"


def _ole_kind(path: Path) -> str | None:
    """What an OLE compound file (old Office formats, and password-protected new ones) is."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(8 * 1024 * 1024)
    except OSError:
        data = b""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return "这是设置了打开密码的 Office 文件，请在 WPS 或 Excel 中去掉密码、另存为 .xlsx 后再试"
    if "WordDocument".encode("utf-16-le") in data:
        return "这是一个旧版 Word 文档（.doc），不是年报文件或本程序导出的工作簿"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "这是旧版 Excel/WPS 表格（.xls/.et），请在 WPS 或 Excel 中另存为 .xlsx 后再导入"
    return None
