"""``nianbao new`` refuses bad arguments in Chinese with exit code 2; no English reaches the user."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from factories import full_2021_report

from core.read.report_file import read_report_file, write_report_file
from nianbao.cli import main, new_problem

ROOT = Path(__file__).parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from nianbao.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, cwd=ROOT, timeout=60,
                          env={**os.environ, "LC_ALL": "C", "LANG": "C"}, encoding="utf-8")


@pytest.mark.parametrize("agency", ["", "   ", "\t"])
def test_blank_agency_is_refused(tmp_path: Path, agency: str) -> None:
    out = tmp_path / "r.json"
    result = _run("new", "--year", "2024", "--agency", agency, "-o", str(out))
    assert result.returncode == 2
    assert result.stderr.startswith("无法新建：机关名称不能为空") and "报告标题" in result.stderr
    assert not out.exists() and result.stdout == ""


def test_agency_with_a_line_break_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--year", "2024", "--agency", "某某县\n教育局", "-o", str(tmp_path / "r.json")]) == 2
    assert "机关名称中不能有换行" in capsys.readouterr().err and not (tmp_path / "r.json").exists()


def test_agency_is_trimmed(tmp_path: Path) -> None:
    assert main(["new", "--year", "2024", "--agency", "  某某县教育局 ", "-o", str(tmp_path / "r.json")]) == 0
    assert read_report_file(tmp_path / "r.json").title == "某某县教育局2024年政府信息公开工作年度报告"


@pytest.mark.parametrize(("args", "message"), [
    (["--year", "1990"], "无法新建：年度 1990 不在可填报的范围内（2019–"),
    (["--year", "99999"], "无法新建：年度 99999 不在可填报的范围内（2019–"),
    (["--year", "-5"], "无法新建：年度 -5 不在可填报的范围内"),
    (["--year", "二〇二四"], "参数 --year：年度应为四位数字的年份，如 2024，当前为“二〇二四”"),
    (["--year", "2024", "--edition", "2019"], "无法新建：2024 年不适用 2019 版格式，应使用 2021 版"),
    (["--year", "2020", "--edition", "2021"], "无法新建：2020 年不适用 2021 版格式，应使用 2019 版"),
    (["--year", "2024", "--kind", "bureau"], "参数 --kind：无效的选项：'bureau'"),
    (["--year", "2024", "--edition", "2030"], "参数 --edition：无效的选项：'2030'"),
])
def test_bad_arguments_are_refused_in_chinese(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "r.json"
    result = _run("new", "--agency", "某某县教育局", *args, "-o", str(out))
    assert result.returncode == 2
    assert message in result.stderr, result.stderr
    assert "invalid" not in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_year_range_follows_today() -> None:
    today = date(2031, 3, 1)
    assert new_problem(2032, "局", today=today) is None
    assert "2019–2032" in (new_problem(2033, "局", today=today) or "")
    assert new_problem(2019, "局", today=today) is None


def test_existing_report_is_not_overwritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filled = full_2021_report(2024)
    write_report_file(filled, tmp_path / "r.json")
    before = (tmp_path / "r.json").read_bytes()
    assert main(["new", "--year", "2024", "--agency", "局", "-o", str(tmp_path / "r.json")]) == 2
    assert "已存在，为免覆盖其中已填写的内容" in capsys.readouterr().err
    assert (tmp_path / "r.json").read_bytes() == before


def test_output_is_an_existing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "r.json").mkdir()
    assert main(["new", "--year", "2024", "--agency", "局", "-o", str(tmp_path / "r.json")]) == 2
    assert capsys.readouterr().err.strip() == f"无法写入：“{tmp_path / 'r.json'}”是一个已有的文件夹，请另选文件名"


def test_unreadable_previous_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "2023.json").write_bytes("{\"agency\": \"局\"}".encode("gbk") + "某".encode("gbk"))
    assert main(["new", "--year", "2024", "--agency", "局", "--previous", str(tmp_path / "2023.json"),
                 "-o", str(tmp_path / "r.json")]) == 2
    assert capsys.readouterr().err.strip() == ("无法新建：上一年度报告无法读取“2023.json”：不是有效的 UTF-8 文本"
                                              "（可能是 GBK 编码），请用记事本“另存为”UTF-8 编码后再试")


# ---- the rest of the command: argparse words, the window, bugs, Ctrl+C -------------------------------


def test_option_with_a_stray_value_in_chinese() -> None:
    result = _run("check", "--json=1", "x.json")
    assert result.returncode == 2 and "参数 --json：此选项不接受参数值：'1'" in result.stderr


def test_missing_system_library_for_the_window(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    class Finder:
        def find_spec(self, name: str, *args: object) -> None:
            if name == "gui.app":
                raise ImportError("libEGL.so.1: cannot open shared object file: No such file or directory")

    monkeypatch.delitem(sys.modules, "gui.app", raising=False)
    monkeypatch.setattr(sys, "meta_path", [Finder(), *sys.meta_path])
    assert main([]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "无法启动窗口：缺少系统组件 libEGL.so.1，请安装后重试；命令行功能仍可使用（nianbao --help）"


def test_a_bug_is_one_chinese_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import nianbao.cli

    def broken(args: object) -> int:
        raise AttributeError("'NoneType' object has no attribute 'cells'")

    monkeypatch.setattr(nianbao.cli, "cmd_cells", broken)
    monkeypatch.delenv("NIANBAO_DEBUG", raising=False)
    assert main(["cells"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("程序内部错误，请把此信息反馈给开发者") and "NoneType" not in err
    monkeypatch.setenv("NIANBAO_DEBUG", "1")
    with pytest.raises(AttributeError):
        main(["cells"])


def test_ctrl_c_is_quiet(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import nianbao.cli

    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(nianbao.cli, "cmd_cells", interrupted)
    assert main(["cells"]) == 130
    assert capsys.readouterr().err.strip() == "已中断"

