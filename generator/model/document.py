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
    text: Annotated[Text, Field(title="原文")]


class Article(Model):
    number: Annotated[int, Field(ge=1, title="条号")]
    label: Annotated[str, Field(title="条号写法", description="原文中条号的写法，如「1.」")]
    lead: Annotated[Sentence, Field(title="首句（本条主旨）")]
    body: Annotated[list[Sentence], Field(title="其余各句")] = []

    @property
    def sentences(self) -> list[Sentence]:
        return [self.lead, *self.body]

    @property
    def anchor(self) -> str:
        return f"art-{self.number}"


class Section(Model):
    number: Annotated[int, Field(ge=1, title="节号")]
    heading: Annotated[Text, Field(title="节标题原文", description="如「一、目标要求」")]
    numeral: Annotated[Text, Field(title="节序号", description="如「一」")]
    title: Annotated[Text, Field(title="节标题", description="如「目标要求」")]
    articles: Annotated[list[Article], Field(title="本节各条")]


class Cover(Model):
    """The 印发通知 that carries the opinion, line by line as printed."""

    title: Annotated[Text, Field(title="通知标题")]
    number: Annotated[Text, Field(title="文号行")]
    addressees: Annotated[Text, Field(title="主送行")]
    body: Annotated[Text, Field(title="通知正文")]
    signature: Annotated[Text, Field(title="落款")]
    date: Annotated[Text, Field(title="落款日期")]
    distribution: Annotated[Text, Field(title="印发范围行")]


class Document(Model):
    id: Slug
    kind: Annotated[Text, Field(title="文种")]
    issuer: Annotated[Text, Field(title="发文机关")]
    number: Annotated[Text, Field(title="文号")]
    date: Annotated[dt.date, Field(title="成文日期")]
    title: Annotated[Text, Field(title="标题")]
    addressees: Annotated[list[Text], Field(title="主送机关", min_length=1)]
    distribution: Annotated[Text, Field(title="印发范围")]
    cover: Annotated[Cover, Field(title="印发通知（逐行原文）")]
    opinion_title: Annotated[list[Text], Field(title="正文标题（原文分行）", min_length=1)]
    preamble: Annotated[list[Sentence], Field(title="引言（逐句）")]
    sections: Annotated[list[Section], Field(title="各节")]
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
