"""Relations between documents do not go round: a document cannot, directly or through
others, implement, cite, amend or replace itself (each relation points back in time)."""

from __future__ import annotations

from typing import Iterator

from generator.checks import check
from generator.errors import Finding
from generator.project import Project


@check("relation-cycle")
def relation_cycles(project: Project) -> Iterator[Finding]:
    relations = project.library.relations
    following: dict[str, list[str]] = {}
    for relation in relations:
        following.setdefault(relation.source, []).append(relation.target)
    for relation in relations:
        path = _path(following, relation.target, relation.source)
        if path is not None:
            chain = " → ".join([relation.source, *path])
            yield Finding(relation.locate("target"), "relation-cycle", f"文件之间的关系成环：{chain}（一份文件不能经由其他文件关联回自己）")


def _path(following: dict[str, list[str]], start: str, goal: str) -> list[str] | None:
    """The documents from `start` to `goal` along relations (breadth first), or None."""
    came_from: dict[str, str | None] = {start: None}
    queue = [start]
    while queue:
        current = queue.pop(0)
        if current == goal:
            path = [current]
            while came_from[path[-1]] is not None:
                path.append(came_from[path[-1]])
            return list(reversed(path))
        for nxt in following.get(current, []):
            if nxt not in came_from:
                came_from[nxt] = current
                queue.append(nxt)
    return None
