"""Document metadata as it is written in official texts: 发文字号, dates, 文种.

The same rules serve the importer (reading a new text) and the document
checks (comparing a document's metadata with its verbatim lines), so a
number or date the importer accepts is one the check accepts too.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from generator.numbers import chinese_to_int

# 文种 a document can have: the 15 of 党政机关公文处理工作条例, the kinds of 党内法规
# (中国共产党党内法规制定条例), and the plans and outlines that are issued as attachments.
KINDS = (
    "章程", "准则", "条例", "规定", "办法", "规则", "细则",
    "决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复", "议案", "函", "纪要",
    "方案", "规划", "纲要", "其他",
)
# Longest first, so 实施意见 is an 意见 and 实施细则 a 细则, not a 则.
_KIND_SUFFIXES = sorted((k for k in KINDS if k != "其他"), key=len, reverse=True)
_TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")  # （试行）, （2017年修订）

_OPEN = "〔[(（［【"
_CLOSE = "〕])）］】"
_DOC_NUMBER = re.compile(
    rf"^(?P<agency>[^\s\d{re.escape(_OPEN + _CLOSE)}]{{1,20}}?)\s*"
    rf"[{re.escape(_OPEN)}]?\s*(?P<year>(?:19|20)\d\d)\s*[{re.escape(_CLOSE)}]?\s*"
    r"第?\s*(?P<serial>\d{1,5})\s*号$"
)
_DOC_NUMBER_IN_LINE = re.compile(
    rf"[^\s\d{re.escape(_OPEN + _CLOSE)}：:，,。]{{1,20}}?\s*[{re.escape(_OPEN)}]\s*(?:19|20)\d\d\s*[{re.escape(_CLOSE)}]\s*第?\s*\d{{1,5}}\s*号"
)

_CN_DIGITS = "〇零一二三四五六七八九"
_DATE = re.compile(
    rf"(?P<y>\d{{4}}|[{_CN_DIGITS}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[十{_CN_DIGITS}]{{1,2}})\s*月"
    rf"\s*(?P<d>\d{{1,2}}|[十{_CN_DIGITS}]{{1,3}})\s*日"
)


@dataclass(frozen=True, order=True)
class DocNumber:
    """A 发文字号 normalized: 机关代字, 年份, 序号 (常委〔2012〕5号 → 常委, 2012, 5)."""

    agency: str
    year: int
    serial: int

    def __str__(self) -> str:
        return f"{self.agency}〔{self.year}〕{self.serial}号"


def half_width(text: str) -> str:
    """Full-width digits, letters and brackets as half-width (２０１２ → 2012, （ → (); 〔〕 stay."""
    return unicodedata.normalize("NFKC", text)


def parse_doc_number(text: str) -> DocNumber | None:
    """The number a line states, whatever its brackets: 〔〕 [] () （） ［］ 【】 or none,
    full- or half-width digits. None when the text is not a 发文字号."""
    match = _DOC_NUMBER.match(half_width(text).strip())
    if not match:
        return None
    agency = match["agency"].strip()
    if not agency or any(c in agency for c in "。，,；;：:"):
        return None
    return DocNumber(agency, int(match["year"]), int(match["serial"]))


def find_doc_number(line: str) -> DocNumber | None:
    """A 发文字号 standing in a longer line (常发〔2009〕7号　签发人：…); brackets required there."""
    whole = parse_doc_number(line)
    if whole:
        return whole
    match = _DOC_NUMBER_IN_LINE.search(half_width(line))
    return parse_doc_number(match.group(0)) if match else None


def _cn_or_arabic(text: str) -> int:
    text = half_width(text)
    return int(text) if text.isdigit() else chinese_to_int(text)


def find_dates(text: str) -> list[dt.date]:
    """Every valid date written in the text: 2012年6月20日, ２０１２年…, 二〇一二年六月二十日."""
    found = []
    for match in _DATE.finditer(half_width(text)):
        try:
            found.append(dt.date(_cn_or_arabic(match["y"]), _cn_or_arabic(match["m"]), _cn_or_arabic(match["d"])))
        except ValueError:
            continue
    return found


def date_line(text: str) -> dt.date | None:
    """The date when the whole line is one (a 成文日期 line), else None."""
    stripped = half_width(text).strip()
    match = _DATE.fullmatch(stripped)
    dates = find_dates(stripped) if match else []
    return dates[0] if dates else None


def kind_from_title(title: str) -> str | None:
    """文种 from the end of a title: …的通知 → 通知, 中国共产党章程 → 章程, …办法（试行）→ 办法."""
    bare = title.strip()
    while _TRAILING_NOTE.search(bare):
        bare = _TRAILING_NOTE.sub("", bare).strip()
    return next((k for k in _KIND_SUFFIXES if bare.endswith(k)), None)
