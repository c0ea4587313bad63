"""Entry point of the frozen executables (`nianbao` windowed, `nianbao-cli` console): nianbao.cli.main."""

from __future__ import annotations

import sys

from nianbao.cli import main

if __name__ == "__main__":
    if getattr(sys, "frozen", False):  # `check` over many files starts worker processes from this executable
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
