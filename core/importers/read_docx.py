"""Word files (.docx, also as saved by WPS): paragraphs and tables in body order, merged cells expanded."""

from __future__ import annotations

from pathlib import Path

from core.importers.blocks import Document, ImportRefused, Paragraph, Table
from core.importers.guard import check_zip
from core.read.file_kind import unreadable_content


def read_docx(path: Path) -> Document:
    """A .docx read with python-docx (after the zip-bomb check)."""
    check_zip(path, "Word（.docx）")
    try:
        import docx
        from docx.oxml.ns import qn
        from docx.table import Table as DocxTable
        from docx.text.paragraph import Paragraph as DocxParagraph
    except ImportError:  # pragma: no cover - a broken installation
        raise ImportRefused("本程序未包含 Word 读取组件（python-docx），无法导入 .docx") from None
    try:
        document = docx.Document(str(path))
    except Exception:  # python-docx raises several kinds for a damaged or foreign package
        raise ImportRefused(unreadable_content(path, "docx")) from None
    doc = Document(source_kind="docx")
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = DocxParagraph(child, document).text
            for line in text.split("\n"):
                if line.strip():
                    doc.blocks.append(Paragraph(line.strip()))
        elif child.tag == qn("w:tbl"):
            doc.blocks.append(_table(DocxTable(child, document)))
    return doc


def _table(table) -> Table:
    """The grid python-docx exposes (a merged cell repeats in every grid position it covers)."""
    rows, origins = [], []
    for row in table.rows:
        texts, ids = [], []
        for cell in row.cells:
            texts.append(" ".join(p.text for p in cell.paragraphs).replace("\u00a0", " ").strip())
            ids.append(id(cell._tc))
        rows.append(tuple(texts))
        origins.append(tuple(ids))
    return Table(tuple(rows), tuple(origins))
