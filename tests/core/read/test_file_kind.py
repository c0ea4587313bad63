"""core.read.file_kind: what a file is, by its content, in one place for check, export, sum and import."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from core.read.file_kind import file_kind
from core.report import ReportFileError

IMPORT = Path(__file__).resolve().parents[2] / "fixtures" / "import"
DOCX = IMPORT / "shanghai_bgt_2019.docx"


def _copy(source: Path, target: Path) -> Path:
    shutil.copy(source, target)
    return target


@pytest.mark.parametrize(("source", "name", "kind"), [
    (IMPORT / "shanghai_bgt_2019.pdf", "年报.docx", "pdf"),
    (DOCX, "年报.xlsx", "docx"),
    (DOCX, "年报.pdf", "docx"),
    (DOCX, "年报.doc", "docx"),
    (IMPORT / "shanghai_bgt_2019.html", "年报.doc", "html"),
    (IMPORT / "pingtan_2019_flat.txt", "年报", "text"),
])
def test_the_content_decides_the_kind(tmp_path: Path, source: Path, name: str, kind: str) -> None:
    assert file_kind(_copy(source, tmp_path / name)) == kind


def test_a_text_copy_starting_with_a_bracket_stays_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("<标题>某某局2023年政府信息公开工作年度报告\n", encoding="utf-8")
    (tmp_path / "a.htm").write_text("<p>某某局2023年政府信息公开工作年度报告</p>\n", encoding="utf-8")
    assert (file_kind(tmp_path / "a.txt"), file_kind(tmp_path / "a.htm")) == ("text", "html")


def _refusal(path: Path) -> str:
    with pytest.raises(ReportFileError) as caught:
        file_kind(path)
    return str(caught.value)


@pytest.mark.parametrize(("name", "content", "said"), [
    ("图.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "这是一个图片（PNG）"),
    ("图.docx", b"\xff\xd8\xff\xe0" + bytes(64), "这是一个图片（JPEG）"),
    ("图.xlsx", b"GIF89a" + bytes(64), "这是一个图片（GIF）"),
    ("包.docx", b"Rar!\x1a\x07\x00" + bytes(64), "RAR 压缩包"),
    ("x.bin", bytes(range(256)) * 4, "无法识别这个文件的格式"),
    ("乱码.docx", bytes(range(256)) * 4, "不是有效的 Word（.docx）文件（可能已损坏，或是其他文件改了扩展名）"),
    ("乱码.pdf", bytes(range(256)) * 4, "不是有效的 PDF 文件（可能已损坏，或是其他文件改了扩展名）"),
    ("文字.docx", "一段文字".encode(), "不是有效的 Word（.docx）文件（这是一个文本文件）"),
    ("空.docx", b"", "这是一个空文件（0 字节）"),
])
def test_what_is_not_a_report_is_named_for_what_it_is(tmp_path: Path, name: str, content: bytes, said: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    message = _refusal(path)
    assert message.startswith(f"{name}：") and said in message, message


@pytest.mark.parametrize(("name", "claim"), [
    ("年报.docx", "Word（.docx）"), ("年报.xlsx", "Word（.docx）"), ("年报.json", "Word（.docx）"),
])
def test_a_truncated_word_file_is_a_damaged_word_file(tmp_path: Path, name: str, claim: str) -> None:
    """What survives of its content (the parts' names) says it was a Word file, whatever its name says."""
    path = tmp_path / name
    path.write_bytes(DOCX.read_bytes()[:3000])
    assert _refusal(path) == f"{name}：不是有效的 {claim}文件（可能已损坏或不完整），请向来源重新获取该文件"


def test_a_truncated_zip_is_named_by_its_extension_when_nothing_survives(tmp_path: Path) -> None:
    for name, claim in (("表.xlsx", " Excel（.xlsx）"), ("文.docx", " Word（.docx）"), ("页.html", "网页（.html）")):
        path = tmp_path / name
        path.write_bytes(b"PK\x03\x04" + bytes(40))
        assert _refusal(path) == f"{name}：不是有效的{claim}文件（可能已损坏或不完整），请向来源重新获取该文件"
    path = tmp_path / "包.zip"
    path.write_bytes(b"PK\x03\x04" + bytes(40))
    assert "已损坏或不完整的 zip 压缩包" in _refusal(path)


def test_zips_that_are_not_office_documents(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "包.docx", "w") as archive:
        archive.writestr("年报.json", "{}")
    assert "这是一个 zip 压缩包" in _refusal(tmp_path / "包.docx")
    with zipfile.ZipFile(tmp_path / "幻灯片.docx", "w") as archive:
        archive.writestr("ppt/presentation.xml", "<p/>")
    assert "PowerPoint" in _refusal(tmp_path / "幻灯片.docx")
    with zipfile.ZipFile(tmp_path / "缺正文.docx", "w") as archive:
        archive.writestr("word/styles.xml", "<w/>")
    assert "不是有效的 Word（.docx）文件（可能已损坏" in _refusal(tmp_path / "缺正文.docx")


def _zip(path: Path, parts: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


@pytest.mark.parametrize("name", ["年报.ofd", "年报.zip", "年报.pdf"])
def test_an_ofd_document_is_named_and_sent_to_pdf(tmp_path: Path, name: str) -> None:
    """统信 UOS and 银河麒麟 save OFD by default: a zip holding OFD.xml and Doc_0/."""
    path = _zip(tmp_path / name, {"OFD.xml": "<ofd:OFD/>", "Doc_0/Document.xml": "<ofd:Document/>"})
    message = _refusal(path)
    assert message.startswith(f"{name}：这是一个 OFD 版式文档（.ofd）") and "另存为 PDF" in message, message
    assert "压缩包" not in message and "解压" not in message


_ODT = "OpenDocument 文字文档（.odt），请在 WPS 或 Word 中另存为 .docx"
_ODF_TYPE = "application/vnd.oasis.opendocument."


@pytest.mark.parametrize(("name", "media", "said"), [
    ("年报.odt", _ODF_TYPE + "text", _ODT),
    ("年报.docx", _ODF_TYPE + "text", _ODT),
    ("年报.ods", _ODF_TYPE + "spreadsheet", "OpenDocument 电子表格（.ods），请在 WPS 或 Excel 中另存为 .xlsx"),
    ("年报.odp", _ODF_TYPE + "presentation", "OpenDocument 演示文稿（.odp），不是年报文件"),
    ("年报.odt", None, _ODT),
    ("年报.zip", None, "OpenDocument 文档，文字文档请在 WPS 中另存为 .docx、表格请另存为 .xlsx"),
])
def test_an_opendocument_file_is_sent_to_the_format_of_its_kind(tmp_path: Path, name: str, media: str | None,
                                                                said: str) -> None:
    parts = {"content.xml": "<office:document-content/>"} | ({"mimetype": media} if media else {})
    message = _refusal(_zip(tmp_path / name, parts))
    assert message.startswith(f"{name}：这是一个 {said}"), message


@pytest.mark.parametrize(("name", "claim"), [
    ("年报.doc", "旧版 Word（.doc）"), ("年报.wps", " WPS 文字（.wps）"),
    ("年报.xls", "旧版 Excel（.xls）"), ("年报.et", " WPS 表格（.et）"), ("年报.xlsm", " Excel（.xlsm）"),
])
def test_old_and_wps_files_are_named_by_their_own_extension(tmp_path: Path, name: str, claim: str) -> None:
    """Damaged, or a text file under that name: the message names the format the extension claims."""
    damaged = tmp_path / name
    damaged.write_bytes(bytes(range(256)) * 4)
    assert _refusal(damaged).startswith(f"{name}：不是有效的{claim}文件（可能已损坏，或是其他文件改了扩展名）")
    text = tmp_path / "文字" / name
    text.parent.mkdir()
    text.write_text("某某局2023年政府信息公开工作年度报告", encoding="utf-8")
    assert _refusal(text) == (f"{name}：不是有效的{claim}文件（这是一个文本文件）；"
                              "如其中是年报全文，请把扩展名改为 .txt 后再试")


@pytest.mark.parametrize("name", ["年报.doc", "年报.mht", "年报.html"])
def test_a_single_file_web_page_is_named_and_sent_to_docx(tmp_path: Path, name: str) -> None:
    """Word's 单个文件网页 (MIME, often saved as .doc): not read as a page whose text is quoted-printable."""
    path = tmp_path / name
    path.write_bytes(b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart_01"\r\n\r\n'
                     b'------=_NextPart_01\r\nContent-Type: text/html; charset="gb2312"\r\n\r\n<html></html>\r\n')
    with pytest.raises(ReportFileError, match=r"单个文件网页.*另存为 \.docx"):
        file_kind(path)
