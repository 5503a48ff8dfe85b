"""Controlled vocabularies shared by annotations, rules and unit data.

Unit types say which level of party organization they are (`party_level`), so
that a rule can address "every grass-roots party organization" by naming the
level once instead of listing its types.
"""

from __future__ import annotations

from typing import Annotated, Iterable

from pydantic import Field, StrictBool

from generator.model.base import Model, Slug, Text


class PartyLevel(Model):
    """A level of party organization that rules may name instead of single types."""

    name: Annotated[Text, Field(title="类别名称", description="如「基层党组织」；规则的 unit_types 可以写类别名称")]
    rated: Annotated[StrictBool, Field(title="参加分类定级", description="第7条按四级定级、第9条整顿和晋位升级的对象")] = False
    description: Annotated[str | None, Field(title="说明")] = None


class UnitType(Model):
    name: Annotated[Text, Field(title="类型名称")]
    code: Annotated[Slug, Field(title="英文代码（用于网址）")]
    group: Annotated[Text, Field(title="领域")]
    level: Annotated[int, Field(ge=1, le=4, title="层级", description="1 区县级, 2 乡镇街道级, 3 基层党组织, 4 党组织以下")]
    parent_types: Annotated[list[Text], Field(title="允许的上级类型")] = []
    party_level: Annotated[Text | None, Field(title="党组织类别", description="本类型属于哪一类党组织（见 party_levels）；不是党组织的留空")] = None
    organization_optional: Annotated[StrictBool, Field(
        title="可能尚未建立党组织",
        description="如非公企业：单位本身不一定有党组织，数据用 organization 写明单独组建、联合组建或未建立")] = False
    description: Annotated[str | None, Field(title="说明")] = None


class Vocabulary(Model):
    party_levels: Annotated[list[PartyLevel], Field(title="党组织类别")] = []
    unit_types: Annotated[list[UnitType], Field(title="组织类型")]
    bodies: Annotated[list[Text], Field(title="责任主体")]
    topics: Annotated[list[Text], Field(title="主题")]

    def unit_type(self, name: str) -> UnitType | None:
        return next((t for t in self.unit_types if t.name == name), None)

    def party_level(self, name: str) -> PartyLevel | None:
        return next((p for p in self.party_levels if p.name == name), None)

    def level_types(self, level: str) -> tuple[str, ...]:
        """The unit types of one party level, in vocabulary order."""
        return tuple(t.name for t in self.unit_types if t.party_level == level)

    def expand(self, names: Iterable[str]) -> frozenset[str]:
        """Unit type names for a list of type and level names (unknown names are left out)."""
        types = {t.name for t in self.unit_types}
        found: set[str] = set()
        for name in names:
            if name in types:
                found.add(name)
            else:
                found.update(self.level_types(name))
        return frozenset(found)

    def rated_types(self) -> tuple[str, ...]:
        """Types rated in four grades (art. 7), in vocabulary order."""
        rated = {p.name for p in self.party_levels if p.rated}
        return tuple(t.name for t in self.unit_types if t.party_level in rated)
