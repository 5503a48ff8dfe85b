"""Relations between documents (content/library.yaml) name documents that exist, and
rest on words of the text: the sentence exists, the quote stands in it word for word
and names the related document by its number or title."""

from __future__ import annotations

from typing import Iterator

from generator.checks import check
from generator.errors import Finding
from generator.model.library import name_of
from generator.model.metadata import find_doc_number, half_width, parse_doc_number
from generator.project import Project


@check("unknown-document", "unknown-sentence", "quote-not-in-sentence", "relation-quote", "duplicate-id")
def relation_refs(project: Project) -> Iterator[Finding]:
    held = {d.id: d for d in project.documents}
    known: dict = {}
    for doc in project.library.documents:
        if doc.id in held or doc.id in known:
            other = "已收录的政策文件" if doc.id in held else "另一份未收录的文件"
            yield Finding(doc.locate("id"), "duplicate-id", f"文件编号「{doc.id}」已被{other}使用")
        known.setdefault(doc.id, doc)
    for relation in project.library.relations:
        missing = False
        for end in ("source", "target"):
            value = getattr(relation, end)
            if value not in held and value not in known:
                missing = True
                yield Finding(relation.locate(end), "unknown-document",
                              f"找不到编号为「{value}」的文件：请收录到 content/documents/，或在 documents 中列为未收录的文件")
        if missing or relation.sentence is None:
            continue
        if relation.source not in held:
            yield Finding(relation.locate("sentence"), "unknown-sentence",
                          f"「{relation.source}」没有收录，无法引用它的句子：请删去 sentence 和 quote，改写 basis（从哪里得知这一关系）")
            continue
        sentence = project.sentences.get((relation.source, relation.sentence))
        if sentence is None:
            yield Finding(relation.locate("sentence"), "unknown-sentence", f"「{relation.source}」中没有句子 {relation.sentence}")
        elif relation.quote not in sentence.text:
            yield Finding(relation.locate("quote"), "quote-not-in-sentence",
                          f"摘句「{relation.quote}」在句子 {relation.sentence} 中找不到（摘句必须与原文逐字一致，含标点和空格）")
        else:
            target = held.get(relation.target) or known[relation.target]
            if not names(relation.quote, target):
                yield Finding(relation.locate("quote"), "relation-quote",
                              f"摘句没有写出所关联文件{name_of(target)}的文号或标题：只记录原文写明的关系")


def names(quote: str, doc) -> bool:
    """The quote names the document: its 发文字号 (any bracket or width) or its title."""
    if doc.title in quote or half_width(doc.title) in half_width(quote):
        return True
    wanted = parse_doc_number(doc.number) if doc.number else None
    return wanted is not None and find_doc_number(quote) == wanted
