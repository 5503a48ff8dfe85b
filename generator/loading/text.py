"""Decoding files as UTF-8 with a located error when they are not."""

from __future__ import annotations

from generator.errors import Finding, Location

_BOM = b"\xef\xbb\xbf"


def decode_utf8(path: str, raw: bytes) -> tuple[str | None, list[Finding]]:
    """Decode strictly; on failure point at the first bad byte's line and column."""
    if raw.startswith(_BOM):
        raw = raw[len(_BOM):]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", errors="replace")
        line = good.count("\n") + 1
        col = len(good) - (good.rfind("\n") + 1) + 1
        message = (
            "文件不是 UTF-8 编码（可能是 GBK/GB2312）：请在编辑器中“另存为 UTF-8”后再试"
        )
        return None, [Finding(Location(path, line, col), "encoding", message)]
