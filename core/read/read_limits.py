"""What every reader of report files and workbooks accepts for years, versions and text (one rule for all)."""

from __future__ import annotations

import re
from datetime import date

from core.template import Template

MAX_VERSION = 9999
_BAD_CHAR = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0 but \t\n\r, DEL, C1


def latest_year(today: date | None = None) -> int:
    """The last year a report can be for: next year (a report is written early in the year after)."""
    return (today or date.today()).year + 1


def year_problem(year: int, template: Template, today: date | None = None) -> str | None:
    """Why ``year`` is not a year of this edition (Chinese, after the field name), or None."""
    last = min(template.last_year or latest_year(today), latest_year(today))
    if template.first_year <= year <= last:
        return None
    shown = f"{year} " if len(str(year)) <= 8 else f"{str(year)[:8]}…（{len(str(year))} 位数）"
    return f"{shown}年不适用 {template.edition} 版格式（该格式适用于 {template.first_year}–{last} 年）"


def version_problem(version: int) -> str | None:
    """Why ``version`` is not a version number (1 to 9999), or None."""
    if 1 <= version <= MAX_VERSION:
        return None
    shown = str(version) if len(str(version)) <= 8 else f"{str(version)[:8]}…（{len(str(version))} 位数）"
    return f"版本号 {shown} 无效，应为 1–{MAX_VERSION} 的整数"


def text_problem(text: str) -> str | None:
    """Why a text from a file cannot be kept (a control character, a broken character), or None."""
    found = _BAD_CHAR.search(text)
    if found is None:
        return None
    position, code = found.start() + 1, ord(found.group())
    if 0xD800 <= code <= 0xDFFF:
        return (f"第 {position} 个字符是无效字符（孤立的 UTF-16 代理项 U+{code:04X}），"
                "文件可能已损坏或由其他程序错误生成")
    name = {0: "NUL", 7: "BEL", 8: "退格", 0x1B: "ESC"}.get(code, "控制字符")
    return f"第 {position} 个字符是不可见的控制字符 U+{code:04X}（{name}），请删除后再试"
