"""The public build's last guard: no ID-card or mobile number anywhere in it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from generator.errors import HandbookError

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_CARD = re.compile(r"(?<![\dXx])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dXx])")
TEXT_SUFFIXES = {".html", ".js", ".json", ".css", ".txt", ".ics", ".xml", ".csv", ".md", ".svg", ".map"}
ZIP_SUFFIXES = {".xlsx", ".docx"}


class PersonalDataLeak(HandbookError):
    pass


def find_personal_numbers(root: Path) -> list[str]:
    """'file: kind' for every match in the output, text files and Office zips."""
    hits: list[str] = []
    seen: set[tuple[int, int]] = set()  # (crc, size) of archive parts already read: forms share most parts
    for path in sorted(root.rglob("*")):
        if path.suffix in TEXT_SUFFIXES:
            hits += _scan(path.relative_to(root).as_posix(), path.read_text(encoding="utf-8", errors="replace"))
        elif path.suffix in ZIP_SUFFIXES:
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    if (info.CRC, info.file_size) in seen:
                        continue
                    seen.add((info.CRC, info.file_size))
                    text = archive.read(info).decode("utf-8", errors="replace")
                    hits += _scan(f"{path.relative_to(root).as_posix()}!{info.filename}", text)
    return hits


def _scan(name: str, text: str) -> list[str]:
    found = []
    if MOBILE.search(text):
        found.append(f"{name}：疑似手机号码")
    if ID_CARD.search(text):
        found.append(f"{name}：疑似身份证号码")
    return found


def assert_public(root: Path) -> None:
    hits = find_personal_numbers(root)
    if hits:
        shown = "；".join(hits[:5]) + ("……" if len(hits) > 5 else "")
        raise PersonalDataLeak(f"公开版本中发现个人信息，已停止生成（原网站保持不变）：{shown}")
