"""The public build's last guard: no ID-card or mobile number anywhere in it.

The public projection already refuses data that carries such numbers, with
their locations; this scan of every written file (text files, the parts of
Office zips, the search index's stored text) catches what reached an output
some other way, e.g. through content/ or a template.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path

from generator.errors import HandbookError
from generator.output import INDEX_DIR
from generator.personal import find_personal_numbers

MARKUP_SUFFIXES = {".html", ".xml", ".svg"}
TEXT_SUFFIXES = {".html", ".js", ".json", ".css", ".txt", ".ics", ".xml", ".csv", ".md", ".svg", ".map"}
ZIP_SUFFIXES = {".xlsx", ".docx", ".zip"}


class PersonalDataLeak(HandbookError):
    pass


def scan_output(root: Path, progress=None, skip: frozenset[str] = frozenset()) -> list[str]:
    """'file: kind' for every match in the output, text files and Office zips.
    `skip`: files already scanned by the process that wrote them (see `scan_files`)."""
    paths = sorted(p for p in root.rglob("*") if p.is_file() and p.relative_to(root).as_posix() not in skip)
    if progress is not None:
        progress.phase("检查个人信息", len(paths))
    return scan_files(root, paths, progress.advance if progress is not None else None)


def scan_files(root: Path, paths, advance=None) -> list[str]:
    """'file: kind' for every match in these files of the output (`root`)."""
    hits: list[str] = []
    seen: set[tuple[int, int]] = set()  # (crc, size) of archive parts already read: forms share most parts
    for path in paths:
        if advance is not None:
            advance()
        name = path.relative_to(root).as_posix()
        if name.startswith(INDEX_DIR + "/"):
            continue  # scanned as text before indexing (see generator.search)
        if path.suffix in TEXT_SUFFIXES:
            hits += scan_text(name, path.read_text(encoding="utf-8", errors="replace"), markup=path.suffix in MARKUP_SUFFIXES)
        elif path.suffix in ZIP_SUFFIXES:
            hits += _scan_zip(path, name, seen)
    return hits


def _scan_zip(source, name: str, seen: set[tuple[int, int]]) -> list[str]:
    """Every part of an Office file or zip, and of the Office files inside a zip."""
    hits: list[str] = []
    with zipfile.ZipFile(source) as archive:
        for info in archive.infolist():
            if (info.CRC, info.file_size) in seen:
                continue
            seen.add((info.CRC, info.file_size))
            data, inner = archive.read(info), f"{name}!{info.filename}"
            if info.filename.lower().endswith(tuple(ZIP_SUFFIXES)):
                hits += _scan_zip(io.BytesIO(data), inner, seen)
            else:
                xml = inner.endswith(".xml")
                text = (_without_references(data) if xml else data).decode("utf-8", errors="replace")
                hits += scan_text(inner, _office_text(text) if xml else text)
    return hits


def scan_text(name: str, text: str, markup: bool = False) -> list[str]:
    """Entities are decoded first ("&#49;38…"), inline tags removed ("<b>138</b>0013…")."""
    found = find_personal_numbers(html.unescape(text) if not markup else text, markup=markup)
    if markup:
        found += find_personal_numbers(html.unescape(_INLINE_TAGS.sub("", text)))
    return sorted({f"{name}：疑似{n.kind}（{n.masked}）" for n in found})


# Word and Excel XML: a paragraph, table cell, spreadsheet cell or shared string is a text of its own
# (figures in neighbouring cells are not one number typed with spaces); a line break or tab inside
# one is a separator people type; runs inside one are contiguous text.
_OFFICE_ENDS = re.compile(r"</(?:w:p|w:tc|c|si|row)>")
_OFFICE_BREAKS = re.compile(r"</w:tab>|<w:br/>|<w:tab/>")
_TAGS = re.compile(r"<[^>]+>")
_INLINE_TAGS = re.compile(r"<!--.*?-->|</?(?:b|i|u|s|em|strong|span|mark|a|sup|sub|small|font|code|abbr)\b[^>]*>", re.S | re.I)


# a spreadsheet cell of type "s" holds the number of its text in sharedStrings.xml (scanned itself), not text
_SHARED_STRING_REFERENCE = re.compile(r'<c\b[^>]*\bt="s"[^>]*><v>\d+</v></c>')


def _office_text(xml: str) -> str:
    xml = _OFFICE_ENDS.sub("\n|\n", _SHARED_STRING_REFERENCE.sub("\n|\n", xml))  # "|" separates no number
    return html.unescape(_TAGS.sub("", _OFFICE_BREAKS.sub("\n", xml)))


def _without_references(xml: bytes) -> bytes:
    """A worksheet whose every value is a reference to a shared string, without its cells.

    A county's sheet is a million such cells (35 MB): their texts are in sharedStrings.xml,
    scanned itself, and the cells hold nothing else — every value is a reference, there is no
    inline text or formula (<is>, <f>), and no text between tags but one per reference — so they
    are left out instead of being taken apart one by one. Any other sheet is read cell by cell.
    (Bytes, before they are decoded, counted in place: a county's sheet is 35 MB.)"""
    start, end = xml.find(b"<sheetData>"), xml.rfind(b"</sheetData>")
    if start < 0 or end < start:
        return xml
    end += 1  # with the "<" that follows the last cell
    references = xml.count(b't="s"><v>', start, end)
    if xml.count(b"<v", start, end) != references or any(xml.find(mark, start, end) >= 0 for mark in (b"<is", b"<f", b"<v></v>")):
        return xml
    if xml.count(b">", start, end) - xml.count(b"><", start, end) != references:  # a text after any other tag
        return xml
    return xml[:start] + xml[end - 1 + len(b"</sheetData>"):]


def assert_public(root: Path, progress=None, scanned: frozenset[str] = frozenset(), found: list[str] | None = None) -> None:
    """Stops the build if any file of the output holds a personal number. `scanned`: files
    the worker processes scanned as they wrote them, with what they `found`."""
    hits = sorted([*(found or []), *scan_output(root, progress, scanned)])
    if progress is not None:
        progress.finish()
    if hits:
        shown = "；".join(hits[:5]) + ("……" if len(hits) > 5 else "")
        raise PersonalDataLeak(f"公开版本中发现个人信息，已停止生成（原网站保持不变）：{shown}")
