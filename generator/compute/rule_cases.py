"""Run the rule test cases of rule-cases.yaml: a unit in, its checklist compared
with what the case expects. Used by the test suite; each problem is reported
with the case's file and line."""

from __future__ import annotations

from typing import Any

from generator.compute.checklists import Checklist, RuleIndex, checklist
from generator.compute.context import fact_context
from generator.model.rule_cases import RuleCase
from generator.model.rules import RuleSet
from generator.model.units import Unit
from generator.model.vocabulary import Vocabulary

CASE_UNIT = {"id": "case-unit", "name": "样例单位"}


def case_units(case: RuleCase) -> tuple[Unit, list[Unit]]:
    unit = Unit.model_validate({**CASE_UNIT, **case.unit})
    return unit, [Unit.model_validate(o) for o in case.others]


def run_case(case: RuleCase, rules: RuleSet, vocabulary: Vocabulary | None) -> Checklist:
    """The case's checklist as the public output (default) or an internal one (`internal: true`) computes it."""
    from generator.model.base import without_personal
    from generator.projection import decides_by_personal_fact

    unit, others = case_units(case)
    if not case.internal:  # the public projection: no personal field, no rule that decides by one
        unit, others = without_personal(unit), [without_personal(o) for o in others]
        rules = rules.model_copy(update={"rules": [r for r in rules.rules if not decides_by_personal_fact(r)]})
    ctx = fact_context([unit, *others], vocabulary, rules, rules.reference_year)
    return checklist(unit, RuleIndex(rules, vocabulary), {}, ctx)


def case_problems(case: RuleCase, result: Checklist, rules: RuleSet) -> list[str]:
    """What differs from the case's expectations (empty when it passes)."""
    items = {i.rule.id: i for i in result.items}
    problems: list[str] = []
    for rule_id, expected in case.expect.items():
        item = items.get(rule_id)
        if item is None:
            problems.append(f"应有事项「{rule_id}」，实际没有")
            continue
        problems += [f"事项「{rule_id}」{p}" for p in _item_problems(item, expected)]
    for rule_id in case.absent:
        if rule_id in items:
            problems.append(f"不应有事项「{rule_id}」，实际有（applies={items[rule_id].applies}）")
    if case.only is not None:
        articles = set(case.articles or {r.article for r in rules.rules})
        actual = {rid for rid, i in items.items() if i.rule.article in articles}
        if actual != set(case.only):
            problems.append(f"第{'、'.join(map(str, sorted(articles)))}条的事项应为 {sorted(case.only)}，实际为 {sorted(actual)}")
    return problems


def _item_problems(item, expected) -> list[str]:
    found: list[str] = []
    applies = {True: True, None: "待核实"}[item.applies]
    if expected.applies is not None and applies != expected.applies:
        found.append(f"适用应为 {expected.applies}，实际为 {applies}")
    if expected.kind is not None and item.rule.kind != expected.kind:
        found.append(f"类别应为 {expected.kind}，实际为 {item.rule.kind}")
    if expected.status is not None and item.status != expected.status:
        found.append(f"状态应为 {expected.status}，实际为 {item.status}")
    if expected.missing is not None and sorted(item.missing) != sorted(expected.missing):
        found.append(f"缺少的事实应为 {sorted(expected.missing)}，实际为 {list(item.missing)}")
    values: dict[str, Any] = dict(item.values)
    for name, value in (expected.values or {}).items():
        if name not in values:
            found.append(f"没有计算值「{name}」（有：{'、'.join(values)}）")
        elif not _same(values[name], value):
            found.append(f"计算值「{name}」应为 {value}，实际为 {values[name]}")
    return found


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(actual, (int, float)) and isinstance(expected, (int, float)) and not isinstance(actual, bool):
        return abs(actual - expected) < 1e-9
    return actual == expected
