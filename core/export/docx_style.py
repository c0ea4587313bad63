"""The GB/T 9704 page and styles of the Word export, on python-docx (raw XML only where it has no API).

A4, margins 37/35/28/26 mm (top/bottom/left/right), a 28 × 22 document grid (3号 characters at 28 a
line, 22 lines a page); the fonts named as Word and WPS know them, set for East Asian text
(``w:eastAsia``) and listed in the font table with the stock face each falls back to (仿宋_GB2312 →
仿宋, 楷体_GB2312 → 楷体, 方正小标宋简体 → 宋体); page numbers ``— N —`` in 4号 宋体 at the outer edge
(odd pages right, even pages left).

The grid is what Word and WPS show in 页面设置 (cell = the 3号 default size + w:charSpace); the body does not
snap to it but keeps its pitch by itself (exact lines, condensed characters), so every renderer, LibreOffice
included, sets 28 characters a line and 22 lines a page; title and table text stay off the grid.
"""

from __future__ import annotations

import math

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.styles.style import ParagraphStyle
from docx.styles.styles import Styles
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

# Face per role: (name as Word/WPS know it, the stock face it falls back to, PANOSE of that face).
FACES = {
    "title": ("方正小标宋简体", "宋体", "02010600030101010101"),
    "body": ("仿宋_GB2312", "仿宋", "02010609060101010101"),
    "heading1": ("黑体", "SimHei", "02010609060101010101"),
    "heading2": ("楷体_GB2312", "楷体", "02010609060101010101"),
    "table": ("宋体", "SimSun", "02010600030101010101"),
}
TITLE_PT, BODY_PT, PAGE_NO_PT = 22.0, 16.0, 14.0  # 2号, 3号, 4号
MARGINS_MM = (37, 35, 28, 26)  # top, bottom, left, right
TEXT_W_MM = 210 - 28 - 26  # 156 mm: 28 characters of 3号
CHARS, LINES = 28, 22
LINE_PITCH_TWIPS = int((297 - 37 - 35) / LINES / 25.4 * 1440)  # 225 mm / 22 lines
CHAR_PITCH_PT = TEXT_W_MM / CHARS / 25.4 * 72
# w:charSpace: how much the character pitch exceeds the font size, in 1/4096 pt (negative: 28 characters of 3号)
CHAR_SPACE = math.floor((CHAR_PITCH_PT - BODY_PT) * 4096)
# Body text does not snap to the grid: LibreOffice gives a 3号 character two cells of 15.79 pt (it never
# narrows a character to the cell), so the body keeps the grid's pitch by itself: exact 22-a-page lines,
# and characters condensed by 0.5 pt, so 28 fit a line and 29 never do (28 × 15.5 ≤ 442 pt < 29 × 15.5).
BODY_CONDENSE_TWENTIETHS = -10
TITLE_LINE_TWIPS = round(LINE_PITCH_TWIPS * 1.25)  # as the PDF sets the title's lines
FOOTER_MM = 21  # the page number's line 7 mm below the text block (GB/T 9704 §7.5)
BODY_STYLE, TITLE_STYLE, TABLE_STYLE = "Normal", "报告标题", "表格文字"
HEADING_STYLES = ("Heading 1", "Heading 2")


# The schema's order of a w:pPr's children (Word refuses a file whose elements are out of order).
_PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
              "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
              "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
# The tags of a w:rPr that follow w:spacing in the schema's order.
_AFTER_RPR_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
                      "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
                      "w:specVanish", "w:oMath")


def ppr_child(ppr: etree._Element, tag: str) -> etree._Element:
    """The ``tag`` child of a w:pPr, created at its place in the schema's order when missing."""
    found = ppr.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        ppr.insert_element_before(found, *_PPR_ORDER[_PPR_ORDER.index(tag) + 1:])
    return found


def set_fonts(rpr: etree._Element, role: str) -> None:
    """Name the role's face for every script of a run or style (theme fonts removed), East Asian first."""
    name = FACES[role][0]
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    fonts.set(qn("w:hint"), "eastAsia")  # “”—… in the Chinese face, not the Latin one


def _child(parent: etree._Element, tag: str) -> etree._Element:
    """The first ``tag`` child of ``parent``, created (appended) when missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def indent_chars(ppr: etree._Element, first: float = 0, left: float = 0, right: float = 0) -> None:
    """Indents in characters (w:firstLineChars, 100 a character), with the 3号 twips as a fallback."""
    ind = ppr.get_or_add_ind()
    for chars, attr in ((first, "firstLine"), (left, "left"), (right, "right")):
        ind.set(qn(f"w:{attr}Chars"), str(round(chars * 100)))
        ind.set(qn(f"w:{attr}"), str(round(chars * BODY_PT * 20)))


def no_grid(ppr: etree._Element) -> None:
    """Let a paragraph (table cells, page marks) ignore the document grid's line and character pitch."""
    ppr_child(ppr, "w:snapToGrid").set(qn("w:val"), "0")


def char_spacing(rpr: etree._Element, twentieths: int) -> None:
    """Condense (negative) or expand a run's or style's characters by ``twentieths`` of a point (w:spacing)."""
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.insert_element_before(spacing, *_AFTER_RPR_SPACING)
    spacing.set(qn("w:val"), str(twentieths))


def _lines(style: ParagraphStyle, twips: int | None) -> None:
    """Exact line height (``twips``), or single spacing of the style's own size when None."""
    pf = style.paragraph_format
    if twips is None:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        pf.line_spacing, pf.line_spacing_rule = Twips(twips), WD_LINE_SPACING.EXACTLY


def _defaults(document: Document) -> None:
    """docDefaults: 3号 仿宋 (the size the character grid is measured in), Chinese language, no spacing."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, "body")
    _child(rpr, "w:sz").set(qn("w:val"), str(int(BODY_PT * 2)))
    _child(rpr, "w:szCs").set(qn("w:val"), str(int(BODY_PT * 2)))
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")


def _style(style: ParagraphStyle, role: str, size: float) -> None:
    """A paragraph style in one face and size, black, not bold, no space before or after."""
    style.font.size = Pt(size)
    style.font.bold = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    for theme in rpr.findall(qn("w:color")):
        for attr in ("w:themeColor", "w:themeShade"):
            theme.attrib.pop(qn(attr), None)
    set_fonts(rpr, role)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.space_after = Pt(0)


def _own_style(styles: Styles, name: str, role: str, size: float, line_twips: int | None) -> ParagraphStyle:
    """A centred style on the body in its own face and size, off the grid, with its own line height."""
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[BODY_STYLE]
    _style(style, role, size)
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    ppr = style.element.get_or_add_pPr()
    indent_chars(ppr)
    no_grid(ppr)  # a 2号 title or 9 pt table text must not be measured in 3号 cells
    _lines(style, line_twips)
    char_spacing(style.element.get_or_add_rPr(), 0)
    return style


def add_styles(document: Document, table_pt: float) -> None:
    """Body (仿宋, 2-character first-line indent), title (小标宋, centred), 黑体/楷体 headings, table text."""
    _defaults(document)
    styles = document.styles
    body = styles[BODY_STYLE]
    _style(body, "body", BODY_PT)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    ppr = body.element.get_or_add_pPr()
    indent_chars(ppr, first=2)
    no_grid(ppr)
    _lines(body, LINE_PITCH_TWIPS)
    char_spacing(body.element.get_or_add_rPr(), BODY_CONDENSE_TWENTIETHS)
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):  # no extra space between 2023 and 年, as the PDF prints it
        ppr_child(ppr, tag).set(qn("w:val"), "0")
    for name, role in zip(HEADING_STYLES, ("heading1", "heading2"), strict=True):
        heading = styles[name]
        _style(heading, role, BODY_PT)
        heading.paragraph_format.keep_with_next = True
    title = _own_style(styles, TITLE_STYLE, "title", TITLE_PT, TITLE_LINE_TWIPS)
    title.paragraph_format.space_after = Pt(BODY_PT * 1.8)  # one blank line under the title
    _own_style(styles, TABLE_STYLE, "table", table_pt, None)
    for name in ("Header", "Footer"):  # page marks and numbers: their own size, single-spaced
        _lines(styles[name], None)
        char_spacing(styles[name].element.get_or_add_rPr(), 0)
    _font_table(document)


def _font_table(document: Document) -> None:
    """List each face with the stock face Word uses when it is missing (w:altName), charset GB2312."""
    part = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    for name, alt, panose in FACES.values():
        for old in root.findall(qn("w:font")):
            if old.get(qn("w:name")) == name:
                root.remove(old)
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", alt), ("w:panose1", panose), ("w:charset", "86"),
                           ("w:family", "modern"), ("w:pitch", "fixed")):
            etree.SubElement(font, qn(tag)).set(qn("w:val"), value)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def setup_page(document: Document) -> None:
    """A4 with the GB/T 9704 margins and the 28 × 22 document grid; odd and even pages differ (page numbers)."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, bottom, left, right = MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance, section.footer_distance = Mm(15), Mm(FOOTER_MM)
    grid = _child(section._sectPr, "w:docGrid")
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))
    document.settings.odd_and_even_pages_header_footer = True


def font_run(paragraph: Paragraph, text: str, role: str, size: float | None = None) -> Run:
    """A run of text in a role's face (and size), East Asian font set."""
    run = paragraph.add_run(text)
    set_fonts(run._r.get_or_add_rPr(), role)
    if size is not None:
        run.font.size = Pt(size)
    return run


def _page_field(paragraph: Paragraph) -> None:
    """A PAGE field (the page's number) in 宋体 4号."""
    for kind, text in (("begin", ""), ("instr", " PAGE "), ("separate", ""), ("text", "1"), ("end", "")):
        run = font_run(paragraph, "", "table", PAGE_NO_PT)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run.text = text
        else:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run._r.append(mark)


def page_numbers(document: Document) -> None:
    """``— N —`` in 4号 宋体, one character in from the outer edge: odd pages right, even pages left."""
    section = document.sections[0]
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
        ppr = paragraph._p.get_or_add_pPr()
        indent_chars(ppr, right=1 if odd else 0, left=0 if odd else 1)
        no_grid(ppr)
        font_run(paragraph, "— ", "table", PAGE_NO_PT)
        _page_field(paragraph)
        font_run(paragraph, " —", "table", PAGE_NO_PT)


def page_mark(document: Document, text: str) -> None:
    """A centred status line (草稿 …) at the top of every page, in 宋体 10.5 pt."""
    section = document.sections[0]
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        ppr = paragraph._p.get_or_add_pPr()
        indent_chars(ppr)
        no_grid(ppr)
        font_run(paragraph, text, "table", 10.5)
