"""The verbatim policy text: cover notice, preamble, sections, articles, sentences.

Nothing in these models is ours: every string is copied from the source and
`generator.source` reassembles the original text from them byte for byte.
Explanations and derived facts live in `annotations` and `glossary`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Iterator

from pydantic import Field

from generator.model.base import Model, SentenceId, Slug, Text


class Sentence(Model):
    id: SentenceId
    text: Text


class Article(Model):
    number: Annotated[int, Field(ge=1, title="条号")]
    label: Annotated[str, Field(title="条号写法", description="原文中条号的写法，如「1.」")]
    lead: Sentence
    body: list[Sentence] = []

    @property
    def sentences(self) -> list[Sentence]:
        return [self.lead, *self.body]

    @property
    def anchor(self) -> str:
        return f"art-{self.number}"


class Section(Model):
    number: Annotated[int, Field(ge=1)]
    heading: Annotated[Text, Field(title="节标题原文", description="如「一、目标要求」")]
    numeral: Annotated[Text, Field(title="节序号", description="如「一」")]
    title: Annotated[Text, Field(title="节标题", description="如「目标要求」")]
    articles: list[Article]


class Cover(Model):
    """The 印发通知 that carries the opinion, line by line as printed."""

    title: Text
    number: Text
    addressees: Text
    body: Text
    signature: Text
    date: Text
    distribution: Text


class Document(Model):
    id: Slug
    kind: Annotated[Text, Field(title="文种")]
    issuer: Annotated[Text, Field(title="发文机关")]
    number: Annotated[Text, Field(title="文号")]
    date: Annotated[dt.date, Field(title="成文日期")]
    title: Annotated[Text, Field(title="标题")]
    addressees: Annotated[list[Text], Field(title="主送机关", min_length=1)]
    distribution: Annotated[Text, Field(title="印发范围")]
    cover: Cover
    opinion_title: Annotated[list[Text], Field(title="正文标题（原文分行）", min_length=1)]
    preamble: list[Sentence]
    sections: list[Section]
    closing: Annotated[list[Text], Field(title="文末行", description="如「供稿:市委办秘书科」")] = []

    @property
    def articles(self) -> list[Article]:
        return [a for s in self.sections for a in s.articles]

    def sentences(self) -> Iterator[Sentence]:
        yield from self.preamble
        for article in self.articles:
            yield from article.sentences

    def sentence_index(self) -> dict[str, Sentence]:
        return {s.id: s for s in self.sentences()}

    def article(self, number: int) -> Article | None:
        return next((a for a in self.articles if a.number == number), None)
