"""Word (.docx): the body's paragraphs and table cells in order, one line each.

Word can keep 「第一条」 or 「（一）」 out of the text, as list numbering
(numbering.xml); the label is recovered from the list definition and written
in front of the paragraph, and a numbering that cannot be recovered is
reported with its paragraph. Text boxes, headers and footers are not body text:
they are listed as left out, never dropped silently.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from generator.importing.extracted import Dropped, Extracted, ImportFailed, ImportWarning, add_lines
from generator.numbers import int_to_chinese

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Inside these the text is not shown (deleted, moved away) or not body text.
_SKIPPED = {W + "del", W + "moveFrom", MC + "Fallback", W + "txbxContent", W + "footnoteReference", W + "endnoteReference"}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_STOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
MAX_UNPACKED_BYTES = 300 * 1024 * 1024  # a document of thousands of pages, far below a zip bomb


def read_docx(raw: bytes, name: str) -> Extracted:
    document = _open(raw, name)
    extracted = Extracted("docx", "")
    numbering = _Numbering(document)
    lines: list[tuple[str, str]] = []
    paragraphs = tables = 0
    for child in document.element.body.iterchildren():
        if child.tag == W + "p":
            paragraphs += 1
            lines += _paragraph(child, f"第 {paragraphs} 段", numbering, extracted)
        elif child.tag == W + "tbl":
            tables += 1
            lines += _table(child, tables, numbering, extracted)
        elif child.tag == W + "sdt":  # a content control wrapping paragraphs
            for p in child.iter(W + "p"):
                paragraphs += 1
                lines += _paragraph(p, f"第 {paragraphs} 段", numbering, extracted)
    _headers_and_footers(document, extracted)
    extracted.description = f"Word 文档（{paragraphs} 段" + (f"，{tables} 个表格" if tables else "") + "）"
    if numbering.recovered:
        extracted.notes.append(f"由 Word 自动编号还原了 {numbering.recovered} 个编号（如「{numbering.example}」），已写在段首")
    if tables:
        extracted.notes.append("表格中的文字按行、列顺序逐段导入")
    add_lines(extracted, lines)
    return extracted


def _open(raw: bytes, name: str):
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(raw)).infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise ImportFailed(f"{name}: 解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB，拒绝读取")
        return docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError, PackageNotFoundError):
        raise ImportFailed(f"{name}: 不是有效的 Word 文档（.docx）；旧版 .doc 或 WPS 文件请先另存为 .docx") from None


def _paragraph(p, where: str, numbering: "_Numbering", extracted: Extracted) -> list[tuple[str, str]]:
    text = _text(p, where, extracted)
    label = numbering.label_for(p, where, extracted)
    return [(line, where) for line in (label + text).split("\n")]


def _table(tbl, number: int, numbering: "_Numbering", extracted: Extracted) -> list[tuple[str, str]]:
    lines = []
    for r, row in enumerate(tbl.iter(W + "tr"), start=1):
        for c, cell in enumerate(row.iter(W + "tc"), start=1):
            for p in cell.iter(W + "p"):
                lines += _paragraph(p, f"表格 {number} 第 {r} 行第 {c} 列", numbering, extracted)
    return lines


def _text(p, where: str, extracted: Extracted) -> str:
    """The paragraph's visible text in order: runs, hyperlinks, fields, insertions."""
    parts: list[str] = []

    def walk(element) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if tag == W + "txbxContent":
                boxed = "".join(t.text or "" for t in child.iter(W + "t"))
                if boxed.strip():
                    extracted.dropped.append(Dropped(where, boxed, "文本框中的文字（不属于正文段落）"))
                continue
            if tag in _SKIPPED:
                continue
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag == W + "tab":
                parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                parts.append("" if child.get(W + "type") == "page" else "\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag == W + "sym":
                parts.append(_symbol(child, where, extracted))
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _symbol(sym, where: str, extracted: Extracted) -> str:
    code = int(sym.get(W + "char", "0"), 16)
    if 0xF000 <= code <= 0xF0FF:  # a Symbol/Wingdings glyph with no Unicode meaning
        extracted.warnings.append(ImportWarning(where, "docx-symbol", f"符号字体字符（{sym.get(W + 'font')} {code:X}）无法转为文字，已略去"))
        return ""
    return chr(code)


def _headers_and_footers(document, extracted: Extracted) -> None:
    seen: set[str] = set()
    for k, section in enumerate(document.sections, start=1):
        for kind, part in (("页眉", section.header), ("页脚", section.footer)):
            if part.is_linked_to_previous:
                continue
            text = "".join(p.text for p in part.paragraphs).strip()
            if text and text not in seen:
                seen.add(text)
                extracted.dropped.append(Dropped(f"第 {k} 节{kind}", text, f"{kind}（不属于正文）"))


# --- list numbering ---------------------------------------------------------------------------


@dataclass
class _Level:
    start: int
    fmt: str
    text: str
    suffix: str
    legal: bool


@dataclass
class _Numbering:
    """numbering.xml read once; counters kept per list (numId) as Word does."""

    document: object
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId → ilvl → level
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    styles: dict[str, tuple[str, int] | None] = field(default_factory=dict)
    recovered: int = 0
    example: str = ""

    def __post_init__(self) -> None:
        root = _numbering_root(self.document)
        if root is None:
            return
        abstract = {a.get(W + "abstractNumId"): a for a in root.iter(W + "abstractNum")}
        for num in root.iter(W + "num"):
            base = num.find(W + "abstractNumId")
            definition = abstract.get(base.get(W + "val")) if base is not None else None
            if definition is None:
                continue
            levels = {int(lvl.get(W + "ilvl", "0")): _level(lvl) for lvl in definition.iter(W + "lvl")}
            for override in num.iter(W + "lvlOverride"):
                ilvl = int(override.get(W + "ilvl", "0"))
                start = override.find(W + "startOverride")
                if start is not None and ilvl in levels:
                    levels[ilvl].start = int(start.get(W + "val", "1"))
            self.levels[num.get(W + "numId")] = levels

    def label_for(self, p, where: str, extracted: Extracted) -> str:
        found = _num_pr(p) or self._style_num_pr(p)
        if found is None:
            return ""
        num_id, ilvl = found
        levels = self.levels.get(num_id)
        if num_id == "0" or levels is None or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet":
            extracted.warnings.append(ImportWarning(where, "docx-numbering", f"Word 项目符号（{level.text or '无'}）不是编号，未写入文本"))
            return ""
        try:
            label = _render(level, levels, counters)
        except _Unsupported as exc:
            extracted.warnings.append(ImportWarning(where, "docx-numbering",
                                                    f"无法还原 Word 自动编号（格式 {exc}），编号未写入文本，请对照原件补上"))
            return ""
        if not label:
            return ""
        self.recovered += 1
        self.example = self.example or label
        return label + level.suffix

    def _style_num_pr(self, p) -> tuple[str, int] | None:
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is None:
            return None
        return self._style_chain(style.get(W + "val"), depth=0)

    def _style_chain(self, style_id: str | None, depth: int) -> tuple[str, int] | None:
        if style_id is None or depth > 10:
            return None
        if style_id not in self.styles:
            element = self.document.styles.element.get_by_id(style_id)
            found = None
            if element is not None:
                found = _num_pr(element)
                if found is None:
                    based = element.find(W + "basedOn")
                    found = self._style_chain(based.get(W + "val") if based is not None else None, depth + 1)
            self.styles[style_id] = found
        return self.styles[style_id]


class _Unsupported(Exception):
    pass


def _numbering_root(document):
    try:
        part = document.part.numbering_part
    except (KeyError, NotImplementedError):
        return None
    return part.element


def _num_pr(element) -> tuple[str, int] | None:
    num_pr = element.find(f"{W}pPr/{W}numPr")
    if num_pr is None:
        return None
    num_id = num_pr.find(W + "numId")
    ilvl = num_pr.find(W + "ilvl")
    if num_id is None:
        return None
    return num_id.get(W + "val"), int(ilvl.get(W + "val", "0")) if ilvl is not None else 0


def _level(lvl) -> _Level:
    def val(tag: str, default: str) -> str:
        node = lvl.find(W + tag)
        return node.get(W + "val", default) if node is not None else default

    suffix = {"tab": "\t", "space": " ", "nothing": ""}.get(val("suff", "tab"), "\t")
    return _Level(int(val("start", "1")), val("numFmt", "decimal"), val("lvlText", ""), suffix, lvl.find(W + "isLgl") is not None)


def _render(current: _Level, levels: dict[int, _Level], counters: dict[int, int]) -> str:
    """lvlText with %1…%9 replaced by the counters of those levels (「第%1条」 → 第三条)."""
    out = current.text
    for k in range(9):
        if f"%{k + 1}" in out:
            level = levels.get(k)
            value = counters.get(k, level.start if level else 1)
            fmt = "decimal" if current.legal or level is None else level.fmt
            out = out.replace(f"%{k + 1}", _format(value, fmt))
    return out


def _format(n: int, fmt: str) -> str:
    if fmt in ("decimal", "ordinal", "cardinalText"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return int_to_chinese(n)
    if fmt == "ideographDigital":
        return "".join("〇一二三四五六七八九"[int(c)] for c in str(n))
    tables = {"decimalEnclosedCircle": _CIRCLED, "decimalEnclosedCircleChinese": _CIRCLED,
              "decimalEnclosedParen": _PAREN, "decimalEnclosedFullstop": _STOP, "ideographTraditional": _STEMS}
    if fmt in tables and 1 <= n <= len(tables[fmt]):
        return tables[fmt][n - 1]
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        roman = _roman(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "none":
        return ""
    raise _Unsupported(fmt)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += numeral
            n -= value
    return out
