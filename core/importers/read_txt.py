"""Text copies of a report page: paragraphs, and tables one cell per line (tab-indented) or flattened."""

from __future__ import annotations

import re
from pathlib import Path

from core.importers.blocks import Document, ImportRefused, Paragraph, Table
from core.read.file_kind import ENCODING, unreadable_content

META_KEYS = ("标题", "发布时间", "发文日期", "成文日期", "文号", "发布机构", "来源", "栏目", "原文链接", "索引号",
             "主题分类", "发文机关")
_META = re.compile(r"^\s*(" + "|".join(META_KEYS) + r")\s*[:：]\s*(.*?)\s*$")
_SEPARATOR = re.compile(r"^\s*={5,}.*$")
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+[、.．]")
_ARTIFACT = re.compile(r"^\s*\[bookmark:[^\]]*\]\s*$")


def decode_text(raw: bytes, name: str, kind: str = "text") -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB 18030; ``kind`` (``text`` or
    ``html``) names the file when it cannot be decoded."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw[:4096]:
        raise ImportRefused(unreadable_content(Path(name), kind))
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise ImportRefused(unreadable_content(Path(name), kind, ENCODING)) from None


def read_txt(raw: bytes, name: str) -> Document:
    """A text copy read into paragraphs, tab-indented tables and metadata lines."""
    text = decode_text(raw, name).replace("\r\n", "\n").replace("\r", "\n")
    lines = [ln for ln in text.split("\n") if not _ARTIFACT.match(ln)]
    doc = Document(source_kind="txt")
    lines = _take_meta(lines, doc)
    _blocks(lines, doc)
    return doc


def _take_meta(lines: list[str], doc: Document) -> list[str]:
    """Metadata lines at the top (``标题: …``), up to a ``=====`` separator when there is one."""
    sep = next((i for i, ln in enumerate(lines[:40]) if _SEPARATOR.match(ln)), None)
    head = lines[:sep] if sep is not None else lines[:15]
    kept: list[str] = []
    for ln in head:
        m = _META.match(ln)
        if m:
            doc.meta.setdefault(m.group(1), m.group(2))
        elif sep is None:
            kept.append(ln)
    rest = lines[sep + 1:] if sep is not None else lines[15:]
    return kept + rest


def _blocks(lines: list[str], doc: Document) -> None:
    rows: list[list[str]] = []
    row: list[str] = []
    last_was_cell = False

    def end_row() -> None:
        nonlocal row
        if row:
            rows.append(row)
        row = []

    def end_table() -> None:
        nonlocal rows
        end_row()
        if rows:
            doc.blocks.append(Table(tuple(tuple(r) for r in rows)))
        rows = []

    for ln in lines:
        stripped = ln.strip()
        if stripped.startswith("|") and stripped.count("|") >= 3:  # a Markdown-style table row
            end_row()
            if not re.fullmatch(r"[|:\-\s]+", stripped):
                rows.append([c.strip() for c in stripped.strip("|").split("|")])
            last_was_cell = False
        elif not ln.startswith("\t") and ln.count("\t") >= 2:  # a row copied from a browser: cells tab-separated
            end_row()
            rows.append([c.replace("\u00a0", " ").replace("\u3000", " ").strip() for c in ln.split("\t")])
            last_was_cell = False
        elif ln.startswith("\t"):
            row.append(ln[1:].replace("\u00a0", " ").replace("\u3000", " ").strip())
            last_was_cell = True
        elif not ln.strip():
            end_row()
            last_was_cell = False
        elif last_was_cell and row and len(ln.strip()) <= 12 and not _HEADING.match(ln):
            row[-1] = row[-1] + ln.strip()  # a header cell printed on two lines (本年新 / 制作数量)
        else:
            end_table()
            doc.blocks.append(Paragraph(ln.strip()))
    end_table()
