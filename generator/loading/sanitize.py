"""Every string read from an input file is cleaned once, here, with its location.

Invisible characters that break outputs or mislead readers are removed with a
warning: C0/C1 control characters (Excel, Word and copy-paste bring in `\\x0b`,
`\\x01`…; XML and openpyxl refuse them), the byte-order mark inside text,
Unicode non-characters and lone surrogates, and the bidirectional overrides
that make a name display differently from what it is. Tabs and line breaks
stay. A string longer than any real value (MAX_TEXT_CHARS) is an error: no
name, sentence or note comes near it, a pasted file or a hostile value does.
"""

from __future__ import annotations

import re
from typing import Any

from generator.errors import Finding, Severity
from generator.loading.record import DataPath, Record

# The longest article of the notice is about 1,200 characters; 20,000 leaves room for any real text.
MAX_TEXT_CHARS = 20_000
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # control characters (keep \t \n \r)
    "\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional marks and overrides
    "\ufeff\ufffe\uffff\ud800-\udfff]"  # BOM inside text, non-characters, lone surrogates
)
_NAMES = {"\x0b": "垂直制表符", "\x0c": "换页符", "\x00": "空字符", "\u202e": "从右到左改写符", "\ufeff": "BOM"}


def sanitize_record(record: Record) -> list[Finding]:
    """Clean `record.data` in place; one finding per string changed or refused."""
    findings: list[Finding] = []
    record.data = _clean(record.data, (), record, findings, {})
    return findings


def _clean(value: Any, path: DataPath, record: Record, findings: list[Finding], done: dict[int, str]) -> Any:
    """`done`: strings already cleaned, by identity. A YAML alias repeats the very
    same string object; it is cleaned (and reported) once and shared, not copied."""
    if isinstance(value, str):
        if id(value) not in done:
            done[id(value)] = clean_text(value, path, record, findings)
        return done[id(value)]
    if isinstance(value, list):
        return [_clean(item, path + (i,), record, findings, done) for i, item in enumerate(value)]
    if isinstance(value, dict):
        return {_clean(k, path + (k,), record, findings, done) if isinstance(k, str) else k: _clean(v, path + (k,), record, findings, done)
                for k, v in value.items()}
    return value


def clean_text(text: str, path: DataPath, record: Record, findings: list[Finding]) -> str:
    if len(text) <= MAX_TEXT_CHARS and "\r" not in text and not INVISIBLE.search(text):
        return text  # nearly every value: nothing to clean
    # the field within its record: the part of the path after the last list index
    last_index = max((i for i, p in enumerate(path) if isinstance(p, int)), default=-1)
    field = ".".join(str(p) for p in path[last_index + 1:]) or "（整体）"
    if len(text) > MAX_TEXT_CHARS:
        findings.append(Finding(record.locate(path), "text-too-long",
                                f"字段「{field}」的文字太长：{len(text)} 个字，最多 {MAX_TEXT_CHARS} 个字"))
        text = text[:MAX_TEXT_CHARS]
    if "\r" in text:  # one line break everywhere: a lone CR is a line break to Markdown and browsers
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = INVISIBLE.findall(text)
    if not found:
        return text
    shown = "、".join(dict.fromkeys(_NAMES.get(c, f"U+{ord(c):04X}") for c in found))
    findings.append(Finding(record.locate(path), "control-char",
                            f"字段「{field}」中有不可见的控制字符（{shown}），已删除", Severity.WARNING))
    return INVISIBLE.sub("", text)
