"""Portal pages saved as .html: the article's content container, its paragraphs and tables.

Parsed with lxml.html (no network, no entity expansion from outside); scripts, styles and forms are
dropped before any text is taken.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from lxml import etree

from core.importers.blocks import Document, ImportRefused, Paragraph, grid_from_spans
from core.importers.read_txt import decode_text
from core.read.file_kind import unreadable_content

CONTAINERS = (
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' TRS_Editor ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' Custom_UnionStyle ')]",
    "//*[@id='zoom']", "//*[@id='ivs_content']", "//*[@id='webeditorview']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' article-content ')]",
    # older 平潭 pages: the report straight in div.article_content (newer ones wrap a TRS_Editor in it, found first)
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' article_content ')]",
)
_DROP = ("script", "style", "noscript", "iframe", "object", "embed", "form", "template", "svg", "head")
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "center", "blockquote",
          "pre", "ul", "ol", "dl", "dd", "dt", "header", "footer", "main", "font", "span", "strong", "b"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_META_NAMES = {"articletitle": "标题", "contentsource": "发布机构", "pubdate": "发布时间"}


def decode_html(raw: bytes, name: str) -> str:
    """The page's text: bytes that are valid UTF-8 are UTF-8 (a page saved as UTF-8 often keeps its old
    ``charset=gb2312`` tag); otherwise the meta charset, else GB 18030."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(raw[:4096])
    if m:
        charset = m.group(1).decode("ascii", "replace").lower()
        if charset in ("gb2312", "gbk", "gb18030", "x-gbk"):
            charset = "gb18030"
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(raw, name, "html")


def read_html(raw: bytes, name: str) -> Document:
    """A saved portal page read into the intermediate form."""
    text = decode_html(raw, name)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        raise ImportRefused(unreadable_content(Path(name), "html")) from None
    doc = Document(source_kind="html")
    _page_meta(root, doc)
    for el in root.iter(*_DROP):
        if el.getparent() is not None and el.tag != "head":
            el.drop_tree()
    body = _container(root)
    _walk(body, doc)
    return doc


def _page_meta(root, doc: Document) -> None:
    for meta in root.iter("meta"):
        key = _META_NAMES.get((meta.get("name") or "").lower())
        if key and (meta.get("content") or "").strip():
            doc.meta.setdefault(key, meta.get("content").strip())
    if "标题" not in doc.meta:
        title = root.find(".//title")
        if title is not None and (title.text or "").strip():
            doc.meta["页面标题"] = title.text.strip()


def _container(root):
    """The article's content element: the portal CMS containers, else the body."""
    for xpath in CONTAINERS:
        hits = root.xpath(xpath)
        if hits:
            return max(hits, key=lambda e: len(e.text_content()))
    body = root.find(".//body")
    return body if body is not None else root


def _walk(el, doc: Document) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "table" and not el.xpath(".//table"):
        doc.blocks.append(_table(el))
        return
    if tag in _BLOCK and not _has_blocks(el):
        text = _text(el, "\n")
        for line in text.split("\n"):
            if line.strip():
                doc.blocks.append(Paragraph(line.strip()))
        return
    if el.text and el.text.strip():
        doc.blocks.append(Paragraph(_clean(el.text)))
    for child in el:
        _walk(child, doc)
        if child.tail and child.tail.strip():
            doc.blocks.append(Paragraph(_clean(child.tail)))


def _has_blocks(el) -> bool:
    inline = ("span", "font", "strong", "b")
    return any(isinstance(c.tag, str) and (c.tag in _BLOCK or c.tag == "table") and c.tag not in inline
               for c in el.iter() if c is not el)


def _text(el, br: str) -> str:
    parts: list[str] = []

    def walk(node, top: bool) -> None:
        if not isinstance(node.tag, str):
            if node.tail and not top:
                parts.append(node.tail)
            return
        if node.tag == "br" or (node.tag in ("p", "div", "li") and not top and parts):
            parts.append(br)
        if node.text and node.tag != "br":
            parts.append(node.text)
        for child in node:
            walk(child, False)
        if node.tail and not top:
            parts.append(node.tail)

    walk(el, True)
    return _clean("".join(parts))


def _clean(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u3000", " ").replace("\r", "")


def _table(el):
    rows = []
    for tr in el.iter("tr"):
        cells = []
        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            text = re.sub(r"\s+", " ", _text(td, "")).strip()
            cells.append((text, _span(td.get("rowspan")), _span(td.get("colspan"))))
        rows.append(cells)
    return grid_from_spans(rows)


def _span(value: str | None) -> int:
    try:
        return int(str(value).strip()) if value else 1
    except ValueError:
        return 1
