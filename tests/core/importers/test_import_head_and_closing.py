"""The general recogniser keeps a report's head (title lines, a draft's status line, page numbers) out of the
前言 and every text, and reads the 落款 (agency, date) at the end instead of leaving it in section 六."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from real_reports import all_reports

from core.importers import import_file

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"
REAL = all_reports()
FURNITURE = ("草稿", "未定稿", "— 1 —", "- 1 -", "第 1 版")


def _page(real, title_lines: list[str], closing: list[str]) -> str:
    """A text copy of a report built around a real narrative: the head, page numbers between pages, a 落款."""
    narrative = real.narrative.split("\n")
    half = len(narrative) // 2 or 1
    return "\n".join([
        "草稿 · 第 1 版 · 未定稿", *title_lines,
        "本报告根据《中华人民共和国政府信息公开条例》编制。",
        "一、总体情况", *narrative[:half], "— 1 —", *narrative[half:],
        "五、存在的主要问题及改进情况", "一是公开不够及时。", "- 2 -",
        "六、其他需要报告的事项", "无其他需要报告的事项。", *closing, "第3页 共3页"])


@pytest.mark.parametrize("real", REAL, ids=[r.name for r in REAL])
@pytest.mark.parametrize("layout", ["two_line_title", "one_line_title"])
def test_real_narratives_keep_no_title_or_closing(tmp_path: Path, real, layout: str) -> None:
    agency, year = real.head["agency"], int(real.head["year"])
    title = [agency, f"{year}年政府信息公开工作年度报告"] if layout == "two_line_title" else \
        [f"{agency}{year}年政府信息公开工作年度报告"]
    path = tmp_path / "report.txt"
    path.write_text(_page(real, title, [agency, f"{year + 1}年1月20日"]), encoding="utf-8")
    report = import_file(path).report
    assert (report.agency, report.year) == (agency, year)
    assert report.meta["publish_date"] == f"{year + 1}-01-20"  # from the 落款's date
    assert report.texts["preface"] == "本报告根据《中华人民共和国政府信息公开条例》编制。"
    expected = "\n".join(line.strip() for line in real.narrative.split("\n") if line.strip())
    assert report.texts["overview"] == expected
    assert report.texts["problems"] == "一是公开不够及时。"
    assert report.texts["other"] == "无其他需要报告的事项。"  # no agency, no date


def test_a_closing_without_date_is_not_text(tmp_path: Path) -> None:
    real = REAL[0]
    path = tmp_path / "report.txt"
    agency = real.head["agency"]
    path.write_text(_page(real, [f"{agency}{real.head['year']}年政府信息公开工作年度报告"], [agency]), encoding="utf-8")
    assert import_file(path).report.texts["other"] == "无其他需要报告的事项。"


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir() if p.suffix in (".txt", ".html", ".docx",
                                                                                             ".pdf")))
def test_import_fixtures_texts_have_no_head_or_closing(name: str) -> None:
    result = import_file(FIXTURES / name)
    report = result.report
    for key, text in report.texts.items():
        lines = text.split("\n")
        agency, year = re.escape(report.agency), report.year
        title = rf"\s*{agency}\s*{year}\s*年|\s*{year}\s*年\s*{agency}"
        assert not re.match(title, lines[0]), (key, lines[0][:60])
        assert lines[0] != report.agency and lines[-1] != report.agency, key
        assert not any(line.strip() in FURNITURE for line in lines), key
        assert not lines[-1].rstrip().endswith("日") or "月" not in lines[-1][-8:], (key, lines[-1][-30:])


@pytest.mark.parametrize("written, iso", [
    ("2024年1月20日", "2024-01-20"), ("二〇二四年一月二十日", "2024-01-20"), ("二○二四年元月十日", "2024-01-10"),
    ("二O二五年十二月三十一日", "2025-12-31"), ("二〇二四年二月廿一日", "2024-02-21"),
    ("２０２４年３月５日", "2024-03-05"),
])
@pytest.mark.parametrize("titled", [True, False])
def test_closing_dates_in_any_numerals(tmp_path: Path, written: str, iso: str, titled: bool) -> None:
    """The 落款's date is read whether written in Arabic or Chinese numerals; it and the agency leave 六's text."""
    real = REAL[0]
    agency = real.head["agency"]
    title = f"{agency}{real.head['year']}年政府信息公开工作年度报告" if titled else \
        f"{real.head['year']}年政府信息公开工作年度报告"
    path = tmp_path / "report.txt"
    path.write_text(_page(real, [title], [agency, written]), encoding="utf-8")
    report = import_file(path).report
    assert report.meta["publish_date"] == iso
    assert report.agency == agency  # from the title, or (untitled) from the 落款 above the date
    assert report.texts["other"] == "无其他需要报告的事项。"


@pytest.mark.parametrize("line", ["二〇二四年十三月一日", "二〇二四年二月三十日", "2024年1月20日发布", "一月二十日"])
def test_what_is_no_closing_date(line: str) -> None:
    from core.importers.locate import signature_date
    assert signature_date(line) == ""


@pytest.mark.parametrize("titled", [True, False])
@pytest.mark.parametrize("gap", ["\u3000", "    ", "", "\u3000\u3000\u3000\u3000\u3000\u3000"])
def test_a_closing_on_one_line_in_a_text_copy(tmp_path: Path, gap: str, titled: bool) -> None:
    """Agency and date on one line (a PDF's 落款 copied as text): both read, the line kept out of section 六."""
    real = REAL[0]
    agency, year = real.head["agency"], int(real.head["year"])
    title = f"{agency}{year}年政府信息公开工作年度报告" if titled else f"{year}年政府信息公开工作年度报告"
    path = tmp_path / "report.txt"
    path.write_text(_page(real, [title], [f"{' ' * 20 if titled else ''}{agency}{gap}{year + 1}年1月20日"]),
                    encoding="utf-8")
    report = import_file(path).report
    assert (report.agency, report.meta["publish_date"]) == (agency, f"{year + 1}-01-20")
    assert report.texts["other"] == "无其他需要报告的事项。"


@pytest.mark.parametrize("line", ["截至2024年1月20日", "本机关已于2024年1月20日", "公开目录，2024年1月20日",
                                  "某某县人民政府办公室于2024年1月20日", "某某县人民政府办公室 2024年13月20日"])
def test_what_is_no_closing_on_one_line(line: str) -> None:
    from core.importers.locate import signature_line
    assert signature_line(line) == ("", "")


@pytest.mark.parametrize(("line", "agency"), [
    ("某某县人民政府办公室（县政务公开办公室）　2024年1月20日", "某某县人民政府办公室（县政务公开办公室）"),
    ("平潭综合实验区管理委员会(办公室) 二〇二四年一月二十日", "平潭综合实验区管理委员会(办公室)"),
])
def test_a_closing_on_one_line_whose_agency_has_a_bracket(line: str, agency: str) -> None:
    from core.importers.locate import signature_line
    assert signature_line(line) == (agency, "2024-01-20")
