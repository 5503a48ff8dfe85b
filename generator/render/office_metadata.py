"""Who edited a Word template must not travel into the forms made from it.

Word records the author and last editor (docProps/core.xml), the company and
manager (docProps/app.xml), custom properties (docProps/custom.xml), and the
author of every tracked change and comment, with the signed-in account
(`w:author`, `w:initials`, `w15:person`'s user id). Every part of a generated
.docx passes through `neutral_parts`: these become the handbook's own name,
dates become the fixed build date. `templates check` reports what it finds.
"""

from __future__ import annotations

import re

NEUTRAL = "党建工作手册"
STAMP = "2012-06-20T00:00:00Z"
_PERSON_ATTR = re.compile(rb'\b(w:author|w:initials|w15:author|w15:userId|w15:providerId)="([^"]*)"')
_APP_FIELDS = (b"Company", b"Manager", b"HyperlinkBase")
_CORE_KEEP = (b"dc:title", b"dc:subject", b"dc:description")
_CUSTOM_EMPTY = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
                 b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>')


def neutral_parts(parts: dict[str, bytes]) -> dict[str, bytes]:
    return {name: neutral_part(name, data) for name, data in parts.items()}


def neutral_part(name: str, data: bytes) -> bytes:
    if name == "docProps/core.xml":
        return _core(data)
    if name == "docProps/app.xml":
        for field in _APP_FIELDS:
            data = re.sub(rb"<" + field + rb">[^<]*</" + field + rb">", b"<" + field + b"/>", data)
        return re.sub(rb"<Template>[^<]*</Template>", b"<Template>Normal.dotm</Template>", data)
    if name == "docProps/custom.xml":
        return _CUSTOM_EMPTY
    if name.endswith((".xml", ".rels")):
        return _PERSON_ATTR.sub(lambda m: m.group(1) + b'="' + NEUTRAL.encode() + b'"', data)
    return data


def _core(data: bytes) -> bytes:
    kept = b"".join(m.group(0) for tag in _CORE_KEEP for m in [re.search(rb"<" + tag + rb"(?:/>|>[^<]*</" + tag + rb">)", data)] if m)
    name = NEUTRAL.encode()
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        b'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + kept + b"<dc:creator>" + name + b"</dc:creator><cp:lastModifiedBy>" + name + b"</cp:lastModifiedBy>"
        b"<cp:revision>1</cp:revision>"
        b'<dcterms:created xsi:type="dcterms:W3CDTF">' + STAMP.encode() + b"</dcterms:created>"
        b'<dcterms:modified xsi:type="dcterms:W3CDTF">' + STAMP.encode() + b"</dcterms:modified>"
        b"</cp:coreProperties>"
    )


def personal_metadata(parts: dict[str, bytes]) -> list[str]:
    """What a template carries about the people who edited it (for `templates check`)."""
    found: list[str] = []
    core = parts.get("docProps/core.xml", b"")
    for tag, label in ((b"dc:creator", "作者"), (b"cp:lastModifiedBy", "最后修改者")):
        match = re.search(rb"<" + tag + rb">([^<]+)</" + tag + rb">", core)
        if match and match.group(1).decode("utf-8", "replace") != NEUTRAL:
            found.append(f"{label}「{match.group(1).decode('utf-8', 'replace')}」")
    app = parts.get("docProps/app.xml", b"")
    for field, label in ((b"Company", "单位"), (b"Manager", "经理")):
        match = re.search(rb"<" + field + rb">([^<]+)</" + field + rb">", app)
        if match:
            found.append(f"{label}「{match.group(1).decode('utf-8', 'replace')}」")
    if parts.get("docProps/custom.xml", _CUSTOM_EMPTY) != _CUSTOM_EMPTY and b"<property" in parts.get("docProps/custom.xml", b""):
        found.append("自定义属性")
    names = {m.group(2).decode("utf-8", "replace") for data in parts.values() for m in _PERSON_ATTR.finditer(data)}
    names.discard(NEUTRAL)
    if names:
        found.append(f"修订或批注的作者「{'、'.join(sorted(names))}」")
    return found


def tracked_changes(document_xml: bytes) -> bool:
    return bool(re.search(rb"<w:(ins|del|moveFrom|moveTo)\b", document_xml))
