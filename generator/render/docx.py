"""Filling Word templates fast: prepare each template once, fill many.

Preparing reads the .docx, cleans the tags Word split across runs (docxtpl's
`patch_xml`), compiles word/document.xml as one sandboxed, XML-escaping Jinja
template, and compresses every other part once. Filling renders that one part,
compresses it, and writes the zip by hand around the pre-compressed parts:
no re-parsing, no python-docx, no recompression of styles and fonts.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from generator.errors import HandbookError
from generator.render.office_metadata import neutral_parts
from generator.render.templating import HandbookSandbox, TemplateFailed, compile_template, environment, render

DOCUMENT = "word/document.xml"
ZIP_TIME = (0, 0, 0)
ZIP_DATE = ((2012 - 1980) << 9) | (6 << 5) | 20  # entries dated 2012-06-20: same input, same bytes


class FormFailed(HandbookError):
    pass


def xml_environment() -> HandbookSandbox:
    """The bounded sandbox, without includes; values are escaped for XML, so `&`
    and `<` survive instead of truncating the file, and characters XML cannot
    hold at all are dropped (loading already removed them from the data, with
    a warning; this makes the file valid whatever reaches it)."""
    return environment(None, trim_blocks=False, lstrip_blocks=False, comment_start_string="{#", comment_end_string="#}",
                       finalize=xml_representable)


_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_representable(value):
    return _NOT_IN_XML.sub("", value) if isinstance(value, str) else value


@dataclass(frozen=True)
class _Part:
    name: str
    crc: int
    size: int
    data: bytes  # raw deflate stream


@dataclass
class PreparedTemplate:
    name: str
    source: str  # the cleaned document.xml, with one paragraph per line
    template: object
    parts: list[_Part | None]  # None marks where document.xml goes

    def fill(self, context: dict) -> bytes:
        try:
            xml = render(self.template, context, f"{self.name}.docx", "段")  # one paragraph per line
        except TemplateFailed as exc:
            raise FormFailed(f"表格模板填写失败：{exc}") from None
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        body = xml.encode("utf-8")
        document = _Part(DOCUMENT, zlib.crc32(body), len(body), _deflate(body))
        return _zip([document if p is None else p for p in self.parts])


def prepare(path: Path, env: HandbookSandbox | None = None) -> PreparedTemplate:
    from docxtpl import DocxTemplate

    env = env or xml_environment()
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        raw = neutral_parts({name: archive.read(name) for name in names})
    cleaned = DocxTemplate(str(path)).patch_xml(raw[DOCUMENT].decode("utf-8"))
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", cleaned)
    try:
        template = compile_template(env, source, path.name, "段")
    except TemplateFailed as exc:
        raise FormFailed(f"{exc}（用 handbook templates check 查看位置）") from None
    parts = [None if n == DOCUMENT else _Part(n, zlib.crc32(raw[n]), len(raw[n]), _deflate(raw[n])) for n in names]
    return PreparedTemplate(path.stem, source, template, parts)


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _zip(parts: list[_Part]) -> bytes:
    """A zip archive of already-deflated parts (the format Word expects)."""
    out, central = bytearray(), bytearray()
    for part in parts:
        name = part.name.encode("utf-8")
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, ZIP_DATE, part.crc, len(part.data), part.size, len(name), 0)
        out += name + part.data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, ZIP_DATE, part.crc, len(part.data),
                               part.size, len(name), 0, 0, 0, 0, 0o644 << 16, offset)
        central += name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(central), len(out), 0)
    return bytes(out + central + end)
