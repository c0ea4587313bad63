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
    ("盐边县新九镇人民政府关于2021年度政府信息公开工作的年度报告", "盐边县新九镇人民政府", 2021, "township"),
    ("某某乡人民政府2022年度政府信息公开工作的年度报告", "某某乡人民政府", 2022, "township"),
])
def test_title_forms(title, agency, year, kind):
    assert agency_from_title(title) == agency
    assert year_of(title, "")[0] == year
    assert agency_kind(agency) == kind


def test_a_title_without_agency_gives_none():
    assert agency_from_title("2023年政府信息公开工作年度报告") == ""


def test_shortened_labels_match_only_when_unmistakable():
    from core.importers.labels import same_label

    r2 = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert same_label("（二）部分公开", r2)  # keeps its number
    assert not same_label("部分", r2)
    assert same_label("1、属于国家秘密", "1.属于国家秘密")  # 、 for .
    assert not same_label("2.其他", "2.其他法律行政法规禁止公开")
    assert not same_label("（六）其他处理", "3.其他")
    o1 = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert same_label("1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请", o1)


def test_the_title_line_naming_the_agency_is_preferred():
    """A page's bare title (``关于2021年度…``) above the printed one, which has the agency on the line before."""
    from core.importers.blocks import Document, Paragraph
    from core.importers.locate import title_of

    lines = ["关于2021年度政府信息公开工作的年度报告", "发布时间:2022-01-25  来源:党政办", "某某县某某镇人民政府",
             "关于2021年度政府信息公开工作的年度报告", "一、总体情况",
             "根据《关于做好某某市2021年政府信息公开工作年度报告编制工作的通知》编制。"]
    title = title_of(Document(blocks=[Paragraph(t) for t in lines]))
    assert title == "某某县某某镇人民政府关于2021年度政府信息公开工作的年度报告"
