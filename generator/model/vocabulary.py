"""Controlled vocabularies shared by annotations and unit data."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from generator.model.base import Model, Slug, Text


class UnitType(Model):
    name: Annotated[Text, Field(title="类型名称")]
    code: Annotated[Slug, Field(title="英文代码（用于网址）")]
    group: Annotated[Text, Field(title="领域")]
    level: Annotated[int, Field(ge=1, le=4, title="层级", description="1 区县级, 2 乡镇街道级, 3 基层党组织, 4 党组织以下")]
    parent_types: Annotated[list[Text], Field(title="允许的上级类型")] = []
    description: Annotated[str | None, Field(title="说明")] = None


class Vocabulary(Model):
    unit_types: Annotated[list[UnitType], Field(title="组织类型")]
    bodies: Annotated[list[Text], Field(title="责任主体")]
    topics: Annotated[list[Text], Field(title="主题")]

    def unit_type(self, name: str) -> UnitType | None:
        return next((t for t in self.unit_types if t.name == name), None)
