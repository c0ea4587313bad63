"""What the 落款 (signature block) at the end of a report says, for every exporter (PDF, Word, web page).

GB/T 9704-2012 §7.3.5 closes a document with the issuing agency's name and the date written out in
Chinese form (2026年1月28日). The date is the 公开日期 when set, else the 填报日期.
"""

from __future__ import annotations

import re
from datetime import date

from core.report import Report

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def chinese_date(text: str) -> str:
    """``2026-01-28`` as ``2026年1月28日`` (no leading zeros); "" for an empty or invalid date."""
    match = _ISO.match(text or "")
    if not match:
        return ""
    year, month, day = (int(g) for g in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return ""
    return f"{year}年{month}月{day}日"


def closing_lines(report: Report) -> tuple[str, str]:
    """The 落款: (agency, date text); the date is 公开日期, else 填报日期, "" when neither is a valid date."""
    when = chinese_date(report.meta.get("publish_date", "")) or chinese_date(report.meta.get("fill_date", ""))
    return report.agency.strip(), when
