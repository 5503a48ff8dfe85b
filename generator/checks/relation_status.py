"""A document that another amends or replaces says so in its status (已修订, 已废止):
the site never presents an amended or replaced text as current."""

from __future__ import annotations

from typing import Iterator

from generator.checks import check
from generator.errors import Finding
from generator.model.library import RELATION_WORDS, name_of
from generator.project import Project

EXPECTED = {"amends": ("已修订", "已废止"), "replaces": ("已废止", "已修订")}


@check("document-status")
def relation_status(project: Project) -> Iterator[Finding]:
    held = {d.id: d for d in project.documents}
    every = {d.id: d for d in project.library.documents} | held
    for relation in project.library.relations:
        target = held.get(relation.target)
        if relation.type not in EXPECTED or target is None or relation.source not in every:
            continue
        verb = RELATION_WORDS[relation.type][0]
        state = target.status.state if target.status is not None else None
        if state not in EXPECTED[relation.type]:
            now = f"效力状态为「{state}」" if state else "没有写效力状态（status）"
            yield Finding(relation.locate("target"), "document-status",
                          f"{name_of(target)}{now}，但这里记录了{verb}它的{name_of(every[relation.source])}："
                          f"请在它的 document.yaml 中写明 status（state: {EXPECTED[relation.type][0]}）")
