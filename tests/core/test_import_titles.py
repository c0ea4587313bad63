"""Year, agency and agency kind from the many ways a report's title is printed."""

from __future__ import annotations

import pytest

from core.importers.locate import agency_from_title, agency_kind, year_of


@pytest.mark.parametrize("title, agency, year, kind", [
    ("津南区民政局2020年政府信息公开工作总结", "津南区民政局", 2020, "department"),
    ("平潭综合实验区2021年度政府信息公开工作年度报告", "平潭综合实验区", 2021, "government"),
    ("2019年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅", 2019, "department"),
    ("某某县交通运输局政府信息公开工作年度报告（2021年度）", "某某县交通运输局", 2021, "department"),
    ("某某局2021年政府信息公开年报", "某某局", 2021, "department"),
    ("某某市人民政府2022年政府信息公开工作年度报告", "某某市人民政府", 2022, "government"),
    ("某某县某某镇人民政府2023年政府信息公开工作年度报告", "某某县某某镇人民政府", 2023, "township"),
    ("某某区某某街道办事处2022年度政府信息公开工作年度报告", "某某区某某街道办事处", 2022, "township"),
    ("某某县2021 年度政府信息公开工作年度报告", "某某县", 2021, "government"),
    ("关于某某县卫生健康局2020年政府信息公开工作年度报告", "某某县卫生健康局", 2020, "department"),
    ("某某市生态环境局2024年政务公开工作年度报告", "某某市生态环境局", 2024, "department"),
])
def test_title_forms(title, agency, year, kind):
    assert agency_from_title(title) == agency
    assert year_of(title, "")[0] == year
    assert agency_kind(agency) == kind


def test_a_title_without_agency_gives_none():
    assert agency_from_title("2023年政府信息公开工作年度报告") == ""
