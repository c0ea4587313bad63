"""One reader for every report the program accepts: a report file (.json), a workbook (.xlsx), Word document
(.docx) or web page (.html) it exported, or a published report core.importers can read (.docx, .html, .txt, .pdf,
.xlsx), whose notes say what was uncertain.

The content decides, not the extension: a workbook renamed to .json is read as a workbook, and a picture or
an archive renamed to .xlsx is named for what it is instead of "系统错误".
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from core.atomic import file_problem, os_reason
from core.export.own_marks import is_own_docx, is_own_page
from core.read.report_file import read_report_file
from core.report import Report, ReportFileError

if TYPE_CHECKING:
    from core.importers import ImportResult

_HEAD = 4096
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Binary formats an officer may pick by mistake, by their first bytes.
_MAGIC = (
    (b"{\\rtf", "这是一个 RTF 文档（写字板/Word），不是年报文件"),
    (b"\x89PNG", "这是一个图片（PNG），不是年报文件"),
    (b"\xff\xd8\xff", "这是一个图片（JPEG），不是年报文件"),
    (b"Rar!", "这是一个 RAR 压缩包，请先解压"),
    (b"7z\xbc\xaf\x27\x1c", "这是一个 7z 压缩包，请先解压"),
    (b"\x1f\x8b", "这是一个 gzip 压缩文件，请先解压"),
)
# Zip-based formats by a part only they have.
_ZIP_PARTS = (
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
    if kind == "xlsx" and not _own_workbook(path):
        kind = "import"  # the official tables in another layout (a submission form, a unit's own workbook)
    if kind == "import":
        return _imported(path, notes)
    if kind == "xlsx":
        from core.read.xlsx_import import read_workbook  # openpyxl loads only when a workbook is read

        reader, what = (lambda p: read_workbook(p, notes)), "工作簿"
    elif kind == "docx":
        from core.read.docx_read import read_docx
        reader, what = read_docx, "Word 文档"
    elif kind == "html":
        from core.read.html_read import read_html
        reader, what = read_html, "网页"
    else:
        reader, what = read_report_file, "年报文件"
    try:
        return reader(path)
    except ReportFileError:
        raise
    except Exception:  # a damaged file must not stop a batch, and the user gets no English traceback
        raise ReportFileError(f"{path.name}：内容已损坏，或不是本程序导出的{what}") from None


def _imported(path: Path, notes: list[str] | None) -> Report:
    """A published report read by core.importers; ``notes`` says what it read and what it could not."""
    from core.importers import ImportRefused, ImportResult
    from core.importers.dispatch import read_document
    from core.importers.guard import read_limited
    from core.importers.read_xlsx import read_xlsx_source
    from core.importers.recognise import recognise

    try:  # by content: a Word file named .xlsx is read as what it is
        raw = read_limited(path)
        source = read_xlsx_source(path) if raw.startswith(b"PK") and _is_workbook(path) else read_document(path, raw)
        result = source if isinstance(source, ImportResult) else recognise(source)
    except ImportRefused as exc:
        raise ReportFileError(f"{path.name}：{exc}") from None
    if notes is not None:
        notes.extend(import_notes(result))
    return result.report


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


def _is_workbook(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return any(name.startswith("xl/") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _sniff(path: Path) -> str:
    """``import``, ``xlsx`` or ``json`` (the report file reader explains text problems); raises for the rest."""
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
    if head.startswith(b"%PDF"):
        return "import"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<") and is_own_page(text):
        return "html"
    if text.startswith(b"<"):
        return "import"  # a web page saved from a portal (the importer names anything else)
    if path.suffix.lower() in (".xlsx", ".xls", ".et") and not text.startswith(b"{"):
        if text and not any(byte < 0x20 and byte not in b"\t\r\n\f" for byte in head):
            raise ReportFileError(f"{path.name}：不是有效的 Excel（.xlsx）文件（这是一个文本文件），也不是年报文件")
        return "xlsx"  # the workbook reader names empty and damaged files as not a workbook
    if path.suffix.lower() != ".json" and not text.startswith(b"{"):
        return "import"  # a text copy of a published report
    return "json"


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "xlsx"  # the workbook reader says it is damaged
    if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
        return "xlsx"
    if "word/document.xml" in names:
        return "docx" if is_own_docx(path) else "import"
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
        return "这是一个旧版 Word 文档（.doc），请在 Word 或 WPS 中另存为 .docx 后再试"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "这是旧版 Excel/WPS 表格（.xls/.et），请在 WPS 或 Excel 中另存为 .xlsx 后再导入"
    return None
