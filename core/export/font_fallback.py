"""Installed fonts that have a glyph for one character, beyond the CJK fonts (emoji, 𠀀 𪚥 in Ext B).

fontconfig answers ``fc-list ':charset=20000'`` directly; without it (Windows) the font folders are
scanned and each file's own character map is read here, without loading the whole font. Only
fonts with TrueType outlines (a ``glyf`` table) are returned: reportlab can embed nothing else,
neither CFF (Noto CJK) nor bitmap colour emoji (Noto Color Emoji's CBDT).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from core.export.font_dirs import default_search_dirs

_SUFFIXES = (".ttf", ".ttc")
_UNWANTED_STYLE = re.compile(r"bold|italic|oblique|condensed|mono|sharp", re.I)


def _face_offset(fh, index: int) -> int | None:
    """Where face ``index`` of a .ttf/.ttc starts, or None."""
    fh.seek(0)
    head = fh.read(12)
    if head[:4] != b"ttcf":
        return 0 if index == 0 else None
    count = struct.unpack(">I", head[8:12])[0]
    if index >= count:
        return None
    fh.seek(12 + 4 * index)
    return struct.unpack(">I", fh.read(4))[0]


def table_directory(path: str, index: int = 0) -> dict[bytes, tuple[int, int]]:
    """The face's tables: tag -> (offset, length); empty when the file is not a font."""
    try:
        with open(path, "rb") as fh:
            start = _face_offset(fh, index)
            if start is None:
                return {}
            fh.seek(start)
            head = fh.read(12)
            if len(head) < 12:
                return {}
            tables = {}
            for _ in range(struct.unpack(">H", head[4:6])[0]):
                tag, _sum, offset, length = struct.unpack(">4sIII", fh.read(16))
                tables[tag] = (offset, length)
            return tables
    except (OSError, struct.error):
        return {}


def has_truetype_outlines(path: str, index: int = 0) -> bool:
    """True when the face has glyf outlines (embeddable by reportlab)."""
    tables = table_directory(path, index)
    return b"glyf" in tables and b"loca" in tables


@cache
def char_ranges(path: str, index: int = 0) -> tuple[tuple[int, int], ...]:
    """The (first, last) code point ranges the face maps to glyphs (cmap formats 4 and 12)."""
    cmap = table_directory(path, index).get(b"cmap")
    if not cmap:
        return ()
    try:
        with open(path, "rb") as fh:
            fh.seek(cmap[0])
            data = fh.read(cmap[1])
    except OSError:
        return ()
    return tuple(sorted(_parse_cmap(data)))


def _parse_cmap(data: bytes) -> set[tuple[int, int]]:
    ranges: set[tuple[int, int]] = set()
    try:
        count = struct.unpack(">H", data[2:4])[0]
        for i in range(count):
            platform, encoding, offset = struct.unpack(">HHI", data[4 + 8 * i:12 + 8 * i])
            if (platform, encoding) not in ((3, 1), (3, 10), (0, 3), (0, 4), (0, 6)):
                continue
            fmt = struct.unpack(">H", data[offset:offset + 2])[0]
            if fmt == 12:
                groups = struct.unpack(">I", data[offset + 12:offset + 16])[0]
                for g in range(groups):
                    first, last, _glyph = struct.unpack(">III", data[offset + 16 + 12 * g:offset + 28 + 12 * g])
                    ranges.add((first, last))
            elif fmt == 4:
                segs = struct.unpack(">H", data[offset + 6:offset + 8])[0] // 2
                ends = struct.unpack(f">{segs}H", data[offset + 14:offset + 14 + 2 * segs])
                starts = struct.unpack(f">{segs}H", data[offset + 16 + 2 * segs:offset + 16 + 4 * segs])
                ranges.update((s, e) for s, e in zip(starts, ends, strict=True) if s != 0xFFFF)
    except struct.error:
        pass
    return ranges


def face_has(path: str, index: int, code: int) -> bool:
    """True when the face's character map covers ``code``."""
    return any(first <= code <= last for first, last in char_ranges(path, index))


def _fc_list_charset(code: int) -> list[tuple[str, int, str]] | None:
    """(file, index, style) of the fonts fontconfig says cover ``code``; None without fontconfig."""
    exe = shutil.which("fc-list")
    if not exe:
        return None
    try:
        done = subprocess.run([exe, "-f", "%{file}|%{index}|%{style}\n", f":charset={code:x}"],
                              capture_output=True, text=True, encoding="utf-8", timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    out = []
    for line in done.stdout.splitlines():
        parts = line.split("|")
        if len(parts) >= 3 and parts[0].lower().endswith(_SUFFIXES):
            out.append((parts[0], int(parts[1]) if parts[1].strip().isdigit() else 0, parts[2]))
    return out


@cache
def _scanned_faces(dirs: tuple[Path, ...]) -> tuple[tuple[str, int], ...]:
    """Every TrueType face in the folders (each face of a .ttc), for machines without fontconfig."""
    faces = []
    for folder in dirs:
        try:
            files = sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() in _SUFFIXES)
        except OSError:
            continue
        for path in files:
            for index in range(8):
                if not table_directory(str(path), index):
                    break
                faces.append((str(path), index))
    return tuple(faces)


def faces_with_glyph(ch: str, dirs: Iterable[Path] | None = None) -> list[tuple[str, int]]:
    """Embeddable faces (file, index) that have a glyph for ``ch``, regular styles first."""
    code = ord(ch)
    listed = None if dirs is not None else _fc_list_charset(code)
    if listed is None:
        folders = tuple(default_search_dirs() if dirs is None else dirs)
        listed = [(p, i, Path(p).stem) for p, i in _scanned_faces(folders)]
    listed.sort(key=lambda item: bool(_UNWANTED_STYLE.search(item[2])))
    return [(path, index) for path, index, _style in listed
            if has_truetype_outlines(path, index) and face_has(path, index, code)]
