"""A figure stated by an annotation must stand in the sentence it cites."""

from __future__ import annotations

from typing import Iterator

from generator.checks import check
from generator.checks.quotes import cited_items
from generator.errors import Finding
from generator.model.annotations import Cited, Money, Target
from generator.numbers import format_number, numbers_in
from generator.project import Project


def stated_figures(item: Cited) -> list[tuple[str, float]]:
    """(field, value) for every number the item asserts."""
    if isinstance(item, Target):
        values = item.value if isinstance(item.value, list) else [item.value]
        return [("value", float(v)) for v in values]
    if isinstance(item, Money):
        return [("amount", float(item.amount))]
    return []


@check("figure-not-in-sentence")
def figures(project: Project) -> Iterator[Finding]:
    for doc_id, item in cited_items(project):
        sentence = project.sentences.get((doc_id, item.sentence))
        if sentence is None:
            continue
        for field, value in stated_figures(item):
            if value not in numbers_in(sentence.text):
                yield Finding(
                    item.locate(field),
                    "figure-not-in-sentence",
                    f"数字 {format_number(value)} 在所引句子 {item.sentence} 中找不到：请核对数字或出处",
                )
            elif item.quote and item.quote in sentence.text and value not in numbers_in(item.quote):
                yield Finding(
                    item.locate("quote"),
                    "figure-not-in-sentence",
                    f"数字 {format_number(value)} 不在摘句「{item.quote}」中",
                )
