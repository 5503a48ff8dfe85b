"""A quote must stand word for word in the sentence it cites."""

from __future__ import annotations

from typing import Iterator

from generator.checks import check
from generator.errors import Finding
from generator.model.annotations import Cited
from generator.project import Project


def cited_items(project: Project) -> Iterator[tuple[str, Cited]]:
    """Every cited annotation item with its document id."""
    for ann in project.annotations:
        for item in [*ann.preamble, *ann.highlights]:
            yield ann.document, item
        for entry in ann.articles:
            for item in entry.cited():
                yield ann.document, item


@check("quote-not-in-sentence")
def quotes(project: Project) -> Iterator[Finding]:
    for doc_id, item in cited_items(project):
        sentence = project.sentences.get((doc_id, item.sentence))
        if sentence is not None and item.quote is not None and item.quote not in sentence.text:
            yield Finding(
                item.locate("quote"),
                "quote-not-in-sentence",
                f"摘句「{item.quote}」在句子 {item.sentence} 中找不到（摘句必须与原文逐字一致，含标点和空格）",
            )
