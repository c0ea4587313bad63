"""Importing other people's published reports (Word, portal pages, text copies, PDF, Excel).

Each reader turns a source into a ``Document`` (ordered paragraphs and tables plus metadata lines);
``recognise`` maps a Document onto a Report by the template's labels and says what it could not read.
"""

from core.importers.blocks import Document, ImportRefused, Paragraph, Table
from core.importers.dispatch import import_file
from core.importers.result import ImportResult

__all__ = ["Document", "ImportRefused", "ImportResult", "Paragraph", "Table", "import_file"]
