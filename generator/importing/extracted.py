"""What a reader hands to the recognizer: the text as lines, each with where it came
from, plus everything the reader left out or could not recover (never silently)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.errors import HandbookError

# Layout whitespace at the ends of a line: spaces, full-width spaces, tabs, no-break
# and zero-width spaces, a stray byte-order mark.
_EDGE_SPACE = " \t\u3000\u00a0\u2002\u2003\u200b\ufeff"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class ImportFailed(HandbookError):
    """The file cannot be imported; the message says where and why."""


@dataclass(frozen=True)
class SourceLine:
    text: str
    where: str  # 第 12 行 / 第 3 段 / 第 2 页第 5 行


@dataclass(frozen=True)
class Dropped:
    where: str
    text: str
    reason: str


@dataclass(frozen=True)
class ImportWarning:
    where: str | None
    code: str
    message: str


@dataclass
class Extracted:
    format: str  # txt | docx | pdf
    description: str  # 纯文本（UTF-8，换行 LF）, Word 文档（120 段）, PDF（3 页，文字层）
    lines: list[SourceLine] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # normalizations made, for the report

    @property
    def text(self) -> str:
        """The text `handbook source` will reproduce: one line per paragraph, no final newline."""
        return "\n".join(line.text for line in self.lines)


def add_lines(extracted: Extracted, raw: list[tuple[str, str]]) -> None:
    """Trim layout whitespace, drop blank lines and control characters, and record each."""
    trimmed: list[str] = []
    controls: list[str] = []
    for text, where in raw:
        if _CONTROL.search(text):
            controls.append(where)
            text = _CONTROL.sub("", text)
        stripped = text.strip(_EDGE_SPACE)
        if not stripped:
            extracted.dropped.append(Dropped(where, text, "空行"))
            continue
        if stripped != text:
            trimmed.append(where)
        extracted.lines.append(SourceLine(stripped, where))
    if trimmed:
        extracted.notes.append(f"去掉了 {len(trimmed)} 行行首或行尾的空格（缩进）：{_places(trimmed)}")
    if controls:
        extracted.notes.append(f"删除了 {len(controls)} 行中不可见的控制字符：{_places(controls)}")


def _places(wheres: list[str], limit: int = 12) -> str:
    shown = "、".join(wheres[:limit])
    return shown + (f" 等 {len(wheres)} 处" if len(wheres) > limit else "")
