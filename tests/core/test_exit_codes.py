"""The exit codes live in core, shared by the command line and the window, with the values scripts rely on."""

from __future__ import annotations

import core.exit_codes as codes

NAMES = ("EXIT_OK", "EXIT_ERRORS", "EXIT_UNREADABLE", "EXIT_INTERRUPTED", "EXIT_NOT_STARTED")


def test_values_are_kept() -> None:
    assert [getattr(codes, name) for name in NAMES] == [0, 1, 2, 130, 1]

