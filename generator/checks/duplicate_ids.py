"""The same id twice: units, documents, glossary terms, targets, annotated articles."""

from __future__ import annotations

from typing import Iterable, Iterator

from generator.checks import check
from generator.errors import Finding
from generator.model.base import Model
from generator.project import Project


@check("duplicate-id")
def duplicate_ids(project: Project) -> Iterator[Finding]:
    yield from _duplicates("单位编号", ((u.id, u) for u in project.units))
    yield from _duplicates("文件编号", ((d.id, d) for d in project.documents))
    yield from _duplicates("术语编号", ((t.id, t) for t in project.terms))
    yield from _duplicates("术语", ((t.term, t) for t in project.terms), field="term")
    for ann in project.annotations:
        yield from _duplicates("指标编号", ((t.id, t) for a in ann.articles for t in a.targets))
        yield from _duplicates("标注条号", ((a.article, a) for a in ann.articles), field="article")
    for vocab in project.vocabularies:
        yield from _duplicates("组织类型名称", ((t.name, t) for t in vocab.unit_types), field="name")
        yield from _duplicates("组织类型代码", ((t.code, t) for t in vocab.unit_types), field="code")
        yield from _repeated_words(vocab, "bodies", "责任主体")
        yield from _repeated_words(vocab, "topics", "主题")


def _repeated_words(vocab, field: str, what: str) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, word in enumerate(getattr(vocab, field)):
        if word in seen:
            yield Finding(vocab.locate(field, i), "duplicate-id", f"{what}「{word}」重复")
        seen.add(word)


def _duplicates(what: str, items: Iterable[tuple[object, Model]], field: str = "id") -> Iterator[Finding]:
    first: dict[object, Model] = {}
    for key, model in items:
        if key in first:
            yield Finding(
                model.locate(field),
                "duplicate-id",
                f"{what}「{key}」重复：第一次出现在 {first[key].locate(field)}",
            )
        else:
            first[key] = model
