"""Characters the role fonts lack fall back to any installed TrueType font; the rest are named.

The expectations come from what this machine's fontconfig reports, so the tests hold whatever
fonts are installed (with fonts-hanazono, 𠀀 𪚥 print; without, they are named as missing).
"""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from factories import full_2021_report
from pypdf import PdfReader

from core.export.font_fallback import char_ranges, face_has, faces_with_glyph, has_truetype_outlines
from core.export.fonts import find_cjk_fonts, list_cjk_fonts
from core.export.glyph_check import glyph_tip, missing_glyph_lines, missing_glyphs, unprintable
from core.export.pdf import write_pdf
from core.read.report_file import write_report_file
from nianbao.cli_check import run_check, run_export

RARE = "𠀀𪚥😀"
NONE_HAS = "\U000f0001"  # a private-use character of plane 15: no font has it


@pytest.fixture(scope="module")
def fonts():
    fs = find_cjk_fonts()
    if not fs.embedded:
        pytest.skip("no CJK TrueType font on this machine")
    return fs


def fc_truetype_faces(ch: str) -> set[tuple[str, int]]:
    """What fontconfig says: the TrueType faces (glyf outlines) that cover ``ch``."""
    exe = shutil.which("fc-list")
    if not exe:
        pytest.skip("fontconfig not installed")
    out = subprocess.run([exe, "-f", "%{file}|%{index}\n", f":charset={ord(ch):x}"], capture_output=True,
                         text=True, check=False).stdout
    faces = set()
    for line in out.splitlines():
        path, index = line.rsplit("|", 1)
        if path.lower().endswith((".ttf", ".ttc")) and has_truetype_outlines(path, int(index or 0)):
            faces.add((path, int(index or 0)))
    return faces


def test_cmap_reader_agrees_with_reportlab(fonts) -> None:
    from reportlab.pdfbase import pdfmetrics

    info = fonts.sources["body"]
    cmap = pdfmetrics.getFont(fonts.body).face.charToGlyph
    for ch in "国政府𠀀😀A，":
        assert face_has(info.path, info.subfont_index, ord(ch)) == bool(cmap.get(ord(ch))), ch
    assert char_ranges(info.path, info.subfont_index)


def test_cff_and_bitmap_fonts_are_not_embeddable(tmp_path) -> None:
    fake = tmp_path / "x.ttf"
    fake.write_bytes(b"OTTO" + b"\x00" * 60)
    assert not has_truetype_outlines(str(fake))
    assert all(has_truetype_outlines(f.path, f.subfont_index) for f in list_cjk_fonts())


@pytest.mark.parametrize("ch", list(RARE))
def test_rare_characters_fall_back_to_a_font_that_has_them(fonts, ch: str) -> None:
    expected = fc_truetype_faces(ch)
    assert {tuple(f) for f in faces_with_glyph(ch)} == expected
    pool_has = any(face_has(f.path, f.subfont_index, ord(ch)) for f in fonts.pool)
    assert (fonts.fallback_for(ch) is not None) == bool(expected or pool_has)
    assert fonts.can_print(ch) == bool(expected or pool_has)


def test_fallback_glyphs_are_drawn_in_the_pdf(fonts) -> None:
    from reportlab.pdfbase import pdfmetrics

    report = full_2021_report()
    report.texts["other"] = f"本年度无其他事项{RARE}。"
    buf = io.BytesIO()
    write_pdf(report, buf, fonts=fonts)
    reader = PdfReader(buf)
    text = "".join(p.extract_text() for p in reader.pages)
    assert RARE in text.replace("\n", "")  # extractable, whatever font drew them
    embedded = {str(f.get_object()["/BaseFont"]).split("+")[-1] for p in reader.pages
                for f in p["/Resources"]["/Font"].values()}
    for ch in RARE:
        name = fonts.fallback_for(ch)
        if name is not None:  # the font that has the glyph is embedded in the PDF
            face = pdfmetrics.getFont(name).face.name.decode()
            assert any(e.startswith(face) for e in embedded), (ch, face, embedded)


def test_missing_characters_are_named_with_field_and_position(fonts) -> None:
    report = full_2021_report()
    report.meta["agency"] = f"示例{NONE_HAS}局"
    report.texts["overview"] = f"第一句。其中有{NONE_HAS}字。"
    report.meta["leader"] = f"张{NONE_HAS}"
    found = [m for m in missing_glyphs(report, fonts) if m.field != "text.preface"]
    assert [(m.field, m.label, m.position) for m in found] == [
        ("meta.agency", "机关名称", 3), ("meta.leader", "负责人", 2), ("text.overview", "一、总体情况", 8)]
    assert found[2].sentence == f"其中有{NONE_HAS}字。" and found[1].code == "U+F0001"
    report.texts["overview"] = "全部常用字。"
    report.meta["leader"] = "张三"
    # the 前言 not yet edited prints its default, which names the agency: marked there too
    assert {m.field for m in missing_glyphs(report, fonts)} == {"meta.agency", "text.preface"}
    report.meta["agency"] = "示例局"
    assert missing_glyphs(report, fonts) == []
    assert unprintable(f"a{NONE_HAS}国{NONE_HAS}", fonts) == [1, 3]
    assert glyph_tip("𰻞") == "导出的 PDF 中没有字体能显示“𰻞”（U+30EDE）"


def test_export_and_check_print_the_warning(tmp_path, capsys) -> None:
    report = full_2021_report()
    report.texts["problems"] = f"存在问题{NONE_HAS}。"
    source = tmp_path / "r.json"
    write_report_file(report, source)
    assert run_export(source, tmp_path / "r.pdf") == 0
    err = capsys.readouterr().err
    assert f"[警告] GLYPH “{NONE_HAS}”（U+F0001）在“五、存在的主要问题及改进情况”第 5 个字" in err
    run_check([source], None)
    out = capsys.readouterr().out
    assert "GLYPH" in out and "第 5 个字" in out
    assert missing_glyph_lines(full_2021_report()) == []


def test_font_folders_are_scanned_without_fontconfig(tmp_path, fonts) -> None:
    body = fonts.sources["body"]
    link = tmp_path / "Fonts" / ("simsun" + body.path[-4:])
    link.parent.mkdir()
    link.symlink_to(body.path)
    found = faces_with_glyph("国", dirs=[tmp_path / "Fonts"])  # as on Windows: C:\Windows\Fonts
    assert (str(link), body.subfont_index) in found
    assert faces_with_glyph(NONE_HAS, dirs=[tmp_path / "Fonts"]) == []
