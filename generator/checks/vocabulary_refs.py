"""Unit types, party-organization levels, responsible bodies and topics must come from content/vocabularies.yaml."""

from __future__ import annotations

from typing import Iterator

from generator.checks import check
from generator.errors import Finding
from generator.model.base import Model
from generator.project import Project


@check("unknown-vocabulary")
def vocabulary_refs(project: Project) -> Iterator[Finding]:
    vocab = project.vocabulary
    if vocab is None:
        return
    type_names = [t.name for t in vocab.unit_types]
    lists = {"unit_type": ("组织类型", type_names), "body": ("责任主体", vocab.bodies), "topic": ("主题", vocab.topics)}
    for ann in project.annotations:
        for entry in ann.articles:
            for item in entry.cited():
                for field, (label, allowed) in lists.items():
                    if hasattr(item, field):
                        yield from _member(item, field, label, allowed)
    for unit in project.units:
        yield from _member(unit, "type", "组织类型", type_names)
    levels = [p.name for p in vocab.party_levels]
    for utype in vocab.unit_types:
        for parent in utype.parent_types:
            if parent not in type_names:
                yield Finding(utype.locate("parent_types"), "unknown-vocabulary", f"上级类型「{parent}」不是已定义的组织类型")
        if utype.party_level is not None and utype.party_level not in levels:
            yield Finding(utype.locate("party_level"), "unknown-vocabulary",
                          f"党组织类别「{utype.party_level}」不在 party_levels 中（可用：{'、'.join(levels) or '无'}）")
    for level in vocab.party_levels:
        if level.name in type_names:
            yield Finding(level.locate("name"), "unknown-vocabulary", f"党组织类别「{level.name}」与组织类型重名：规则中无法区分")


def _member(model: Model, field: str, label: str, allowed: list[str]) -> Iterator[Finding]:
    value = getattr(model, field)
    if value not in allowed:
        shown = "、".join(allowed[:12]) + ("……" if len(allowed) > 12 else "")
        yield Finding(
            model.locate(field),
            "unknown-vocabulary",
            f"{label}「{value}」不在 content/vocabularies.yaml 中（可用：{shown}）",
        )
