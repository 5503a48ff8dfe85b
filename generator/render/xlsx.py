"""A small .xlsx writer for the generated county workbooks.

The workbooks hold one row per unit and item (300,000 rows at Changde scale);
openpyxl spends most of a build writing them cell by cell. This writes the
few parts a workbook needs directly — shared strings, column widths, a bold
frozen header, one list validation — and is read back by openpyxl, Excel, WPS
and LibreOffice alike. Entry times and document dates are fixed, so the bytes
depend on the content only.

Every cell is data: text is a shared string (never a formula), and text that
starts like a formula ("=HYPERLINK(…)", "+", "-", "@") is also marked
quotePrefix, so Excel and WPS keep it as text when someone edits the cell.
A county's workbook repeats the same duty texts on every unit's rows: in the
shared-strings table each is written once (the sheet of a 1,500-unit county
was 16 MB of XML with inline strings).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

Cell = str | int | float | None
# characters XML 1.0 cannot hold are removed (str.translate: the cheapest way over 300,000 rows)
_ILLEGAL = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]]
    widths: list[float] = field(default_factory=list)
    header: bool = False  # first row bold and frozen
    validation: tuple[str, list[str]] | None = None  # (column letter, allowed values) for rows 2…
    hidden: tuple[int, ...] = ()  # columns (from 0) kept in the file but not shown


def column(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def write_xlsx(path: Path, sheets: list[Sheet], title: str, creator: str, stamp: dt.datetime) -> Path:
    parts = {
        "[Content_Types].xml": _content_types(len(sheets)),
        "_rels/.rels": _root_rels(),
        "docProps/core.xml": _core(title, creator, stamp),
        "docProps/app.xml": f'{_XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>{escape(creator)}</Application></Properties>',
        "xl/workbook.xml": _workbook(sheets),
        "xl/_rels/workbook.xml.rels": _workbook_rels(len(sheets)),
        "xl/styles.xml": _STYLES,
    }
    strings = SharedStrings()
    parts |= {f"xl/worksheets/sheet{i}.xml": _sheet(s, strings) for i, s in enumerate(sheets, start=1)}
    parts["xl/sharedStrings.xml"] = strings.xml()
    path.parent.mkdir(parents=True, exist_ok=True)
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            # a county's sheet is 30 MB of XML: the fastest level takes a quarter of the time of the
            # default for a file a quarter larger (3.7 → 4.7 MB for 4,000 units)
            archive.writestr(info, text.encode("utf-8"), compresslevel=1 if len(text) > 1_000_000 else None)
    return path


class SharedStrings:
    """The workbook's table of texts; a cell refers to its text by number (in order of first use)."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.uses = 0

    def __call__(self, value: str) -> int:
        self.uses += 1
        found = self.index.get(value)
        if found is None:
            found = self.index[value] = len(self.index)
        return found

    def xml(self) -> str:
        items = "".join(_string_item(value) for value in self.index)
        return f'{_XML}<sst xmlns="{_NS}" count="{self.uses}" uniqueCount="{len(self.index)}">{items}</sst>'


def _string_item(value: str) -> str:
    text = escape(value.translate(_ILLEGAL))
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f"<si><t{space}>{text}</t></si>"


def _sheet(sheet: Sheet, strings: SharedStrings) -> str:
    out = [f'{_XML}<worksheet xmlns="{_NS}" xmlns:r="{_REL}">']
    if sheet.header:
        out.append('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>')
    if sheet.widths:
        hidden = ' hidden="1"'
        cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"{hidden if i - 1 in sheet.hidden else ""}/>'
                       for i, w in enumerate(sheet.widths, start=1))
        out.append(f"<cols>{cols}</cols>")
    letters = [column(i) for i in range(max((len(r) for r in sheet.rows), default=0))]
    out.append("<sheetData>")
    rows, first = sheet.rows, 1
    if sheet.header and rows:
        cells = (_cell(f"{letters[c]}1", v, ' s="1"', strings) for c, v in enumerate(rows[0]) if v is not None and v != "")
        out.append(f'<row r="1">{"".join(cells)}</row>')
        first = 2
    # a county's sheet has over a million cells, most of them a few hundred texts over and over:
    # each text's cell after its reference is made once ("tail"), and the loop only joins strings
    heads = [f'<c r="{letter}' for letter in letters]
    tails: dict[str, str] = {}
    known = tails.get
    texts = 0
    for r in range(first, len(rows) + 1):
        number = str(r)
        cells = []
        add = cells.append
        for head, value in zip(heads, rows[r - 1]):
            if value is None or value == "":
                continue
            if type(value) is str:
                texts += 1
                tail = known(value)
                if tail is None:
                    tail = tails[value] = '"' + _text_tail(value, "", strings)
                add(head + number + tail)
            else:
                add(_cell(head[6:] + number, value, "", strings))
        out.append('<row r="' + number + '">' + "".join(cells) + "</row>")
    strings.uses += texts - len(tails)  # each tail counted its first use
    out.append("</sheetData>")
    if sheet.validation:
        letter, allowed = sheet.validation
        last = max(len(sheet.rows), 2)
        formula = escape('"' + ",".join(allowed) + '"')
        out.append(f'<dataValidations count="1"><dataValidation type="list" allowBlank="1" showErrorMessage="1" '
                   f'sqref="{letter}2:{letter}{last}"><formula1>{formula}</formula1></dataValidation></dataValidations>')
    out.append("</worksheet>")
    return "".join(out)


# what Excel, WPS and LibreOffice read as the start of a formula when a cell is edited or exported
FORMULA_STARTS = frozenset("=+-@\t\r")
QUOTED = ' s="2"'  # the style with quotePrefix


def _cell(ref: str, value: Cell, style: str, strings: SharedStrings) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}"{style}><v>{value}</v></c>'
    return f'<c r="{ref}"{_text_tail(str(value), style, strings)}'


def _text_tail(text: str, style: str, strings: SharedStrings) -> str:
    """A text cell after its reference: the quotePrefix style where the text starts like a formula."""
    return f'{QUOTED if text[:1] in FORMULA_STARTS else style} t="s"><v>{strings(text)}</v></c>'


def _content_types(sheets: int) -> str:
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, sheets + 1))
    return (f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f'{overrides}'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            '</Types>')


def _root_rels() -> str:
    return (f'{_XML}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
            '</Relationships>')


def _core(title: str, creator: str, stamp: dt.datetime) -> str:
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (f'{_XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{escape(title)}</dc:title><dc:creator>{escape(creator)}</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>')


def _workbook(sheets: list[Sheet]) -> str:
    entries = "".join(f'<sheet name="{escape(s.name)}" sheetId="{i}" r:id="rId{i}"/>' for i, s in enumerate(sheets, start=1))
    return f'{_XML}<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>{entries}</sheets></workbook>'


def _workbook_rels(sheets: int) -> str:
    rels = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, sheets + 1))
    rels += f'<Relationship Id="rId{sheets + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
    rels += f'<Relationship Id="rId{sheets + 2}" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    return f'{_XML}<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>'


_STYLES = (f'{_XML}<styleSheet xmlns="{_NS}">'
           '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
           '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
           '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>'
           '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
           '</styleSheet>')
