"""Clipboard parsing: Excel/WPS TSV and web-page HTML tables."""

from __future__ import annotations

from gui.table.clipboard_parse import parse_clipboard, parse_html_table, parse_tsv, to_tsv


def test_tsv_rows_and_trailing_newline() -> None:
    assert parse_tsv("1\t2\t3\r\n4\t5\t6\r\n") == [["1", "2", "3"], ["4", "5", "6"]]


def test_tsv_quoted_cell_with_tab_and_quote() -> None:
    assert parse_tsv('"a\tb"\t"say ""hi"""\n') == [["a\tb", 'say "hi"']]


def test_tsv_keeps_empty_cells() -> None:
    assert parse_tsv("1\t\t3") == [["1", "", "3"]]


def test_html_table_with_spans() -> None:
    html = """<html><body><table><tr><td rowspan="2">一</td><td colspan="2">12</td></tr>
    <tr><td>３</td><td>4<br>件</td></tr></table><table><tr><td>x</td></tr></table></body></html>"""
    assert parse_html_table(html) == [["一", "12", ""], ["", "３", "4 件"]]


def test_html_entities_and_th() -> None:
    assert parse_html_table("<table><tr><th>&nbsp;1,234&nbsp;</th><td>&lt;5</td></tr></table>") == [["1,234", "<5"]]


def test_prefers_html_table_over_text() -> None:
    assert parse_clipboard("9\t9", "<table><tr><td>1</td><td>2</td></tr></table>") == [["1", "2"]]
    assert parse_clipboard("9\t9", "<b>no table</b>") == [["9", "9"]]
    assert parse_clipboard("", "") == []


def test_to_tsv_round_trip() -> None:
    grid = [["1", "2"], ["", "4"]]
    assert parse_tsv(to_tsv(grid)) == grid
