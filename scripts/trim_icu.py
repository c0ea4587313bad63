"""Rebuild Qt's ICU data library with only the data Qt reads for nianbao (the Linux bundle; build time only).

PySide6's Linux wheel ships ICU with every language's data (libicudata.so.73, 31 MB of a 143 MB bundle).
Qt 6 Core calls ICU for four things only (``objdump -T libQt6Core.so.6``: ucol_*, u_strToUpper/Lower,
ucnv_*, ucal_*): collation (the file dialog sorts names with QCollator: 拼音 order needs the zh tailoring),
case mapping (built into libicuuc, no data), converters (encodings other than UTF and Latin-1) and time-zone
names. What stays: the root, zh* and en* locales of the locale, coll, zone and region trees with those trees'
shared files, the supplemental data, and the Chinese converters (GB18030, GBK, Big5). ICU's own tools cut the
package (icupkg, which refuses a package whose kept items need a removed one: those are kept too) and turn it
into a library with the same name and data symbol (genccode, then gcc). Needs icu-devtools, binutils and gcc.

    python scripts/trim_icu.py LIBICUDATA OUTDIR     # prints the path of the new library
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

# A locale's data item: "zh_Hans_CN.res", "en_001.res", "root.res"; not supplemental data such as "zoneinfo64.res".
_LOCALE = re.compile(r"^(?:root|[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|\d{3}))?(?:_[A-Z]+)?)\.res$")
_KEPT_LOCALE = re.compile(r"^(?:root|zh|en)(?:_\w+)?\.res$")
# Trees below the package root whose locale data Qt's calls read: ucol_open (coll), ucal_getTimeZoneDisplayName
# (zone, and region for "中国时间"-style names). Every other tree (brkitr, curr, lang, rbnf, translit, unit) goes.
KEPT_TREES = frozenset({"coll", "zone", "region"})
# Converter tables kept: GB18030, GBK (Windows 936, IBM 1386), GB2312 (EUC-CN: IBM 1383; GB_2312-80: IBM 5478) and
# Big5 (Windows 950); cnvalias.icu maps the names.
KEPT_CONVERTERS = frozenset({"cnvalias.icu", "gb18030.cnv", "windows-936-2000.cnv", "ibm-1386_P100-2001.cnv",
                             "ibm-1383_P110-1999.cnv", "ibm-5478_P100-1995.cnv", "windows-950-2000.cnv"})
# Top-level data none of Qt's calls reads: character names, spoof checks, StringPrep profiles.
DROPPED_TOP = re.compile(r"^(?:unames\.icu|confusables\.cfu|[\w-]+\.spp)$")
_MISSING = re.compile(r"depends on missing item (\S+)")


class TrimError(RuntimeError):
    """A tool failed or the library is not what was expected."""


def keep(item: str) -> bool:
    """Whether the package item ``item`` ("coll/zh.res", "gb18030.cnv", "zoneinfo64.res") is kept."""
    tree, _, name = item.rpartition("/")
    if tree:
        return tree in KEPT_TREES and (_KEPT_LOCALE.match(name) is not None or not _LOCALE.match(name))
    if name.endswith(".cnv") or name == "cnvalias.icu":
        return name in KEPT_CONVERTERS
    if _LOCALE.match(name):
        return _KEPT_LOCALE.match(name) is not None
    return DROPPED_TOP.match(name) is None


def _run(*cmd: str | Path, cwd: Path | None = None) -> str:
    try:
        done = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise TrimError(f"{cmd[0]} not found: install icu-devtools, binutils and gcc (scripts/setup.sh)") from exc
    if done.returncode != 0:
        raise TrimError(f"{' '.join(map(str, cmd))} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr


def data_symbol(lib: Path) -> tuple[str, int, int]:
    """The data symbol of ``lib`` ("icudt73_dat"), its offset in the file and its size."""
    symbols = [line.split() for line in _run("nm", "-D", "--defined-only", "-S", lib).splitlines()]
    found = [(int(s[0], 16), int(s[1], 16), s[3]) for s in symbols
             if len(s) == 4 and re.fullmatch(r"icudt\d+_dat", s[3])]
    if len(found) != 1:
        raise TrimError(f"{lib}: expected one icudtNN_dat symbol, found {found}")
    address, size, name = found[0]
    # "[ 5] .rodata  PROGBITS  0000000000001000 001000 1e8bb80 ...": name, type, address, offset, size
    for match in re.finditer(r"\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)",
                             _run("readelf", "-S", "-W", lib)):
        start, offset, length = (int(match.group(i), 16) for i in (2, 3, 4))
        if start <= address and address + size <= start + length:
            return name, offset + address - start, size
    raise TrimError(f"{lib}: no section holds {name}")


def trim(lib: Path, workdir: Path) -> Path:
    """Build the trimmed copy of ``lib`` in ``workdir`` and return its path (same file name and SONAME)."""
    name, offset, size = data_symbol(lib)
    package = name.removesuffix("_dat") + ("l" if sys.byteorder == "little" else "b")  # icudt73l
    source, out = workdir / "full", workdir / "trimmed"
    for folder in (source, out):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
    with lib.open("rb") as f:
        f.seek(offset)
        (source / f"{package}.dat").write_bytes(f.read(size))
    items = _run("icupkg", "-l", source / f"{package}.dat").split()
    kept = {item for item in items if keep(item)}
    while True:
        removed = sorted(set(items) - kept)
        (workdir / "remove.txt").write_text("\n".join(removed) + "\n", encoding="utf-8")
        try:
            _run("icupkg", "-r", workdir / "remove.txt", source / f"{package}.dat", out / f"{package}.dat")
            break
        except TrimError as exc:
            needed = set(_MISSING.findall(str(exc))) - kept
            if not needed:
                raise
            kept |= needed  # e.g. Big5 (windows-950-2000) is built on ibm-1373_P100-2002
    _run("genccode", "-a", "gcc", "-e", name.removesuffix("_dat"), "-d", out, out / f"{package}.dat")
    _run("gcc", "-c", f"{package}_dat.S", "-o", f"{package}_dat.o", cwd=out)
    _run("gcc", "-shared", "-nostdlib", f"-Wl,-soname,{lib.name}", "-o", lib.name, f"{package}_dat.o", cwd=out)
    if data_symbol(out / lib.name)[0] != name:
        raise TrimError(f"{out / lib.name}: the data symbol is not {name}")
    return out / lib.name


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(trim(Path(sys.argv[1]), Path(sys.argv[2])))
