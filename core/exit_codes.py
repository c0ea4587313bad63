"""The exit codes of every ``nianbao`` command and of the window (documented in each command's --help).

Here in core so that both the command line (nianbao) and the window (gui) name them.
"""

from __future__ import annotations

EXIT_OK = 0  # no errors (export, sum: written); import: every cell read with certainty
# errors found (check); written, but the report has errors (export) or a unit has (sum); import: cells uncertain
EXIT_ERRORS = 1
# a file could not be read or was refused, or the command line was wrong: nothing written (new, export, import, sum)
EXIT_UNREADABLE = 2
EXIT_INTERRUPTED = 130  # Ctrl+C, as shells report SIGINT
EXIT_NOT_STARTED = EXIT_ERRORS  # the window: the data folder or database could not be used, nothing was opened
