"""Personal numbers (mobile phone and ID-card numbers) as people actually type them.

Staff write `138-0013-8000`, `136 0013 6000`, `+86 139 0013 9000`, full-width
digits or an ID number in groups. Text is normalized (NFKC turns full-width
digits and signs into ASCII), split into runs of digit groups joined by at
most two separator characters, and every contiguous sequence of whole groups
is tested: a number is found whatever the grouping, and digits that belong to
a neighbouring number (`13800138000 2012`) do not hide it. Groups after the
first have at least two digits, as people group these numbers; a row of
small figures ("1.5 2.5 3.5 …") is not read as one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# separators people put inside a number: spaces, hyphens and dashes, dots, brackets, slashes
_SEP = r"[\s\-\u2010-\u2015\u2212.\u00b7\u30fb()/\[\]]"
_RUN = re.compile(rf"\+?\d+[Xx]?(?:{_SEP}{{1,2}}\+?\d+[Xx]?)*")
_GROUP = re.compile(r"\d+[Xx]?")
_MOBILE = re.compile(r"(?:0086|86)?(1[3-9]\d{9})")
_ID_CARD = re.compile(r"\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]")


@dataclass(frozen=True)
class PersonalNumber:
    kind: str  # 手机号码 / 身份证号码
    text: str  # the run of text it was found in (after normalization)
    number: str  # its digits, without a +86 prefix

    @property
    def masked(self) -> str:
        """Enough to find it in the data, not enough to use it."""
        return self.number[:3] + "*" * (len(self.number) - 5) + self.number[-2:]


def find_personal_numbers(text: str) -> list[PersonalNumber]:
    normalized = unicodedata.normalize("NFKC", text)
    found: list[PersonalNumber] = []
    for run in _RUN.finditer(normalized):
        groups = _GROUP.findall(run.group())
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
            if n and len(group.rstrip("Xx")) < 2 and group[-1] not in "Xx":
                break  # numbers are grouped 3-4-4, 6-8-4...; "1.5 2.5 3.5" is not a phone
            joined += group
            if len(joined) > 22:
                break
            if _ID_CARD.fullmatch(joined) and _plausible_id(joined):
                return "身份证号码", joined
            mobile = _MOBILE.fullmatch(joined) if "X" not in joined.upper() else None
            if mobile:
                return "手机号码", mobile.group(1)
    return None


def _plausible_id(number: str) -> bool:
    """The check digit of GB 11643, or an ID written with a wrong one: still flag
    it unless the number is clearly a counter (all digits alike)."""
    return len(set(number[:17])) > 2


def has_personal_number(text: str) -> bool:
    return bool(find_personal_numbers(text))
