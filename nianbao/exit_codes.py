"""The exit codes of every ``nianbao`` command: core.exit_codes, which the window (gui) shares."""

from __future__ import annotations

from core.exit_codes import EXIT_ERRORS, EXIT_INTERRUPTED, EXIT_NOT_STARTED, EXIT_OK, EXIT_UNREADABLE

__all__ = ["EXIT_ERRORS", "EXIT_INTERRUPTED", "EXIT_NOT_STARTED", "EXIT_OK", "EXIT_UNREADABLE"]
