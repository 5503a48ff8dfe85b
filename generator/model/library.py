"""The knowledge base beyond the texts it holds (content/library.yaml): documents that
are named but not held (未收录), and the relations between documents.

Ours, not policy text, and never more than the texts say: every relation rests on
a sentence of the document that states it (`sentence`, with the words, `quote`),
or, where that document is not held, on a written note (`basis`). The checks in
generator/checks/relation_*.py hold relations to their sentences, to existing
documents, to time (a document cannot implement one issued after it) and to each
other (no cycles).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from generator.model.base import Model, SentenceId, Slug, Text
from generator.model.metadata import KINDS

RelationType = Literal["implements", "cites", "amends", "replaces"]
# how a relation reads from its source and from its target (the library pages, the checks)
RELATION_WORDS: dict[str, tuple[str, str]] = {
    "implements": ("贯彻落实", "贯彻落实本文件的文件"),
    "cites": ("引用", "引用本文件的文件"),
    "amends": ("修订", "修订本文件的文件"),
    "replaces": ("取代", "取代本文件的文件"),
}
Kind = Literal[KINDS]  # type: ignore[valid-type]


class KnownDocument(Model):
    """A document the knowledge base does not hold (未收录): only what is known of it."""

    id: Slug
    title: Annotated[Text, Field(title="标题", description="按提到它的原文的写法，不加书名号")]
    number: Annotated[Text | None, Field(title="文号", description="如「湘办〔2012〕31号」")] = None
    issuer: Annotated[Text | None, Field(title="发文机关")] = None
    kind: Annotated[Kind | None, Field(title="文种", description="省略时由标题推断（…的通知 → 通知）")] = None
    date: Annotated[dt.date | None, Field(title="日期")] = None
    year: Annotated[int | None, Field(ge=1900, le=2100, title="年份", description="只知道年份时填写")] = None
    note: Annotated[Text | None, Field(title="说明（我们的）", description="从哪里得知、还知道什么")] = None

    @model_validator(mode="after")
    def _date_or_year(self) -> "KnownDocument":
        if self.date is not None and self.year is not None and self.date.year != self.year:
            raise ValueError(f"date（{self.date}）与 year（{self.year}）不一致；知道日期时只写 date")
        return self


class Relation(Model):
    """`source` implements, cites, amends or replaces `target`."""

    type: Annotated[RelationType, Field(title="关系", description="implements 贯彻落实、cites 引用、amends 修订、replaces 取代")]
    source: Annotated[Slug, Field(title="文件", description="贯彻落实、引用、修订或取代另一份文件的文件")]
    target: Annotated[Slug, Field(title="所关联的文件", description="被贯彻落实、引用、修订或取代的文件")]
    sentence: Annotated[SentenceId | None, Field(title="依据句子", description="source 中写明这一关系的句子")] = None
    quote: Annotated[Text | None, Field(title="摘句", description="该句中的原话，须写出 target 的文号或标题")] = None
    basis: Annotated[Text | None, Field(title="依据说明", description="source 未收录时，写明从哪里得知")] = None

    @model_validator(mode="after")
    def _has_a_basis(self) -> "Relation":
        if self.sentence is None and self.basis is None:
            raise ValueError("关系须写明依据：原文句子（sentence 和 quote），或 basis")
        if self.sentence is not None and self.quote is None:
            raise ValueError("写了依据句子（sentence）时，须摘出写明这一关系的原话（quote）")
        if self.quote is not None and self.sentence is None:
            raise ValueError("摘句（quote）须注明出自哪一句（sentence）")
        return self


class Library(Model):
    documents: Annotated[list[KnownDocument], Field(title="未收录的文件")] = []
    relations: Annotated[list[Relation], Field(title="文件之间的关系")] = []


def year_of(doc) -> int | None:
    """The year a document (held or not) is known to be from: its date, its year, or the
    year its 发文字号 states (湘办〔2012〕31号 → 2012)."""
    from generator.model.metadata import parse_doc_number

    if getattr(doc, "date", None) is not None:
        return doc.date.year
    if getattr(doc, "year", None) is not None:
        return doc.year
    number = parse_doc_number(doc.number) if doc.number else None
    return number.year if number else None


def when(doc) -> str:
    """The date or year of a document as a message says it ("" when unknown)."""
    if getattr(doc, "date", None) is not None:
        return f"{doc.date.year}年{doc.date.month}月{doc.date.day}日"
    year = year_of(doc)
    return f"{year}年" if year else ""


def earlier(a, b) -> bool:
    """`a` is known to be from before `b`: by date when both have one, else by year."""
    if getattr(a, "date", None) is not None and getattr(b, "date", None) is not None:
        return a.date < b.date
    ya, yb = year_of(a), year_of(b)
    return ya is not None and yb is not None and ya < yb


def name_of(doc) -> str:
    """A document as messages and pages name it: 《标题》（文号）, or the title with its year's
    version for a text without a number (中国共产党章程（2022年版））."""
    if doc.number:
        return f"《{doc.title}》（{doc.number}）"
    year = year_of(doc)
    return f"{doc.title}（{year}年版）" if year else doc.title
