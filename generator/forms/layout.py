"""GB/T 9704-2012 page and type: A4, margins 37/35/28/26 mm, 仿宋_GB2312 16 pt body,
方正小标宋简体 22 pt title, 黑体 / 楷体_GB2312 headings, page numbers "— N —";
and one house style for every table (see `table`).

Fonts are named, not embedded: Word and WPS on the reader's machine supply them
(our PDFs map the names to installed fonts: generator/render/fonts.conf).
East Asian fonts are set with w:eastAsia on every style and run, and the theme
font attributes are removed, because a theme attribute overrides a named font.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

PAGE = {"width": 210, "height": 297, "top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM = PAGE["width"] - PAGE["left"] - PAGE["right"]  # 156 mm: nothing may stick out of it
BODY_FONT, TITLE_FONT, HEADING1_FONT, HEADING2_FONT, NUMBER_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"
BODY_PT, TITLE_PT, NUMBER_PT = 16, 22, 14
LINE_PT = 28  # 22 lines a page
# Tables: 12 pt (小四) cells with a fixed 18 pt line, a bold 黑体 header row.
TABLE_PT, TABLE_LINE_PT, CELL_MARGIN_MM, CELL_PAD_MM, ROW_MM = 12, 18, 1.2, 0.5, 7
NOTE_PT = 12  # 说明 / 注 under a table
LINE_EM = 27  # full-width characters of body text that fit on one line of the text block
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# Paragraph styles the house style adds (style ids are the names without spaces).
TABLE_TEXT, TABLE_HEADING, NOTE, HINT = "Table Text", "Table Heading", "Note", "Hint"


def twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


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
        anchor = fonts
        for tag in ("w:b", "w:bCs"):  # schema order: rFonts, b, bCs, ...
            el = rpr.find(qn(tag))
            if bold and el is None:
                el = OxmlElement(tag)
                anchor.addnext(el)
            elif not bold and el is not None:
                rpr.remove(el)
                continue
            anchor = el if el is not None else anchor


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
    section.header_distance = Mm(20)  # a running header (booklet) sits above the text block
    section.footer_distance = Mm(28)  # page number 7 mm below the text block


def _styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    set_font(normal.element, BODY_FONT, BODY_PT)
    normal.paragraph_format.line_spacing = Pt(LINE_PT)
    normal.paragraph_format.space_after = Pt(0)
    title = styles["Title"]
    set_font(title.element, TITLE_FONT, TITLE_PT, bold=False)
    _black(title.element)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = Pt(16)
    title.paragraph_format.keep_with_next = True
    _clear_border(title.element)
    for name, font, bold in (("Heading 1", HEADING1_FONT, False), ("Heading 2", HEADING2_FONT, False), ("Heading 3", BODY_FONT, True)):
        style = styles[name]
        set_font(style.element, font, BODY_PT, bold=bold)
        style.paragraph_format.space_before = Pt(8)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        style.paragraph_format.keep_with_next = True
        _black(style.element)
    table = styles["Table Grid"]
    set_font(table.element, BODY_FONT, TABLE_PT)
    _table_styles(styles)
    _no_theme_fonts(styles)


def body_type(document, size_pt: float, line_pt: float) -> None:
    """A smaller body for documents that are not official documents (a test paper)."""
    normal = document.styles["Normal"]
    set_font(normal.element, BODY_FONT, size_pt)
    normal.paragraph_format.line_spacing = Pt(line_pt)


def _table_styles(styles) -> None:
    """Cell paragraphs carry their own style: a table style's font size loses to the
    paragraph style (Normal, 16 pt) in Word's order of precedence."""
    text = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = styles["Normal"]
    set_font(text.element, BODY_FONT, TABLE_PT)
    fmt = text.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(TABLE_LINE_PT)
    fmt.first_line_indent, fmt.space_before, fmt.space_after = Pt(0), Pt(0), Pt(0)
    heading = styles.add_style(TABLE_HEADING, WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = text
    set_font(heading.element, HEADING1_FONT, TABLE_PT, bold=True)
    heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    note = styles.add_style(NOTE, WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["Normal"]
    set_font(note.element, BODY_FONT, NOTE_PT)
    fmt = note.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(TABLE_LINE_PT)
    fmt.first_line_indent, fmt.space_before = Pt(0), Pt(4)
    hint = styles.add_style(HINT, WD_STYLE_TYPE.PARAGRAPH)
    hint.base_style = styles["Normal"]
    set_font(hint.element, HEADING2_FONT, BODY_PT)
    hint.paragraph_format.first_line_indent = Pt(BODY_PT * 2)


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
    settings = document.settings.element
    if settings.find(qn("w:evenAndOddHeaders")) is None:
        settings.append(OxmlElement("w:evenAndOddHeaders"))
    page_numbers(document.sections[0])


def page_numbers(section) -> None:
    """— N — : odd pages at the right, even pages at the left, one character in."""
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


def running_header(section, text: str) -> None:
    """The same line on odd and even pages, 五号, centred over a rule."""
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing = Pt(14)
        paragraph.paragraph_format.first_line_indent = Pt(0)
        run = paragraph.add_run(text)
        set_font(run._r, BODY_FONT, 10.5)
        ppr = paragraph._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for attr, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "4"), ("w:color", "000000")):
            bottom.set(qn(attr), value)
        borders.append(bottom)
        ppr.insert(1, borders)


def title(document, text: str) -> None:
    document.add_paragraph(text, style="Title")


def heading(document, text: str, level: int = 1, new_page: bool = False):
    p = document.add_paragraph(text, style=f"Heading {level}")
    if new_page:
        p.paragraph_format.page_break_before = True
    return p


def spaced_run(paragraph, text: str, after_pt: float):
    """A run followed by `after_pt` of room (character spacing, not spaces: no line break there)."""
    run = paragraph.add_run(text)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(round(after_pt * 20)))
    run._r.get_or_add_rPr().append(spacing)
    return run


def paragraph(document, text: str, indent: bool = True, align=None, style: str | None = None):
    p = document.add_paragraph(text, style=style)
    if indent:
        p.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    elif style is None:
        p.paragraph_format.first_line_indent = Pt(0)
    if align is not None:
        p.alignment = align
    return p


def centred(document, text: str, font: str | None = None):
    p = paragraph(document, text, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    if font:
        for run in p.runs:
            set_font(run._r, font)
    return p


CENTER = WD_ALIGN_PARAGRAPH.CENTER


def fields(document, *pairs: tuple[str, str], align=None):
    """One line of "label：value" pairs. Its blank version (every value a line to write on)
    must fit one line of the text block, so no label is parted from its line."""
    text = "　".join(f"{label}：{value}" for label, value in pairs)
    if em_width(blank_version(text)) > LINE_EM:
        raise ValueError(f"「{blank_version(text)}」 is longer than a line")
    return paragraph(document, text, indent=False, align=align)


def blank_version(text: str) -> str:
    """Template text as a blank form shows it: each {{ x or '＿＿' }} as its line."""
    text = re.sub(r"\{\{[^}]*?'(＿+)'\s*\}\}", r"\1", text)
    return re.sub(r"\{\{[^}]*\}\}", "＿" * 6, text)


def note(document, text: str):
    """A 说明 / 依据 line under a table, in the table's size."""
    return document.add_paragraph(text, style=NOTE)


def writing_room(document, hint: str, lines: int) -> None:
    """A hint in 楷体 (what to write here) and empty lines to write on."""
    document.add_paragraph(hint, style=HINT)
    for _ in range(lines):
        document.add_paragraph("")


def signature(document, *lines: str) -> None:
    """Signature and date lines at the right, four characters in (as GB/T 9704 places the date)."""
    for k, text in enumerate(lines):
        p = paragraph(document, text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.right_indent = Pt(BODY_PT * 4)
        p.paragraph_format.keep_with_next = k < len(lines) - 1
        if k == 0:
            p.paragraph_format.space_before = Pt(LINE_PT)


def page_break(document) -> None:
    from docx.enum.text import WD_BREAK

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def contents_line(document, text: str, page: str, level: int = 1):
    """A line of a contents page: text, dot leader, page number at the right margin."""
    p = paragraph(document, f"{text}\t{page}", indent=False)
    p.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    p.paragraph_format.left_indent = Pt(BODY_PT * 2 * (level - 1))
    return p


# ---- tables ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    """A cell of a record grid: a label (bold, like a header) or content; `span` columns wide.
    Newlines in `text` start new paragraphs; `bottom` puts them at the foot of a tall cell."""

    text: str = ""
    label: bool = False
    span: int = 1
    align: str | None = None  # left / center / right; labels are centred, text starts at the left
    bottom: bool = False


@dataclass(frozen=True)
class Row:
    cells: tuple
    height_mm: float | None = None  # at least this tall (room to write)


ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def table(document, headers: list[str] | None, rows: list, widths_mm: list[float], align: list[str] | None = None,
          row_height_mm: float | None = ROW_MM):
    """The house table: 12 pt cells, a bold header row repeated on every page, fixed
    column widths inside the 156 mm text block, rows that never split across pages.

    `rows` holds lists of strings (plain rows; a first cell starting with {%tr is a
    docxtpl loop row), or `Row`s of `Cell`s for record grids with labels and spans.
    `align` gives each column's alignment in plain rows (default: left).
    """
    if abs(sum(widths_mm) - TEXT_WIDTH_MM) > 0.01:
        raise ValueError(f"column widths add up to {sum(widths_mm)} mm, not the text block's {TEXT_WIDTH_MM} mm")
    body = document.element.body
    if len(body) > 1 and body[-2].tag == qn("w:tbl"):
        _spacer(document)  # Word joins tables that touch: keep each one whole, header row first
    grid = document.add_table(rows=0, cols=len(widths_mm))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False  # w:tblLayout fixed
    _table_properties(grid, widths_mm)
    align = align or ["left"] * len(widths_mm)
    for header, width in zip(headers or [], widths_mm):
        if not fits_cell(header, width):
            raise ValueError(f"header 「{header}」 does not fit its {width} mm column on one line")
    if headers:
        _add_row(grid, widths_mm, Row(tuple(Cell(h, label=True, align="center") for h in headers)), header=True)
    for row in rows:
        if isinstance(row, Row):
            _add_row(grid, widths_mm, row)
        else:
            loop = row and row[0].startswith("{%")
            cells = tuple(Cell(text, align=a) for text, a in zip(row, align))
            _add_row(grid, widths_mm, Row(cells, None if loop else row_height_mm))
    return grid


def _spacer(document) -> None:
    p = document.add_paragraph(style=TABLE_TEXT)
    p.paragraph_format.line_spacing = Pt(6)


def _table_properties(grid, widths_mm: list[float]) -> None:
    tblPr = grid._tbl.tblPr
    width = tblPr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(sum(twips(w) for w in widths_mm)))
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(twips(CELL_MARGIN_MM if side in ("left", "right") else CELL_PAD_MM)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    look = tblPr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tblPr.append(margins)
    for column, width_mm in zip(grid._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm):
        column.set(qn("w:w"), str(twips(width_mm)))


def _add_row(grid, widths_mm: list[float], row: Row, header: bool = False) -> None:
    tr = grid.add_row()
    trPr = tr._tr.get_or_add_trPr()
    trPr.append(OxmlElement("w:cantSplit"))
    if row.height_mm:
        height = OxmlElement("w:trHeight")
        height.set(qn("w:val"), str(twips(row.height_mm)))
        height.set(qn("w:hRule"), "atLeast")
        trPr.append(height)
    if header:
        trPr.append(OxmlElement("w:tblHeader"))
    if sum(c.span for c in row.cells) != len(widths_mm):
        raise ValueError(f"row spans {sum(c.span for c in row.cells)} columns, the table has {len(widths_mm)}")
    column = 0
    for spec in row.cells:
        cell = tr.cells[column]
        if spec.span > 1:
            cell = cell.merge(tr.cells[column + spec.span - 1])
        cell.width = Mm(sum(widths_mm[column:column + spec.span]))
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM if spec.bottom else WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _fill(cell, spec)
        column += spec.span


def _fill(cell, spec: Cell) -> None:
    style = TABLE_HEADING if spec.label else TABLE_TEXT
    for k, text in enumerate(spec.text.split("\n")):
        p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        p.style = style
        if text:
            p.add_run(text)
        if spec.align is not None and spec.align != ("center" if spec.label else "left"):
            p.alignment = ALIGN[spec.align]


def em_width(text: str) -> float:
    """Width in full-width characters as LibreOffice sets our fonts: ASCII takes 0.55, and a
    quarter is added where Chinese meets ASCII (it always spaces Asian from Latin text)."""
    def wide(ch: str) -> bool:
        return ord(ch) >= 0x2E80 or ch in "“”‘’—…□"

    width = sum(1 if wide(ch) else 0.55 for ch in text)
    return width + 0.25 * sum(1 for a, b in zip(text, text[1:]) if wide(a) != wide(b) and " " not in (a, b))


def text_mm(text: str, size_pt: float = TABLE_PT) -> float:
    return em_width(text) * size_pt * 25.4 / 72


def fits_cell(text: str, width_mm: float) -> bool:
    return text_mm(text) <= width_mm - 2 * CELL_MARGIN_MM


def attachment(document, label: str = "附件"):
    """附件 at the top left of a new page, in 黑体 (GB/T 9704)."""
    p = paragraph(document, "", indent=False)
    p.paragraph_format.page_break_before = True
    set_font(p.add_run(label)._r, HEADING1_FONT)
    return p
