"""Rule parameters are typed and checked when the template loads; editions come from the template files."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from core import template as template_module
from core.resources import resource_path
from core.rule_params import RULE_PARAMS, BalanceParams, ClaimParams, DeadlineParams, NarrativeParams
from core.template import (
    KNOWN_RULE_KINDS,
    TemplateError,
    earliest_year,
    edition_for_year,
    editions,
    load_template,
    parse_template,
)


def _raw(edition: str) -> dict:
    return json.loads(resource_path("templates", f"{edition}.json").read_text(encoding="utf-8"))


def _rule(data: dict, rule_id: str) -> dict:
    return next(r for r in data["rules"] if r["id"] == rule_id)


def _refused(edition: str, rule_id: str, mutate) -> str:
    data = copy.deepcopy(_raw(edition))
    mutate(_rule(data, rule_id)["params"])
    with pytest.raises(TemplateError) as caught:
        parse_template(data)
    return str(caught.value)


def test_every_shipped_template_loads_with_typed_params() -> None:
    for edition in editions():
        for rule in load_template(edition).rules:
            assert type(rule.params) is RULE_PARAMS[rule.kind], rule.id
    balance = next(r for r in load_template("2021").rules if r.id == "R3.1").params
    assert balance == BalanceParams("t3", ("N", "B"), ("T", "F"))
    jump = next(r for r in load_template("2021").rules if r.id == "X4").params
    assert jump.factor == Decimal(5) and isinstance(jump.zero_from, Decimal)
    deadline = next(r for r in load_template("2019").rules if r.id == "D1").params
    assert isinstance(deadline, DeadlineParams) and deadline.deadlines["government"] == (3, 31)
    narrative = next(r for r in load_template("2021").rules if r.id == "N1").params
    assert isinstance(narrative, NarrativeParams) and all(isinstance(c, ClaimParams) for c in narrative.claims)
    assert next(c for c in narrative.claims if c.id == "rate").kind == "rate"


def test_known_rule_kinds_are_the_registry() -> None:
    assert frozenset(RULE_PARAMS) == KNOWN_RULE_KINDS


@pytest.mark.parametrize(
    ("edition", "rule_id", "mutate", "expected"),
    [
        ("2021", "R3.1", lambda p: p.update(lefty=["N"]), "规则 R3.1：未知参数 lefty"),
        ("2021", "R3.1", lambda p: p.pop("table"), "规则 R3.1：缺少参数 table"),
        ("2021", "X1", lambda p: p.pop("from_row"), "规则 X1：缺少参数 from_row"),
        ("2021", "D1", lambda p: p.pop("recent_days"), "规则 D1：缺少参数 recent_days"),
        ("2021", "N1", lambda p: p["claims"][0].update(cellz=[]), r"规则 N1：未知参数 claims\[0\]\.cellz"),
        ("2021", "N1", lambda p: p["claims"][1].pop("cells"), r"规则 N1：缺少参数 claims\[1\]\.cells"),
    ],
)
def test_unknown_or_missing_parameter_is_refused(edition, rule_id, mutate, expected) -> None:
    assert _refused(edition, rule_id, mutate) == f"模板：{expected}".replace("\\", "")


@pytest.mark.parametrize(
    ("rule_id", "mutate", "expected"),
    [
        ("R3.1", lambda p: p.update(left=["N", "B", "C"]), "参数 left 应为 2 项的列表，当前为 3 项"),
        ("R3.1", lambda p: p.update(table=3), "参数 table 应为文字，当前为 3"),
        ("X6", lambda p: p.update(min_sentence_chars="8"), "参数 min_sentence_chars 应为整数，当前为 '8'"),
        ("X6", lambda p: p.update(min_sentence_chars=True), "参数 min_sentence_chars 应为整数"),
        ("X4", lambda p: p.update(factor=[5]), "参数 factor 应为数字"),
        ("T8", lambda p: p.update(groups=["主动公开"]), "参数 groups[0] 应为列表"),
        ("D1", lambda p: p["deadlines"].update(government="3-31"), "参数 deadlines.government 应为列表"),
        ("V1", lambda p: p.update(value_kinds="count"), "参数 value_kinds 应为列表"),
    ],
)
def test_wrong_type_is_refused(rule_id, mutate, expected) -> None:
    assert f"规则 {rule_id}：{expected}" in _refused("2021", rule_id, mutate)


@pytest.mark.parametrize(
    ("edition", "rule_id", "mutate", "expected"),
    [
        ("2021", "R3.1", lambda p: p.update(table="t9"), "参数 table 引用的表 t9 不存在"),
        ("2021", "R3.1", lambda p: p.update(right=["T", "Q"]), "参数 right 引用的行 t3.Q 不存在"),
        ("2021", "X1", lambda p: p.update(from_row="FF"), "参数 from_row 引用的行 t3.FF 不存在"),
        ("2021", "X2", lambda p: p.update(added="made"), "参数 added 引用的列 t2_1 的 made 不存在"),
        ("2019", "X3", lambda p: p["rows"].append("t2_5.nothing"), "参数 rows 引用的单元格 t2_5.nothing.prev_items"),
        ("2021", "V2", lambda p: p.update(value_kinds=["money"]), "参数 value_kinds 引用的取值类型 money 不存在"),
        ("2021", "N1", lambda p: p["claims"][0].update(cells=["t3.N.C9"]), "引用的单元格 t3.N.C9 不存在"),
        ("2021", "T1", lambda p: p.update(meta_fields=["boss"]), "参数 meta_fields 引用的基本信息栏目 boss 不存在"),
        ("2021", "T7", lambda p: p.update(agency_kinds=["county"]), "参数 agency_kinds 中的机关类型 county 不存在"),
        ("2021", "D1", lambda p: p["deadlines"].pop("other"), "参数 deadlines 缺少机关类型 other"),
        ("2021", "D1", lambda p: p["deadlines"].update(other=[2, 30]) or p["deadlines"].update(other=[13, 1]),
         "参数 deadlines 中 other 的日期 13月1日无效"),
        ("2021", "T2", lambda p: p["patterns"].append("(未闭合"), "参数 patterns 中的正则表达式 '(未闭合' 无效"),
        ("2021", "N1", lambda p: p["claims"][0]["patterns"].append("(?P<n>{NUM}"), "claims[received].patterns"),
    ],
)
def test_dangling_reference_is_refused(edition, rule_id, mutate, expected) -> None:
    assert f"规则 {rule_id}：" in (message := _refused(edition, rule_id, mutate))
    assert expected in message


def test_max_chars_rule_needs_a_limited_field() -> None:
    data = copy.deepcopy(_raw("2021"))
    text = next(it for s in data["sections"] for it in s["items"] if it.get("key") == "overview")
    text.pop("max_chars")
    with pytest.raises(TemplateError, match="规则 T3：文字栏目 overview 没有 max_chars"):
        parse_template(data)


def test_magnitude_and_decimals_are_two_kinds() -> None:
    data = copy.deepcopy(_raw("2019"))
    _rule(data, "V6")["kind"] = "magnitude"  # 2019's V6 counts decimals, it has no threshold
    with pytest.raises(TemplateError, match="规则 V6：未知参数 max_decimals"):
        parse_template(data)


@pytest.fixture
def templates_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A private copy of the shipped templates that ``load_template`` reads instead."""
    folder = tmp_path / "templates"
    folder.mkdir()
    for edition in ("2019", "2021"):
        (folder / f"{edition}.json").write_text(json.dumps(_raw(edition), ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(template_module, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    template_module._shipped.cache_clear()
    yield folder
    template_module._shipped.cache_clear()


def _rewrite(folder: Path, name: str, **changes: object) -> None:
    path = folder / f"{name}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_editions_and_their_years_come_from_the_files(templates_dir: Path) -> None:
    _rewrite(templates_dir, "2019", first_year=2018, last_year=2021)
    _rewrite(templates_dir, "2021", first_year=2022)
    assert editions() == ("2021", "2019") and earliest_year() == 2018
    assert edition_for_year(2018) == edition_for_year(2021) == "2019"
    assert edition_for_year(2022) == "2021"
    with pytest.raises(ValueError, match="2017 年早于统一格式（2018 年起施行）"):
        edition_for_year(2017)


def test_a_new_template_file_is_a_new_edition(templates_dir: Path) -> None:
    _rewrite(templates_dir, "2021", last_year=2029)
    data = _raw("2021")
    data.update(edition="2030", first_year=2030, name="新格式")
    (templates_dir / "2030.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert editions() == ("2030", "2021", "2019")
    assert edition_for_year(2029) == "2021" and edition_for_year(2031) == "2030"
    assert load_template("2030").name == "新格式"


def test_overlapping_years_are_refused(templates_dir: Path) -> None:
    _rewrite(templates_dir, "2019", last_year=2021)
    with pytest.raises(TemplateError, match="2019 版与 2021 版适用的年度重叠"):
        editions()


def test_a_file_named_after_another_edition_is_refused(templates_dir: Path) -> None:
    _rewrite(templates_dir, "2019", edition="2018")
    with pytest.raises(TemplateError, match=r"2019\.json：edition 应为 2019"):
        load_template("2021")


def test_carried_rows_are_the_carry_rule_s_not_a_code_default() -> None:
    from dataclasses import replace

    from core.new_report import carry_pairs
    from core.rule_params import CarryParams
    from core.template import Rule

    template = load_template("2021")
    assert carry_pairs(template)[0] == ("t3.B.C1", "t3.F.C1") and len(carry_pairs(template)) == 7
    assert carry_pairs(replace(template, rules=())) == []  # no carry rule: nothing carried, no t3/B/F guess
    other = Rule("X9", "carry", "warning", "", "", params=CarryParams("t4", "cases", "cases"))
    assert carry_pairs(replace(template, rules=(other,)))[0] == ("t4.cases.rv_upheld", "t4.cases.rv_upheld")
