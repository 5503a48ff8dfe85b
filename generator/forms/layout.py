"""GB/T 9704-2012 page and type: A4, margins 37/35/28/26 mm, 仿宋_GB2312 16 pt body,
方正小标宋简体 22 pt title, 黑体 / 楷体_GB2312 headings, page numbers "— N —".

Fonts are named, not embedded: Word and WPS on the reader's machine supply them.
East Asian fonts are set with w:eastAsia on every style and run, and the theme
font attributes are removed, because a theme attribute overrides a named font.
"""

from __future__ import annotations

import docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

PAGE = {"width": 210, "height": 297, "top": 37, "bottom": 35, "left": 28, "right": 26}
BODY_FONT, TITLE_FONT, HEADING1_FONT, HEADING2_FONT, NUMBER_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"
BODY_PT, TITLE_PT, NUMBER_PT, TABLE_PT = 16, 22, 14, 12
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_font(rpr_owner, name: str, size_pt: float | None = None, bold: bool | None = None) -> None:
    """Name a font for every script on a style or run, with no theme override."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(size_pt * 2)))
    if bold is not None:
        el = rpr.find(qn("w:b"))
        if bold and el is None:
            rpr.append(OxmlElement("w:b"))
        elif not bold and el is not None:
            rpr.remove(el)


def new_document() -> docx.Document:
    document = docx.Document()
    _strip_theme_defaults(document)
    _page(document.sections[0])
    _styles(document)
    _page_numbers(document)
    return document


def _strip_theme_defaults(document) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    for fonts in defaults.iter(qn("w:rFonts")):
        for attr in THEME_ATTRS:
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), BODY_FONT)


def _page(section) -> None:
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(PAGE["width"]), Mm(PAGE["height"])
    section.top_margin, section.bottom_margin = Mm(PAGE["top"]), Mm(PAGE["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE["left"]), Mm(PAGE["right"])
    section.footer_distance = Mm(28)  # page number 7 mm below the text block


def _styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    set_font(normal.element, BODY_FONT, BODY_PT)
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)
    title = styles["Title"]
    set_font(title.element, TITLE_FONT, TITLE_PT, bold=False)
    _black(title.element)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(16)
    _clear_border(title.element)
    for name, font in (("Heading 1", HEADING1_FONT), ("Heading 2", HEADING2_FONT)):
        style = styles[name]
        set_font(style.element, font, BODY_PT, bold=False)
        style.paragraph_format.space_before = Pt(8)
        style.paragraph_format.space_after = Pt(4)
        _black(style.element)
    table = styles["Table Grid"]
    set_font(table.element, BODY_FONT, TABLE_PT)
    _no_theme_fonts(styles)


def _no_theme_fonts(styles) -> None:
    """Every other style (e.g. the linked "Heading 1 Char") names its font too."""
    by_prefix = {"Heading1": HEADING1_FONT, "Heading2": HEADING2_FONT, "Title": TITLE_FONT}
    for style in styles.element.findall(qn("w:style")):
        for fonts in style.iter(qn("w:rFonts")):
            if not any(fonts.get(qn(a)) for a in THEME_ATTRS):
                continue
            for attr in THEME_ATTRS:
                fonts.attrib.pop(qn(attr), None)
            style_id = style.get(qn("w:styleId")) or ""
            name = next((font for prefix, font in by_prefix.items() if style_id.startswith(prefix)), BODY_FONT)
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                fonts.set(qn(attr), name)


def _black(style_element) -> None:
    """Official documents are printed black; drop the theme colours."""
    for color in style_element.iter(qn("w:color")):
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            color.attrib.pop(qn(attr), None)
        color.set(qn("w:val"), "000000")


def _clear_border(style_element) -> None:
    ppr = style_element.find(qn("w:pPr"))
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)


def _page_numbers(document) -> None:
    """— N — : odd pages at the right, even pages at the left, one character in."""
    settings = document.settings.element
    if settings.find(qn("w:evenAndOddHeaders")) is None:
        settings.append(OxmlElement("w:evenAndOddHeaders"))
    section = document.sections[0]
    _number_paragraph(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _number_paragraph(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _number_paragraph(paragraph, alignment) -> None:
    paragraph.alignment = alignment
    indent = Pt(NUMBER_PT)
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = indent
    else:
        paragraph.paragraph_format.left_indent = indent
    _run(paragraph, "— ")
    _field(paragraph, "PAGE")
    _run(paragraph, " —")


def _run(paragraph, text: str):
    run = paragraph.add_run(text)
    set_font(run._r, NUMBER_FONT, NUMBER_PT)
    return run


def _field(paragraph, instruction: str) -> None:
    run = _run(paragraph, "")
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)


def title(document, text: str) -> None:
    document.add_paragraph(text, style="Title")


def heading(document, text: str, level: int = 1) -> None:
    document.add_paragraph(text, style=f"Heading {level}")


def paragraph(document, text: str, indent: bool = True, align=None) -> None:
    p = document.add_paragraph(text)
    if indent:
        p.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    if align is not None:
        p.alignment = align


def table(document, headers: list[str], rows: list[list[str]], widths_mm: list[float] | None = None):
    """A bordered table; a row whose first cell starts with {%tr is a docxtpl loop row."""
    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(grid.rows[0].cells, headers):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            set_font(run._r, HEADING1_FONT, TABLE_PT)
    for values in rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, values):
            cell.text = text
    grid.autofit = False
    widths = widths_mm or [156 / len(headers)] * len(headers)  # the text block is 156 mm wide
    for column, width in zip(grid.columns, widths):
        column.width = Mm(width)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Mm(width)
    return grid
