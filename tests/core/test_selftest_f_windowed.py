"""`nianbao.exe --self-test` is a windowed program on Windows: no console, so the summary must be shown."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from nianbao import selftest


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
