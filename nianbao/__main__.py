"""``python -m nianbao``: the same as the ``nianbao`` command."""

from __future__ import annotations

import sys

from nianbao.cli import main

if __name__ == "__main__":
    sys.exit(main())
