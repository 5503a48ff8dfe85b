"""Training content cites real sentences, and its quotes stand in them word for word."""

from __future__ import annotations

from typing import Iterator

from generator.checks import check
from generator.checks.annotation_refs import document_of
from generator.errors import Finding
from generator.project import Project


@check("unknown-document", "unknown-sentence", "unknown-article", "quote-not-in-sentence", "duplicate-id")
def training_refs(project: Project) -> Iterator[Finding]:
    for course in project.courses:
        doc, missing = document_of(project, course)
        yield from missing
        if doc is None:
            continue
        numbers = {a.number for a in doc.articles}
        for module in course.modules:
            for i, number in enumerate(module.articles):
                if number not in numbers:
                    yield Finding(module.locate("articles", i), "unknown-article", f"{doc.number}没有第 {number} 条")
            for point in module.key_points:
                yield from _cited(project, doc.id, point, "quote")
    for bank in project.question_banks:
        doc, missing = document_of(project, bank)
        yield from missing
        if doc is None:
            continue
        seen = set()
        for question in bank.questions:
            if question.id in seen:
                yield Finding(question.locate("id"), "duplicate-id", f"题目编号「{question.id}」重复")
            seen.add(question.id)
            yield from _cited(project, bank.document, question, "support")


def _cited(project: Project, doc_id: str, item, field: str) -> Iterator[Finding]:
    sentence = project.sentences.get((doc_id, item.sentence))
    if sentence is None:
        yield Finding(item.locate("sentence"), "unknown-sentence", f"句子「{item.sentence}」不存在")
        return
    quote = getattr(item, field)
    if quote and quote not in sentence.text:
        yield Finding(item.locate(field), "quote-not-in-sentence", f"摘句「{quote}」在句子 {item.sentence} 中找不到（必须与原文逐字一致）")
