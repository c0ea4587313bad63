"""The exit codes of every ``nianbao`` command and of the window (documented in each command's --help).

Here in core so that both the command line (nianbao) and the window (gui) name them; nianbao.exit_codes
re-exports them.
"""

from __future__ import annotations

EXIT_OK = 0  # no errors; import: every cell read with certainty
EXIT_ERRORS = 1  # errors found, an export failed; import: some cells uncertain or missing; sum: a unit has errors
EXIT_UNREADABLE = 2  # a file could not be read or was refused (sum), or the command line was wrong
EXIT_INTERRUPTED = 130  # Ctrl+C, as shells report SIGINT
EXIT_NOT_STARTED = EXIT_ERRORS  # the window: the data folder or database could not be used, nothing was opened
