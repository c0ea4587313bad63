"""Where things are in a document: title, year, agency and its kind, edition, the six sections."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from core.importers.blocks import Document
from core.importers.labels import norm

# ``…政府信息公开工作年度报告``, also ``…工作的年度报告`` (a 乡镇's ``关于2021年度政府信息公开工作的年度报告``)
_TAIL = r"\s*(?:政府)?\s*(?:信息|政务)公开\s*(?:工作)?\s*的?\s*(?:年度)?\s*(?:报告|年报|总结)"
_TITLE = re.compile(r"(.{0,60}?)\s*((?:19|20)\d{2})\s*年\s*(?:度)?" + _TAIL)
# The other order: ``2019年上海市人民政府办公厅政府信息公开工作年度报告``
_TITLE_YEAR_FIRST = re.compile(r"^\s*((?:19|20)\d{2})\s*年\s*(?:度)?\s*(\S.{0,40}?)" + _TAIL)
# The year in brackets after: ``某某局政府信息公开工作年度报告（2021年度）``
_TITLE_YEAR_AFTER = re.compile(r"^\s*(\S.{0,40}?)\s*(?:政府)?\s*(?:信息|政务)公开\s*(?:工作)?"
                               r"\s*的?\s*(?:年度)?\s*(?:报告|年报)\s*"
                               r"[（(]\s*((?:19|20)\d{2})\s*年?\s*度?\s*[)）]")
_PERIOD = re.compile(r"统计期限[^\d]{0,8}((?:19|20)\d{2})\s*年")
# Section headings: number, then words that only that heading has (loose: real reports vary).
HEADINGS = {
    "s1": r"一\s*[、.．]\s*(?:政府信息公开)?(?:工作)?\s*总体情况",
    "s2": r"二\s*[、.．]\s*(?:行政机关)?\s*主动公开政府信息(?:情况)?",
    "s3": r"三\s*[、.．]\s*(?:行政机关)?\s*收到和处理政府信息公开申请(?:情况)?",
    "s4": (r"四\s*[、.．]\s*(?:因)?\s*政府信息公开(?:工作)?\s*(?:被申请)?\s*行政\s*法?\s*复议"
           r"(?:[、和及]\s*(?:提起)?\s*行政诉讼)?(?:的)?(?:情况)?"),
    "s5": r"五\s*[、.．]\s*(?:政府信息公开工作)?\s*存在的?(?:主要)?问题(?:及|和|与)?(?:改进|整改)?(?:情况|措施|计划)?",
    "s6": r"六\s*[、.．]\s*其他需要报告的事项",
}
_2019_MARKS = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "政府集中采购", "采购项目数量")
_2021_MARKS = ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "申请人无正当理由逾期不补正",
               "行政规范性文件")
# A date as a 落款 writes it: 2024年1月20日, or in Chinese numerals (二〇二四年一月二十日, 二○二四年元月十日).
_YEAR_DIGITS = {**{c: str(i) for i, c in enumerate("〇一二三四五六七八九")}, **dict.fromkeys("○零OＯ0", "0")}
DATE_TEXT = (r"(?:(?:19|20|１９|２０)\d{2}|[一二][〇○零OＯ0一二三四五六七八九]{3})\s*年"
             r"\s*(?:\d{1,2}|元|正|十[一二]?|[一二三四五六七八九])\s*月"
             r"\s*(?:\d{1,2}|[二三]?十[一二三四五六七八九]?|廿[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号]")
_SIGNATURE_DATE = re.compile(rf"^\s*({DATE_TEXT})\s*$")
_ONE_LINE_SIGNATURE = re.compile(rf"^\s*(\S.{{3,29}}?)\s*({DATE_TEXT})\s*$")  # the agency, then its date
_DATE_PARTS = re.compile(r"^\s*(\S+?)\s*年\s*(\S+?)\s*月\s*(\S+?)\s*[日号]\s*$")
# Page furniture, never report text: page numbers (``— 1 —``, ``- 2 -``, ``第3页 共5页``, ``2/5``) and a draft's
# status line (``草稿 · 第 1 版 · 未定稿``, ``征求意见稿``).
FURNITURE = re.compile(
    r"^(?:[—–\-－─]+\s*\d{1,3}\s*[—–\-－─]+|第\s*\d{1,3}\s*页(?:\s*[,，、/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3}"
    r"|(?:草稿|讨论稿|征求意见稿|送审稿|未定稿)(?:\s*[·•|｜/、，,]\s*(?:第\s*\d+\s*版|未定稿|已定稿|内部资料|仅供审阅))*)$")
_AGENCY_END = re.compile(r"(人民政府|办公室|办公厅|委员会|管理委员会|管委会|局|厅|委|办|中心|院|署|处|所|站|队|"
                         r"街道办事处|"
                         r"街道|镇|乡|区|县|市|省|综合实验区|新区|开发区|高新区)$")


@dataclass
class Heading:
    """A section heading found in the text stream."""

    section: str
    start: int
    end: int


def find_headings(stream: str) -> dict[str, Heading]:
    """The six section headings in order (each searched after the previous one)."""
    found: dict[str, Heading] = {}
    pos = 0
    for sid, pattern in HEADINGS.items():
        m = re.compile(pattern).search(stream, pos)
        if m:
            found[sid] = Heading(sid, m.start(), m.end())
            pos = m.end()
    return found


def title_match(text: str) -> re.Match[str] | None:
    """A report title in ``text``: the year first at its start (``2019年某局…年度报告``), else the agency first."""
    return _TITLE_YEAR_FIRST.match(text) or _TITLE.search(text)


def ends_like_agency(name: str) -> bool:
    """True when ``name`` ends as an agency's name does (人民政府, 局, 委员会, 街道办事处, 县, …)."""
    return bool(_AGENCY_END.search(name))


def title_of(doc: Document) -> str:
    """The report's title: the ``标题`` metadata line, or the first paragraph that reads like one."""
    if doc.meta.get("标题"):
        return doc.meta["标题"].strip()
    paragraphs = doc.paragraphs()[:12]
    titles = [(_title_at(paragraphs, i), len(p.strip()) <= 60) for i, p in enumerate(paragraphs)]
    titles = [(t, line) for t, line in titles if t]
    if titles:  # the first title line that names its agency (a page's bare title may precede the printed one)
        return next((t for t, line in titles if line and agency_from_title(t)), titles[0][0])
    if doc.meta.get("页面标题") and _TITLE.search(doc.meta["页面标题"]):
        return doc.meta["页面标题"].strip()
    for table in doc.tables():  # a workbook's title sits in a (merged) cell
        for row in table.rows[:3]:
            for text in row[:1]:
                m = _TITLE.search(text[:120])
                if m:
                    return text[: m.end()].strip()
    return ""


def _title_at(paragraphs: list[str], i: int) -> str:
    """The title a paragraph holds, with the line before it when that is the agency (a title on two lines); ""."""
    text = paragraphs[i]
    m = _TITLE_YEAR_FIRST.match(text[:120]) or _TITLE.search(text[:120]) or _TITLE_YEAR_AFTER.match(text[:120])
    if not m:
        return ""
    title = text[: m.end()].strip()
    before = paragraphs[i - 1].strip() if i else ""
    if (not agency_from_title(title) and 2 <= len(before) <= 40 and not re.search(r"[。，；：:]", before)
            and not FURNITURE.match(before)):
        title = before + title  # a title printed on two lines: the agency, then the year and the rest
    return title


def year_of(title: str, stream: str) -> tuple[int | None, str]:
    """The report year and where it came from."""
    m = _TITLE_YEAR_FIRST.match(title)
    if m:
        return int(m.group(1)), "标题"
    m = _TITLE_YEAR_AFTER.match(title)
    if m:
        return int(m.group(2)), "标题"
    m = _TITLE.search(title)
    if m:
        return int(m.group(2)), "标题"
    m = _PERIOD.search(stream[:5000])
    if m:
        return int(m.group(1)), "统计期限"
    m = _TITLE.search(stream[:3000])
    if m:
        return int(m.group(2)), "正文开头"
    return None, ""


def agency_from_title(title: str) -> str:
    """The agency named before the year in the title (``津南区民政局2020年…`` → ``津南区民政局``)."""
    m = _TITLE_YEAR_FIRST.match(title)
    after = _TITLE_YEAR_AFTER.match(title)
    if m:
        name = m.group(2)
    elif after:
        name = after.group(1)
    else:
        m = _TITLE.search(title)
        if not m:
            return ""
        name = m.group(1)
    name = re.sub(r"[\s\u3000]+", "", name)
    if name in ("政府", "本", "度"):
        return ""
    name = re.sub(r"^(?:关于|标题\s*[:：])|关于$", "", name)  # ``某镇人民政府关于2021年度…的年度报告``
    return name.strip("《》“”\"：:")


def agency_from_signature(paragraphs: list[str]) -> str:
    """The 落款: an agency name on the line before a closing date, or before the date on the same line."""
    tail = [p.strip() for p in paragraphs[-8:] if p.strip()]
    for i in range(len(tail) - 1, -1, -1):
        name, _ = signature_line(tail[i])
        if name:
            return name
        if i and _SIGNATURE_DATE.match(tail[i]):
            name = tail[i - 1]
            if len(name) <= 30 and _AGENCY_END.search(name) and "。" not in name:
                return name
    return ""


def agency_kind(name: str) -> str:
    """department / township / government / other, from the agency's name."""
    n = norm(name)
    if not n:
        return "department"
    if re.search(r"(乡|镇|街道办事处|街道)(人民政府)?$", n) or re.search(r"(乡|镇)人民政府$", n):
        return "township"
    if re.search(r"人民政府办公(室|厅)$", n):
        return "department"
    area = r"(省|市|县|区|旗|州|盟|自治区|自治州|自治县|综合实验区|新区)"
    if (re.search(r"(省|市|县|区|旗|州|盟)人民政府$", n)
            or re.search(rf"^[^局委办厅]{{2,12}}{area}(管委会|管理委员会)?$", n)):
        return "government"
    return "department"


def edition_marks(text: str) -> tuple[int, int]:
    """How many 2019-only and 2021-only table labels the text has."""
    n = norm(text)
    return sum(m in n for m in _2019_MARKS), sum(m in n for m in _2021_MARKS if m != "行政规范性文件") + (
        1 if "行政规范性文件" in n and "现行有效" in n else 0)


_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
# ``发布日期：2020-01-31`` on its own line, or among the page's other fields (``来源:… 发布时间:2022-01-25 …``)
_DATE_LINE = re.compile(r"(?:^|\s)(?:发布日期|发布时间|发文日期|时间)\s*[:：]\s*(\S.*)$")


def publish_date(doc: Document) -> str:
    """The publication date (``YYYY-MM-DD``) from the page's metadata or a 发布日期 line, or ""."""
    candidates = [doc.meta.get(k, "") for k in ("发布时间", "发布日期", "发文日期")]
    candidates += [m.group(1) for p in doc.paragraphs()[:6] if (m := _DATE_LINE.search(p))]
    for text in candidates:
        m = _DATE.search(text or "")
        if m:
            y, mo, d = (int(g) for g in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    for text in doc.paragraphs()[-4:]:  # the 落款's date, last
        when = signature_date(text) or signature_line(text)[1]
        if when:
            return when
    return ""


def signature_date(line: str) -> str:
    """A line that is only a date, Arabic or Chinese numerals (``二〇二四年元月二十日``), as ``YYYY-MM-DD``; else ""."""
    parts = _DATE_PARTS.match(line) if _SIGNATURE_DATE.match(line) else None
    if parts is None:
        return ""
    year, month, day = parts.groups()
    y = int(year) if year.isdigit() else int("".join(_YEAR_DIGITS[c] for c in year))
    mo, d = _cn_number(month), _cn_number(day)
    try:
        date(y, mo, d)
    except ValueError:
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"


def signature_line(line: str) -> tuple[str, str]:
    """A 落款 printed on one line (``某某县人民政府办公室　2024年1月20日``): the agency and the date as
    ``YYYY-MM-DD``; ("", "") for any other line."""
    m = _ONE_LINE_SIGNATURE.match(line)
    if m is None:
        return "", ""
    name, when = m.group(1).strip(), signature_date(m.group(2))
    # "中共××县委宣传部（县政府新闻办公室）": one trailing bracket after a name that ends like an agency
    bare = re.sub(r"[（(][^（）()]{1,20}[）)]$", "", name)
    if not when or not _AGENCY_END.search(bare) or re.search(r"[。；;，,：:！？、（）()]", bare):
        return "", ""
    return name, when


def _cn_number(text: str) -> int:
    """1–31 written as ``20``, ``二十``, ``廿一``, ``十二`` or ``元``/``正`` (the first month)."""
    if text.isdigit():
        return int(text)
    if text in ("元", "正"):
        return 1
    units = "一二三四五六七八九"
    text = text.replace("廿", "二十")
    if "十" not in text:
        return units.index(text) + 1
    tens, _, ones = text.partition("十")
    return (units.index(tens) + 1 if tens else 1) * 10 + (units.index(ones) + 1 if ones else 0)
