"""What a line of an official text is, from its words alone.

Patterns are matched on the line as printed; a full-width space inside a
heading (「总　纲」, 「第一章　总　则」) does not change what the line is.
"""

from __future__ import annotations

import re

from generator.model.metadata import date_line, find_dates, find_doc_number, parse_doc_number
from generator.numbers import chinese_to_int

CN = "零〇一二两三四五六七八九十百千"
_SPACE = "[\\s\u3000]*"

CHAPTER = re.compile(rf"^第(?P<numeral>[{CN}]+|\d+)章(?P<sep>{_SPACE})(?P<title>.*)$")
SUBSECTION = re.compile(rf"^第(?P<numeral>[{CN}]+|\d+)节(?P<sep>{_SPACE})(?P<title>.*)$")
SECTION = re.compile(r"^(?P<numeral>[一二三四五六七八九十]+)、(?P<title>.+)$")
LEGAL_ARTICLE = re.compile(rf"^第(?P<numeral>[{CN}]+|\d+)条(?P<sep>{_SPACE})")
NOTICE_ARTICLE = re.compile(r"^(?P<number>[1-9][0-9]*)(?P<dot>[.．、])")
ITEM = re.compile(r"^(?P<label>[（(](?P<numeral>[一二三四五六七八九十]+|\d{1,2})[）)])")
ORDINAL_ITEM = re.compile(r"^(?P<label>第(?P<numeral>[一二三四五六七八九十]+)[，,])")
ATTACHMENT = re.compile(r"^附\s*件\s*(?P<number>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})?\s*[:：]?$")
PREFACES = {"总纲": "总纲", "序言": "序言", "前言": "序言", "引言": "引言"}

_CAPTION_WORDS = re.compile(r"通过|修改|修订|发布|施行|印发|批准|公布|审议|颁布")
_SENTENCE_END = re.compile(r"[。；;！？!?]")
_MASTHEAD = re.compile(r"^\S.{0,28}文件$")
_SECRET = re.compile(r"^(?:绝密|机密|秘密)(?:[★\s]|$)")
_URGENCY = re.compile(r"^(?:特急|加急|特提|平急)$")
_COPY_NUMBER = re.compile(r"^(?:份号[:：]?\s*)?\d{6}$")
_SIGNER = re.compile(r"签\s*发\s*人\s*[:：]")
_CLOSING = re.compile(
    r"^(?:供稿|抄送|抄报|主送|印发|主题词|关键词|联系人|联系电话|责任编辑|来源|附件)\s*[:：]"
    r"|印发$|^[（(](?:此件|联系人|本件)[^（）()]*[）)]$"
)
_DISTRIBUTION = re.compile(r"^[（(]此件[^（）()]*[）)]$")


def compact(text: str) -> str:
    """The line without spaces: 「总　纲」 → 「总纲」."""
    return re.sub(_SPACE, "", text)


def numeral_value(numeral: str) -> int | None:
    try:
        return int(numeral) if numeral.isdigit() else chinese_to_int(numeral)
    except KeyError:
        return None


def preface_kind(line: str) -> str | None:
    return PREFACES.get(compact(line))


def is_caption(line: str) -> bool:
    """（中国共产党第十九次全国代表大会部分修改，2017年10月24日通过）"""
    return (
        len(line) >= 4 and line[0] in "（(" and line[-1] in "）)"
        and bool(find_dates(line)) and bool(_CAPTION_WORDS.search(line))
    )


def has_sentence_end(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def is_title_like(line: str) -> bool:
    """A title line: short, no sentence punctuation, not a date, number or heading."""
    return (
        len(line) <= 60 and not has_sentence_end(line) and not line.endswith(("：", ":"))
        and date_line(line) is None and parse_doc_number(line) is None and not starts_structure(line)
        and not is_caption(line) and not is_distribution(line)
    )


def is_addressee(line: str) -> bool:
    return line.endswith(("：", ":")) and "。" not in line


def is_distribution(line: str) -> bool:
    return bool(_DISTRIBUTION.match(line))


def is_signature(line: str, next_line: str | None) -> bool:
    """A 落款: a short name with no punctuation, directly above a date line."""
    return (
        next_line is not None and date_line(next_line) is not None and len(line) <= 30
        and not re.search(r"[。；;，,：:！？!?、]", line) and date_line(line) is None
    )


def is_closing(line: str) -> bool:
    return bool(_CLOSING.search(line)) or date_line(line) is not None


def front_role(line: str) -> str | None:
    """The role of a 红头 line above the title, or None when the line is something else."""
    if _MASTHEAD.match(line) and not has_sentence_end(line):
        return "版头"
    if _COPY_NUMBER.match(line):
        return "份号"
    if _SECRET.match(line):
        return "密级"
    if _URGENCY.match(line):
        return "紧急程度"
    if find_doc_number(line) and len(line) <= 40:
        return "发文字号"
    if _SIGNER.search(line):
        return "签发人"
    return None


def starts_structure(line: str) -> bool:
    """Begins a heading, article or item: never the continuation of a wrapped line."""
    return bool(
        CHAPTER.match(line) or SUBSECTION.match(line) or SECTION.match(line) or LEGAL_ARTICLE.match(line)
        or NOTICE_ARTICLE.match(line) or ITEM.match(line) or ORDINAL_ITEM.match(line)
        or ATTACHMENT.match(line) or preface_kind(line)
    )
