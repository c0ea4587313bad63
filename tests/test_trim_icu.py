"""scripts/trim_icu.py: the Linux bundle's ICU data keeps every answer Qt gives nianbao (拼音 order, case
mapping, time-zone names, the Chinese converters) at a seventh of the size."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from scripts import trim_icu

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("item", "kept"), [
    ("coll/zh.res", True), ("coll/zh_Hans_CN.res", True), ("coll/root.res", True), ("coll/ucadata.icu", True),
    ("coll/res_index.res", True), ("coll/pool.res", True), ("coll/de.res", False), ("coll/es_419.res", False),
    ("zone/en_US_POSIX.res", True), ("zone/tzdbNames.res", True), ("zone/tzm.res", False),
    ("zone/sr_Latn_ME.res", False),
    ("region/zh_Hant_TW.res", True), ("region/fr_CA.res", False),
    ("brkitr/zh.res", False), ("brkitr/cjdict.dict", False), ("translit/root.res", False), ("curr/zh.res", False),
    ("zh.res", True), ("en_001.res", True), ("root.res", True), ("pool.res", True), ("res_index.res", True),
    ("ja.res", False), ("yue_Hant_HK.res", False),
    ("zoneinfo64.res", True), ("metaZones.res", True), ("likelySubtags.res", True), ("supplementalData.res", True),
    ("keyTypeData.res", True), ("nfkc.nrm", True),
    ("cnvalias.icu", True), ("gb18030.cnv", True), ("windows-936-2000.cnv", True), ("windows-950-2000.cnv", True),
    ("euc-jp-2007.cnv", False), ("ibm-1047_P100-1995.cnv", False),
    ("unames.icu", False), ("confusables.cfu", False), ("rfc3491.spp", False),
])
def test_what_is_kept(item: str, kept: bool) -> None:
    assert trim_icu.keep(item) is kept


# What Qt answers through ICU, printed as JSON by a child process (which libicudata it loads is set from outside).
_PROBE = textwrap.dedent("""
    import functools, json
    from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
    names = ["上海市2.xlsx", "北京市10.docx", "北京市9.docx", "重庆", "长沙", "Zeta", "alpha", "安徽", "广州",
             "鄂尔多斯"]
    out = {}
    for name in ("zh_CN", "zh_TW", "en_US"):
        collator = QCollator(QLocale(name))
        collator.setNumericMode(True)  # as the file dialog sorts
        out["sort " + name] = sorted(names, key=functools.cmp_to_key(collator.compare))
    out["case"] = [QLocale("zh_CN").toUpper("abcß ǆ ﬁ"), QLocale("tr_TR").toUpper("i"), QLocale("en_US").toLower("İ")]
    zone = QTimeZone(b"Asia/Shanghai")
    for name in ("zh_CN", "en_US"):
        out["zone " + name] = [zone.displayName(QTimeZone.TimeType.StandardTime, kind, QLocale(name))
                               for kind in QTimeZone.NameType]
    codecs = ("GB18030", "GBK", "GB2312", "GB_2312-80", "Big5", "windows-936")
    out["converters"] = {c: QStringDecoder(c).name() for c in codecs}
    maps = open("/proc/self/maps").read().splitlines()
    out["icudata"] = sorted({line.split()[-1] for line in maps if "libicudata" in line})
    print(json.dumps(out, ensure_ascii=False))
""")


def _probe(library_dir: Path | None = None) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if library_dir is not None:
        env["LD_LIBRARY_PATH"] = str(library_dir)  # searched before Qt's RUNPATH ($ORIGIN)
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def icudata() -> Path:
    import PySide6

    missing = [tool for tool in ("icupkg", "genccode", "gcc", "nm", "readelf") if shutil.which(tool) is None]
    if missing:  # scripts/setup.sh installs them (icu-devtools, gcc, binutils): CI always has them
        pytest.skip(f"not installed: {', '.join(missing)}")

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not found:
        pytest.skip("this PySide6 ships no ICU (Windows and macOS wheels use the system's)")
    return found[0]


def test_trimmed_library_answers_as_the_full_one(icudata: Path, tmp_path: Path) -> None:
    trimmed = trim_icu.trim(icudata, tmp_path)
    assert trimmed.name == icudata.name
    assert trimmed.stat().st_size < icudata.stat().st_size / 5  # 31 MB -> ~4 MB

    full, small = _probe(), _probe(trimmed.parent)
    assert small.pop("icudata") == [str(trimmed)] and full.pop("icudata") == [str(icudata)]
    assert small == full
    # the answers themselves: 拼音 order (not code-point order), Chinese zone names, the Chinese converters
    assert full["sort zh_CN"][:4] == ["安徽", "北京市9.docx", "北京市10.docx", "重庆"]
    assert "中国标准时间" in full["zone zh_CN"]
    assert full["converters"] == {"GB18030": "GB18030", "GBK": "GBK", "GB2312": "GB2312",
                                  "GB_2312-80": "GB_2312-80", "Big5": "Big5",
                                  "windows-936": "GBK"}


def test_a_library_without_the_data_symbol_is_refused(tmp_path: Path) -> None:
    with pytest.raises(trim_icu.TrimError, match="icudtNN_dat"):
        trim_icu.trim(Path(sys.executable).resolve(), tmp_path)
