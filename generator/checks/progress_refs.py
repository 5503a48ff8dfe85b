"""Progress records name a real unit and a rule that applies to its type."""

from __future__ import annotations

from typing import Iterator

from generator.checks import check
from generator.errors import Finding, Severity
from generator.project import Project


@check("unknown-unit", "unknown-rule", "duplicate-id")
def progress_refs(project: Project) -> Iterator[Finding]:
    rules = {r.id: r for rs in project.rule_sets for r in rs.rules}
    seen = {}
    for entry in project.progress:
        unit = project.units_by_id.get(entry.unit)
        rule = rules.get(entry.rule)
        if unit is None and entry.unit not in project.invalid_unit_ids:
            yield Finding(entry.locate("unit"), "unknown-unit", f"单位「{entry.unit}」不存在")
        if rule is None:
            yield Finding(entry.locate("rule"), "unknown-rule", f"事项编号「{entry.rule}」不存在（见各区县清单工作簿中的“事项编号”）")
        elif unit is not None and unit.type not in rule.types():
            yield Finding(entry.locate("rule"), "unknown-rule", f"事项「{entry.rule}」不适用于{unit.type}（只适用于{'、'.join(rule.unit_types)}）", Severity.WARNING)
        key = (entry.unit, entry.rule)
        if key in seen:
            yield Finding(entry.locate("unit"), "duplicate-id", f"单位「{entry.unit}」的事项「{entry.rule}」重复填报：第一次在 {seen[key].locate('unit')}")
        seen.setdefault(key, entry)
