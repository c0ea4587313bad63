"""The self-test: its sample report, its step runner, its PDF checks and the whole run."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from factories import full_2021_report

from core import selftest
from core.report import content_dict


def test_sample_report_matches_the_test_factory() -> None:
    sample, factory = content_dict(selftest.sample_report()), content_dict(full_2021_report())
    assert sample["cells"] == factory["cells"] and sample["texts"] == factory["texts"]
    assert sample["year"] == factory["year"] == 2023 and sample["edition"] == "2021"


def test_a_failed_step_is_reported_and_the_rest_still_run(tmp_path: Path) -> None:
    ran: list[str] = []

    def good(ctx: dict) -> str:
        ran.append("good")
        return "好"

    def bad(ctx: dict) -> str:
        raise selftest.StepFailed("应为 2，实际为 3")

    def needs_report(ctx: dict) -> str:
        return ctx["report"]

    out = io.StringIO()
    failures = selftest.run_steps([("甲", bad), ("乙", needs_report), ("丙", good)], tmp_path, out)
    lines = out.getvalue().splitlines()
    assert failures == 2 and ran == ["good"]
    assert lines[0].startswith("✗ 甲：应为 2，实际为 3")
    assert lines[1].startswith("✗ 乙：前面的步骤失败")
    assert lines[2].startswith("✓ 丙：好")


def test_marks_fall_back_to_ascii_on_a_gbk_console() -> None:
    gbk = io.TextIOWrapper(io.BytesIO(), encoding="gbk")
    assert selftest._marks(gbk) == ("[OK]", "[X]")
    assert selftest._marks(io.TextIOWrapper(io.BytesIO(), encoding="utf-8")) == ("✓", "✗")


@pytest.mark.parametrize(("data", "words"), [
    (b"PK\x03\x04" + b"x" * 20000, "不是 PDF"),
    (b"%PDF-1.4\n" + b"x" * 20000 + b"\n%%EOF\n", "没有嵌入字体"),
    (b"%PDF-1.4\n/FontFile2 1 0 R\n" + b"x" * 20000, "不完整"),
    (b"%PDF-1.4\n/FontFile2\n%%EOF\n", "太小"),
])
def test_pdf_check_refuses_bad_files(tmp_path: Path, data: bytes, words: str) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    with pytest.raises(selftest.StepFailed, match=words):
        selftest._check_pdf(path)


def test_pdf_check_counts_pages_and_fonts(tmp_path: Path) -> None:
    path = tmp_path / "ok.pdf"
    body = b"<< /Type /Pages /Count 2 >>\n<< /Type /Page >>\n<< /Type /Page\n>>\n/FontFile2 5 0 R\n"
    path.write_bytes(b"%PDF-1.4\n" + body + b" " * 20000 + b"\n%%EOF\n")
    assert "2 页" in selftest._check_pdf(path) and "嵌入字体 1 个" in selftest._check_pdf(path)


def test_whole_self_test_passes(tmp_path: Path) -> None:
    out = io.StringIO()
    status = selftest.main(["--self-test", "--keep"], out=out)
    text = out.getvalue()
    kept = Path(re.search(r"文件保留在 (.+?)）", text).group(1))
    try:
        assert status == 0, text
        lines = text.splitlines()
        assert sum(line.startswith("✓ ") for line in lines) == len(selftest.STEPS), text
        assert "✗" not in text and lines[-1].startswith("自检通过")
        assert (kept / "导出" / "年度报告.xlsx").is_file() and (kept / "导出" / "勾稽校验单.pdf").is_file()
        assert "数据 张三" in text  # the data folder has a Chinese name on purpose
        assert list((kept / "数据 张三" / "backups").glob("nianbao-*.db"))
    finally:
        shutil.rmtree(kept, ignore_errors=True)


def test_missing_module_fails_cleanly(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: dict) -> str:
        import core.does_not_exist  # noqa: F401

        return ""

    monkeypatch.setattr(selftest, "STEPS", [("模板与示例报告", selftest.step_report), ("坏步骤", broken)])
    out = io.StringIO()
    assert selftest.main(["--no-gui"], out=out) == 1
    assert "✗ 坏步骤：程序模块缺失" in out.getvalue() and "自检未通过：1 项失败" in out.getvalue()


def test_reports_the_real_data_folder_without_touching_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "正式数据"
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(real))
    out = io.StringIO()
    failures = selftest.run_steps([("数据文件夹", selftest.step_data_folder)], tmp_path / "work", out)
    assert failures == 0 and f"正式数据文件夹 {real}" in out.getvalue()
    assert not real.exists()


def test_unknown_options_are_named_not_fatal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selftest, "STEPS", [("模板与示例报告", selftest.step_report)])
    out = io.StringIO()
    assert selftest.main(["--self-test", "--fast"], out=out) == 0
    assert "忽略无法识别的参数：--fast" in out.getvalue()
