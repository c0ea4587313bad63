"""Hostile and unreadable sources are refused with a Chinese reason; nothing is expanded or fetched."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from core.importers import ImportRefused, import_file

FIX = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "import"


def _refused(path: Path) -> str:
    with pytest.raises(ImportRefused) as info:
        import_file(path)
    return str(info.value)


def test_file_over_50_mb_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.html"
    with open(big, "wb") as f:
        f.write(b"<html><body>")
        f.truncate(50 * 1024 * 1024 + 1)  # sparse: nothing more is written
    assert "50 MB" in _refused(big)


def test_zip_bomb_docx_is_refused(tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<" + b"a" * (30 * 1024 * 1024) + b">")
    assert bomb.stat().st_size < 1024 * 1024
    assert "恶意构造的压缩文件" in _refused(bomb)  # core.read.zip_guard, shared with the workbook reader


def test_xml_external_entity_in_docx_is_not_expanded(tmp_path):
    import docx

    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")
    plain = tmp_path / "plain.docx"
    document = docx.Document()
    document.add_paragraph("津南区民政局2020年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    document.add_paragraph("PLACEHOLDER")
    document.save(str(plain))
    evil = tmp_path / "evil.docx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(evil, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                head, rest = text.split("?>", 1)
                doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'
                data = (head + "?>" + doctype + rest.replace("PLACEHOLDER", "&xxe;")).encode("utf-8")
            dst.writestr(item, data)
    try:
        result = import_file(evil)
    except ImportRefused:
        return  # refusing the file is as good as not expanding it
    assert "SECRET-CONTENT" not in repr(result.report.texts)


def test_old_binary_word_file_asks_for_docx(tmp_path):
    doc = tmp_path / "2020年报.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    message = _refused(doc)
    assert ".docx" in message and "另存为" in message
    wps = tmp_path / "2020年报.wps"
    wps.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    assert ".docx" in _refused(wps)


def test_scanned_pdf_without_text_is_refused(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    scan = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(scan), pagesize=A4)
    for y in range(100, 700, 40):
        c.rect(80, y, 400, 20, fill=1)  # shapes only, as a scan has no text layer
    c.showPage()
    c.save()
    assert "扫描" in _refused(scan)


def test_damaged_and_foreign_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert "空文件" in _refused(empty)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert "Word" in _refused(broken)
    garbage = tmp_path / "x.bin"
    garbage.write_bytes(bytes(range(256)) * 20)
    assert _refused(garbage)
    missing = tmp_path / "nope.html"
    assert "无法读取" in _refused(missing)


def test_text_that_is_not_a_report_is_refused(tmp_path):
    other = tmp_path / "note.txt"
    other.write_text("会议通知\n请各单位于周五下午参加会议。\n", encoding="utf-8")
    assert "年度" in _refused(other)


def test_gbk_page_with_meta_charset(tmp_path):
    page = (FIX / "shanghai_bgt_2019.html").read_text(encoding="utf-8")
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    page = page.replace('<meta charset="utf-8">', meta)
    gbk = tmp_path / "gbk.htm"
    gbk.write_bytes(page.encode("gb18030"))
    result = import_file(gbk)
    assert result.report.agency == "上海市人民政府办公厅"
    assert result.report.cells["t3.U1.C1"] == 252


def test_gbk_page_without_meta_is_detected_from_bytes(tmp_path):
    page = (FIX / "shanghai_bgt_2019.html").read_text(encoding="utf-8").replace('<meta charset="utf-8">', "")
    gbk = tmp_path / "nometa.html"
    gbk.write_bytes(page.encode("gb18030"))
    report = import_file(gbk).report
    assert "t3.N.C7" not in report.cells and report.carried["t3.N.C7"] == 859
    assert report.agency == "上海市人民政府办公厅"


def test_nothing_is_fetched(monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("an import must not open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    for name in ("shanghai_bgt_2019.html", "shanghai_bgt_2019.docx", "shanghai_bgt_2019.pdf"):
        assert import_file(FIX / name).certain


def test_refusal_messages_are_chinese(tmp_path):
    doc = tmp_path / "a.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    message = _refused(doc)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)


def test_columns_are_read_by_their_header_labels_not_position(tmp_path):
    """A page printing 总计 before 自然人 (and 其他 before 商业企业) is still read cell by cell by label."""
    head = ('<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>'
            '<td colspan="7">申请人情况</td></tr>'
            '<tr><td rowspan="2">总计</td><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td></tr>'
            '<tr><td>其他</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td></tr>')
    row = '<tr><td colspan="3">一、本年新收政府信息公开申请数量</td>' + "".join(
        f"<td>{v}</td>" for v in (10, 7, 1, 2, 0, 0, 0)) + "</tr>"
    page = ("<html><body><div id='zoom'><p>某某镇人民政府2022年政府信息公开工作年度报告</p>"
            "<p>三、收到和处理政府信息公开申请情况</p><table>" + head + row + "</table></div></body></html>")
    path = tmp_path / "reordered.html"
    path.write_text(page, encoding="utf-8")
    result = import_file(path)
    report = result.report
    assert report.meta["agency_kind"] == "township" and report.agency == "某某镇人民政府"
    assert report.carried["t3.N.C7"] == 10 and report.cells["t3.N.C1"] == 7
    assert report.cells["t3.N.C6"] == 1 and report.cells["t3.N.C2"] == 2


def test_entities_in_html_are_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")
    laughs = "".join(f'<!ENTITY l{i} "&l{i - 1};&l{i - 1};&l{i - 1};&l{i - 1};&l{i - 1};">' for i in range(1, 9))
    page = (f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY l0 "ha">{laughs}]>'
            "<html><body><div class='TRS_Editor'><p>某某区民政局2021年政府信息公开工作年度报告</p>"
            "<p>一、总体情况</p><p>&xxe; &l8;</p><p>五、存在的主要问题及改进情况</p><p>无</p></div></body></html>")
    path = tmp_path / "evil.html"
    path.write_text(page, encoding="utf-8")
    result = import_file(path)
    assert "SECRET-CONTENT" not in result.report.texts.get("overview", "")
    assert len(result.report.texts.get("overview", "")) < 1000  # no entity blow-up


def test_report_file_is_read_as_it_is(tmp_path, full_report):
    from core.read.report_file import write_report_file

    path = tmp_path / "own.json"
    write_report_file(full_report, path)
    result = import_file(path)
    assert result.certain and result.report.cells == full_report.cells


def test_utf8_page_with_a_stale_gb2312_tag(tmp_path):
    page = (FIX / "shanghai_bgt_2019.html").read_text(encoding="utf-8")
    stale = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    page = page.replace('<meta charset="utf-8">', stale)
    path = tmp_path / "stale.html"
    path.write_bytes(page.encode("utf-8"))
    assert import_file(path).report.agency == "上海市人民政府办公厅"


def test_reports_before_the_unified_format_are_refused(tmp_path):
    old = tmp_path / "2017.txt"
    old.write_text("某某县人民政府2017年政府信息公开工作年度报告\n一、概述\n本年度……\n", encoding="utf-8")
    assert "2019 年以前" in _refused(old)
