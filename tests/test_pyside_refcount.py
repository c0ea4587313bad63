"""Regression guard for the PySide6 pin (TECH-NOTES: 6.12 leaks refcounts of None on Python 3.11)."""

from __future__ import annotations

import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QApplication, QWidget


def test_pyside_is_the_pinned_version() -> None:
    """6.9.x keeps glibc 2.28 (统信 UOS 20) reachable; see pyproject.toml."""
    assert pyside_version.startswith("6.9.")


def test_none_refcount_stable_over_many_void_calls(qapp: QApplication) -> None:
    """Ten thousand calls of Qt methods returning nothing must not drain None's refcount."""
    w = QWidget()
    before = sys.getrefcount(None)
    for i in range(10_000):
        w.setWindowTitle("x")
        w.resize(100 + i % 3, 100)
    after = sys.getrefcount(None)
    assert abs(after - before) < 100
