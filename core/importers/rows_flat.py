"""Finding the official rows in running text (a flattened copy or a PDF's text): label, then figures."""

from __future__ import annotations

import re

from core.importers.labels import label_pattern
from core.importers.locate import Heading
from core.importers.rows_struct import RowRead
from core.template import HeaderNode, TableSpec, Template

_REGION = {"t3": ("s3", "s4"), "t4": ("s4", "s5")}
_FIXED_ANCHORS = ("信息内容", "申请人情况", "法人或其他组织", "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉")
_START = {"t3": "一、本年新收政府信息公开申请数量", "t4": "结果维持"}
_NOTE = re.compile(r"[（(]\s*本列数据的勾稽关系为[^）)]*[）)]")


def _region(table: str, headings: dict[str, Heading], length: int) -> tuple[int, int]:
    first, last = _REGION.get(table, ("s2", "s3"))
    start = headings[first].end if first in headings else 0
    end = headings[last].start if last in headings and headings[last].start > start else length
    return start, end


def _nodes(nodes: tuple[HeaderNode, ...]) -> list[HeaderNode]:
    out = []
    for n in nodes:
        out.append(n)
        out.extend(_nodes(n.children))
    return out


def _anchors(text: str, start: int, end: int, template: Template) -> list[tuple[int, int]]:
    """Every place in [start, end) where some label of the form is printed."""
    labels = {n.label for spec in template.tables.values() for n in _nodes(spec.rows) + _nodes(spec.columns)
              if n.label}
    labels |= {spec.title for spec in template.tables.values()} | set(_FIXED_ANCHORS)
    spans = []
    for label in labels:
        for m in label_pattern(label).finditer(text, start, end):
            spans.append((m.start(), m.end()))
    spans += [(m.start(), m.end()) for m in _NOTE.finditer(text, start, end)]
    return sorted(spans)


def read_flat_rows(text: str, headings: dict[str, Heading], template: Template,
                   wanted: set[tuple[str, str]]) -> dict[tuple[str, str], RowRead]:
    """The wanted rows found as ``label + figures`` in the text, in the form's order."""
    found: dict[tuple[str, str], RowRead] = {}
    cache: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for spec in template.tables.values():
        start, end = _region(spec.id, headings, len(text))
        # the table starts at a label only it has: narrative before it ("予以公开6件") is never read
        m = label_pattern(_START.get(spec.id, spec.title)).search(text, start, end)
        if not m:
            continue
        start = m.start() if spec.id == "t3" else m.end()
        anchors = cache.setdefault((start, end), _anchors(text, start, end, template))
        if spec.id == "t4":
            _read_t4(text, start, end, anchors, spec, wanted, found)
            continue
        pos = start
        for leaf in spec.row_leaves():
            if (spec.id, leaf.id) not in wanted:
                continue
            m = label_pattern(leaf.label).search(text, pos, end)
            if not m:
                continue
            stop = next((a for a, _ in anchors if a >= m.end()), end)
            found[(spec.id, leaf.id)] = RowRead(spec.id, leaf.id, run=text[m.end():stop], where="正文",
                                                 span=(m.start(), stop))
            pos = m.end()
    return found


def _read_t4(text: str, start: int, end: int, anchors: list[tuple[int, int]], spec: TableSpec,
             wanted: set[tuple[str, str]], found: dict[tuple[str, str], RowRead]) -> None:
    if ("t4", "cases") not in wanted:
        return
    anchors = [(a, b) for a, b in anchors if a >= start - 4]
    for i, (_, b) in enumerate(anchors):
        stop = anchors[i + 1][0] if i + 1 < len(anchors) else end
        run = text[b:max(b, stop)]
        if re.search(r"\d", run) and re.fullmatch(r"[\s\d\-—/]*", run):
            found[("t4", "cases")] = RowRead("t4", "cases", run=run, where="正文", span=(b, max(b, stop)))
            return
