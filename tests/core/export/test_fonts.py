"""CJK font discovery: roles, preferences, TrueType only, the STSong fallback, damaged files, the system scan.

The fonts are stand-ins (tests/font_helpers.py): the tests run, and can fail, whatever CJK fonts the machine has.
"""

from __future__ import annotations

import errno
import struct
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from font_helpers import VERA, copy_font, fake_fc, linux_fonts_fc
from reportlab.pdfbase.ttfonts import TTFError

import core.export.fonts as fonts_mod
from core.export import font_cache
from core.export.fonts import (
    NO_TRUETYPE_WARNING,
    ROLES,
    FontInfo,
    _is_truetype,
    discover_fonts,
    find_cjk_fonts,
    font_markup,
    list_cjk_fonts,
    substitution_note,
)

BROKEN = "文件已损坏或不是可嵌入的 TrueType 字体，无法使用"


@pytest.fixture(scope="module")
def fc(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], str]:
    """What fontconfig would list for stand-ins of 文泉驿微米黑, 文鼎楷体 (CN and TW) and 文鼎明体."""
    return linux_fonts_fc(tmp_path_factory.mktemp("fonts"))


def test_roles_follow_style_kinds(fc) -> None:
    fs = find_cjk_fonts(search_dirs=[], fc_list=fc)
    assert fs.embedded and not fs.warning
    fam = {role: fs.sources[role].family for role in ROLES}
    assert fam["heading1"] == "WenQuanYi Micro Hei"
    assert fam["title"] == "AR PL UMing CN" and fs.title_needs_bold()  # 小标宋 absent: 宋 set bold, not 黑体
    assert fam["heading2"] == "AR PL UKai CN"  # 楷体, simplified variant preferred over TW
    assert fam["table"] == fam["body"] == "AR PL UMing CN"  # no 仿宋: a 宋 style
    described = fs.describe()
    assert described["二级标题（楷体）"] == "AR PL UKai CN（ukai-cn.ttf）"


def test_preferences_are_honoured_when_installed(fc) -> None:
    fs = find_cjk_fonts({"body": "AR PL UKai CN", "table": "不存在的字体"}, search_dirs=[], fc_list=fc)
    assert fs.sources["body"].family == "AR PL UKai CN"
    assert fs.sources["table"].family == "AR PL UMing CN"


def test_windows_file_names_found_in_search_dirs(tmp_path: Path) -> None:
    # Windows fonts are found by file name (the families come from _KNOWN_FILES)
    copy_font(tmp_path / "Fonts", "simhei.ttf")
    copy_font(tmp_path / "Fonts", "simkai.ttf")
    (tmp_path / "Fonts" / "arial.ttf").write_bytes(b"\x00\x01\x00\x00" + b"\x00" * 60)
    fonts = discover_fonts([tmp_path], fc_list=None)
    assert {f.family for f in fonts} == {"黑体", "楷体"}
    fs = find_cjk_fonts(search_dirs=[tmp_path], fc_list=None)
    assert fs.sources["heading1"].family == "黑体" and fs.sources["heading2"].family == "楷体"


def test_cff_and_broken_fonts_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "NotoSansCJK-Regular.ttc").write_bytes(b"ttcf\x00\x01\x00\x00\x00\x00\x00\x01"
                                                       b"\x00\x00\x00\x10OTTO" + b"\x00" * 40)
    (tmp_path / "simfang.ttf").write_bytes(b"\x00\x01\x00\x00" + b"\x00" * 60)  # TrueType magic, no tables
    assert not _is_truetype(str(tmp_path / "NotoSansCJK-Regular.ttc"), 0)
    assert [f.family for f in discover_fonts([tmp_path], fc_list=None)] == ["仿宋"]
    fs = find_cjk_fonts(search_dirs=[tmp_path], fc_list=None)  # registering it fails: last resort
    assert fs.embedded is False and fs.warning == NO_TRUETYPE_WARNING
    simfang = tmp_path / "simfang.ttf"
    assert fs.substitutions() == ["全部字体：未找到可嵌入的中文字体，使用内置 STSong-Light 代替（未嵌入）",
                                  f"已跳过字体文件“{simfang}”：文件已损坏（缺少字体表 cmap），无法使用"]


def test_no_font_at_all_falls_back_to_stsong_with_warning() -> None:
    fs = find_cjk_fonts(search_dirs=[], fc_list=None)
    assert fs.embedded is False
    assert fs.warning == NO_TRUETYPE_WARNING
    assert set(fs.names.values()) == {"STSong-Light"}
    assert all("未嵌入" in v for v in fs.describe().values())


def test_fc_list_lines_without_truetype_files_are_ignored() -> None:
    fc = fake_fc("/x/NotoSansCJK.otf|0|Noto Sans CJK SC|Regular", "garbage", "/missing/a.ttf|0|Foo|R")
    assert discover_fonts([], fc_list=fc) == []


@pytest.fixture
def system_fonts_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The system discovery pointed at a font folder of the test's own, without fontconfig."""
    folder = tmp_path / "system-fonts"
    folder.mkdir()
    monkeypatch.setattr(fonts_mod, "default_search_dirs", lambda: [folder])
    monkeypatch.setenv("PATH", str(tmp_path / "no-fc-list"))
    monkeypatch.setattr(fonts_mod, "_system_sets", {})
    fonts_mod._system_fonts.cache_clear()
    yield folder
    fonts_mod._system_fonts.cache_clear()  # the next test discovers the machine's own fonts again


def test_system_discovery_lists_installed_fonts_and_is_cached(system_fonts_in: Path) -> None:
    simfang, simhei = copy_font(system_fonts_in, "simfang.ttf"), copy_font(system_fonts_in, "simhei.ttf")
    fonts = list_cjk_fonts()
    assert fonts == [FontInfo("仿宋", "仿宋", str(simfang)), FontInfo("黑体", "黑体", str(simhei))]
    copy_font(system_fonts_in, "simkai.ttf")
    assert list_cjk_fonts() == fonts  # discovered once
    fs = find_cjk_fonts()
    assert fs.embedded and fs.sources["body"].family == "仿宋" and fs.sources["heading1"].family == "黑体"


def test_rare_characters_keep_their_identity(fc) -> None:
    fs = find_cjk_fonts(search_dirs=[], fc_list=fc)
    assert font_markup("a<b>&", fs.body, fs) == "a&lt;b&gt;&amp;"
    markup = font_markup("张𠀀", fs.body, fs)
    assert "𠀀" in markup and "&" not in markup.replace("&lt;", "")


def test_windows_font_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    import core.export.fonts as fonts_mod

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", r"C:\Windows")
    monkeypatch.setenv("LOCALAPPDATA", r"C:\Users\张三\AppData\Local")
    dirs = [str(d).replace("\\", "/") for d in fonts_mod.default_search_dirs()]
    assert dirs == ["C:/Windows/Fonts", "C:/Users/张三/AppData/Local/Microsoft/Windows/Fonts"]


def test_windows_font_names_map_to_roles() -> None:
    kinds = {name: FontInfo(name, name, f"C:/Windows/Fonts/{name}").kind
             for name in ("仿宋", "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体", "宋体", "微软雅黑")}
    assert kinds == {"仿宋": "fangsong", "仿宋_GB2312": "fangsong", "方正小标宋简体": "xbs", "黑体": "hei",
                     "楷体": "kai", "宋体": "song", "微软雅黑": "hei"}


def test_preference_by_chinese_alias(fc) -> None:
    fs = find_cjk_fonts({"table": "文泉驿微米黑"}, search_dirs=[], fc_list=fc)
    assert fs.sources["table"].family == "WenQuanYi Micro Hei"


def test_system_font_choice_is_made_once_per_preferences(fc) -> None:
    """`nianbao check` asks for the fonts once a file: the choice is kept, per set of preferences."""
    assert find_cjk_fonts() is find_cjk_fonts()
    assert find_cjk_fonts({"body": "x"}) is find_cjk_fonts({"body": "x"}) is not find_cjk_fonts()
    assert find_cjk_fonts(search_dirs=[], fc_list=fc) is not find_cjk_fonts(search_dirs=[], fc_list=fc)


def test_can_print_asks_the_font_once_per_character(fc, monkeypatch: pytest.MonkeyPatch) -> None:
    fs = find_cjk_fonts(search_dirs=[], fc_list=fc)
    asked: list[str] = []
    real = fonts_mod._cmap
    monkeypatch.setattr(fonts_mod, "_cmap", lambda name: asked.append(name) or real(name))
    text = "Open government"  # the stand-in fonts draw Latin letters only
    assert all(fs.can_print(ch) for ch in text * 50)
    assert len(asked) == len(set(text))
    assert fs.heading1 != fs.body and fs.can_print("O", fs.heading1) and len(asked) == len(set(text)) + 1
    assert not fs.can_print("政")  # no font has it (each font of the pool asked)
    before = len(asked)
    assert not fs.can_print("政") and len(asked) == before  # that answer is kept as well


@pytest.fixture(scope="module")
def fc_cn(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], str]:
    """Simplified-Chinese variants only."""
    return linux_fonts_fc(tmp_path_factory.mktemp("fonts"), ("wqy-microhei.ttf", "ukai-cn.ttf", "uming.ttf"))


def test_substitutes_are_named_in_chinese(fc_cn) -> None:
    fs = find_cjk_fonts(search_dirs=[], fc_list=fc_cn)
    lines = fs.substitutions()
    assert "正文字体：未找到仿宋，使用“文鼎明体（AR PL UMing CN）”代替" in lines
    assert "标题字体：未找到小标宋，使用“文鼎明体（AR PL UMing CN）”代替" in lines  # a 宋 set bold, not 黑体
    assert not any(line.startswith(("一级标题", "二级标题", "表格")) for line in lines), "黑体/楷体/宋体 styles found"
    assert fs.substitution_note().startswith("PDF 字体替代：\n正文字体")
    chosen = find_cjk_fonts({"table": "AR PL UKai CN"}, search_dirs=[], fc_list=fc_cn)
    assert "表格字体：按设置使用“文鼎楷体（AR PL UKai CN）”（不是宋体）" in chosen.substitutions()


def test_no_note_for_roles_whose_official_font_is_installed(tmp_path: Path) -> None:
    for name in ("simfang.ttf", "simkai.ttf", "fzxbsjw.ttf"):  # the Windows files of 仿宋, 楷体, 方正小标宋
        copy_font(tmp_path, name)
    fs = find_cjk_fonts(search_dirs=[tmp_path], fc_list=None)
    assert fs.sources["body"].family == "仿宋" and fs.sources["title"].family == "方正小标宋简体"
    lines = fs.substitutions()
    assert not [line for line in lines if line.startswith(("正文", "标题", "二级标题"))]
    assert "表格字体：未找到宋体，使用“仿宋”代替" in lines
    assert substitution_note(fs) == fs.substitution_note() != ""


def test_no_truetype_font_is_one_line() -> None:
    fs = find_cjk_fonts(search_dirs=[], fc_list=None)
    assert fs.substitutions() == ["全部字体：未找到可嵌入的中文字体，使用内置 STSong-Light 代替（未嵌入）"]


# ---- damaged font files ---------------------------------------------------------------------------------


def _tables(data: bytes) -> dict[bytes, tuple[int, int]]:
    """Where each table of a .ttf sits: tag -> (offset of its directory entry, offset of the table)."""
    count = struct.unpack(">H", data[4:6])[0]
    return {data[12 + 16 * i:16 + 16 * i]: (12 + 16 * i, struct.unpack(">I", data[20 + 16 * i:24 + 16 * i])[0])
            for i in range(count)}


def without_table(tag: bytes) -> bytes:
    """Vera.ttf with table ``tag`` renamed away, as a damaged directory leaves it."""
    data = bytearray(VERA.read_bytes())
    entry = _tables(bytes(data))[tag][0]
    data[entry:entry + 4] = b"zzzz"
    return bytes(data)


def without_names() -> bytes:
    """Vera.ttf whose name table lost the family, full and PostScript names (IDs 1, 4, 6)."""
    data = bytearray(VERA.read_bytes())
    start = _tables(bytes(data))[b"name"][1]
    for i in range(struct.unpack(">H", data[start + 2:start + 4])[0]):
        at = start + 6 + 12 * i + 6  # platform, encoding, language, then the name ID
        if struct.unpack(">H", data[at:at + 2])[0] in (1, 4, 6):
            data[at:at + 2] = struct.pack(">H", 300)
    return bytes(data)


def zero_units_per_em() -> bytes:
    """Vera.ttf whose head table says 0 units per em (reportlab divides by it)."""
    data = bytearray(VERA.read_bytes())
    at = _tables(bytes(data))[b"head"][1] + 18  # unitsPerEm
    data[at:at + 2] = b"\0\0"
    return bytes(data)


def cmap_claiming_too_much() -> bytes:
    """Vera.ttf whose format-4 character map has every segment span the whole 16-bit range (a damaged map that
    would have reportlab build a list entry for segments x 65,536 characters)."""
    data = bytearray(VERA.read_bytes())
    cmap = _tables(bytes(data))[b"cmap"][1]
    for i in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        at = cmap + struct.unpack_from(">I", data, cmap + 8 + 8 * i)[0]
        if struct.unpack_from(">H", data, at)[0] == 4:
            segments = struct.unpack_from(">H", data, at + 6)[0] // 2
            for n in range(segments):
                struct.pack_into(">H", data, at + 14 + 2 * n, 0xFFFE)  # end
                struct.pack_into(">H", data, at + 16 + 2 * segments + 2 * n, 0)  # start
    return bytes(data)


TRUNCATED = "文件不完整（可能只复制或下载了一部分），无法使用"
DAMAGED = {  # how the 仿宋 file is damaged -> the reason the note gives
    "cut short": (lambda: VERA.read_bytes()[:4000], TRUNCATED),
    "header only": (lambda: VERA.read_bytes()[:100], BROKEN),
    "no hhea table": (lambda: without_table(b"hhea"), "文件已损坏（缺少字体表 hhea），无法使用"),
    "no names": (without_names, BROKEN),
    "zero units per em": (zero_units_per_em, "文件已损坏（字体数据自相矛盾），无法使用"),
    "character map claiming too much": (cmap_claiming_too_much, BROKEN),
}


@pytest.mark.parametrize("damage", list(DAMAGED))
def test_a_damaged_font_file_is_skipped_and_named(tmp_path: Path, damage: str) -> None:
    make, reason = DAMAGED[damage]
    simfang = copy_font(tmp_path, "simfang.ttf", make())
    copy_font(tmp_path, "simhei.ttf")
    fs = find_cjk_fonts(search_dirs=[tmp_path], fc_list=None)
    assert fs.embedded and fs.sources["body"].family == "黑体"  # the next font of the role's kinds
    assert fs.skipped == {str(simfang): reason}
    assert fs.substitutions()[0] == "正文字体：未找到仿宋，使用“黑体”代替"  # not "按设置": 仿宋 is unusable
    assert fs.substitutions()[-1] == f"已跳过字体文件“{simfang}”：{reason}"
    assert f"已跳过字体文件“{simfang}”" in fs.substitution_note()


def test_an_unreadable_font_file_is_skipped_and_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    simfang = copy_font(tmp_path, "simfang.ttf")
    copy_font(tmp_path, "simhei.ttf")
    real = font_cache.make_ttfont

    def make(name: str, path: str, index: int = 0):
        if path == str(simfang):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real(name, path, index)

    monkeypatch.setattr(font_cache, "make_ttfont", make)
    fs = find_cjk_fonts(search_dirs=[tmp_path], fc_list=None)
    assert fs.sources["body"].family == "黑体"
    assert f"已跳过字体文件“{simfang}”：无法读取（没有读取权限）" in fs.substitutions()


def test_a_bug_while_registering_is_not_taken_for_a_damaged_font(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    copy_font(tmp_path, "simfang.ttf")

    def broken(name: str, path: str, index: int = 0):
        raise TypeError("a bug in the program, not in the font")

    monkeypatch.setattr(font_cache, "make_ttfont", broken)
    with pytest.raises(TypeError, match="a bug in the program"):
        find_cjk_fonts(search_dirs=[tmp_path], fc_list=None)


def test_a_damaged_fallback_font_is_named_too(tmp_path: Path) -> None:
    simhei = copy_font(tmp_path, "simhei.ttf")
    fs = find_cjk_fonts(search_dirs=[tmp_path], fc_list=None)
    fs.pool.append(FontInfo("仿宋", "仿宋", str(copy_font(tmp_path, "simfang.ttf", VERA.read_bytes()[:4000]))))
    assert fs.fallback_for("政") is None and fs.sources["body"].path == str(simhei)
    assert fs.substitutions()[-1] == f"已跳过字体文件“{tmp_path / 'simfang.ttf'}”：{TRUNCATED}"


def test_the_to_unicode_fix_is_installed_once_and_writes_surrogate_pairs() -> None:
    from reportlab.pdfbase import ttfonts

    patched = ttfonts.makeToUnicodeCMap
    fonts_mod._patch_to_unicode()  # a second call (the module ran it when imported) must not wrap it again
    assert ttfonts.makeToUnicodeCMap is patched
    cmap = patched("F1", [0x41, 0x20000])
    assert "<01> <D840DC00>" in cmap and "<20000>" not in cmap  # 𠀀 as UTF-16, as PDF readers need


@pytest.mark.parametrize(("start", "end", "refused"), [(0x20, 0x7E, False), (0x20, 0xFFFFFFFF, True),
                                                       (0x7E, 0x20, True)])
def test_a_format_12_character_map_is_checked_before_reportlab_builds_it(tmp_path: Path, start: int, end: int,
                                                                         refused: bool) -> None:
    data = bytearray(VERA.read_bytes())
    cmap = _tables(bytes(data))[b"cmap"][1]
    # version 0, one encoding record (3, 10) at offset 12, then a format-12 subtable with one group
    table = struct.pack(">HHHHI", 0, 1, 3, 10, 12) + struct.pack(">HHIII", 12, 0, 28, 0, 1)
    data[cmap:cmap + len(table) + 12] = table + struct.pack(">III", start, end, 3)
    path = tmp_path / "f12.ttf"
    path.write_bytes(bytes(data))
    if refused:
        with pytest.raises(TTFError, match="character map range"):
            font_cache.check_cmap(str(path))
    else:
        font_cache.check_cmap(str(path))
