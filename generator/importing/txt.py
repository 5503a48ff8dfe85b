"""Plain text: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030; any newlines."""

from __future__ import annotations

from generator.importing.extracted import Extracted, ImportFailed, add_lines

_BOMS = ((b"\xef\xbb\xbf", "utf-8", "UTF-8（带 BOM）"), (b"\xff\xfe", "utf-16-le", "UTF-16"), (b"\xfe\xff", "utf-16-be", "UTF-16"))


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """(text, encoding as shown in the report). GBK is tried only when the bytes are not
    UTF-8 from the start: a UTF-8 file with one damaged byte is an error, not GBK."""
    for bom, codec, label in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(codec), label
            except UnicodeDecodeError as exc:
                raise _bad_byte(raw[len(bom):], exc, name, label) from None
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        if any(b >= 0x80 for b in raw[: exc.start]):
            raise _bad_byte(raw, exc, name, "UTF-8") from None
    try:
        return raw.decode("gb18030"), "GBK（GB18030）"
    except UnicodeDecodeError as exc:
        raise _bad_byte(raw, exc, name, "GBK") from None


def _bad_byte(raw: bytes, exc: UnicodeDecodeError, name: str, encoding: str) -> ImportFailed:
    good = raw[: exc.start].decode("utf-8", errors="replace")
    line = good.count("\n") + 1
    col = len(good) - (good.rfind("\n") + 1) + 1
    return ImportFailed(f"{name}:{line}:{col}: 文件既不是有效的 UTF-8 也不是 GBK 编码（按 {encoding} 读到无效字节）："
                        "请在编辑器中“另存为 UTF-8”后再试")


def text_lines(text: str) -> list[str]:
    """Lines whatever the newlines; the final newline ends the last line, it is not a blank line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_txt(raw: bytes, name: str) -> Extracted:
    text, encoding = decode(raw, name)
    bare = text.replace("\r\n", "")
    counts = ((text.count("\r\n"), "CRLF"), (bare.count("\r"), "CR"), (bare.count("\n"), "LF"))
    newlines = [label for count, label in counts if count]
    lines = text_lines(text)
    extracted = Extracted("txt", f"纯文本（{encoding}，换行 {'、'.join(newlines) or '无'}）")
    if encoding != "UTF-8":
        extracted.notes.append(f"原文为 {encoding} 编码，已转为 UTF-8")
    if any(n != "LF" for n in newlines):
        extracted.notes.append(f"换行符 {'、'.join(newlines)} 已统一为 LF")
    add_lines(extracted, [(line, f"第 {i} 行") for i, line in enumerate(lines, start=1)])
    return extracted
