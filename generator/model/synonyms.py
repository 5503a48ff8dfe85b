"""Everyday words staff use for the notice's terms (村支书 for 村党组织书记...).

Ours, not policy text: used to help search find an article by the words people
actually type, never to rewrite the text.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from generator.model.base import Model, Text


class SynonymGroup(Model):
    words: Annotated[list[Text], Field(min_length=2, title="同义或近义的说法（第一个为原文用语）")]
    note: Annotated[str | None, Field(title="说明")] = None


class Synonyms(Model):
    groups: Annotated[list[SynonymGroup], Field(title="同义词组")]

    def related(self, word: str) -> list[str]:
        """All words that share a group with `word` (not `word` itself)."""
        found: list[str] = []
        for group in self.groups:
            if word in group.words:
                found += [w for w in group.words if w != word and w not in found]
        return found
