"""The exports: PDF (公文 typography), Excel, Word and web page, the check report, and what they share
(the report outline, narrative lines, closing block, fonts and glyph fallback)."""
