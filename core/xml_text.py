"""Text escaped for reportlab's paragraph markup, without importing xml.sax.saxutils."""

from __future__ import annotations


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities, exactly as ``xml.sax.saxutils.escape`` does.

    For speed: xml.sax.saxutils imports urllib.request, http.client, email and ssl (10-25 ms on every
    ``nianbao export`` and on the window's first PDF), none of which the PDF needs.
    """
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
