"""Layout checks for our Word files and the PDFs LibreOffice makes of them.

Word side (structure): every table inside the 156 mm text block with fixed column
widths, rows that do not split, a bold header row repeated on each page (or label
cells down the first column), every cell paragraph in the 12 pt table style.
PDF side (what a reader sees), from poppler's `pdftotext -bbox-layout` and `pdffonts`:
text inside the text block, no citation / date / label-and-blank broken over two
lines, the mapped Chinese fonts embedded.
"""

from __future__ import annotations

import io
import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XHTML = "{http://www.w3.org/1999/xhtml}"
MM = 72 / 25.4
TEXT_BLOCK_MM = (28, 37, 184, 262)  # left, top, right, bottom of the GB/T 9704 text block
TABLE_STYLES = {"TableText", "TableHeading"}
CELL_HALF_POINTS = {24, 21}  # 12 pt or 五号

# Text that must never be broken over two lines when it fits on one: in table cells,
# citations and deadlines (in running text a line may break anywhere, as in print) ...
CELL_ATOMS = (
    re.compile(r"第\d+条第\d+句"),
    re.compile(r"\d{4}-\d{2}-\d{2}(?: ?前)?"),
)
# ... and anywhere, a label with its blank or its value's first character, a blank date,
# an answer bracket, a blank to write on.
TEXT_ATOMS = (
    re.compile(r"[\u4e00-\u9fff（）]{1,12}：＿+"),
    re.compile(r"(?:^|(?<=　))[\u4e00-\u9fff（）]{1,8}：[^\s　＿]", re.M),
    re.compile(r"＿{2,}年＿{2,}月＿{2,}日"),
    re.compile(r"（）"),
    re.compile(r"＿{3,}"),
)


# ---- Word ----------------------------------------------------------------------------------------

def _xml(data: bytes, part: str) -> ET.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return ET.fromstring(archive.read(part))


def _val(el, tag, attr="val"):
    found = el.find(f"{W}{tag}") if el is not None else None
    return None if found is None else found.get(f"{W}{attr}")


class Styles:
    """Effective run size and boldness of a paragraph style, through its basedOn chain."""

    def __init__(self, data: bytes):
        root = _xml(data, "word/styles.xml")
        self.by_id = {s.get(f"{W}styleId"): s for s in root.findall(f"{W}style")}
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.default_size = int(_val(defaults, "sz") or 20)
        self.default_style = next((sid for sid, s in self.by_id.items()
                                   if s.get(f"{W}type") == "paragraph" and s.get(f"{W}default") == "1"), "Normal")

    def _chain(self, style_id):
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            yield self.by_id[style_id]
            style_id = _val(self.by_id[style_id], "basedOn")

    def size(self, style_id) -> int:
        for style in self._chain(style_id or self.default_style):
            value = _val(style.find(f"{W}rPr"), "sz")
            if value:
                return int(value)
        return self.default_size

    def bold(self, style_id) -> bool:
        for style in self._chain(style_id):
            rpr = style.find(f"{W}rPr")
            b = rpr.find(f"{W}b") if rpr is not None else None
            if b is not None:
                return b.get(f"{W}val", "1") not in ("0", "false")
        return False


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def _is_loop_row(tr) -> bool:
    return _text(tr).lstrip().startswith("{%")


def table_problems(data: bytes, name: str = "") -> list[str]:
    """Every table in the house style; returns what is wrong, one line each."""
    body = _xml(data, "word/document.xml")
    styles = Styles(data)
    limit = round(156 * 1440 / 25.4) + 2
    problems = []
    for n, tbl in enumerate(body.iter(f"{W}tbl"), start=1):
        where = f"{name} 表{n}"
        pr = tbl.find(f"{W}tblPr")
        if _val(pr, "tblLayout", "type") != "fixed":
            problems.append(f"{where}: column widths not fixed")
        width = pr.find(f"{W}tblW")
        grid = sum(int(c.get(f"{W}w")) for c in tbl.find(f"{W}tblGrid").findall(f"{W}gridCol"))
        if width is None or width.get(f"{W}type") != "dxa" or int(width.get(f"{W}w")) > limit or grid > limit:
            problems.append(f"{where}: wider than the 156 mm text block ({grid} twips)")
        rows = [tr for tr in tbl.findall(f"{W}tr") if not _is_loop_row(tr)]
        if not rows:
            continue
        for k, tr in enumerate(rows):
            if tr.find(f"{W}trPr/{W}cantSplit") is None:
                problems.append(f"{where} 行{k + 1}: may split across pages")
        first_cells = [tc.findall(f"{W}p") for tc in rows[0].findall(f"{W}tc")]
        header = all(_val(p.find(f"{W}pPr"), "pStyle") == "TableHeading" for ps in first_cells for p in ps)
        labels = all(_val(tr.find(f"{W}tc/{W}p/{W}pPr"), "pStyle") == "TableHeading" for tr in rows)
        if header:
            if rows[0].find(f"{W}trPr/{W}tblHeader") is None:
                problems.append(f"{where}: header row does not repeat on each page")
            if not styles.bold("TableHeading"):
                problems.append(f"{where}: header row not bold")
        elif not labels:
            problems.append(f"{where}: neither a header row nor label cells")
        for p in tbl.iter(f"{W}p"):
            style = _val(p.find(f"{W}pPr"), "pStyle")
            if style not in TABLE_STYLES:
                problems.append(f"{where}: cell paragraph 「{_text(p)[:12]}」 in style {style} (not the table style)")
                continue
            sizes = {int(_val(r.find(f"{W}rPr"), "sz") or styles.size(style)) for r in p.iter(f"{W}r")} or {styles.size(style)}
            if not sizes <= CELL_HALF_POINTS:
                problems.append(f"{where}: cell 「{_text(p)[:12]}」 at {sorted(s / 2 for s in sizes)} pt")
    return problems


def docx_text(data: bytes, cells_only: bool = False) -> str:
    """Paragraph by paragraph, one per line (or only the table cells'); word joiners dropped."""
    body = _xml(data, "word/document.xml")
    paragraphs = (p for tc in body.iter(f"{W}tc") for p in tc.iter(f"{W}p")) if cells_only else body.iter(f"{W}p")
    return "\n".join(_text(p).replace("\u2060", "") for p in paragraphs)


# ---- PDF -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def pdf_lines(pdf: Path, join: bool = True) -> list[Line]:
    """Each visual line of text with its box in points. poppler splits a line at a wide
    gap (a table cell, an answer bracket's room); pieces on one baseline are joined again."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    root = ET.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", out))
    pieces = []
    for number, page in enumerate(root.iter(f"{XHTML}page"), start=1):
        for line in page.iter(f"{XHTML}line"):
            words = [w.text or "" for w in line.iter(f"{XHTML}word")]
            box = [float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
            pieces.append(Line(number, _join(words).replace("\u2060", ""), *box))
    if not join:
        return pieces
    pieces.sort(key=lambda l: (l.page, round(l.y1), l.x0))
    lines: list[Line] = []
    for piece in pieces:
        last = lines[-1] if lines else None
        if last and last.page == piece.page and abs(last.y1 - piece.y1) < 2:
            lines[-1] = Line(last.page, last.text + piece.text, min(last.x0, piece.x0), min(last.y0, piece.y0),
                             max(last.x1, piece.x1), max(last.y1, piece.y1))
        else:
            lines.append(piece)
    return lines


def _join(words: list[str]) -> str:
    text = ""
    for word in words:
        if text and text[-1].isascii() and text[-1].isalnum() and word[:1].isascii() and word[:1].isalnum():
            text += " "
        text += word
    return text


def outside_text_block(lines: list[Line], tolerance_mm: float = 0.5) -> list[Line]:
    left, _, right, _ = (v * MM for v in TEXT_BLOCK_MM)
    slack = tolerance_mm * MM
    return [line for line in lines if line.x0 < left - slack or line.x1 > right + slack]


def broken_atoms(data: bytes, lines: list[Line]) -> list[str]:
    """Citations and deadlines in cells, labels with their blanks or values, answer brackets
    and blanks anywhere: each must stand whole on one PDF line."""
    squeezed = [line.text.replace(" ", "") for line in lines]
    broken = []
    for text, patterns in ((docx_text(data, cells_only=True), CELL_ATOMS), (docx_text(data), TEXT_ATOMS)):
        for pattern in patterns:
            for atom in sorted({m.group(0) for m in pattern.finditer(text)}):
                if not any(atom.replace(" ", "") in line for line in squeezed):
                    broken.append(atom)
    return broken


def dangling_labels(lines: list[Line]) -> list[str]:
    """A label's colon ending a line with its value on the next, or a blank carried over
    from the right edge of the text block onto the next line."""
    right = TEXT_BLOCK_MM[2] * MM
    found = []
    for before, after in zip(lines, lines[1:]):
        height = before.y1 - before.y0
        if after.page != before.page or not (before.y1 - 1 < after.y0 < before.y1 + height):
            continue  # not the line below (pdftotext splits a line at a wide gap)
        if after.text.startswith("＿") and (before.text.endswith("：") or (before.text.endswith("＿") and before.x1 > right - height)):
            found.append(f"{before.text} / {after.text}")
    return found


@dataclass(frozen=True)
class PdfFont:
    name: str
    kind: str
    embedded: bool


def pdf_fonts(pdf: Path) -> list[PdfFont]:
    """`pdffonts`, parsed: the columns are fixed-width, as the header's dashes show."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    widths = [len(d) for d in out[1].split(" ")]
    fonts = []
    for row in out[2:]:
        cols, start = [], 0
        for w in widths:
            cols.append(row[start:start + w].strip())
            start += w + 1
        fonts.append(PdfFont(cols[0], cols[1], cols[3] == "yes"))
    return fonts


def font_family(name: str) -> str:
    """BAAAAA+NotoSerifCJKjp-Bold-VKana → NotoSerifCJK-Bold. The Noto CJK collection shares one
    glyph table named after its first (JP) face; the face LibreOffice used is checked separately."""
    base = name.split("+", 1)[-1]
    base = re.sub(r"CJK(jp|sc|tc|kr|hk)", "CJK", base)
    return re.sub(r"-VKana$|-Identity-H$", "", base)
