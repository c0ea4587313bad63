"""CJK font discovery for the PDF: find TrueType Chinese fonts and register them with reportlab.

A 公文 wants 仿宋 for the body, 小标宋 for the title, 黑体 and 楷体 for headings and 宋体 in tables.
Government PCs usually have them; other machines get the closest installed CJK TrueType font for
each role. Only TrueType outlines can be embedded by reportlab (CFF fonts such as Noto CJK cannot),
and when no CJK TrueType font exists at all the PDF falls back to the built-in, non-embedded
STSong-Light with a warning, never silently to Helvetica (which prints black boxes).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import threading
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from html import escape as html_escape
from pathlib import Path

from core.export.font_dirs import default_search_dirs

ROLES: dict[str, str] = {
    "body": "正文（仿宋）",
    "title": "标题（小标宋）",
    "heading1": "一级标题（黑体）",
    "heading2": "二级标题（楷体）",
    "table": "表格（宋体）",
}

# Style kinds a font can belong to, and which kinds suit each role, best first.
_ROLE_KINDS: dict[str, tuple[str, ...]] = {
    "body": ("fangsong", "song", "kai", "hei"),
    # a heavy serif before any 黑体: 小标宋, 华文中宋, then 宋体 (set bold, see FontSet.title_needs_bold)
    "title": ("xbs", "zhongsong", "song", "hei", "fangsong", "kai"),
    "heading1": ("hei", "xbs", "zhongsong", "song", "fangsong", "kai"),
    "heading2": ("kai", "fangsong", "song", "hei"),
    "table": ("song", "fangsong", "hei", "kai"),
}
_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("xbs", re.compile(r"小标宋|xbs|xiaobiaosong|fzxbs", re.I)),
    ("zhongsong", re.compile(r"中宋|zhongsong|stzhongs", re.I)),
    ("fangsong", re.compile(r"仿宋|fangsong|simfang|stfangso|fangso", re.I)),
    ("kai", re.compile(r"楷|kaiti|simkai|stkaiti|ukai|\bkai\b", re.I)),
    ("hei", re.compile(r"黑|hei|yahei|msyh|droid sans fallback", re.I)),
    ("song", re.compile(r"宋|song|simsun|ming|stsong", re.I)),
)

# Each role's name and the typeface a 公文 wants for it, for the note on substitutes.
ROLE_NAMES: dict[str, tuple[str, str]] = {
    "body": ("正文", "仿宋"),
    "title": ("标题", "小标宋"),
    "heading1": ("一级标题", "黑体"),
    "heading2": ("二级标题", "楷体"),
    "table": ("表格", "宋体"),
}
# Chinese names of CJK fonts common on Linux (UOS, Kylin) whose fontconfig names are Latin only.
_CHINESE_NAMES = (
    ("WenQuanYi Micro Hei", "文泉驿微米黑"), ("WenQuanYi Zen Hei", "文泉驿正黑"),
    ("AR PL UMing", "文鼎明体"), ("AR PL UKai", "文鼎楷体"), ("AR PL SungtiL", "文鼎宋体"),
    ("Droid Sans Fallback", "Droid Sans Fallback"),
)

STSONG = "STSong-Light"
NO_TRUETYPE_WARNING = (
    "未找到可嵌入的中文 TrueType 字体，PDF 使用内置 STSong-Light 字体，字体未嵌入，其他电脑上显示可能不同"
)
_FONT_SUFFIXES = (".ttf", ".ttc")


@dataclass(frozen=True)
class FontInfo:
    """One installed CJK TrueType font face: a display name, its family, file and index in a .ttc."""

    name: str
    family: str
    path: str
    subfont_index: int = 0

    @cached_property  # asked for every font on every role choice: ~30,000 times in a 100-file `check`
    def kind(self) -> str:
        """The style kind (fangsong, xbs, kai, hei, song) guessed from names, or "" if unknown."""
        text = f"{self.family} {self.name} {Path(self.path).stem}"
        for kind, pattern in _KIND_PATTERNS:
            if pattern.search(text):
                return kind
        return ""


@dataclass
class FontSet:
    """The reportlab font name used for each role, the real font behind it, and whether it embeds."""

    names: dict[str, str]
    sources: dict[str, FontInfo | None] = field(default_factory=dict)
    embedded: bool = True
    warning: str = ""
    pool: list[FontInfo] = field(default_factory=list, repr=False)  # for glyphs a role font lacks
    system_fallback: bool = False  # also any installed TrueType font (emoji, Ext B), see core.export.font_fallback
    skipped: dict[str, str] = field(default_factory=dict)  # font file -> why it could not be used (Chinese)
    _fallbacks: dict[str, str | None] = field(default_factory=dict, repr=False)
    _printable: dict[tuple[str, str], bool] = field(default_factory=dict, repr=False)

    def fallback_for(self, ch: str) -> str | None:
        """A registered font that has a glyph for ``ch`` (rare characters, emoji): the CJK pool first,
        then any installed TrueType font; None when no embeddable font has it."""
        if ch not in self._fallbacks:
            self._fallbacks[ch] = None
            candidates = list(self.pool)
            if self.system_fallback:
                from core.export.font_fallback import faces_with_glyph

                candidates += [FontInfo(Path(p).stem, Path(p).stem, p, i) for p, i in faces_with_glyph(ch)]
            seen: set[tuple[str, int]] = set()
            for info in candidates:
                if (info.path, info.subfont_index) in seen:
                    continue
                seen.add((info.path, info.subfont_index))
                name = _register(info)
                _note_skipped(info, self.skipped)
                cmap = _cmap(name) if name else None
                if cmap is not None and cmap.get(ord(ch)):
                    self._fallbacks[ch] = name
                    break
        return self._fallbacks[ch]

    def can_print(self, ch: str, name: str | None = None) -> bool:
        """True when ``ch`` prints in font ``name`` (the body font by default) or in a fallback;
        always True with the built-in STSong, whose coverage cannot be read."""
        key = (ch, name or self.body)
        if key not in self._printable:  # `check` asks for every character of every file
            cmap = _cmap(key[1])
            self._printable[key] = cmap is None or bool(cmap.get(ord(ch))) or self.fallback_for(ch) is not None
        return self._printable[key]

    def title_needs_bold(self) -> bool:
        """True when the title's face is a regular-weight text face (宋体, 仿宋, 楷体) standing in for
        小标宋: it is then drawn emboldened. 小标宋, 中宋 and 黑体 are heavy already."""
        info = self.sources.get("title")
        return info is not None and info.kind not in ("xbs", "zhongsong", "hei")

    @property
    def body(self) -> str:
        """Font for body text (仿宋)."""
        return self.names["body"]

    @property
    def title(self) -> str:
        """Font for the document title (小标宋, else 黑体)."""
        return self.names["title"]

    @property
    def heading1(self) -> str:
        """Font for 一、 headings (黑体)."""
        return self.names["heading1"]

    @property
    def heading2(self) -> str:
        """Font for （一） headings (楷体)."""
        return self.names["heading2"]

    @property
    def table(self) -> str:
        """Font for tables, headers and footers (宋体)."""
        return self.names["table"]

    def substitutions(self) -> list[str]:
        """In Chinese, each role served by a substitute for the typeface a 公文 wants, e.g.
        ``正文字体：未找到仿宋，使用“文鼎明体（AR PL UMing CN）”代替``, then each font file skipped as
        unreadable or damaged; empty when every role has its own and no file was skipped."""
        skipped = [f"已跳过字体文件“{path}”：{reason}" for path, reason in self.skipped.items()]
        if not self.embedded:
            return [f"全部字体：未找到可嵌入的中文字体，使用内置 {STSONG} 代替（未嵌入）", *skipped]
        out = []
        for role, (label, wanted) in ROLE_NAMES.items():
            info = self.sources.get(role)
            kind = _ROLE_KINDS[role][0]
            if info is None or info.kind == kind:
                continue
            if any(f.kind == kind and f.path not in self.skipped for f in self.pool):  # another chosen in 设置
                out.append(f"{label}字体：按设置使用“{display_name(info)}”（不是{wanted}）")
            else:
                out.append(f"{label}字体：未找到{wanted}，使用“{display_name(info)}”代替")
        return out + skipped

    def substitution_note(self) -> str:
        """The substitutions as one text for a message or the command line ("" when none)."""
        lines = self.substitutions()
        if not lines:
            return ""
        return ("PDF 字体替代：\n" + "\n".join(lines)
                + "\n安装仿宋、黑体、楷体、方正小标宋等字体后重新导出，版式更符合公文要求。")

    def describe(self) -> dict[str, str]:
        """For each role label, the real font that serves it (shown in the self-test and settings)."""
        out = {}
        for role, label in ROLES.items():
            info = self.sources.get(role)
            out[label] = f"{info.name}（{Path(info.path).name}）" if info else f"{STSONG}（内置，未嵌入）"
        return out


def display_name(info: FontInfo) -> str:
    """A font's name for the officer: the Chinese name first when known (文鼎明体（AR PL UMing CN）)."""
    for latin, chinese in _CHINESE_NAMES:
        if info.family.startswith(latin) and chinese != latin:
            return f"{chinese}（{info.family}）"
    return info.name


def substitution_note(fonts: FontSet | None = None) -> str:
    """The note on substitute PDF fonts (FontSet.substitution_note) for the fonts a PDF export uses;
    without ``fonts``, the automatic choice (find_cjk_fonts()), as the command line exports with."""
    return (fonts or find_cjk_fonts()).substitution_note()


# ---- a reportlab fix ---------------------------------------------------------------------------------


def _utf16_hex(code: int) -> str:
    return "".join(f"{b:02X}" for b in chr(code).encode("utf-16-be"))


def _patch_to_unicode() -> None:
    """Make characters beyond U+FFFF (emoji, CJK Extension B such as 𠀀) extractable from the PDF.

    reportlab writes ``<1F600>`` in the ToUnicode map, which is not valid UTF-16, so copy-paste
    and text extraction lose those characters; the map must hold the surrogate pair.
    """
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap
    if original.__module__ == __name__:  # patched already
        return

    def fixed(fontname: str, subset: list[int]) -> str:
        text = original(fontname, subset)
        for i, code in enumerate(subset):
            if code > 0xFFFF:
                text = text.replace(f"<{i:02X}> <{code:04X}>", f"<{i:02X}> <{_utf16_hex(code)}>")
        return text

    ttfonts.makeToUnicodeCMap = fixed


_patch_to_unicode()


def _define_missing_name_setting() -> None:
    """reportlab reads ``rl_config.autoGenerateTTFMissingTTFName`` for a font without a PostScript name, a
    setting it never defines (it defines autoGenerateMissingTTFName): such a damaged font then raised
    AttributeError instead of TTFError. Define it with the value of the setting reportlab meant."""
    from reportlab import rl_config

    if not hasattr(rl_config, "autoGenerateTTFMissingTTFName"):
        rl_config.autoGenerateTTFMissingTTFName = rl_config.autoGenerateMissingTTFName


_define_missing_name_setting()


# ---- discovery -----------------------------------------------------------------------------------


def _is_truetype(path: str, index: int) -> bool:
    """True when the face has TrueType (glyf) outlines; CFF ('OTTO') faces cannot be embedded."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
            if head[:4] == b"ttcf":
                count = struct.unpack(">I", head[8:12])[0]
                if index >= count:
                    return False
                fh.seek(12 + 4 * index)
                fh.seek(struct.unpack(">I", fh.read(4))[0])
                head = fh.read(4)
            return head[:4] in (b"\x00\x01\x00\x00", b"true")
    except (OSError, struct.error):
        return False


def _run_fc_list() -> str:
    """fontconfig's list of Chinese fonts (file|index|family|style), or "" without fontconfig."""
    exe = shutil.which("fc-list")
    if not exe:
        return ""
    try:
        done = subprocess.run([exe, "-f", "%{file}|%{index}|%{family}|%{style}\n", ":lang=zh"],
                              capture_output=True, text=True, encoding="utf-8", timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout


def _parse_fc_list(text: str) -> list[FontInfo]:
    fonts = []
    for line in text.splitlines():
        parts = line.split("|")
        if len(parts) < 3 or not parts[0].lower().endswith(_FONT_SUFFIXES):
            continue
        families = [f.strip() for f in parts[2].split(",") if f.strip()]
        if not families:
            continue
        index = int(parts[1]) if parts[1].strip().isdigit() else 0
        # The Latin family names the font; a Chinese alias, when present, reads better in the UI.
        chinese = next((f for f in families if re.search(r"[\u4e00-\u9fff]", f)), "")
        name = families[0] if not chinese else f"{families[0]}（{chinese}）"
        fonts.append(FontInfo(name, families[0], parts[0], index))
    return fonts


_KNOWN_FILES = {  # file stems of well-known Chinese fonts -> (family, kind label)
    "simfang": "仿宋", "simsun": "宋体", "simhei": "黑体", "simkai": "楷体", "fzxbsjw": "方正小标宋简体",
    "fzxbsk": "方正小标宋简体", "fangsong_gb2312": "仿宋_GB2312", "kaiti_gb2312": "楷体_GB2312",
    "msyh": "微软雅黑", "simsunb": "宋体", "nsimsun": "新宋体", "stfangso": "华文仿宋", "stsong": "华文宋体",
    "stkaiti": "华文楷体", "stzhongs": "华文中宋", "stheiti": "华文黑体", "stxihei": "华文细黑",
}


def _scan_dirs(dirs: Iterable[Path]) -> list[FontInfo]:
    """Font files in the folders whose name or known family marks them as Chinese."""
    fonts = []
    for folder in dirs:
        try:
            files = [p for p in Path(folder).rglob("*") if p.suffix.lower() in _FONT_SUFFIXES]
        except OSError:
            continue
        for path in sorted(files):
            stem = path.stem.lower()
            family = _KNOWN_FILES.get(stem) or (path.stem if _looks_chinese(path.stem) else "")
            if family:
                fonts.append(FontInfo(family, family, str(path), 0))
    return fonts


def _looks_chinese(stem: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]|gb2312|wqy|wenquanyi|uming|ukai|fz|droidsansfallback", stem, re.I))


def discover_fonts(search_dirs: Iterable[Path] | None = None,
                   fc_list: Callable[[], str] | None = _run_fc_list) -> list[FontInfo]:
    """All CJK TrueType faces found via fontconfig and the folders, without duplicates."""
    found = _parse_fc_list(fc_list()) if fc_list else []
    found += _scan_dirs(default_search_dirs() if search_dirs is None else search_dirs)
    seen: set[tuple[str, int]] = set()
    out = []
    for info in found:
        key = (os.path.normcase(os.path.realpath(info.path)), info.subfont_index)
        if key in seen or not _is_truetype(info.path, info.subfont_index):
            continue
        seen.add(key)
        out.append(info)
    return out


@cache
def _system_fonts() -> tuple[FontInfo, ...]:
    return tuple(discover_fonts())


def list_cjk_fonts() -> list[FontInfo]:
    """The CJK TrueType fonts installed on this computer (cached after the first call)."""
    return list(_system_fonts())


# ---- choosing and registering ----------------------------------------------------------------------


_registered: dict[tuple[str, int], str | None] = {}
_unusable: dict[tuple[str, int], str] = {}  # faces that could not be registered -> why, in Chinese
_lock = threading.RLock()


def _register(info: FontInfo) -> str | None:
    """Register a face with reportlab once (its parsed tables cached on disk, see core.export.font_cache);
    None when the file cannot be read or is no usable TrueType font (the reason kept, see _note_skipped)."""
    key = (info.path, info.subfont_index)
    with _lock:
        if key not in _registered:
            _registered[key] = _load(info)
    return _registered[key]


def _note_skipped(info: FontInfo, skipped: dict[str, str]) -> None:
    """Add the face's file and the reason to ``skipped`` when it could not be registered."""
    reason = _unusable.get((info.path, info.subfont_index))
    if reason:
        skipped.setdefault(info.path, reason)


def _load(info: FontInfo) -> str | None:
    """Register the face with reportlab under a name of our own; None (and the reason in _unusable) when
    the file cannot be read or is damaged. Any other error is a bug and is raised."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError

    from core.export.font_cache import make_ttfont  # imports reportlab: only when a PDF is made

    stem = re.sub(r"[^A-Za-z0-9]+", "", Path(info.path).stem) or "font"
    name = f"nb-{stem}-{info.subfont_index}-{zlib.crc32(info.path.encode()) % 10000}"
    try:
        pdfmetrics.registerFont(make_ttfont(name, info.path, info.subfont_index))
    except OSError as exc:
        from core.wording import os_reason

        _unusable[(info.path, info.subfont_index)] = f"无法读取（{os_reason(exc)}）"
        return None
    # What reportlab raises on a damaged file: its own error, a short read, a missing table, an unknown format,
    # a zero unitsPerEm (ArithmeticError), an offset outside the file, a character map claiming too much memory.
    except (TTFError, struct.error, KeyError, ValueError, ArithmeticError, IndexError, MemoryError) as exc:
        _unusable[(info.path, info.subfont_index)] = _damage_reason(exc)
        return None
    return name


def _damage_reason(exc: Exception) -> str:
    """In Chinese, why reportlab could not parse a font file."""
    if isinstance(exc, struct.error):
        return "文件不完整（可能只复制或下载了一部分），无法使用"
    if isinstance(exc, KeyError):
        return f"文件已损坏（缺少字体表 {exc.args[0] if exc.args else ''}），无法使用"
    if isinstance(exc, ValueError):
        return "文件中有本程序不支持的字体数据，无法使用"
    if isinstance(exc, ArithmeticError | IndexError | MemoryError):
        return "文件已损坏（字体数据自相矛盾），无法使用"
    return "文件已损坏或不是可嵌入的 TrueType 字体，无法使用"


def _rank(info: FontInfo) -> tuple[int, int]:
    """Prefer simplified-Chinese variants of a family (e.g. AR PL UMing CN over TW)."""
    text = info.name + " " + info.family
    cn = 0 if re.search(r"\bCN\b|GB|简", text) else 1
    mono = 1 if re.search(r"mono|sharp|等宽|点阵", text, re.I) else 0
    return (mono, cn)


def _candidates(role: str, fonts: list[FontInfo], preference: str | None) -> list[FontInfo]:
    """Fonts for a role, best first: the user's choice, then by style kind, then any CJK font."""
    ordered = sorted(fonts, key=_rank)
    out: list[FontInfo] = []
    if preference:
        want = preference.strip().lower()
        out += [f for f in ordered if want in (f.name.lower(), f.family.lower(), Path(f.path).name.lower())]
        out += [f for f in ordered if want in f.name.lower()]  # e.g. the Chinese alias 文泉驿微米黑
    for kind in _ROLE_KINDS[role]:
        out += [f for f in ordered if f.kind == kind]
    out += ordered
    return out


def _choose(role: str, fonts: list[FontInfo], preference: str | None,
            skipped: dict[str, str]) -> tuple[str, FontInfo] | None:
    """The first candidate for the role that registers; the files skipped on the way go to ``skipped``."""
    for info in _candidates(role, fonts, preference):
        name = _register(info)
        if name:
            return name, info
        _note_skipped(info, skipped)
    return None


def find_cjk_fonts(preferences: dict[str, str] | None = None,
                   search_dirs: Iterable[Path] | None = None,
                   fc_list: Callable[[], str] | None = _run_fc_list) -> FontSet:
    """A FontSet for the PDF roles, registered with reportlab.

    ``preferences`` maps role -> font family/name chosen in the settings, honoured when installed.
    With ``search_dirs`` (and a fake ``fc_list``) discovery is limited to them, for tests; without,
    the system discovery is cached.
    """
    with _lock:  # the window may register them in the background after start-up (gui.app)
        return _find_cjk_fonts(preferences, search_dirs, fc_list)


def _find_cjk_fonts(preferences: dict[str, str] | None, search_dirs: Iterable[Path] | None,
                    fc_list: Callable[[], str] | None) -> FontSet:
    system = search_dirs is None and fc_list is _run_fc_list
    key = tuple(sorted((preferences or {}).items()))
    if system and key in _system_sets:  # the same fonts chosen the same way: `check` asks once a file
        return _system_sets[key]
    fonts = list_cjk_fonts() if system else discover_fonts(search_dirs if search_dirs is not None else [], fc_list)
    prefs = preferences or {}
    names: dict[str, str] = {}
    sources: dict[str, FontInfo | None] = {}
    skipped: dict[str, str] = {}
    for role in ROLES:
        chosen = _choose(role, fonts, prefs.get(role), skipped)
        if chosen is None:
            return _remember(system, key, _stsong_set(skipped))
        names[role], sources[role] = chosen
    found = FontSet(names, sources, embedded=True, pool=sorted(fonts, key=_rank), system_fallback=system,
                    skipped=skipped)
    return _remember(system, key, found)


_system_sets: dict[tuple[tuple[str, str], ...], FontSet] = {}


def _remember(system: bool, key: tuple[tuple[str, str], ...], fonts: FontSet) -> FontSet:
    """Keep a FontSet chosen from the system's fonts for the next call with the same preferences."""
    if system:
        _system_sets[key] = fonts
    return fonts


def _cmap(name: str) -> dict[int, int] | None:
    """The character -> glyph map of a registered TrueType font (None for a CID font)."""
    from reportlab.pdfbase import pdfmetrics

    return getattr(getattr(pdfmetrics.getFont(name), "face", None), "charToGlyph", None)


def font_runs(text: str, name: str, fonts: FontSet) -> list[tuple[str, str]]:
    """Text split into (font, text) runs: characters ``name`` lacks go to an installed CJK font that
    has them (生僻字 in names); when none has them they print as an empty box but stay in the text
    layer (copy-paste, search)."""
    cmap = _cmap(name)
    missing = {ch for ch in set(text) if cmap is not None and ord(ch) not in cmap and ch != "\n"}
    if not missing:
        return [(name, text)] if text else []
    swap = {ch: fonts.fallback_for(ch) for ch in missing}
    for ch, other in swap.items():
        if other is None and cmap is not None:
            cmap[ord(ch)] = 0  # glyph 0 (.notdef); registering the code keeps it in ToUnicode
    runs: list[tuple[str, str]] = []
    for ch in text:
        font = swap.get(ch) or name
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs


def font_markup(text: str, name: str, fonts: FontSet) -> str:
    """Escaped Paragraph markup of clerk text in font ``name`` (see font_runs)."""
    runs = ((f, html_escape(t, quote=False)) for f, t in font_runs(text, name, fonts))
    return "".join(t if f == name else f'<font face="{f}">{t}</font>' for f, t in runs)


def _stsong_set(skipped: dict[str, str] | None = None) -> FontSet:
    """The last resort: reportlab's built-in CID font (not embedded), with the warning to show."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(STSONG))
    return FontSet({role: STSONG for role in ROLES}, {role: None for role in ROLES}, embedded=False,
                   warning=NO_TRUETYPE_WARNING, skipped=dict(skipped or {}))
