"""CJK font discovery: roles, preferences, TrueType only, the STSong fallback and the system scan."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

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

WQY = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
UKAI = "/usr/share/fonts/truetype/arphic/ukai.ttc"
UMING = "/usr/share/fonts/truetype/arphic/uming.ttc"
needs_fonts = pytest.mark.skipif(not all(Path(p).exists() for p in (WQY, UKAI, UMING)),
                                 reason="WQY / AR PL fonts not installed")


def fake_fc(*lines: str):
    return lambda: "\n".join(lines) + "\n"


FC = fake_fc(f"{WQY}|0|WenQuanYi Micro Hei,文泉驿微米黑|Regular", f"{UKAI}|0|AR PL UKai CN|Book",
             f"{UKAI}|2|AR PL UKai TW|Book", f"{UMING}|0|AR PL UMing CN|Light")


@needs_fonts
def test_roles_follow_style_kinds() -> None:
    fs = find_cjk_fonts(search_dirs=[], fc_list=FC)
    assert fs.embedded and not fs.warning
    fam = {role: fs.sources[role].family for role in ROLES}
    assert fam["heading1"] == "WenQuanYi Micro Hei"
    assert fam["title"] == "AR PL UMing CN" and fs.title_needs_bold()  # 小标宋 absent: 宋 set bold, not 黑体
    assert fam["heading2"] == "AR PL UKai CN"  # 楷体, simplified variant preferred over TW
    assert fam["table"] == fam["body"] == "AR PL UMing CN"  # no 仿宋: a 宋 style
    described = fs.describe()
    assert described["二级标题（楷体）"].startswith("AR PL UKai CN") and "ukai.ttc" in described["二级标题（楷体）"]


@needs_fonts
def test_preferences_are_honoured_when_installed() -> None:
    fs = find_cjk_fonts({"body": "AR PL UKai CN", "table": "不存在的字体"}, search_dirs=[], fc_list=FC)
    assert fs.sources["body"].family == "AR PL UKai CN"
    assert fs.sources["table"].family == "AR PL UMing CN"


@needs_fonts
def test_windows_file_names_found_in_search_dirs(tmp_path: Path) -> None:
    # Windows fonts are found by file name; links stand in for simhei.ttf and simkai.ttf.
    (tmp_path / "Fonts").mkdir()
    (tmp_path / "Fonts" / "simhei.ttf").symlink_to(WQY)
    (tmp_path / "Fonts" / "simkai.ttf").symlink_to(UKAI)
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


def test_no_font_at_all_falls_back_to_stsong_with_warning() -> None:
    fs = find_cjk_fonts(search_dirs=[], fc_list=None)
    assert fs.embedded is False
    assert fs.warning == NO_TRUETYPE_WARNING
    assert set(fs.names.values()) == {"STSong-Light"}
    assert all("未嵌入" in v for v in fs.describe().values())


def test_fc_list_lines_without_truetype_files_are_ignored() -> None:
    fc = fake_fc("/x/NotoSansCJK.otf|0|Noto Sans CJK SC|Regular", "garbage", "/missing/a.ttf|0|Foo|R")
    assert discover_fonts([], fc_list=fc) == []


@needs_fonts
def test_system_discovery_lists_installed_fonts_and_is_cached() -> None:
    fonts = list_cjk_fonts()
    assert all(isinstance(f, FontInfo) for f in fonts)
    assert any("WenQuanYi" in f.family for f in fonts)
    assert any(f.path == UMING and f.subfont_index == 0 for f in fonts)
    assert list_cjk_fonts() == fonts
    assert find_cjk_fonts().embedded


@needs_fonts
def test_rare_characters_keep_their_identity() -> None:
    fs = find_cjk_fonts(search_dirs=[], fc_list=FC)
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


@needs_fonts
def test_preference_by_chinese_alias() -> None:
    fs = find_cjk_fonts({"table": "文泉驿微米黑"}, search_dirs=[], fc_list=FC)
    assert fs.sources["table"].family == "WenQuanYi Micro Hei"


def test_system_font_choice_is_made_once_per_preferences() -> None:
    """`nianbao check` asks for the fonts once a file: the choice is kept, per set of preferences."""
    assert find_cjk_fonts() is find_cjk_fonts()
    assert find_cjk_fonts({"body": "x"}) is find_cjk_fonts({"body": "x"}) is not find_cjk_fonts()
    assert find_cjk_fonts(search_dirs=[], fc_list=FC) is not find_cjk_fonts(search_dirs=[], fc_list=FC)


@needs_fonts
def test_can_print_asks_the_font_once_per_character(monkeypatch: pytest.MonkeyPatch) -> None:
    import core.export.fonts as fonts_mod

    fs = find_cjk_fonts(search_dirs=[], fc_list=FC)
    asked: list[str] = []
    real = fonts_mod._cmap
    monkeypatch.setattr(fonts_mod, "_cmap", lambda name: asked.append(name) or real(name))
    assert all(fs.can_print(ch) for ch in "政府信息公开" * 50)
    assert len(asked) == len(set("政府信息公开"))
    assert fs.heading1 != fs.body and fs.can_print("政", fs.heading1) and len(asked) == len(set("政府信息公开")) + 1


FC_CN = lambda: (f"{WQY}|0|WenQuanYi Micro Hei,文泉驿微米黑|Regular\n{UKAI}|0|AR PL UKai CN|Book\n"  # noqa: E731
              f"{UMING}|0|AR PL UMing CN|Light\n")


@needs_fonts
def test_substitutes_are_named_in_chinese() -> None:
    fs = find_cjk_fonts(search_dirs=[], fc_list=FC_CN)
    lines = fs.substitutions()
    assert "正文字体：未找到仿宋，使用“文鼎明体（AR PL UMing CN）”代替" in lines
    assert "标题字体：未找到小标宋，使用“文鼎明体（AR PL UMing CN）”代替" in lines  # a 宋 set bold, not 黑体
    assert not any(line.startswith(("一级标题", "二级标题", "表格")) for line in lines), "黑体/楷体/宋体 styles found"
    assert fs.substitution_note().startswith("PDF 字体替代：\n正文字体")
    chosen = find_cjk_fonts({"table": "AR PL UKai CN"}, search_dirs=[], fc_list=FC_CN)
    assert "表格字体：按设置使用“文鼎楷体（AR PL UKai CN）”（不是宋体）" in chosen.substitutions()


@needs_fonts
def test_no_note_for_roles_whose_official_font_is_installed(tmp_path: Path) -> None:
    # links stand in for the Windows files (one link per real file: discovery drops duplicates)
    for name, target in {"simfang.ttf": UMING, "simkai.ttf": UKAI, "fzxbsjw.ttf": WQY}.items():
        (tmp_path / name).symlink_to(target)
    fs = find_cjk_fonts(search_dirs=[tmp_path], fc_list=None)
    assert fs.sources["body"].family == "仿宋" and fs.sources["title"].family == "方正小标宋简体"
    lines = fs.substitutions()
    assert not [line for line in lines if line.startswith(("正文", "标题", "二级标题"))]
    assert "表格字体：未找到宋体，使用“仿宋”代替" in lines
    assert substitution_note(fs) == fs.substitution_note() != ""


def test_no_truetype_font_is_one_line() -> None:
    fs = find_cjk_fonts(search_dirs=[], fc_list=None)
    assert fs.substitutions() == ["全部字体：未找到可嵌入的中文字体，使用内置 STSong-Light 代替（未嵌入）"]
