"""Personal numbers (mobile phone and ID-card numbers) as people actually type them.

Staff write `138-0013-8000`, `136 0013 6000`, `138 – 0013 – 8000` (Word's
dash), `+86 139 0013 9000`, `一三八零零一三八零零零`, full-width digits, an ID
number in groups or with its X apart, an old 15-digit ID, or a number with an
invisible character inside (a soft hyphen or zero-width space pasted from a
web page). Text is normalized first: NFKC turns full-width digits and signs
into ASCII, Chinese numerals become digits, invisible format characters go.
Then it is split into runs of digit groups joined by separators (spaces,
dashes, dots, brackets, slashes, commas, 、, _, ~, :, *), and every
contiguous sequence of whole groups is tested: a number is found whatever the
grouping, and digits of a neighbouring number (`13800138000 2012`) do not hide
it. Groups after the first have at least two digits, as people group these
numbers, so a row of small figures ("1.5 2.5 3.5 …") is not read as one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_NUMERALS = str.maketrans("〇零一二三四五六七八九壹贰叁肆伍陆柒捌玖貳參陸", "00123456789123456789236")
# separators people put inside a number
_SEP = r"[\s\-\u2010-\u2015\u2212.\u00b7\u30fb()\[\]/,，、_~:*]"
_RUN = re.compile(rf"\+?\d+[Xx]?(?:{_SEP}{{1,5}}\+?(?:\d+[Xx]?|[Xx](?![A-Za-z])))*")
_GROUP = re.compile(r"\d+[Xx]?|[Xx]")
_DENSE = re.compile(rf"\+?\d(?:{_SEP}|[\d+Xx]){{10,}}")
_WIDE = "".join(chr(ord(c) + 0xFEE0) for c in "0123456789-.()[]/,_~:*+Xx")  # full-width forms
_RAW_DIGITS = "0-9" + "〇零一二三四五六七八九壹贰叁肆伍陆柒捌玖貳參陸" + "".join(chr(0xFF10 + i) for i in range(10))
_RAW_DENSE = re.compile(
    rf"[+＋{_RAW_DIGITS}](?:[\s\-\u2010-\u2015\u2212.\u00b7\u30fb()\[\]/,，、_~:*+Xx{re.escape(_WIDE)}{_RAW_DIGITS}"
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]){10,}")
_MOBILE = re.compile(r"(?:0086|86)?(1[3-9]\d{9})")
_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_ID_CARD = re.compile(rf"\d{{6}}(?:18|19|20)\d{{2}}{_DATE}\d{{3}}[\dX]")
_OLD_ID_CARD = re.compile(rf"\d{{6}}\d{{2}}{_DATE}\d{{3}}")  # before 1999: 15 digits, two-digit year
_MARKUP = re.compile(r"<!--.*?-->|</?(?:b|i|u|s|em|strong|span|mark|a|sup|sub|small|font|code|abbr)\b[^>]*>", re.S | re.I)


@dataclass(frozen=True)
class PersonalNumber:
    kind: str  # 手机号码 / 身份证号码
    text: str  # the run of text it was found in (after normalization)
    number: str  # its digits, without a +86 prefix

    @property
    def masked(self) -> str:
        """Enough to find it in the data, not enough to use it."""
        return self.number[:3] + "*" * (len(self.number) - 5) + self.number[-2:]


# invisible format characters people paste inside numbers: soft hyphen, zero-width, word joiner, BOM…
_FORMAT_CHARS = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def normalize(text: str) -> str:
    return _FORMAT_CHARS.sub("", unicodedata.normalize("NFKC", text).translate(_NUMERALS))


def find_personal_numbers(text: str, markup: bool = False) -> list[PersonalNumber]:
    """`markup`: the text is HTML or XML, whose inline tags may split a number."""
    if markup:
        text = _MARKUP.sub("", text)
    found: list[PersonalNumber] = []
    # Only stretches of digit-like and separator-like characters long enough to hold a number are
    # normalized and read closely: a page is mostly text, and normalizing all of it is slow.
    for dense in _RAW_DENSE.finditer(text):
        normalized = normalize(dense.group())
        for stretch in _DENSE.finditer(normalized):
            found += _numbers_in(stretch.group())
    return found


def _numbers_in(text: str) -> list[PersonalNumber]:
    found: list[PersonalNumber] = []
    for run in _RUN.finditer(text):
        groups = [g.upper() for g in _GROUP.findall(run.group())]
        if sum(len(g) for g in groups) < 11:
            continue
        match = _classify(groups)
        if match:
            found.append(PersonalNumber(match[0], run.group(), match[1]))
    return found


def _classify(groups: list[str]) -> tuple[str, str] | None:
    """(kind, digits) of the first personal number made of consecutive whole groups."""
    for start in range(len(groups)):
        joined = ""
        for n, group in enumerate(groups[start:]):
            if n and len(group.rstrip("X")) < 2 and group[-1] != "X":
                break  # numbers are grouped 3-4-4, 6-8-4...; "1.5 2.5 3.5" is not a phone
            joined += group
            if len(joined) > 22:
                break
            found = _kind(joined)
            if found:
                return found
    return None


def _kind(joined: str) -> tuple[str, str] | None:
    if "X" in joined[:-1]:
        return None
    if (_ID_CARD.fullmatch(joined) or _OLD_ID_CARD.fullmatch(joined)) and len(set(joined[:15])) > 2:
        return "身份证号码", joined
    mobile = _MOBILE.fullmatch(joined.rstrip("X"))  # "13800138000x" (an extension mark) is still the number
    return ("手机号码", mobile.group(1)) if mobile else None


def has_personal_number(text: str) -> bool:
    return bool(find_personal_numbers(text))
