"""Validation never raises for bad user data: random cells, texts, metadata, carried totals, previous reports."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from validation_helpers import TODAY

from core.checks.validation import finalise_blockers, run_checks
from core.report import Report
from core.template import load_template

T21 = load_template("2021")
KEYS = sorted(T21.cells)
WORDS = ["收到政府信息公开申请", "予以公开", "行政复议", "行政诉讼", "上年结转", "结转下年度", "现行有效规范性文件",
         "行政处罚", "件", "起", "。", "，", "2019年", "2024年", "XX", "……", "二十九", "１２", "1,234", "信息处理费",
         "较", "《", "》", "\n", " ", "无"]

values = st.one_of(
    st.none(), st.integers(-10**6, 10**12), st.booleans(), st.floats(allow_nan=True),
    st.decimals(allow_nan=True, allow_infinity=True), st.text(max_size=5),
)
texts = st.lists(st.one_of(st.sampled_from(WORDS), st.integers(0, 999).map(str)), max_size=40).map("".join)
metas = st.dictionaries(st.sampled_from(["agency", "agency_kind", "fill_date", "publish_date", "contact"]),
                        st.one_of(st.sampled_from(["government", "township", "2024-01-31", "2024-02-30", "x"]),
                                  st.text(max_size=8)))


def _report(year: int, cells, carried, invalid, text, meta) -> Report:
    report = Report.blank(year, "某局")
    report.cells.update(cells)
    report.carried.update(carried)
    report.invalid.update(invalid)
    report.texts.update({"overview": text, "problems": text[::-1], "other": text[:10]})
    report.meta.update(meta)
    return report


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=st.dictionaries(st.sampled_from(KEYS), values, max_size=40),
       carried=st.dictionaries(st.sampled_from(sorted(T21.totals)), values, max_size=10),
       invalid=st.dictionaries(st.sampled_from(KEYS), st.one_of(st.tuples(st.text(max_size=4), st.text(max_size=4)),
                                                                st.text(max_size=4)), max_size=3),
       text=texts, meta=metas, prev_cells=st.dictionaries(st.sampled_from(KEYS), values, max_size=20))
def test_random_reports_never_break_a_rule(cells, carried, invalid, text, meta, prev_cells) -> None:
    report = _report(2023, cells, carried, invalid, text, meta)
    previous = _report(2022, prev_cells, {}, {}, text[::-1], {})
    results = run_checks(report, previous, TODAY)
    assert [r.skipped for r in results if "出错" in r.skipped] == []
    issues = [i for r in results for i in r.issues]
    assert all(isinstance(i.message, str) and i.severity in ("error", "warning", "info") for i in issues)
    assert len(finalise_blockers(report, issues)) <= len(issues)


def test_garbage_containers_do_not_raise() -> None:
    report = Report.blank(2023, "某局")
    report.texts["overview"] = None  # type: ignore[assignment]
    report.cells["t3.N.C1"] = Decimal("NaN")
    report.carried["t3.T.C1"] = "三十"  # type: ignore[assignment]
    results = run_checks(report, None, TODAY)
    assert [r.skipped for r in results if "出错" in r.skipped] == []
    by_rule = {r.rule.id: r for r in results}
    assert [i.cells for i in by_rule["V1"].issues] == [("t3.N.C1",)]
    assert [i.anchor for i in by_rule["R3.3"].issues] == ["t3.T.C1"]
