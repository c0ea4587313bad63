"""Matching printed labels to the template's: normalised text, numbering prefixes, search patterns."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PUNCT = str.maketrans({"(": "（", ")": "）", ",": "，", "．": ".", "、": "、", ":": "：", "\"": "“",
                        "”": "“", "‘": "“", "’": "“", "'": "“", "〃": "“"})
_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
# A leading number: 1. / 1、 / （一） / 一、 / (1)
_NUMBERING = re.compile(r"^(?:\d{1,2}\s*[.、，]|（[一二三四五六七八九十\d]{1,3}）|[一二三四五六七八九十]{1,3}[、.])")


def norm(text: str) -> str:
    """Text with spaces removed, full/half-width and punctuation variants unified."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.translate(_PUNCT)
    # NFKC turns full-width brackets into ASCII: bring them back, and unify the enumeration comma
    text = text.replace("(", "（").replace(")", "）").replace(",", "，").replace("\"", "“")
    return _SPACE.sub("", text)


def core(text: str) -> str:
    """The label without its numbering prefix (``1.属于国家秘密`` → ``属于国家秘密``)."""
    t = norm(text)
    m = _NUMBERING.match(t)
    return t[m.end():] if m else t


def numbering(text: str) -> str:
    """The numbering prefix of a label, normalised (``1.``, ``（一）``, ``三、``), or ""."""
    t = norm(text)
    m = _NUMBERING.match(t)
    return m.group(0) if m else ""


def same_label(printed: str, label: str) -> bool:
    """Whether a printed cell names the template label (numbering optional, loose punctuation)."""
    a, b = _loose(core(printed)), _loose(core(label))
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if not long_.startswith(short):
        return False
    # a shortened label (（二）部分公开) counts when it keeps its number, or is long enough to be unmistakable
    same_number = numbering(printed) != "" and numbering(printed) == numbering(label)
    return len(short) >= 6 or (same_number and len(short) >= 4)


def _loose(text: str) -> str:
    return re.sub(r"[，、：“（）.。;；]", "", text)


@lru_cache(maxsize=4096)
def label_pattern(label: str, need_number: bool = False) -> re.Pattern[str]:
    """A regex finding a label in running text: any spaces between characters, loose punctuation,
    its numbering prefix optional (required for very short labels such as ``3.其他``)."""
    number, body = numbering(label), _loose(core(label))
    parts = []
    for ch in body:
        parts.append(re.escape(ch))
    sep = r"[\s\u00a0\u3000，、：“”\"'（）()．.。;；,]*"
    body_re = sep.join(parts)
    if number:
        num_re = _number_pattern(number)
        need = need_number or len(body) <= 3
        prefix = f"(?:{num_re}\\s*)" + ("" if need else "?")
        return re.compile(prefix + body_re)
    return re.compile(body_re)


def _number_pattern(number: str) -> str:
    m = re.match(r"^(\d+)", number)
    if m:
        return m.group(1) + r"\s*[.．、，,]"
    inner = re.sub(r"[（）、.]", "", number)
    if number.startswith("（"):
        return r"[（(]\s*" + re.escape(inner) + r"\s*[）)]"
    return re.escape(inner) + r"\s*[、.．]"
