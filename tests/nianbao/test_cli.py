"""The ``nianbao`` command line: cell catalogue, new, check (exit codes), export, window and self-test hand-off."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import types
from decimal import Decimal
from pathlib import Path

import pytest
from factories import SEED_FILE, full_2021_report

from core.checks.validation import Issue
from core.exit_codes import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE
from core.read.report_file import read_report_file, write_report_file
from core.report import Report
from nianbao.cli import main
from nianbao.cli_check import run_export

ROOT = Path(__file__).parents[2]


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run the command in a fresh interpreter, the way a clerk's batch file would."""
    code = "import sys; from nianbao.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=60)


def _cells(capsys: pytest.CaptureFixture[str], edition: str) -> list[dict]:
    assert main(["cells", "--edition", edition, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


# ---- cells ----------------------------------------------------------------------------------------


def test_cells_json_2021(capsys: pytest.CaptureFixture[str]) -> None:
    entries = _cells(capsys, "2021")
    cells = {e["key"]: e for e in entries if e["kind"] != "text"}
    assert len(cells) == 200
    assert [e["key"] for e in entries if e["kind"] == "text"] == ["overview", "problems", "other"]
    assert cells["t3.D3.C2"] == {
        "key": "t3.D3.C2", "section": "收到和处理政府信息公开申请情况", "section_number": "三",
        "table": "收到和处理政府信息公开申请情况",
        "row": "三、本年度办理结果/（三）不予公开/3.危及“三安全一稳定”",
        "column": "法人或其他组织/商业企业", "kind": "input", "value": "count"}
    assert cells["t2_1.rules.issued"]["section"] == "主动公开政府信息情况"
    assert cells["t2_1.rules.issued"]["section_number"] == "二"
    assert cells["t2_1.rules.issued"]["table"] == "第二十条第（一）项"
    t4 = cells["t4.cases.ld_upheld"]
    assert (t4["row"], t4["column"], t4["section_number"]) == ("", "行政诉讼/未经复议直接起诉/结果维持", "四")
    assert cells["t3.T.C7"]["kind"] == "computed" and cells["t4.cases.rv_total"]["kind"] == "computed"
    assert cells["t2_8.fees.amount"]["value"] == "amount"
    assert sum(e["kind"] == "input" for e in cells.values()) == 166
    text = next(e for e in entries if e["key"] == "problems")
    assert text == {"key": "problems", "section": "存在的主要问题及改进情况", "section_number": "五", "kind": "text"}


def test_cells_json_2019(capsys: pytest.CaptureFixture[str]) -> None:
    cells = {e["key"]: e for e in _cells(capsys, "2019") if e["kind"] != "text"}
    assert len(cells) == 198
    assert cells["t2_9.procurement.amount"]["value"] == "amount"  # amount_yuan
    assert cells["t2_5.license.change"]["value"] == "signed"
    assert "t2_1.rules.issued" not in cells


def test_cells_readable_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cells"]) == 0
    out = capsys.readouterr().out
    assert "200 个单元格" in out and "三、收到和处理政府信息公开申请情况" in out
    assert "t3.T.C7" in out and "自动合计" in out


# ---- new --------------------------------------------------------------------------------------------


def test_new_blank_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "新.json"
    assert main(["new", "--year", "2024", "--agency", "某某县教育局", "--kind", "department", "-o", str(out)]) == 0
    report = read_report_file(out)
    assert (report.edition, report.year, report.agency, report.cells) == ("2021", 2024, "某某县教育局", {})
    assert "已新建" in capsys.readouterr().out


def test_new_2019_edition_from_year_and_mismatch_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--year", "2020", "--agency", "局", "-o", str(tmp_path / "a.json")]) == 0
    assert read_report_file(tmp_path / "a.json").edition == "2019"
    assert main(["new", "--year", "2023", "--edition", "2019", "--agency", "局", "-o", str(tmp_path / "b.json")]) == 2
    assert "2023 年不适用 2019 版格式，应使用 2021 版" in capsys.readouterr().err
    assert not (tmp_path / "b.json").exists()


def test_new_with_previous_carries_only_input_cells(tmp_path: Path) -> None:
    prev = full_2021_report(2023)
    prev.cells.update({"t3.F.C1": 2, "t3.F.C3": 4})
    write_report_file(prev, tmp_path / "2023.json")
    out = tmp_path / "2024.json"
    assert main(["new", "--year", "2024", "--agency", prev.agency, "--previous", str(tmp_path / "2023.json"),
                 "-o", str(out)]) == 0
    report = read_report_file(out)
    assert report.cells == {"t3.B.C1": 2, "t3.B.C2": 0, "t3.B.C3": 4, "t3.B.C4": 0, "t3.B.C5": 0, "t3.B.C6": 0}
    assert report.value("t3.B.C7") == 6  # the total is computed from the carried inputs


def test_new_with_previous_keeps_the_agency_kind_unless_told(tmp_path: Path) -> None:
    """A 县政府's report made from last year's stays a government's (T7 and the D1 deadline depend on it)."""
    prev = full_2021_report(2023)
    prev.meta["agency_kind"] = "government"
    write_report_file(prev, tmp_path / "2023.json")
    args = ["new", "--year", "2024", "--agency", prev.agency, "--previous", str(tmp_path / "2023.json")]
    assert main([*args, "-o", str(tmp_path / "a.json")]) == 0
    assert read_report_file(tmp_path / "a.json").meta["agency_kind"] == "government"
    assert main([*args, "--kind", "township", "-o", str(tmp_path / "b.json")]) == 0
    assert read_report_file(tmp_path / "b.json").meta["agency_kind"] == "township"
    assert main(["new", "--year", "2024", "--agency", "某局", "-o", str(tmp_path / "c.json")]) == 0
    assert read_report_file(tmp_path / "c.json").meta["agency_kind"] == "department"


def test_new_with_previous_across_editions_and_wrong_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "2021.json"
    assert main(["new", "--year", "2021", "--agency", "津南区民政局", "--previous", str(SEED_FILE),
                 "-o", str(out)]) == 0
    seed = read_report_file(SEED_FILE)
    report = read_report_file(out)
    assert report.edition == "2021"
    assert report.cells == {k.replace(".F.", ".B."): v for k, v in seed.cells.items() if k.startswith("t3.F.")}
    assert main(["new", "--year", "2022", "--agency", "津南区民政局", "--previous", str(SEED_FILE),
                 "-o", str(tmp_path / "x.json")]) == 2
    assert "与 2022 年不衔接" in capsys.readouterr().err


# ---- check (with a stand-in validation that follows the contract) -------------------------------


@pytest.fixture
def stub_validation(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Report, Report | None]]:
    """core.checks.validation stand-in: R3.1 error when 本年新收（自然人）> 100, a J1 warning when < 10."""
    calls: list[tuple[Report, Report | None]] = []

    def validate(report: Report, previous: Report | None = None, today: object = None) -> list[Issue]:
        calls.append((report, previous))
        issues = []
        if (report.cells.get("t3.N.C1") or 0) > 100:
            issues.append(Issue("R3.1", "error", "（七）总计（自然人）应为 128，当前为 26，相差 102", ("t3.T.C1",)))
        if (report.cells.get("t3.N.C1") or 0) < 10:
            issues.append(Issue("J1", "warning", "本年新收较少", ("t3.N.C1",), anchor="t3"))
            issues.append(Issue("T4", "info", "总体情况未提到数字", field="overview"))
        return issues

    monkeypatch.setattr("nianbao.check_file.validate", validate)
    return calls


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    good, bad = full_2021_report(2023), full_2021_report(2023)
    bad.meta["agency"] = "另一个局"
    bad.cells["t3.N.C1"] = 125
    write_report_file(good, tmp_path / "good.json")
    write_report_file(bad, tmp_path / "bad.json")
    (tmp_path / "broken.json").write_text("{\"format\": \"nianbao-report\",", encoding="utf-8")
    return tmp_path / "good.json", tmp_path / "bad.json", tmp_path / "broken.json"


def test_check_line_says_when_an_issue_spans_several_cells(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    report = full_2021_report(2023)
    report.texts["overview"] += "本年度被提起行政诉讼9件。"
    write_report_file(report, tmp_path / "r.json")
    assert main(["check", str(tmp_path / "r.json")]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "N1" in x)
    assert line.endswith("，t4.cases.ld_total 等 2 格）"), line


def test_check_exit_codes(tmp_path: Path, stub_validation: list, capsys: pytest.CaptureFixture[str]) -> None:
    good, bad, broken = _files(tmp_path)
    assert main(["check", str(good)]) == 0
    out = capsys.readouterr().out
    assert "good.json" in out and "小结：通过" in out and "共 1 个文件：0 个有错误" in out
    assert main(["check", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert "[错误] R3.1 （七）总计（自然人）应为 128，当前为 26，相差 102（（七）总计（自然人），t3.T.C1）" in out
    assert "小结：有错误；错误 1 项" in out
    assert main(["check", str(broken), str(good), str(bad)]) == 2  # still checks the others
    out = capsys.readouterr().out
    assert f"【{broken}】无法读取\n  [错误] READ 无法读取“broken.json”：第 1 行" in out
    assert "【" + str(good) + "】" in out and "R3.1" in out
    assert len(stub_validation) == 5


def test_check_json_and_explained_warnings(tmp_path: Path, stub_validation: list,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    few = full_2021_report(2023)
    few.cells["t3.N.C1"] = 5
    few.explanations["J1@t3"] = "本年机构调整，申请量下降"
    write_report_file(few, tmp_path / "few.json")
    assert main(["check", str(tmp_path / "few.json")]) == 0
    out = capsys.readouterr().out
    assert "[需核实] J1 本年新收较少" in out and "已说明：本年机构调整" in out and "[提示] T4" in out
    assert main(["check", "--json", str(tmp_path / "few.json")]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {"file": str(tmp_path / "few.json"), "rule": "J1", "severity": "warning", "cells": ["t3.N.C1"],
         "message": "本年新收较少"},
        {"file": str(tmp_path / "few.json"), "rule": "T4", "severity": "info", "cells": [],
         "message": "总体情况未提到数字", "field": "overview"}]


def test_check_reads_workbooks(tmp_path: Path, stub_validation: list, capsys: pytest.CaptureFixture[str]) -> None:
    from core.atomic import atomic_write
    from core.export.xlsx import write_xlsx

    bad = full_2021_report(2023)
    bad.cells["t3.N.C1"] = 125
    atomic_write(tmp_path / "bad.xlsx", lambda stream: write_xlsx(bad, stream))
    (tmp_path / "fake.xlsx").write_bytes(b"not a zip")
    assert main(["check", str(tmp_path / "bad.xlsx")]) == 1
    assert stub_validation[0][0].cells == bad.cells
    assert main(["check", str(tmp_path / "bad.xlsx"), str(tmp_path / "fake.xlsx")]) == 2
    out = capsys.readouterr().out
    assert "READ 无法读取“fake.xlsx”：不是有效的 Excel（.xlsx）文件" in out and "R3.1" in out


def test_new_refuses_other_extensions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--year", "2024", "--agency", "局", "-o", str(tmp_path / "a.xlsx")]) == 2
    said = capsys.readouterr().err
    assert "参数 -o/--output：年报文件应保存为 .json 文件，“a.xlsx”的扩展名不对，请改为 .json" in said
    assert not (tmp_path / "a.xlsx").exists()


def test_check_json_unreadable(tmp_path: Path, stub_validation: list, capsys: pytest.CaptureFixture[str]) -> None:
    _, bad, broken = _files(tmp_path)
    assert main(["check", "--json", str(bad), str(broken)]) == 2
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    assert [r["rule"] for r in rows] == ["R3.1", "READ"]
    assert rows[1] == {"file": str(broken), "rule": "READ", "severity": "error", "cells": [],
                       "message": rows[1]["message"]}
    assert rows[1]["message"].startswith("无法读取“broken.json”：第 1 行第 29 列：JSON 格式错误")
    assert "broken.json" in captured.err


def test_check_pairs_previous_year(tmp_path: Path, stub_validation: list, capsys: pytest.CaptureFixture[str]) -> None:
    write_report_file(full_2021_report(2022), tmp_path / "2022.json")
    write_report_file(full_2021_report(2023), tmp_path / "2023.json")
    assert main(["check", str(tmp_path / "2023.json"), str(tmp_path / "2022.json")]) == 0
    pairs = {r.year: (p.year if p else None) for r, p in stub_validation}
    assert pairs == {2023: 2022, 2022: None}
    stub_validation.clear()
    capsys.readouterr()
    assert main(["check", str(tmp_path / "2023.json"), "--previous", str(SEED_FILE)]) == 0
    assert stub_validation[0][1].agency == "津南区民政局"
    out = capsys.readouterr().out  # a report of another year is not last year's: said, not compared
    assert "2021版；所给报告为 2020 年度，不是上一年度（2022 年），跨年度核对未做）" in out.replace(" 版", "版")
    assert "对照" not in out
    seed = read_report_file(SEED_FILE)
    later = full_2021_report(2021)
    write_report_file(later, tmp_path / "2021.json")
    assert main(["check", str(tmp_path / "2021.json"), "--previous", str(SEED_FILE)]) == 0
    out = capsys.readouterr().out  # another agency's report is compared, with a plain warning
    assert "对照 2020 年报告" in out
    assert f"提示：所给上一年度报告的机关名称为“{seed.agency}”，与本报告不同，请确认是同一机关" in out


# ---- the real thing, in a subprocess ----------------------------------------------------------------


def test_check_subprocess_exit_codes(tmp_path: Path) -> None:
    pytest.importorskip("core.checks.validation")
    good, _, broken = _files(tmp_path)
    unbalanced = full_2021_report(2023)
    unbalanced.cells["t3.N.C1"] = 27  # 27 + 3 ≠ 26 + 2: R3.1 fails in column 自然人
    write_report_file(unbalanced, tmp_path / "unbalanced.json")
    assert _run("check", str(good)).returncode == 0
    result = _run("check", str(tmp_path / "unbalanced.json"))
    assert result.returncode == 1
    assert "R3.1" in result.stdout.decode("utf-8")
    assert _run("check", str(good), str(broken)).returncode == 2
    rows = json.loads(_run("check", "--json", str(tmp_path / "unbalanced.json")).stdout.decode("utf-8"))
    assert any(r["rule"] == "R3.1" and r["severity"] == "error" for r in rows)


def test_check_reports_bad_values_and_carried_totals_from_the_file(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("core.checks.validation")
    data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    data["cells"].update({"t3.N.C7": 5, "t3.N.C2": "两件"})
    (tmp_path / "seed.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["check", "--json", str(tmp_path / "seed.json")]) == 1
    rows = json.loads(capsys.readouterr().out)
    errors = {r["rule"]: r for r in rows if r["severity"] == "error"}
    assert errors["V1"]["cells"] == ["t3.N.C2"] and "“两件”不是数字" in errors["V1"]["message"]
    assert errors["R3.2"]["cells"][0] == "t3.N.C7" and "5" in errors["R3.2"]["message"]


def test_cells_subprocess_utf8_without_qt() -> None:
    code = ("import sys; from nianbao.cli import main; rc = main(['cells', '--edition', '2019']);"
            "sys.exit(rc or ('PySide6' in sys.modules) * 3)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=60,
                            env={**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C", "LANG": "C"})
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert "198 个单元格" in result.stdout.decode("utf-8")


def test_reader_leaving_early_is_not_an_error() -> None:
    """``nianbao cells --json | head -1``: the reader closes the pipe; exit 0, nothing on stderr."""
    code = "import sys; from nianbao.cli import main; sys.exit(main(['cells', '--json']))"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"[")
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=60) == 0, err
    assert err == ""


class _ClosedPipe:
    """What Windows gives a writer whose reader (``| more``) quit: EINVAL on every write and flush."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(22, "Invalid argument")

    def flush(self) -> None:
        raise OSError(22, "Invalid argument")


def test_reader_leaving_early_on_windows(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("nianbao.cli.configure_output", lambda: None)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["cells"]) == 0
    assert capsys.readouterr().err == ""


def test_other_einval_is_still_reported(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """EINVAL also means a bad file name on Windows: with stdout healthy it is reported, not swallowed."""
    def bad_name(options: object) -> int:
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr("nianbao.cli.configure_output", lambda: None)
    monkeypatch.setattr("nianbao.cli.build_parser", lambda: _FixedParser({"run": bad_name}))
    assert main(["cells"]) == 1
    assert "程序内部错误" in capsys.readouterr().err


class _FixedParser:
    def __init__(self, attrs: dict) -> None:
        self.attrs = attrs

    def parse_args(self, args: list[str]) -> types.SimpleNamespace:
        return types.SimpleNamespace(**self.attrs)


def test_usage_errors_in_chinese() -> None:
    result = _run("new", "--year", "2024")
    assert result.returncode == 2
    assert "缺少必需的参数" in result.stderr.decode("utf-8")


# ---- export -----------------------------------------------------------------------------------------


def test_export_json_and_xlsx_round_trip(tmp_path: Path, full_report: Report,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    full_report.cells["t2_8.fees.amount"] = Decimal("3.141592")
    write_report_file(full_report, tmp_path / "r.json")
    assert main(["export", str(tmp_path / "r.json"), "--to", str(tmp_path / "r.xlsx")]) == 0
    import openpyxl

    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert len(wb.sheetnames) >= 4
    assert main(["export", str(tmp_path / "r.xlsx"), "--to", str(tmp_path / "back.json")]) == 0
    back = read_report_file(tmp_path / "back.json")
    assert back.cells == full_report.cells and back.texts == full_report.texts
    assert "已导出" in capsys.readouterr().out


def test_export_pdf(tmp_path: Path, full_report: Report, capsys: pytest.CaptureFixture[str],
                    monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PdfReader

    import core.export.fonts

    write_report_file(full_report, tmp_path / "r.json")
    assert main(["export", str(tmp_path / "r.json"), "--to", str(tmp_path / "r.pdf")]) == 0
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "r.pdf").pages)
    assert "示例市示例区生态环境局" in text
    # The fonts that stood in for 仿宋 / 黑体 / 方正小标宋 are named on stderr, as the window says after an export
    note = core.export.fonts.find_cjk_fonts().substitution_note()
    err = capsys.readouterr().err
    assert (note in err) if note else ("字体替代" not in err)
    monkeypatch.setattr(core.export.fonts, "substitution_note", lambda fonts=None: "PDF 字体替代：测试")
    assert main(["export", str(tmp_path / "r.json"), "--to", str(tmp_path / "r2.pdf")]) == 0
    assert "PDF 字体替代：测试" in capsys.readouterr().err


def test_export_failures(tmp_path: Path, full_report: Report, capsys: pytest.CaptureFixture[str]) -> None:
    write_report_file(full_report, tmp_path / "r.json")
    source = str(tmp_path / "r.json")
    assert main(["export", source, "--to", str(tmp_path / "r.odt")]) == EXIT_UNREADABLE
    said = capsys.readouterr().err.strip()
    assert said.endswith("参数 --to：导出文件应保存为 .json、.xlsx、.pdf、.docx、.html 或 .htm 文件，"
                         "“r.odt”的扩展名不对，请改为其中之一")
    assert main(["export", source, "--to", str(tmp_path / "无此文件夹" / "r.json")]) == EXIT_UNREADABLE
    assert "导出失败：文件夹不存在" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "none.json"), "--to", str(tmp_path / "r2.json")]) == EXIT_UNREADABLE
    assert "无法读取“none.json”：文件不存在" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]


def test_export_of_a_report_with_errors_is_written_and_says_so(tmp_path: Path, full_report: Report,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    full_report.cells["t3.N.C1"] = full_report.cells["t3.N.C1"] + 1  # 申请总数 no longer adds up
    write_report_file(full_report, tmp_path / "r.json")
    for suffix in (".json", ".xlsx", ".html"):
        assert main(["export", str(tmp_path / "r.json"), "--to", str(tmp_path / f"out{suffix}")]) == EXIT_ERRORS
        out = capsys.readouterr()
        assert out.out.strip() == f"已导出：{tmp_path / f'out{suffix}'}" and (tmp_path / f"out{suffix}").stat().st_size
        assert re.fullmatch(r"注意：报告有 \d+ 项错误，已照原样导出；可用 nianbao check 查看，改正后请重新导出\n",
                            out.err)
    full_report.cells["t3.N.C1"] -= 1
    write_report_file(full_report, tmp_path / "r.json")
    assert main(["export", str(tmp_path / "r.json"), "--to", str(tmp_path / "out.json")]) == EXIT_OK
    assert "错误" not in capsys.readouterr().err


def test_export_help_names_its_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--help"]) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert "0 已导出且无错误；1 已导出，但报告有错误；2 未导出" in said


# ---- window and self-test hand-off ----------------------------------------------------------------------


def test_no_arguments_start_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    fake = types.ModuleType("gui.app")
    fake.main = lambda argv, path=None: seen.append((argv, path)) or 7  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "gui.app", fake)
    assert main([]) == 7 and seen == [([], None)]


def test_a_file_argument_opens_it_in_the_window(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    seen: list[tuple[list[str], Path | None]] = []
    fake = types.ModuleType("gui.app")
    fake.main = lambda argv, path=None: seen.append((argv, path)) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "gui.app", fake)
    report = tmp_path / "上年年报.docx"
    report.write_bytes(b"PK")
    assert main([str(report)]) == 0 and seen == [([], report)]
    assert main([str(tmp_path / "none.docx")]) == 2 and len(seen) == 1
    assert "找不到该文件" in capsys.readouterr().err
    assert main(["chek"]) == 2 and "无效的选项" in capsys.readouterr().err  # a mistyped command stays argparse's


def test_a_missing_system_library_is_explained(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "gui.app", None)
    assert main([]) == 1
    assert "无法启动窗口" in capsys.readouterr().err


def test_self_test_is_delegated(monkeypatch: pytest.MonkeyPatch) -> None:
    from nianbao import selftest

    seen: list[list[str]] = []
    monkeypatch.setattr(selftest, "main", lambda argv=None: seen.append(argv) or 0)
    assert main(["--self-test", "--no-gui"]) == 0 and seen == [["--self-test", "--no-gui"]]


def test_every_subcommand_is_known_to_the_file_opener() -> None:
    """``nianbao FILE`` must never take a subcommand's name for a file to open."""
    import argparse

    from nianbao.cli import _COMMANDS, build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert set(_COMMANDS) == set(sub.choices)


@pytest.mark.parametrize(("command", "said"), [
    (["new", "--year", "2024", "--agency", "局", "-o", "{out}"], "年报文件应保存为 .json 文件"),
    (["export", "{source}", "--to", "{out}"], "导出文件应保存为 .json、.xlsx、.pdf、.docx、.html 或 .htm 文件"),
    (["import", "{source}", "-o", "{out}"], "年报文件应保存为 .json 文件"),
    (["sum", "{source}", "-o", "{out}", "--agency", "县"], "汇总报告（年报文件）应保存为 .json 文件"),
])
def test_every_command_refuses_an_output_extension_in_the_same_words_before_any_work(
        tmp_path: Path, full_report: Report, capsys: pytest.CaptureFixture[str], command: list[str], said: str) -> None:
    write_report_file(full_report, tmp_path / "r.json")
    out = tmp_path / "结果.odt"
    args = [a.format(source=tmp_path / "r.json", out=out) for a in command]
    assert main(args) == EXIT_UNREADABLE
    captured = capsys.readouterr()
    assert f"{said}，“结果.odt”的扩展名不对，请改为" in captured.err and captured.out == ""
    assert not out.exists()


def test_run_export_words_a_wrong_extension_as_the_command_line_does(tmp_path: Path, full_report: Report,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    write_report_file(full_report, tmp_path / "r.json")
    assert run_export(tmp_path / "r.json", tmp_path / "r.odt") == EXIT_UNREADABLE
    assert capsys.readouterr().err.strip() == (
        "无法导出：导出文件应保存为 .json、.xlsx、.pdf、.docx、.html 或 .htm 文件，“r.odt”的扩展名不对，请改为其中之一")


def test_extension_problem_takes_one_suffix_as_one_and_names_a_missing_extension() -> None:
    from nianbao.check_file import extension_problem

    assert extension_problem(Path("a.pdf"), ".pdf", "导出文件") is None
    assert extension_problem(Path("out"), ".pdf", "导出文件") == \
        "导出文件应保存为 .pdf 文件，“out”缺少扩展名，请改为 .pdf"
    assert "“.pdf”缺少扩展名" in (extension_problem(Path(".pdf"), ".pdf", "导出文件") or "")
    assert extension_problem(Path("a.df"), ".pdf", "导出文件") is not None  # not a substring test
