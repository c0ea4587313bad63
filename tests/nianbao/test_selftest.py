"""The self-test: its sample report, its step runner, its PDF checks and the whole run."""

from __future__ import annotations

import io
import re
import shutil
import sys
from pathlib import Path

import pytest
from factories import full_2021_report

from core.report import content_dict
from nianbao import selftest


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


def _real_database(folder: Path, edit=None) -> Path:
    """The real data folder with a database holding one report (in WAL mode, as the window leaves it)."""
    from core.store.storage import Store
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "nianbao.sqlite3"
    with Store(db) as store:
        store.create(full_2021_report())
    (folder / "nianbao.lock").write_text("", encoding="utf-8")
    return db


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes; the lock file's pid hint aside (the check holds the lock while nianbao is closed)."""
    return {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != "nianbao.lock"}


def run_real_database_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, real: Path) -> tuple[int, str]:
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(real))
    out = io.StringIO()
    failures = selftest.run_steps([("正式数据库", selftest.step_real_database)], tmp_path / "work", out)
    return failures, out.getvalue()


def test_checks_the_real_database_read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.store.schema import SCHEMA_VERSION
    real = tmp_path / "正式数据"
    _real_database(real)
    before = _snapshot(real)
    failures, text = run_real_database_step(tmp_path, monkeypatch, real)
    assert failures == 0, text
    assert "完整性检查通过" in text and f"数据结构第 {SCHEMA_VERSION} 版" in text and "1 份年报" in text
    assert _snapshot(real) == before  # nothing changed, nothing created


def test_a_damaged_real_database_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "正式数据"
    db = _real_database(real)
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    pages = len(data) // page
    for n in range(1, pages):  # every page after the first: the schema stays readable, the tables do not
        data[n * page + 8: n * page + 200] = b"\xff" * 192
    db.write_bytes(bytes(data))
    failures, text = run_real_database_step(tmp_path, monkeypatch, real)
    assert failures == 1 and "✗ 正式数据库" in text and ("损坏" in text or "无法读取" in text), text


@pytest.mark.parametrize("content, words", [(b"PK\x03\x04" + b"x" * 5000, "不是 nianbao 数据库文件"),
                                            (b"", "0 字节")])
def test_a_real_database_that_is_no_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes,
                                             words: str) -> None:
    real = tmp_path / "正式数据"
    real.mkdir()
    (real / "nianbao.sqlite3").write_bytes(content)
    failures, text = run_real_database_step(tmp_path, monkeypatch, real)
    assert failures == 1 and words in text, text


def test_no_real_database_yet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    failures, text = run_real_database_step(tmp_path, monkeypatch, tmp_path / "没有")
    assert failures == 0 and "尚无数据库" in text and not (tmp_path / "没有").exists()


def test_a_missing_real_database_beside_its_backups_is_a_failure(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from core.store.backups import make_backup
    real = tmp_path / "正式数据"
    db = _real_database(real)
    make_backup(db, real / "backups")
    db.unlink()
    failures, text = run_real_database_step(tmp_path, monkeypatch, real)
    assert failures == 1 and "数据库文件不存在" in text, text


def _ok(ctx: dict) -> str:
    return "好"


def _bad(ctx: dict) -> str:
    raise selftest.StepFailed("坏了")


@pytest.mark.parametrize(("steps", "passed", "code"), [
    ([("甲", _ok)], True, 0),
    ([("甲", _ok), ("乙", _bad)], False, 1),
])
def test_without_a_console_the_summary_is_shown(monkeypatch: pytest.MonkeyPatch, steps, passed: bool,
                                                code: int) -> None:
    shown: list[tuple[str, bool]] = []
    monkeypatch.setattr(selftest, "STEPS", steps)
    monkeypatch.setattr(selftest, "show_result", lambda text, ok: shown.append((text, ok)))
    monkeypatch.setattr(sys, "stdout", None)
    assert selftest.main(["--self-test"]) == code
    (text, ok), = shown
    assert ok is passed and "自检开始" in text and ("自检通过" if passed else "自检未通过：1 项失败") in text
    assert "坏了" in text or passed


def test_with_a_console_nothing_pops_up(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(selftest, "STEPS", [("甲", _ok)])
    monkeypatch.setattr(selftest, "show_result", lambda text, ok: shown.append(text))
    out = io.StringIO()
    assert selftest.main(["--self-test"], out=out) == 0
    assert shown == [] and "自检通过" in out.getvalue()


def test_without_qt_the_summary_goes_to_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtWidgets", None)  # `from PySide6 import QtWidgets` fails
    monkeypatch.delattr("PySide6.QtWidgets", raising=False)
    monkeypatch.setattr(selftest.tempfile, "gettempdir", lambda: str(tmp_path))
    selftest._show_in_window("自检通过（共 1 项）", True)
    assert (tmp_path / "nianbao-自检结果.txt").read_text(encoding="utf-8") == "自检通过（共 1 项）"
