"""Reading files back: the report file (JSON), this program's own exports (Excel, Word, web page) by their
marks, and the one door ``read_any`` that sends anything else to ``core.importers``; the size and zip guards."""
