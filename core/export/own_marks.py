"""How nianbao's own Word documents and web pages are recognised (cheaply, before any parsing).

core.export.docx writes ``nianbao:<edition>:<year>:<agency kind>`` as the document's identifier
(docProps/core.xml); core.export.html writes it in ``<meta name="nianbao-report">``. Readers that
meet a .docx or .html ask here first, then read ours exactly (core.read.docx_read, core.read.html_read).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MARKER = "nianbao"
PAGE_META = "nianbao-report"
CUSTOM_PART = "/docProps/custom.xml"
META_NAME = "nianbao-meta"  # the 基本信息 a document does not print: a JSON object (web page), custom properties (Word)
_DOCX_MARK = f">{MARKER}:".encode()
_PAGE_MARK = f'name="{PAGE_META}"'.encode()


def is_own_docx(path: Path) -> bool:
    """True for a .docx whose document properties carry nianbao's identifier."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("docProps/core.xml") as part:
            return _DOCX_MARK in part.read(64 * 1024)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        return False


def is_own_page(head: bytes) -> bool:
    """True when the start of a file (its first few KB) is a web page nianbao wrote."""
    return _PAGE_MARK in head[:8192]
