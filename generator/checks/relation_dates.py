"""Relations between documents agree with their dates: a document cannot implement, cite,
amend or replace one issued after it, and a document's state cannot date from before the
document that amended or replaced it."""

from __future__ import annotations

from typing import Iterator

from generator.checks import check
from generator.errors import Finding
from generator.model.library import RELATION_WORDS, earlier, name_of, when
from generator.project import Project


@check("relation-date")
def relation_dates(project: Project) -> Iterator[Finding]:
    every = {d.id: d for d in project.library.documents} | {d.id: d for d in project.documents}
    for relation in project.library.relations:
        source, target = every.get(relation.source), every.get(relation.target)
        if source is None or target is None:
            continue  # reported as unknown-document
        verb = RELATION_WORDS[relation.type][0]
        if earlier(source, target):
            yield Finding(relation.locate("source"), "relation-date",
                          f"{name_of(source)}（{when(source)}）早于{name_of(target)}（{when(target)}），不可能{verb}它")
        status = getattr(target, "status", None)
        if relation.type in ("amends", "replaces") and status is not None and status.as_of is not None \
                and getattr(source, "date", None) is not None and status.as_of < source.date:
            yield Finding(relation.locate("target"), "relation-date",
                          f"{name_of(target)}的状态日期 {status.as_of} 早于{verb}它的{name_of(source)}（{when(source)}）")
