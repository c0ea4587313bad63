"""Report files: exact round trips, lenient values, strict structure with Chinese messages naming the place."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from factories import SEED_FILE, full_2021_report, seed_json

from core.finalise import finalised
from core.read.read_any import read_any_report
from core.read.report_file import read_report_file, report_from_data, report_to_data, write_report_file
from core.report import Report, ReportFileError, computed_values, content_hash


def _same(a: Report, b: Report) -> None:
    assert (a.edition, a.year, a.meta, a.cells, a.texts, a.explanations, a.status, a.version, a.content_hash) == (
        b.edition, b.year, b.meta, b.cells, b.texts, b.explanations, b.status, b.version, b.content_hash)
    assert {k: type(v) for k, v in a.cells.items()} == {k: type(v) for k, v in b.cells.items()}
    assert a.invalid == b.invalid


def test_seed_file_reads_and_writes_back_the_same_data(tmp_path: Path) -> None:
    report = read_report_file(SEED_FILE)
    assert (report.edition, report.year, report.agency) == ("2019", 2020, "津南区民政局")
    assert report.cells["t3.N.C1"] == 2 and report.cells["t2_9.procurement.amount"] == Decimal("0")
    assert report.carried["t3.N.C7"] == 2
    assert "t3.R2.C7" in report.carried and report.carried["t3.R2.C7"] is None  # explicit null kept
    assert "t3.N.C2" not in report.cells and "t3.N.C2" not in report.carried  # a blank input
    assert "t3.N.C7" not in report.cells  # a total is never an input
    out = tmp_path / "seed.json"
    write_report_file(report, out)
    assert json.loads(out.read_text(encoding="utf-8")) == seed_json()
    _same(read_report_file(out), report)


def test_full_report_round_trip_is_exact(tmp_path: Path, full_report: Report) -> None:
    full_report.cells["t2_8.fees.amount"] = Decimal("12.500000")
    full_report.meta.update({"fill_date": "2024-01-15", "publish_date": "2024-01-31"})
    full_report.explanations["J1@t3"] = "集中申请所致"
    path = tmp_path / "年报.json"
    write_report_file(full_report, path)
    text = path.read_text(encoding="utf-8")
    assert "示例市示例区生态环境局" in text  # ensure_ascii=False: readable Chinese
    data = json.loads(text)
    assert data["cells"]["t2_8.fees.amount"] == "12.500000"  # exact decimal text, not a float
    assert data["cells"]["t3.N.C1"] == 25 and data["cells"]["t3.T.C7"] == 30  # totals included
    back = read_report_file(path)
    _same(back, full_report)
    assert back.carried == {k: v for k, v in computed_values(full_report, full_report.template).items()
                            if full_report.template.cells[k].computed}
    path2 = tmp_path / "again.json"
    write_report_file(back, path2)
    assert path2.read_bytes() == path.read_bytes()


def test_final_report_round_trip_and_tamper(tmp_path: Path, full_report: Report) -> None:
    final = finalised(full_report)
    path = tmp_path / "final.json"
    write_report_file(final, path)
    back = read_report_file(path)
    assert back.is_final and back.content_hash == content_hash(final) == content_hash(back)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["cells"]["t3.N.C1"] = 24
    with pytest.raises(ReportFileError, match="定稿"):
        report_from_data(data, "final.json")


def test_without_totals_only_inputs_are_written(full_report: Report) -> None:
    data = report_to_data(full_report, include_totals=False)
    assert len(data["cells"]) == len(full_report.template.input_keys())
    assert report_from_data(data).carried == {}


def test_bom_and_numbers_as_json_numbers_are_accepted(tmp_path: Path) -> None:
    data = seed_json()
    data["cells"]["t2_9.procurement.amount"] = 12.5  # a number, not a string: read exactly
    data["cells"]["t3.R1.C1"] = "1件"  # normalised like typed input
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(data, ensure_ascii=False).encode("utf-8"))
    report = read_report_file(path)
    assert report.cells["t2_9.procurement.amount"] == Decimal("12.5")
    assert report.cells["t3.R1.C1"] == 1


def test_bad_values_go_to_invalid_and_survive_a_round_trip(tmp_path: Path) -> None:
    data = seed_json()
    data["cells"].update({"t3.N.C2": "十二", "t3.N.C3": -3, "t3.N.C4": 2.5, "t2_9.procurement.amount": "1.2345678"})
    report = report_from_data(data)
    assert set(report.invalid) == {"t3.N.C2", "t3.N.C3", "t3.N.C4", "t2_9.procurement.amount"}
    assert report.invalid["t3.N.C2"][0] == "十二" and "不是数字" in report.invalid["t3.N.C2"][1]
    assert report.invalid["t3.N.C4"][0] == "2.5"
    assert "小数位数过多" in report.invalid["t2_9.procurement.amount"][1]
    assert not set(report.invalid) & set(report.cells)
    path = tmp_path / "bad.json"
    write_report_file(report, path)
    assert read_report_file(path).invalid == report.invalid


def _with(change: Any) -> dict:
    data = copy.deepcopy(seed_json())
    change(data)
    return data


_MALFORMED = [
    ("not an object", lambda d: d.clear() or None, "不是年报文件"),
    ("no marker", lambda d: d.pop("format"), "缺少标记"),
    ("other marker", lambda d: d.update(format="something-else"), "缺少标记"),
    ("newer format", lambda d: d.update(format_version=3), "format_version：文件格式第 3 版较新"),
    ("unknown top key", lambda d: d.update(remarks="x"), "\"remarks\"：未知的字段"),
    ("missing agency", lambda d: d.pop("agency"), "缺少字段 \"agency\""),
    ("edition as number", lambda d: d.update(edition=2019), "edition：应为"),
    ("unknown edition", lambda d: d.update(edition="2007"), "edition：应为"),
    ("year as string", lambda d: d.update(year="2020"), "year：应为整数年份"),
    ("year outside edition", lambda d: d.update(year=2021), "year：2021 年不适用 2019 版格式"),
    ("cells a list", lambda d: d.update(cells=[]), "cells：应为对象"),
    ("cell a list", lambda d: d["cells"].update({"t3.N.C1": [1]}),
     "cells.\"t3.N.C1\"：应为数字、数字字符串或 null，当前为数组"),
    ("cell an object", lambda d: d["cells"].update({"t3.N.C1": {"v": 1}}), "当前为对象"),
    ("cell a bool", lambda d: d["cells"].update({"t3.N.C1": True}), "当前为真假值"),
    ("unknown cell", lambda d: d["cells"].update({"t3.ZZ.C1": 1}), "cells.\"t3.ZZ.C1\"：不是 2019 版格式的单元格"),
    ("other edition's cell", lambda d: d["cells"].update({"t2_1.rules.issued": 1}),
     "cells.\"t2_1.rules.issued\"：是 2021 版格式的单元格，不属于 2019 版格式"),
    ("unknown text", lambda d: d["texts"].update({"summary": "x"}), "texts.\"summary\"：不是本格式的文字栏目"),
    ("text a number", lambda d: d["texts"].update({"overview": 1}), "texts.\"overview\"：应为字符串"),
    ("unknown meta", lambda d: d["meta"].update({"phone": "1"}), "meta.\"phone\"：未知的基本信息字段"),
    ("agency kind", lambda d: d.update(agency_kind="bureau"), "agency_kind：“bureau”无效"),
    ("explanation a list", lambda d: d.update(explanations={"J1@t3": ["x"]}), "explanations.\"J1@t3\"：应为字符串"),
    ("status state", lambda d: d["status"].update(state="done"), "status.state"),
    ("status version", lambda d: d["status"].update(version=0), "status.version：应为正整数"),
    ("status key", lambda d: d["status"].update(by="张三"), "status.\"by\"：未知的字段"),
]


@pytest.mark.parametrize(("change", "fragment"), [m[1:] for m in _MALFORMED], ids=[m[0] for m in _MALFORMED])
def test_malformed_structure_is_refused_naming_the_place(change: Any, fragment: str) -> None:
    data = _with(change)
    if not data:
        data = ["not", "a", "report"]  # type: ignore[assignment]
    with pytest.raises(ReportFileError) as info:
        report_from_data(data, "seed.json")
    assert str(info.value).startswith("seed.json：")
    assert fragment in str(info.value)


@pytest.mark.parametrize(("content", "fragment"), [
    (b"{\"format\": ", "第 1 行第 12 列：JSON 格式错误"),
    ("{\"a\": 1}".encode("utf-16"), "是 UTF-16（Unicode）编码的文本"),
    (b"{\"format\": \"nianbao-report\", \"format\": \"x\"}", "\"format\"：同一对象中出现了两次"),
    (b"{\"cells\": NaN}", "NaN 不是有效的数字"),
])
def test_unreadable_files_are_refused(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(ReportFileError) as info:
        read_report_file(path)
    assert str(info.value).startswith("broken.json：") and fragment in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReportFileError, match="文件不存在"):
        read_report_file(tmp_path / "无.json")


def test_failed_write_leaves_the_old_file(tmp_path: Path, full_report: Report) -> None:
    from core.atomic import ExportError

    path = tmp_path / "r.json"
    write_report_file(full_report, path)
    before = path.read_bytes()
    with pytest.raises(ExportError):
        write_report_file(full_report, tmp_path / "missing-folder" / "r.json")
    full_report.cells["t2_8.fees.amount"] = object()  # type: ignore[assignment]  # cannot be serialised
    with pytest.raises(TypeError):
        write_report_file(full_report, path)
    assert path.read_bytes() == before


def test_2021_report_from_factory_has_no_problems() -> None:
    data = report_to_data(full_2021_report())
    assert data["edition"] == "2021" and len(data["cells"]) == 200
    assert list(data["texts"]) == ["overview", "problems", "other"]


HUGE = 10**100


def _json_file(tmp_path: Path, change, name: str = "r.json") -> Path:
    data = report_to_data(full_2021_report())
    change(data)
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(("key", "value", "said"), [
    ("year", HUGE, "year：10000000…（101 位数）年不适用"),
    ("year", date.today().year + 2, "年不适用 2021 版格式"),
    ("year", 2020, "年不适用 2021 版格式"),
])
def test_report_file_year_out_of_range(tmp_path: Path, key: str, value: int, said: str) -> None:
    path = _json_file(tmp_path, lambda d: d.update({key: value}))
    with pytest.raises(ReportFileError, match=said):
        read_any_report(path)


@pytest.mark.parametrize("version", [HUGE, 10000, 0])
def test_report_file_version_out_of_range(tmp_path: Path, version: int) -> None:
    path = _json_file(tmp_path, lambda d: d["status"].update({"version": version}))
    with pytest.raises(ReportFileError, match=r"status\.version"):
        read_any_report(path)


def test_report_file_highest_version_and_next_year_are_read(tmp_path: Path) -> None:
    year = date.today().year + 1
    path = _json_file(tmp_path, lambda d: (d["status"].update({"version": 9999}), d.update({"year": year})))
    report = read_any_report(path)
    assert (report.version, report.year) == (9999, year)


@pytest.mark.parametrize(("change", "place", "said"), [
    (lambda d: d.update({"agency": "某局\ud800"}), "agency", "孤立的 UTF-16 代理项 U+D800"),
    (lambda d: d["texts"].update({"overview": "总体\udc00情况"}), "texts.\"overview\"", "代理项 U+DC00"),
    (lambda d: d["meta"].update({"filler": "\ud83d"}), "meta.\"filler\"", "代理项"),
    (lambda d: d["cells"].update({"t3.N.C1": "2\ud800"}), "cells.\"t3.N.C1\"", "代理项"),
    (lambda d: d["explanations"].update({"x\ud800": "说明"}), "explanations 中的字段名", "代理项"),
    (lambda d: d.update({"agency": "某\x00局"}), "agency", "U+0000（NUL）"),
    (lambda d: d["meta"].update({"contact": "王五\x1b[2J"}), "meta.\"contact\"", "U+001B（ESC）"),
    (lambda d: d["texts"].update({"other": "铃\x07"}), "texts.\"other\"", "U+0007"),
])
def test_broken_and_control_characters_are_refused_naming_the_field(tmp_path: Path, change, place: str,
                                                                    said: str) -> None:
    path = _json_file(tmp_path, change)
    with pytest.raises(ReportFileError) as caught:
        read_any_report(path)
    assert f"{place}：" in str(caught.value) and said in str(caught.value)


def test_tabs_and_line_breaks_in_texts_are_kept(tmp_path: Path) -> None:
    path = _json_file(tmp_path, lambda d: d["texts"].update({"other": "一\r\n二\t三"}))
    assert read_any_report(path).texts["other"] == "一\r\n二\t三"


def test_a_final_with_an_invalid_value_says_so_not_that_it_was_changed() -> None:
    """The hash matches (a blank cell hashes alike, whatever text it holds): the reason is the invalid value."""
    data = report_to_data(finalised(Report.blank(2023, "某某局")))
    data["cells"]["t3.N.C2"] = "十二"
    with pytest.raises(ReportFileError) as raised:
        report_from_data(data, "a.json")
    said = str(raised.value)
    assert said.startswith("a.json：status：文件标为已定稿，但有 1 个无效取值（t3.N.C2“十二”：")
    assert "已定稿的报告不能有无效取值" in said and "改动" not in said
