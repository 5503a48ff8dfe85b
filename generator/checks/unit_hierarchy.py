"""Units form a tree: parents and counties exist, have the right type, agree."""

from __future__ import annotations

from typing import Iterator

from generator.checks import check
from generator.errors import Finding
from generator.model.units import Unit
from generator.project import Project

COUNTY_TYPE = "区县"


@check("unknown-parent", "unknown-county", "parent-type", "county-mismatch", "parent-cycle")
def unit_hierarchy(project: Project) -> Iterator[Finding]:
    units = project.units_by_id
    vocab = project.vocabulary
    for unit in project.units:
        if unit.county not in project.invalid_unit_ids:
            yield from _county(unit, units)
        parent = units.get(unit.parent) if unit.parent else None
        if unit.parent and parent is None and unit.parent not in project.invalid_unit_ids:
            yield Finding(unit.locate("parent"), "unknown-parent", f"上级组织「{unit.parent}」不存在（请先添加该单位，或核对编号）")
        if parent is None:
            continue
        utype = vocab.unit_type(unit.type) if vocab else None
        if utype and parent.type not in utype.parent_types:
            allowed = "、".join(utype.parent_types) or "（无上级）"
            yield Finding(unit.locate("parent"), "parent-type", f"{unit.type}的上级应为{allowed}，但「{parent.name}」是{parent.type}")
        expected = parent.id if parent.type == COUNTY_TYPE else parent.county
        if expected and unit.county and unit.county != expected:
            yield Finding(unit.locate("county"), "county-mismatch", f"所属区县「{unit.county}」与上级「{parent.name}」所属区县「{expected}」不一致")
        if _in_cycle(unit, units):
            yield Finding(unit.locate("parent"), "parent-cycle", f"单位「{unit.id}」的上级关系绕回了自己")


def _county(unit: Unit, units: dict[str, Unit]) -> Iterator[Finding]:
    if unit.type == COUNTY_TYPE:
        if unit.county or unit.parent:
            yield Finding(unit.locate("county"), "county-mismatch", "区县级单位本身不填写 county 和 parent")
        return
    if unit.county is None:
        yield Finding(unit.locate(), "unknown-county", "缺少所属区县（county）")
    elif unit.county not in units or units[unit.county].type != COUNTY_TYPE:
        yield Finding(unit.locate("county"), "unknown-county", f"所属区县「{unit.county}」不存在，或不是区县级单位")


def _in_cycle(unit: Unit, units: dict[str, Unit]) -> bool:
    seen = {unit.id}
    current = units.get(unit.parent) if unit.parent else None
    while current is not None:
        if current.id in seen:
            return current.id == unit.id
        seen.add(current.id)
        current = units.get(current.parent) if current.parent else None
    return False
