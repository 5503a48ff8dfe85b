"""Terms of art and our explanations of them (explanatory, not policy text)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from generator.model.base import Model, SentenceId, Slug, Text


class Occurrence(Model):
    document: Annotated[Slug, Field(title="政策文件编号")]
    sentences: Annotated[list[SentenceId], Field(min_length=1, title="句子编号")]


class Term(Model):
    id: Annotated[Slug, Field(title="术语编号")]
    term: Annotated[Text, Field(title="术语")]
    aliases: Annotated[list[Text], Field(title="别称/原文写法")] = []
    explanation: Annotated[Text, Field(title="解释（我们撰写，非原文）")]
    sources: Annotated[list[Text], Field(title="解释的依据")] = []
    uncertain: Annotated[bool, Field(title="含不确定内容")] = False
    occurrences: Annotated[list[Occurrence], Field(title="出现的句子")] = []
    related: Annotated[list[Slug], Field(title="相关术语")] = []

    @property
    def spellings(self) -> list[str]:
        return [self.term, *self.aliases]


class Glossary(Model):
    note: Annotated[Text, Field(title="说明")]
    terms: Annotated[list[Term], Field(title="术语")]
