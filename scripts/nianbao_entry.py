"""Entry point of the frozen executables (`nianbao` windowed, `nianbao-cli` console): core.cli.main."""

from __future__ import annotations

import sys

from core.cli import main

if __name__ == "__main__":
    sys.exit(main())
