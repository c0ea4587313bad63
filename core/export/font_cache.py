"""What reportlab reads from a TrueType face at registration, kept per font file in the data folder.

reportlab parses a CJK collection's names, character map, widths and glyph offsets in pure Python,
0.1–0.2 s a face (about half of a whole-process PDF export). The result depends only on the file, so
it is stored in ``<data folder>/font-cache/`` keyed by the file's path, face index, size and mtime
and reportlab's version, and read back with marshal in milliseconds. A missing, stale or corrupt entry
is ignored and rebuilt; entries are written atomically. The restored face reads the font file itself
only when a subset is embedded, and then checks that the file is still the one the entry describes.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import struct
import zlib
from array import array
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import Version as REPORTLAB_VERSION
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFNameBytes, TTFont, TTFontFace

FORMAT = 4
FOLDER_NAME = "font-cache"
_MAGIC = b"NBFC"
_NOT_STORED = ("_ttf_data", "_pdfScale")  # the file's bytes (read on demand) and a lambda (rebuilt)
_NAME_FIELDS = ("name", "familyName", "styleName", "fullName", "uniqueFontID")  # TTFNameBytes
# What makeSubset and the width/cmap look-ups need, with the type an intact entry holds.
_REQUIRED: dict[str, type] = {"name": bytes, "filename": str, "unitsPerEm": int, "numGlyphs": int,
                              "charToGlyph": dict, "glyphToChar": dict, "charWidths": dict,
                              "hmetrics": list, "glyphPos": list, "table": dict, "bbox": list}
_PACKED = ("charToGlyph", "glyphToChar", "charWidths", "hmetrics", "glyphPos")
_PACK_KINDS = ("list", "pairs", "ipairs", "map", "imap", "lists")

_folder: Path | None = None
_folder_set = False


def use_folder(folder: Path | None) -> None:
    """Keep the cache in ``folder`` (None: no cache); without a call, ``<data folder>/font-cache``."""
    global _folder, _folder_set
    _folder, _folder_set = (Path(folder) if folder is not None else None), True


def cache_folder() -> Path | None:
    """The cache folder: as set by use_folder, else in the data folder resolved as the window and the
    command line resolve it (core.datadir); None when there is none."""
    if _folder_set:
        return _folder
    from core.datadir import ENV_DATA_DIR

    return _data_cache_folder(os.environ.get(ENV_DATA_DIR, ""))


@lru_cache(maxsize=4)
def _data_cache_folder(_override: str) -> Path | None:
    """Resolved once per NIANBAO_DATA_DIR value (resolving reads the mount table, once per font otherwise)."""
    from core.datadir import DataDirError, resolve_data_dir

    try:
        return resolve_data_dir().path / FOLDER_NAME
    except DataDirError:
        return None


class CachedFace(TTFontFace):
    """A TTFontFace restored from a cache entry: its large tables are unpacked on first use, and the
    font file is read when a subset is first embedded."""

    def __init__(self, state: dict[str, Any], packed: dict[str, tuple[Any, ...]], size: int,
                 mtime_ns: int) -> None:
        self.__dict__.update(state)
        self._packed = packed
        self._pdfScale = _scale(self.unitsPerEm)
        self._stamp = (size, mtime_ns)

    def __getattr__(self, attr: str) -> Any:
        """Unpack a stored table, or read the font file's bytes (refusing a file changed since)."""
        packed = self.__dict__.get("_packed", {})
        if attr in packed:
            value = _unpack(packed[attr])
        elif attr == "_ttf_data":  # makeSubset slices the glyphs it embeds and a few small tables out of it
            value = _font_bytes(self.filename, self._stamp)
        else:
            raise AttributeError(attr)
        self.__dict__[attr] = value
        return value


def _font_bytes(filename: str, stamp: tuple[int, int]) -> bytes:
    """The font file's bytes, refused when the file changed since the entry was made. Read, not mapped: a
    mapping would keep the file locked on Windows (the officer could not replace a font while nianbao runs)
    and a file truncated in place would kill the process on Linux."""
    with open(filename, "rb") as fh:
        if _stamp(os.fstat(fh.fileno())) != stamp:
            raise TTFError(f'font file "{filename}" changed after it was loaded')
        return fh.read()


def _scale(units_per_em: int):
    """The unit → 1/1000 em conversion reportlab's extractInfo builds (same arithmetic, same floats)."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _stamp(st: os.stat_result) -> tuple[int, int]:
    return (st.st_size, st.st_mtime_ns)


def _entry_path(folder: Path, path: str, index: int) -> Path:
    digest = hashlib.sha1(f"{os.path.abspath(path)}|{index}".encode("utf-8", "surrogatepass")).hexdigest()
    return folder / f"{digest[:24]}.face"


def _key(path: str, index: int, stamp: tuple[int, int]) -> tuple[Any, ...]:
    return (FORMAT, REPORTLAB_VERSION, os.path.abspath(path), index, *stamp)


# ---- packing: the big tables as machine arrays, which marshal reads far faster than int objects ----


def _int_code(values: list[Any]) -> str | None:
    """The smallest array typecode holding these ints (all of type int, not bool), or None."""
    if not all(type(v) is int for v in values):
        return None
    low, high = (min(values), max(values)) if values else (0, 0)
    for code, lo, hi in (("H", 0, 2**16), ("I", 0, 2**32), ("i", -2**31, 2**31), ("q", -2**63, 2**63)):
        if lo <= low and high < hi:
            return code
    return None


def _ints(values: list[Any]) -> tuple[str, bytes] | None:
    code = _int_code(values)
    return (code, array(code, values).tobytes()) if code else None


def _floats_exact(values: list[Any]) -> bool:
    """True when every value is a float, or an int a double holds exactly (reportlab mixes the two)."""
    return all(type(v) is float or (type(v) is int and abs(v) < 2**53) for v in values)


def _pack(value: Any) -> tuple[Any, ...] | None:
    """A compact form of an int list, an int → number dict, a list of number pairs or an int → int-list
    dict (each number's int/float type kept: it decides how the PDF prints a width); None for anything
    else (stored as it is)."""
    if isinstance(value, list) and value and all(type(v) is tuple and len(v) == 2 for v in value):
        firsts, seconds = [v[0] for v in value], _ints([v[1] for v in value])
        whole = _ints(firsts)  # all ints (a face of 1000 units per em): read back without converting each
        if whole and seconds:
            return ("ipairs", whole, seconds)
        if _floats_exact(firsts) and seconds:
            return ("pairs", array("d", firsts).tobytes(), bytes(type(v) is int for v in firsts), seconds)
    elif isinstance(value, list):
        packed = _ints(value)
        return ("list", packed) if packed else None
    elif isinstance(value, dict) and value and all(type(v) is list for v in value.values()):
        keys, lengths = _ints(list(value)), _ints([len(v) for v in value.values()])
        flat = _ints([x for v in value.values() for x in v])
        if keys and lengths and flat:
            return ("lists", keys, lengths, flat)
    elif isinstance(value, dict) and value:
        keys, values = _ints(list(value)), list(value.values())
        whole = _ints(values)
        if keys and whole:
            return ("imap", keys, whole)
        if keys and _floats_exact(values):
            return ("map", keys, array("d", values).tobytes(), bytes(type(v) is int for v in values))
    return None


def _typed(numbers: bytes, ints: bytes) -> list[Any]:
    """Doubles back to Python numbers, the ones stored as ints as ints again."""
    values = array("d", numbers).tolist()
    if not any(ints):
        return values
    return [int(v) if is_int else v for v, is_int in zip(values, ints, strict=True)]


def _unpack(packed: tuple[Any, ...]) -> Any:
    kind = packed[0]
    if kind == "list":
        return array(*packed[1]).tolist()
    if kind == "pairs":
        return list(zip(_typed(packed[1], packed[2]), array(*packed[3]).tolist(), strict=True))
    if kind == "ipairs":
        return list(zip(array(*packed[1]).tolist(), array(*packed[2]).tolist(), strict=True))
    if kind == "imap":
        return dict(zip(array(*packed[1]).tolist(), array(*packed[2]).tolist(), strict=True))
    if kind == "map":
        return dict(zip(array(*packed[1]).tolist(), _typed(packed[2], packed[3]), strict=True))
    keys, lengths, flat = (array(*p).tolist() for p in packed[1:4])
    out, at = {}, 0
    for key, length in zip(keys, lengths, strict=True):
        out[key] = flat[at:at + length]
        at += length
    if at != len(flat):
        raise ValueError("lists")
    return out


def _encode(face: TTFontFace) -> tuple[dict[str, Any], dict[str, tuple[Any, ...]]]:
    """The face's parsed state as marshal-able values, the big tables packed."""
    state = {k: v for k, v in face.__dict__.items() if k not in _NOT_STORED}
    for field in _NAME_FIELDS:
        value = state.get(field)
        if isinstance(value, TTFNameBytes):
            state[field] = ("ttfname", value.ustr)
    packed = {}
    for field in _PACKED:
        compact = _pack(state.get(field))
        if compact is not None:
            packed[field] = compact
            del state[field]
    return state, packed


def _decode(state: dict[str, Any], packed: dict[str, tuple[Any, ...]]) -> dict[str, Any]:
    """The stored state with its name fields restored; ValueError when a field is missing or damaged."""
    for field in _NAME_FIELDS:
        value = state.get(field)
        if isinstance(value, tuple) and len(value) == 2 and value[0] == "ttfname":
            state[field] = TTFNameBytes(value[1].encode("utf-8"), "utf-8")
    for field, kind in _REQUIRED.items():
        if not isinstance(state.get(field), kind) and not (field in packed and field in _PACKED):
            raise ValueError(field)
    for field, compact in packed.items():  # array sizes agree; unpacking itself is left to first use
        if field not in _PACKED or not isinstance(compact, tuple) or compact[0] not in _PACK_KINDS:
            raise ValueError(field)
    return state


def _read_entry(entry: Path, key: tuple[Any, ...]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The state and packed tables stored for ``key``, or None when the entry is missing, stale or damaged."""
    try:
        blob = entry.read_bytes()
        if blob[:4] != _MAGIC or int.from_bytes(blob[4:8], "big") != zlib.crc32(blob[8:]):
            return None
        stored_key, state, packed = marshal.loads(blob[8:])
        if stored_key != key or not isinstance(state, dict) or not isinstance(packed, dict):
            return None
        return _decode(state, packed), packed
    except (OSError, ValueError, EOFError, TypeError, IndexError):
        return None


def _write_entry(entry: Path, key: tuple[Any, ...], face: TTFontFace) -> None:
    """Store the face's state; any failure (read-only or full disk) only means no cache."""
    from core.atomic import atomic_write

    body = marshal.dumps((key, *_encode(face)))
    blob = _MAGIC + zlib.crc32(body).to_bytes(4, "big") + body
    with contextlib.suppress(OSError, ValueError):
        entry.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(entry, lambda stream: stream.write(blob))


# Unicode's code points: a character map (cmap) that maps more is damaged.
_MAX_MAPPED = 0x110000


def check_cmap(path: str, index: int = 0) -> None:
    """Refuse (TTFError) a face whose character map claims more characters than Unicode has, before reportlab
    builds a dictionary entry for each: a damaged range (format 12/13 up to 2**32, or format 4's segments all
    spanning the whole 16-bit range) would make it allocate without bound. reportlab reads the file's table
    directory; only the map's range fields are looked at here."""
    from reportlab.pdfbase.ttfonts import TTFontParser

    cmap = TTFontParser(path, validate=0, subfontIndex=index).get_table("cmap")
    mapped = 0
    for i in range(struct.unpack_from(">H", cmap, 2)[0]):  # encoding records: platform, encoding, offset
        at = struct.unpack_from(">I", cmap, 8 + 8 * i)[0]
        fmt = struct.unpack_from(">H", cmap, at)[0]
        if fmt in (12, 13):  # groups of (start, end, glyph), 32-bit
            for g in range(struct.unpack_from(">I", cmap, at + 12)[0]):
                start, end = struct.unpack_from(">II", cmap, at + 16 + 12 * g)
                if end < start or end >= _MAX_MAPPED:
                    raise TTFError(f'font file "{path}": character map range {start:#x}-{end:#x}')
                mapped += end - start + 1
                if mapped > _MAX_MAPPED:
                    break
        elif fmt == 4:  # segments of 16-bit (end, start) codes
            segments = struct.unpack_from(">H", cmap, at + 6)[0] // 2
            ends = struct.unpack_from(f">{segments}H", cmap, at + 14)
            starts = struct.unpack_from(f">{segments}H", cmap, at + 16 + 2 * segments)
            mapped += sum(max(0, e - s + 1) for s, e in zip(starts, ends, strict=True))
        if mapped > _MAX_MAPPED:
            raise TTFError(f'font file "{path}": character map claims {mapped} characters')


def load_face(path: str, index: int = 0, folder: Path | None = None) -> TTFontFace:
    """The face at ``path``/``index``, from the cache in ``folder`` when an intact entry matches the
    file, else checked (check_cmap) and parsed by reportlab (and stored). Raises what reportlab raises for a
    bad font."""
    if folder is None:
        check_cmap(path, index)
        return TTFontFace(path, subfontIndex=index)
    stamp = _stamp(os.stat(path))
    key = _key(path, index, stamp)
    entry = _entry_path(folder, path, index)
    stored = _read_entry(entry, key)
    if stored is not None:
        return CachedFace(*stored, *stamp)
    check_cmap(path, index)
    face = TTFontFace(path, subfontIndex=index)
    _write_entry(entry, key, face)
    return face


def make_ttfont(name: str, path: str, index: int = 0) -> TTFont:
    """A reportlab TTFont as ``TTFont(name, path, subfontIndex=index)`` makes it, its face from the cache."""
    face = load_face(path, index, cache_folder())
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font
