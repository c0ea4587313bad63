"""Report builders shared by the tests."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from core.report import Report
from core.template import load_template

FIXTURES = Path(__file__).parent / "fixtures"
SEED_FILE = FIXTURES / "seed_2020.json"

OVERVIEW_2021 = (
    "2023年，本局认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开、依申请公开、政府信息管理、"
    "平台建设和监督保障各项工作有序推进。全年主动公开政府信息312条，本年新收政府信息公开申请29件，"
    "上年结转3件，予以公开12件，结转下年度继续办理2件。行政复议2件，行政诉讼1件。"
)
PROBLEMS_2021 = (
    "一是部分科室对主动公开范围把握不准，信息发布不够及时；二是依申请公开答复文书格式不够统一。"
    "改进措施：2024年将组织两次专题培训，修订依申请公开答复模板，并建立每月通报制度，确保问题整改到位。"
)
OTHER_2021 = "本年度未收取信息处理费。无其他需要报告的事项。"


def full_2021_report(year: int = 2023) -> Report:
    """A completely filled, balanced 2021-edition report with no errors."""
    t = load_template("2021")
    r = Report.blank(year, "示例市示例区生态环境局", "department")
    r.meta.update({"contact": "王五 010-12345678", "filler": "张三", "reviewer": "李四", "leader": "赵六"})
    for key in t.input_keys():
        r.cells[key] = Decimal("1.25") if t.cells[key].value_kind.type == "decimal" else 0
    r.cells.update({"t2_1.rules.issued": 0, "t2_1.norms.issued": 3, "t2_1.norms.repealed": 1,
                    "t2_1.norms.in_force": 20, "t2_5.license.decisions": 156, "t2_6.penalty.decisions": 48,
                    "t2_6.enforcement.decisions": 2})
    # Each column balances: 一 + 二 = （七）总计 + 四 (自然人: 25 + 3 = 26 + 2; 商业企业: 4 + 0 = 4 + 0).
    r.cells.update({"t3.N.C1": 25, "t3.B.C1": 3, "t3.R1.C1": 10, "t3.R2.C1": 5, "t3.U1.C1": 7,
                    "t3.P2.C1": 3, "t3.O3.C1": 1, "t3.F.C1": 2,
                    "t3.N.C2": 4, "t3.R1.C2": 2, "t3.D4.C2": 2})
    r.cells.update({"t4.cases.rv_upheld": 1, "t4.cases.rv_pending": 1, "t4.cases.ld_corrected": 1})
    r.texts.update({"overview": OVERVIEW_2021, "problems": PROBLEMS_2021, "other": OTHER_2021})
    return r


def seed_json() -> dict:
    """The seed fixture file as parsed JSON."""
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))


def unit_report(name: str, in_force: int = 1, year: int = 2023, kind: str = "department") -> Report:
    """A complete unit report for a 汇总: its own agency, and one figure (现行有效规范性文件) of its own."""
    report = full_2021_report(year)
    report.meta.update({"agency": name, "agency_kind": kind})
    report.cells["t2_1.norms.in_force"] = in_force
    return report


def write_unit_files(folder: Path, reports: list[Report]) -> list[Path]:
    """Write each report as ``unit_NN.json`` in ``folder`` (made if needed); returns the paths."""
    from core.read.report_file import write_report_file

    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"unit_{n:02d}.json" for n in range(len(reports))]
    for report, path in zip(reports, paths, strict=False):
        write_report_file(report, path)
    return paths
