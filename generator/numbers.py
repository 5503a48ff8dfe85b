"""Numbers as they are written in Chinese policy text: 6万元, 90%, 1:0.9, 一名, 二〇一二年.

Chinese numerals count only when a measure word follows them ("一名", "三年"),
so the 一 of 进一步 or 统一 is not taken for the figure 1.
"""

from __future__ import annotations

import re

_ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_MEASURES = "名个年次人员企条项级位户家所村批类月周日天倍成季期轮届元万千百亿"
_CHINESE = re.compile(rf"[零〇一二两三四五六七八九十百千]+(?=[{_MEASURES}])")
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_to_int(text: str) -> int:
    """十八 → 18, 一百二十 → 120; a run of plain digits (二〇一二) reads digit by digit."""
    if not any(c in _UNITS for c in text):
        return int("".join(str(_DIGITS[c]) for c in text))
    total, digit = 0, None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        else:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
    return total + (digit or 0)


def int_to_chinese(number: int) -> str:
    """18 → 十八, 10 → 十, 105 → 一百零五: numbers as 第三十二条 and 第十一章 write them."""
    if number < 0:
        raise ValueError(number)
    if number < 10:
        return "零一二三四五六七八九"[number]
    if number < 20:
        return "十" + (int_to_chinese(number - 10) if number > 10 else "")
    for unit, name in ((1000, "千"), (100, "百"), (10, "十")):
        if number >= unit:
            head, rest = divmod(number, unit)
            tail = "" if rest == 0 else ("零" if rest < unit // 10 else "") + _lower(rest, unit)
            return int_to_chinese(head) + name + tail
    raise AssertionError(number)


def _lower(rest: int, unit: int) -> str:
    """The part below a unit: 十 keeps its 一 there (一百一十, not 一百十)."""
    return "一" + int_to_chinese(rest) if 10 <= rest < 20 else int_to_chinese(rest)


def numbers_in(text: str) -> set[float]:
    """Every number written in the text, Arabic or Chinese, as floats."""
    found = {float(m.replace(",", "")) for m in _ARABIC.findall(text)}
    found |= {float(chinese_to_int(m)) for m in _CHINESE.findall(text)}
    return found


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
