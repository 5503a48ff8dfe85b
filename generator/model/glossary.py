"""Terms of art and our explanations of them (explanatory, not policy text).

A term may be explained for several documents. Each document it occurs in has
its own occurrence list, and may carry what that document means by the term
(`sense`: our words, and the sentence that shows it). A term whose meaning
differs between documents says so (`meanings_differ`) and the site quotes each
document's sentence. `spans` is the one place that decides where a term occurs
in a text: the glossary check, the marking of terms on pages and the script that
lists occurrences all use it, so they never disagree.
"""

from __future__ import annotations

from typing import Annotated, Iterator

from pydantic import Field

from generator.model.base import Model, SentenceId, Slug, Text


class Sense(Model):
    """What one document means by the term, in our words, and the sentence that shows it."""

    explanation: Annotated[Text, Field(title="本文件中的含义（我们撰写，非原文）")]
    sentence: Annotated[SentenceId, Field(title="体现这一含义的句子（须在本文件的句子编号中）")]


class Occurrence(Model):
    document: Annotated[Slug, Field(title="政策文件编号")]
    sentences: Annotated[list[SentenceId], Field(min_length=1, title="句子编号")]
    sense: Annotated[Sense | None, Field(title="本文件中的含义")] = None


class Term(Model):
    id: Annotated[Slug, Field(title="术语编号")]
    term: Annotated[Text, Field(title="术语")]
    aliases: Annotated[list[Text], Field(title="别称/原文写法")] = []
    not_within: Annotated[list[Text], Field(title="不算作本术语的较长词语（如「党组」不算「党组织」中的两个字）")] = []
    explanation: Annotated[Text, Field(title="解释（我们撰写，非原文）")]
    sources: Annotated[list[Text], Field(title="解释的依据")] = []
    uncertain: Annotated[bool, Field(title="含不确定内容")] = False
    meanings_differ: Annotated[bool, Field(title="在各文件中含义不同（各文件的 sense 写明）")] = False
    occurrences: Annotated[list[Occurrence], Field(title="出现的句子")] = []
    related: Annotated[list[Slug], Field(title="相关术语")] = []

    @property
    def spellings(self) -> list[str]:
        return [self.term, *self.aliases]

    @property
    def documents(self) -> list[str]:
        """The documents the term is explained for, in the order listed."""
        return list(dict.fromkeys(o.document for o in self.occurrences))

    def occurrence(self, doc_id: str) -> Occurrence | None:
        return next((o for o in self.occurrences if o.document == doc_id), None)

    def explanation_for(self, doc_id: str | None) -> str:
        """What a page of one document says the term means: that document's sense where the
        meanings differ between documents (the general explanation would mix them), else the explanation."""
        occurrence = self.occurrence(doc_id) if doc_id and self.meanings_differ else None
        return occurrence.sense.explanation if occurrence and occurrence.sense else self.explanation

    def applies_to(self, doc_id: str) -> bool:
        """Explained for this document; a term that lists no occurrence is for every document."""
        return not self.occurrences or any(o.document == doc_id for o in self.occurrences)

    def spans(self, text: str) -> Iterator[tuple[int, str]]:
        """(start, spelling) of each use in `text`, in order, longest spelling first at a
        position; uses inside one of `not_within` (党组 in 党组织) are not uses."""
        covered = [(m, m + len(w)) for w in self.not_within for m in _finds(text, w)]
        for spelling in sorted(self.spellings, key=len, reverse=True):
            for start in _finds(text, spelling):
                end = start + len(spelling)
                if not any(a <= start and end <= b for a, b in covered):
                    yield start, spelling

    def first_use(self, text: str) -> tuple[int, str] | None:
        found = sorted(self.spans(text), key=lambda s: (s[0], -len(s[1])))
        return found[0] if found else None

    def occurs_in(self, text: str) -> bool:
        return next(self.spans(text), None) is not None


def _finds(text: str, word: str) -> Iterator[int]:
    start = text.find(word)
    while start >= 0:
        yield start
        start = text.find(word, start + 1)


class Glossary(Model):
    note: Annotated[Text, Field(title="说明")]
    terms: Annotated[list[Term], Field(title="术语")]
