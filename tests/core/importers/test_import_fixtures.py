"""Every real-report fixture imports with edition, year, agency and every table cell as published."""

from __future__ import annotations

import json
from pathlib import Path

import import_expected as X
import pytest

from core.importers import import_file
from core.read.report_file import read_report_file

ROOT = Path(__file__).resolve().parents[3]
FIX = ROOT / "tests" / "fixtures" / "import"
SEED = FIX / "jinnan_mzj_2020_cells.txt"  # a copy of the project's seed


def _values(result) -> dict[str, object]:
    """Every cell as read: inputs, and printed totals (carried); uncertain/missing cells left out."""
    report = result.report
    out = {}
    for key, cell in report.template.cells.items():
        if key in result.uncertain or key in result.missing:
            continue
        if cell.computed:
            if key in report.carried:
                out[key] = report.carried[key]
        else:
            out[key] = report.cells.get(key)
    return out


@pytest.mark.parametrize("name", ["shanghai_bgt_2019.html", "shanghai_bgt_2019.docx", "shanghai_bgt_2019.pdf"])
def test_shanghai_2019_in_every_format(name):
    result = import_file(FIX / name)
    report = result.report
    assert (report.edition, report.year, report.agency) == ("2019", 2019, "上海市人民政府办公厅")
    assert report.meta["agency_kind"] == "department"
    assert report.meta["publish_date"] == "2020-01-31"  # the page's 发布日期 line, for the deadline check
    assert result.certain, (result.uncertain, result.missing)
    assert _values(result) == X.SHANGHAI_2019
    # a printed blank total stays blank (carried), so the checks flag it instead of it being filled in
    assert report.carried["t3.R1.C7"] is None
    assert report.texts["other"] == "无。"
    assert report.texts["problems"].startswith("（一）主要问题")
    assert report.texts["preface"].startswith("本年度报告根据《中华人民共和国政府信息公开条例》")


def test_html_scripts_and_page_chrome_are_ignored():
    result = import_file(FIX / "shanghai_bgt_2019.html")
    everything = json.dumps(result.report.texts, ensure_ascii=False)
    assert "脚本文字" not in everything and "999" not in everything
    assert "首页" not in everything and "主办" not in everything
    assert result.report.cells["t3.N.C1"] == 821


@pytest.mark.parametrize("name, expected, uncertain, agency, year, edition", [
    ("pingtan_2019_flat.txt", X.PINGTAN_2019, X.PINGTAN_2019_UNCERTAIN, "平潭综合实验区", 2019, "2019"),
    ("pingtan_2020_flat.txt", X.PINGTAN_2020, X.PINGTAN_2020_UNCERTAIN, "平潭综合实验区", 2020, "2019"),
    ("pingtan_2021_flat.txt", X.PINGTAN_2021, X.PINGTAN_2021_UNCERTAIN, "平潭综合实验区", 2021, "2021"),
    ("pingtan_2022_flat.txt", X.PINGTAN_2022, X.PINGTAN_2022_UNCERTAIN, "平潭综合实验区", 2022, "2021"),
    ("pingtan_2023_flat.txt", X.PINGTAN_2023, X.PINGTAN_2023_UNCERTAIN, "平潭综合实验区", 2023, "2021"),
    ("pingtan_2024_flat.txt", X.PINGTAN_2024, X.PINGTAN_2024_UNCERTAIN, "平潭综合实验区", 2024, "2021"),
    ("pingtan_2025_flat.txt", X.PINGTAN_2025, X.PINGTAN_2025_UNCERTAIN, "平潭综合实验区", 2025, "2021"),
])
def test_flattened_text_copies(name, expected, uncertain, agency, year, edition):
    result = import_file(FIX / name)
    report = result.report
    assert (report.edition, report.year, report.agency) == (edition, year, agency)
    assert report.meta["agency_kind"] == "government"
    assert set(result.uncertain) == uncertain
    assert result.missing == []
    assert _values(result) == expected
    for key in uncertain:  # uncertain cells stay blank
        assert key not in report.cells and key not in report.carried
    assert {"overview", "problems", "other", "preface"} <= set(report.texts)


def test_uncertain_cells_list_the_published_value_among_candidates():
    # 2023: the narrative says 77 规范性文件 were issued; the flattened row reads 77132470
    result = import_file(FIX / "pingtan_2023_flat.txt")
    assert 77 in result.uncertain["t2_1.norms.issued"]
    assert result.report.meta["publish_date"] == "2024-03-08"
    # 2021: 行政规范性文件 693665 -> 69 / 3 / 665 is one of the readings offered, and not chosen silently
    result = import_file(FIX / "pingtan_2021_flat.txt")
    assert 69 in result.uncertain["t2_1.norms.issued"] and 665 in result.uncertain["t2_1.norms.in_force"]


def test_published_arithmetic_error_is_kept_as_carried_total():
    result = import_file(FIX / "pingtan_2020_flat.txt")
    report = result.report
    results = ["R1", "R2", "U1", "U3", "P2", "O"]
    assert sum(report.cells.get(f"t3.{r}.C1", 0) for r in results) == 26
    assert report.carried["t3.T.C1"] == 20  # as printed, not "fixed"
    assert any("原文的合计与分项之和不一致" in n and "原文 20" in n for n in result.notes)
    from core.checks.validation import validate
    issues = validate(report)
    assert any("t3.T.C1" in (i.cells or ()) and i.severity == "error" for i in issues)


def test_seed_tables_reproduce_exactly():
    result = import_file(SEED)
    expected = read_report_file(ROOT / "tests" / "fixtures" / "seed_2020.json")
    report = result.report
    assert (report.edition, report.year, report.agency) == ("2019", 2020, "津南区民政局")
    assert report.meta["agency_kind"] == "department"
    assert result.certain
    assert report.cells == expected.cells
    assert report.carried == expected.carried
    assert report.texts["overview"] == expected.texts["overview"]
    assert report.texts["problems"] == expected.texts["problems"]
    assert "other" not in report.texts  # the published text has no section 六


def test_carry_over_matches_across_years():
    """2021's 结转下年度 (1) is 2022's 上年结转 (1): both read from separate flattened copies."""
    r21 = import_file(FIX / "pingtan_2021_flat.txt").report
    r22 = import_file(FIX / "pingtan_2022_flat.txt").report
    assert r21.cells["t3.F.C1"] == r22.cells["t3.B.C1"] == 1


def test_portal_page_with_merged_cells_reads_every_cell():
    """The real 平潭 page (rowspan/colspan tables, inline styles, cell text split over <p>s): every cell as
    published, the cells the flattened copy of the same report cannot split included."""
    result = import_file(FIX / "pingtan_2024_page.html")
    report = result.report
    assert (report.edition, report.year, report.agency) == ("2021", 2024, "平潭综合实验区")
    assert report.meta["agency_kind"] == "government"
    assert report.meta["publish_date"] == "2025-03-10"  # <meta name="PubDate">
    assert result.certain, (result.uncertain, result.missing)
    assert _values(result) == X.PINGTAN_2024_PAGE
    flat = import_file(FIX / "pingtan_2024_flat.txt").report
    for key in ("preface", "problems", "other"):
        assert report.texts[key] == flat.texts[key]
    # the page keeps 一's paragraphs apart (the flattened copy runs them together)
    assert report.texts["overview"].replace("\n", "") == flat.texts["overview"]
    assert report.texts["overview"].split("\n")[1].startswith("（一）主动公开方面。")


def test_township_page_beginning():
    """A 乡镇 report titled ``关于2021年度政府信息公开工作的年度报告`` under its agency's name, the page's fields
    (``发布时间:…  来源:…  阅读次数:``) on one line: what the stored beginning holds is read, the rest listed."""
    result = import_file(FIX / "xinjiu_2021_head.txt")
    report = result.report
    assert (report.edition, report.year, report.agency) == ("2021", 2021, "盐边县新九镇人民政府")
    assert report.meta["agency_kind"] == "township"
    assert report.meta["publish_date"] == "2022-01-25"
    assert result.uncertain == {}
    assert {m.rsplit(".", 1)[0] for m in result.missing} == X.XINJIU_2021_MISSING_ROWS
    assert _values(result) == X.XINJIU_2021
    assert set(report.texts) == {"overview"}  # no 前言 in this report: the page's head lines are not one
    assert report.texts["overview"].startswith("新九镇认真贯彻落实《中华人民共和国政府信息公开条例》")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_page_saved_as_utf16_reads_as_the_page(tmp_path: Path, encoding: str) -> None:
    """Windows Notepad's "Unicode" and some portals save pages in UTF-16 (with a byte-order mark): still a page."""
    text = (FIX / "pingtan_2024_page.html").read_bytes().decode("utf-8")
    path = tmp_path / "年报.html"
    path.write_bytes((("\ufeff" if encoding == "utf-16-be" else "") + text).encode(encoding))
    result = import_file(path)
    assert (result.report.year, result.report.agency) == (2024, "平潭综合实验区")
    assert _values(result) == X.PINGTAN_2024_PAGE
