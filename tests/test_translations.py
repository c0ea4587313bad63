"""The committed Qt catalogues compile cleanly, and a broken one is refused rather than shipped half-translated."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.compile_translations import FOLDER, compile_all  # noqa: E402


def test_every_catalogue_compiles_complete(tmp_path: Path) -> None:
    written = compile_all(FOLDER, tmp_path)
    assert [p.name for p in written] == ["nianbao_zh_CN.qm"]
    assert written[0].stat().st_size > 100


def test_every_message_is_translated_to_chinese() -> None:
    for ts in FOLDER.glob("*.ts"):
        root = ET.parse(ts).getroot()
        assert root.get("language") == "zh_CN"
        for message in root.iter("message"):
            translation = message.find("translation")
            assert translation is not None and translation.get("type") is None, ts.name
            assert any("\u4e00" <= ch <= "\u9fff" for ch in translation.text or ""), message.findtext("source")


def test_unfinished_catalogue_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad_zh_CN.ts").write_text(
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="zh_CN">'
        '<context><name>QLineEdit</name><message><source>&amp;Undo</source>'
        '<translation type="unfinished"></translation></message></context></TS>', encoding="utf-8")
    with pytest.raises(RuntimeError, match=r"bad_zh_CN\.ts"):
        compile_all(tmp_path)
