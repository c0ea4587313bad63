"""The shipped editions load with the exact official labels; broken template files are refused."""

from __future__ import annotations

import copy
import json

import pytest

from core.resources import resource_path
from core.template import KNOWN_RULE_KINDS, TemplateError, edition_for_year, parse_template


def _raw(edition: str) -> dict:
    return json.loads(resource_path("templates", f"{edition}.json").read_text(encoding="utf-8"))


def test_cell_counts_match_the_official_formats(template21, template19) -> None:
    """2021: 10 + 175 + 15 = 200 cells; 2019: 22 + 161 + 15 = 198 (formats.md §B.4)."""
    def count(t, prefix):
        return sum(1 for k in t.cells if k.startswith(prefix))
    assert (count(template21, "t2_"), count(template21, "t3."), count(template21, "t4.")) == (10, 175, 15)
    assert (count(template19, "t2_"), count(template19, "t3."), count(template19, "t4.")) == (22, 161, 15)


def test_labels_are_exact(template21, template19) -> None:
    """Row and column label paths follow formats.md character for character."""
    c = template21.cells["t3.D3.C2"]
    assert c.row_path == ("三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”")
    assert c.column_path == ("法人或其他组织", "商业企业")
    assert template21.cells["t3.O2.C1"].row_path[-1] == (
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
    assert template21.cells["t4.cases.lr_pending"].column_path == ("行政诉讼", "复议后起诉", "尚未审结")
    assert template21.cells["t2_8.fees.amount"].column_path == ("本年收费金额（单位：万元）",)
    assert template19.cells["t2_1.norms.made"].row_path == ("规范性文件",)
    assert template19.cells["t2_5.other_services.change"].value_kind.id == "signed"
    assert template19.cells["t3.O.C7"].row_path == ("三、本年度办理结果", "（六）其他处理")
    assert [s.title for s in template21.sections] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def test_totals_are_computed_cells(template21) -> None:
    """总计 column, （七）总计 row and the table 四 totals are computed, never typed."""
    assert template21.cells["t3.N.C7"].computed
    assert template21.cells["t3.T.C1"].computed
    assert template21.cells["t4.cases.rv_total"].computed
    assert not template21.cells["t3.N.C1"].computed
    assert len(template21.input_keys()) == 200 - 25 - 6 - 3
    assert template21.totals["t3.T.C3"].terms[-1] == "t3.O3.C3"


def test_rules_use_known_kinds(template21, template19) -> None:
    """Every rule names an implemented kind."""
    for t in (template21, template19):
        assert {r.kind for r in t.rules} <= KNOWN_RULE_KINDS


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["sections"][2]["items"][0]["rows"].append({"id": "N", "label": "重复"}), "重复"),
        (lambda d: d.update(surprise=1), "未知字段 surprise"),
        (lambda d: d["rules"].append({"id": "Z", "kind": "balance", "severity": "error", "message": "m",
                                      "source": "s", "cells": ["t3.ZZ.C1"]}), "t3.ZZ.C1"),
        (lambda d: d["rules"].append({"id": "Z", "kind": "magic", "severity": "error", "message": "m",
                                      "source": "s"}), "未知的规则类型"),
        (lambda d: d["sections"][0]["items"][0].pop("guidance"), "缺少字段 guidance"),
        (lambda d: d.update(format="other"), "不是 nianbao 模板"),
        (lambda d: d["sections"][2]["items"][0]["totals"][1]["rows"].append("Q9"), "Q9"),
        (lambda d: d["sections"][0]["items"][0].pop("placeholder"), "文字栏目 overview：缺少字段 placeholder"),
        (lambda d: d["preface"].pop("placeholder"), "缺少字段 placeholder"),
        (lambda d: d["sections"][1].pop("short"), "部分 s2：缺少字段 short"),
        (lambda d: d["sections"][2]["items"][0]["totals"][0].update(rule="R3.9"), "规则 R3.9 不是 carried_total"),
        (lambda d: d.update(last_year=2020), "last_year 应为不早于它的年份"),
    ],
)
def test_broken_templates_are_refused(mutate, expected) -> None:
    """Duplicate keys, unknown fields, rules naming missing cells: a clear message."""
    data = copy.deepcopy(_raw("2021"))
    mutate(data)
    with pytest.raises(TemplateError, match=expected):
        parse_template(data)


def test_edition_follows_the_year() -> None:
    """2019 试行 for 2019–2020 reports, 2021 from 2021 on."""
    assert edition_for_year(2019) == edition_for_year(2020) == "2019"
    assert edition_for_year(2021) == edition_for_year(2026) == "2021"
    with pytest.raises(ValueError):
        edition_for_year(2018)
