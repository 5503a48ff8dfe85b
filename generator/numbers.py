"""Numbers as they are written in Chinese policy text: 6万元, 90%, 1:0.9, 一名, 十八大."""

from __future__ import annotations

import re

_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_CHINESE = re.compile(r"[零〇一二两三四五六七八九十百千]+")
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_to_int(text: str) -> int:
    """Convert a Chinese numeral below 10,000 (十八 → 18, 一百二十 → 120)."""
    total, digit = 0, None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        else:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
    return total + (digit or 0)


def numbers_in(text: str) -> set[float]:
    """Every number written in the text, Arabic or Chinese, as floats."""
    found = {float(m) for m in _ARABIC.findall(text)}
    found |= {float(chinese_to_int(m)) for m in _CHINESE.findall(text)}
    return found


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
