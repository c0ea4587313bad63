"""The narrative texts: the 前言 before 一, and the texts of sections 一, 五 and 六."""

from __future__ import annotations

import re

from core.importers.labels import norm
from core.importers.locate import DATE_TEXT, FURNITURE, Heading, ends_like_agency, signature_line, title_match
from core.template import Template

# The template's text fields by the section that holds them; 前言 has no section.
_CLOSING = re.compile(rf"\n\s*[^\n。；]{{2,30}}\n\s*{DATE_TEXT}\s*$")
_CHROME = re.compile(r"^.{0,300}(?:相关链接[:：]\s*(?:-->)?|【?打印本页】?|文字版\s*文件下载)\s*")
_TRAILING = re.compile(r"(?:\s*(?:附件下载|相关附件|【?打印本页】?|【?关闭窗口】?|扫一扫在手机打开当前页"
                       r"|分享到[:：]?))+\s*$")
_PAGE_LINE = re.compile(r"^(?:发布日期|发布时间|发文日期|来源|信息来源|作者|字号|浏览次数|阅读次数|【?字体)\s*[:：]")
_PAGE_FIELD = re.compile(r"(?:发布日期|发布时间|发文日期|来源|信息来源|作者|字号|浏览次数|阅读次数|点击数)\s*[:：]")
_DATE_ONLY = re.compile(rf"\n\s*{DATE_TEXT}\s*$")



def section_texts(stream: str, headings: dict[str, Heading], title: str, template: Template,
                  agency: str, notes: list[str]) -> dict[str, str]:
    """Text field key → text, for every field whose section heading was found."""
    order = sorted(headings.values(), key=lambda h: h.start)
    out: dict[str, str] = {}
    for field in template.texts.values():
        heading = headings.get(field.section)
        if heading is None:
            continue
        later = [h.start for h in order if h.start > heading.start]
        end = later[0] if later else len(stream)
        text = stream[heading.end:end]
        if not later:
            text = _drop_closing(text, agency)
        text = _tidy(text)
        if text:
            out[field.key] = text
    missing = [f"{s.number}、{s.heading}" for s in template.sections if s.texts and s.id not in headings]
    if missing:
        notes.append("未找到以下部分的标题，其文字未导入：" + "；".join(missing))
    if "s1" in headings:
        preface = _preface(stream[: headings["s1"].start], title, agency)
        if preface:
            out["preface"] = preface
    return out


def _drop_closing(text: str, agency: str) -> str:
    """The 落款 (agency and/or date) at the very end is not part of section 六."""
    text = _TRAILING.sub("", _tidy(text))
    m = _CLOSING.search("\n" + text)
    if m:
        return text[: max(0, m.start() - 1)]
    lines = text.split("\n")
    if signature_line(lines[-1])[0]:  # agency and date on one line
        return "\n".join(lines[:-1])
    m = _DATE_ONLY.search("\n" + text)
    if m:
        text = text[: max(0, m.start() - 1)].rstrip()
    lines = text.split("\n")
    if len(lines) > 1 and is_signature_name(lines[-1], agency):
        text = "\n".join(lines[:-1])
    return text


def is_signature_name(line: str, agency: str) -> bool:
    """A last line that is only the agency's name (a 落款 without its date, or a date on a later page)."""
    line = norm(line)
    return bool(line) and len(line) <= 30 and (line == norm(agency) or ends_like_agency(line)) \
        and not re.search(r"[。；;，,：:！？]", line)


def _preface(text: str, title: str, agency: str) -> str:
    """The text before 一, without the title line(s), the page's furniture and its chrome."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    while lines and _heading_line(lines[0], title, agency):
        lines.pop(0)
    if lines:
        m = title_match(lines[0][:120])
        if m and m.start() <= 40 and (not title or norm(lines[0][: m.end()]).endswith(norm(m.group(0)))):
            lines[0] = lines[0][m.end():].strip()
    if lines:
        lines[0] = _CHROME.sub("", lines[0])
    return "\n".join(ln for ln in lines if ln and not _page_info(ln) and not _heading_line(ln, title, agency))


def _page_info(line: str) -> bool:
    """A line of the page's own fields (``发布时间:…``), alone or several together (``来源:… 阅读次数:``)."""
    return len(line) <= 160 and (bool(_PAGE_LINE.match(line)) or len(_PAGE_FIELD.findall(line)) >= 2)


def _heading_line(line: str, title: str, agency: str) -> bool:
    """A line of the report's head: furniture, the agency's name on its own, or a line of the title."""
    n = norm(line)
    if not n or FURNITURE.match(line):
        return True
    if len(n) > 80:
        return False
    whole = norm(title)
    if n == norm(agency) or (len(n) >= 4 and n in whole):
        return True
    m = title_match(line)
    return m is not None and m.start() == 0 and m.end() >= len(line.rstrip()) - 12  # the title, maybe with （公开版）


def _tidy(text: str) -> str:
    lines = [ln.strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln and not FURNITURE.match(ln)).strip()
