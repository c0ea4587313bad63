"""What a file is, by its content: the one sniff behind ``check``, ``export``, ``sum``, ``import`` and the window.

``file_kind(path)`` returns ``json``, ``xlsx``, ``docx``, ``pdf``, ``html`` or ``text`` whatever the extension
says, and refuses the rest in Chinese (``<file name>：<what it is and what to do>``): pictures, archives, old
Office files, and files damaged or not what their extension or surviving content claims.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

from core.atomic import file_problem, os_reason
from core.report import ReportFileError

_HEAD = 4096
_OLE = b"\xd0\xcf\x11\xe0"  # an OLE compound file: old Office formats, and password-protected new ones
_NOT_REPORT = "不是年报文件"
_CHOOSE = "请选择年报的 Word、PDF、网页或 Excel 文件"
_PICTURE = "这是一个图片（{}），" + _NOT_REPORT + "；" + _CHOOSE
# Binary formats an officer may pick by mistake, by their first bytes.
_MAGIC = (
    (b"{\\rtf", "这是一个 RTF 文档（写字板/Word），请在 Word 或 WPS 中另存为 .docx 后再试"),
    (b"\x89PNG", _PICTURE.format("PNG")),
    (b"\xff\xd8\xff", _PICTURE.format("JPEG")),
    (b"GIF8", _PICTURE.format("GIF")),
    (b"II*\x00", _PICTURE.format("TIFF")),
    (b"MM\x00*", _PICTURE.format("TIFF")),
    (b"Rar!", "这是一个 RAR 压缩包，请先解压，再选择其中的年报文件"),
    (b"7z\xbc\xaf\x27\x1c", "这是一个 7z 压缩包，请先解压，再选择其中的年报文件"),
    (b"\x1f\x8b", "这是一个 gzip 压缩文件，请先解压，再选择其中的年报文件"),
)
_PRESENTATION = "这是一个{}演示文稿（{}），" + _NOT_REPORT + "；" + _CHOOSE
# Zip-based formats by a part only they have: an OFD (the 版式 document 统信 UOS and 银河麒麟 open by default)
# by its OFD.xml, a PowerPoint file by ppt/, an OpenDocument file by content.xml (its kind: _odf_message).
_ZIP_PARTS = (
    ("OFD.xml", "这是一个 OFD 版式文档（.ofd），请在 OFD 阅读器中另存为 PDF 后再试，或改用年报的 Word 原件"),
    ("ppt/", _PRESENTATION.format(" PowerPoint ", ".pptx")),
)
# An OpenDocument file by the media type its ``mimetype`` part names, else by its extension.
_ODF = {
    "text": (".odt", "这是一个 OpenDocument 文字文档（.odt），请在 WPS 或 Word 中另存为 .docx 后再试"),
    "spreadsheet": (".ods", "这是一个 OpenDocument 电子表格（.ods），请在 WPS 或 Excel 中另存为 .xlsx 后再试"),
    "presentation": (".odp", _PRESENTATION.format(" OpenDocument ", ".odp")),
}
_ODF_UNKNOWN = "这是一个 OpenDocument 文档，文字文档请在 WPS 中另存为 .docx、表格请另存为 .xlsx 后再试"
# What a file claims to be: by a part name that survives in a damaged zip, else by its extension (named as it is).
_CLAIMED_PART = (("word/", "Word（.docx）"), ("xl/", "Excel（.xlsx）"))
_CLAIMED_SUFFIX = {
    ".docx": "Word（.docx）", ".doc": "旧版 Word（.doc）", ".wps": "WPS 文字（.wps）",
    ".xlsx": "Excel（.xlsx）", ".xlsm": "Excel（.xlsm）", ".xls": "旧版 Excel（.xls）", ".et": "WPS 表格（.et）",
    ".ofd": "OFD（.ofd）", ".odt": "OpenDocument（.odt）", ".ods": "OpenDocument（.ods）",
    ".pdf": "PDF", ".html": "网页（.html）", ".htm": "网页（.html）", ".txt": "文本（.txt）",
}
_TEXT_CLAIMS = ("网页（.html）", "文本（.txt）")
_KIND_CLAIMS = {"docx": "Word（.docx）", "xlsx": "Excel（.xlsx）", "pdf": "PDF", "html": "网页（.html）",
                "text": "文本（.txt）", "json": "年报（.json）"}
# What is wrong with a file whose container opens but whose content cannot be read (unreadable_content)
DAMAGED, ENCRYPTED, ENCODING = "damaged", "encrypted", "encoding"
_UNKNOWN = "无法识别这个文件的格式，" + _NOT_REPORT + "；可读取 .json、.xlsx、.docx、.pdf、.html 和 .txt 文件"
_OLD_WORD = "这是一个旧版 Word/WPS 文档（.doc/.wps），请在 Word 或 WPS 中另存为 .docx 后再试"
_OLD_OFFICE = "这是旧版 Office 文件（.doc/.xls）或设置了打开密码的文件，请在 WPS 或 Excel 中另存为 .xlsx 后再试"


def file_kind(path: Path) -> str:
    """``json``, ``xlsx``, ``docx``, ``pdf``, ``html`` or ``text``, by content (the extension only breaks ties).

    Raises:
        ReportFileError: not readable, or not one of those (Chinese, names the file, says what to do).
    """
    path = Path(path)
    head = _head(path)
    kind = _binary_kind(path, head)
    if kind is not None:
        return kind
    text = _utf8_head(head).lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:200].lower().startswith((b"mime-version:", b"from:", b"content-type: multipart/related")) \
            and b"multipart/related" in text[:2000].lower():
        raise ReportFileError(f"{path.name}：这是一个“单个文件网页”（.mht，Word 或浏览器保存的网页存档），"
                              "本程序无法读取；请在 Word 或 WPS 中另存为 .docx，或在浏览器中另存为网页（.html）后再试")
    if text.startswith(b"{") or (path.suffix.lower() == ".json" and not _looks_html(text)):
        return "json"  # the report file reader explains what is wrong with the text
    if _looks_html(text) or (text.startswith(b"<") and path.suffix.lower() not in (".txt", ".text")):
        return "html"  # a text copy may start with "<标题>"
    if _binary(text):
        raise ReportFileError(_damaged(path, renamed=True))
    claim = _CLAIMED_SUFFIX.get(path.suffix.lower())
    if claim is not None and claim not in _TEXT_CLAIMS:
        raise ReportFileError(f"{path.name}：不是有效的{_spaced(claim)}文件（这是一个文本文件）；"
                              "如其中是年报全文，请把扩展名改为 .txt 后再试")
    return "text"


def _utf8_head(head: bytes) -> bytes:
    """The head of a text file in UTF-8 for the tests above: a UTF-16 one (Windows Notepad's "Unicode", some
    portals' saved pages) is decoded first, so that its "<html" or "{" is seen."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore").encode("utf-8")
    return head


def damaged_message(path: Path, claim: str, *, renamed: bool = False) -> str:
    """``<name>：不是有效的 Word（.docx）文件（可能已损坏…）`` for a file that is not what it claims to be;
    ``renamed``: only its extension claims it (another file may have been renamed)."""
    start = f"{Path(path).name}：不是有效的{_spaced(claim)}文件"
    if renamed:
        return f"{start}（可能已损坏，或是其他文件改了扩展名），请确认选对了文件"
    return f"{start}（可能已损坏或不完整），请向来源重新获取该文件"


def unreadable_content(path: Path, kind: str, problem: str = DAMAGED) -> str:
    """How every reader words a file of ``kind`` (file_kind's) whose container opens but whose content it cannot
    use: what it is, what is wrong (``problem``: DAMAGED, ENCRYPTED or ENCODING) and what to do."""
    claim = _KIND_CLAIMS[kind]
    if problem == ENCRYPTED:
        return (f"{Path(path).name}：这是设置了打开密码的{_spaced(claim)}文件，本程序无法读取其中的内容；"
                "请向来源索取未加密的文件，或改用 Word 原件或网页")
    if problem == ENCODING:
        return (f"{Path(path).name}：不是有效的{_spaced(claim)}文件（文字编码无法识别，不是 UTF-8，也不是 GBK），"
                "请另存为 UTF-8 编码后再试")
    return damaged_message(path, claim)


def _spaced(claim: str) -> str:
    """The claim set off by spaces where it meets Chinese with Latin letters (``不是有效的 PDF 文件``)."""
    return (" " if claim[0].isascii() else "") + claim + (" " if claim[-1].isascii() else "")


def _head(path: Path) -> bytes:
    problem = file_problem(path)
    if problem is not None:
        raise ReportFileError(f"无法读取“{path}”：{problem}")
    try:
        with open(path, "rb") as stream:
            head = stream.read(_HEAD)
    except OSError as exc:
        raise ReportFileError(f"无法读取“{path}”：{os_reason(exc)}") from None
    if not head:
        raise ReportFileError(f"{path.name}：这是一个空文件（0 字节），请确认选对了文件")
    return head


def _binary_kind(path: Path, head: bytes) -> str | None:
    """The kind of a zip, PDF or OLE file; raises for the known formats that are not reports; None for the rest."""
    if head.startswith(b"PK"):
        return _zip_kind(path)
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(_OLE):
        raise ReportFileError(f"{path.name}：{_ole_kind(path)}")
    for magic, message in _MAGIC:
        if head.startswith(magic):
            raise ReportFileError(f"{path.name}：{message}")
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        raise ReportFileError(f"{path.name}：{_PICTURE.format('WebP')}")
    if head.startswith(b"BM") and len(head) > 14 and head[6:10] == b"\0\0\0\0":
        raise ReportFileError(f"{path.name}：{_PICTURE.format('BMP')}")
    return None


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error):
        raise ReportFileError(_damaged(path)) from None
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    for part, message in _ZIP_PARTS:
        if any(name.startswith(part) for name in names):
            raise ReportFileError(f"{path.name}：{message}")
    if "content.xml" in names:
        raise ReportFileError(f"{path.name}：{_odf_message(path)}")
    if not names or any(name.startswith("word/") for name in names):
        raise ReportFileError(_damaged(path))  # an Office package with its main part missing
    raise ReportFileError(f"{path.name}：这是一个 zip 压缩包，{_NOT_REPORT}；如其中有年报文件，请先解压")


def _odf_message(path: Path) -> str:
    """What an OpenDocument file is (by the media type in its ``mimetype`` part, else its extension) and what
    to save it as."""
    try:
        with zipfile.ZipFile(path) as archive:
            media = archive.read("mimetype")[:100].decode("ascii", "replace")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error, KeyError, RuntimeError):
        media = ""
    kind = media.removeprefix("application/vnd.oasis.opendocument.").split("-")[0]
    if kind in _ODF:
        return _ODF[kind][1]
    by_suffix = [message for suffix, message in _ODF.values() if suffix == path.suffix.lower()]
    return by_suffix[0] if by_suffix else _ODF_UNKNOWN


def _damaged(path: Path, *, renamed: bool = False) -> str:
    """The damaged-file message by what the file claims: a part name that survives, else its extension."""
    claim = _surviving_claim(path)
    if claim is not None:
        return damaged_message(path, claim)
    claim = _CLAIMED_SUFFIX.get(path.suffix.lower())
    if claim is not None:
        return damaged_message(path, claim, renamed=renamed)
    if renamed:
        return f"{path.name}：{_UNKNOWN}"
    return f"{path.name}：这是一个已损坏或不完整的 zip 压缩包，{_NOT_REPORT}；请向来源重新获取该文件"


def _surviving_claim(path: Path) -> str | None:
    """What the local headers left in a damaged zip say it held (a Word or Excel part), if anything."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(1024 * 1024)
    except OSError:
        return None
    start = data.find(b"PK\x03\x04")
    while start != -1 and start + 30 <= len(data):
        (length,) = struct.unpack_from("<H", data, start + 26)
        name = data[start + 30:start + 30 + length]
        for part, claim in _CLAIMED_PART:
            if name.startswith(part.encode()):
                return claim
        start = data.find(b"PK\x03\x04", start + 4)
    return None


def _looks_html(text: bytes) -> bool:
    head = text[:2048].lower()
    return any(tag in head for tag in (b"<html", b"<!doctype html", b"<body", b"<table"))


def _binary(head: bytes) -> bool:
    """Control bytes no text has (UTF-16 text, with its byte-order mark, is text)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return any(byte < 0x20 and byte not in b"\t\r\n\f\x1a\x1b" for byte in head)


def _ole_kind(path: Path) -> str:
    """What an OLE compound file is: by the streams it holds, else by its extension."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(8 * 1024 * 1024)
    except OSError:
        data = b""
    suffix = path.suffix.lower()
    if "EncryptedPackage".encode("utf-16-le") in data:
        return "这是设置了打开密码的 Office 文件，请在 WPS 或 Excel 中去掉密码、另存为 .xlsx 后再试"
    if "WordDocument".encode("utf-16-le") in data or suffix in (".doc", ".wps"):
        return _OLD_WORD
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data or suffix in (".xls", ".et"):
        return "这是旧版 Excel/WPS 表格（.xls/.et），请在 WPS 或 Excel 中另存为 .xlsx 后再试"
    if suffix in (".xlsx", ".xlsm"):
        return "这是旧版 Excel 表格（.xls）或设置了打开密码的工作簿，请在 WPS 或 Excel 中去掉密码、另存为 .xlsx 后再试"
    if suffix == ".docx":
        return "这是旧版 Word 文档（.doc）或设置了打开密码的文档，请在 Word 或 WPS 中去掉密码、另存为 .docx 后再试"
    return _OLD_OFFICE
