"""A unit's checklist: the rules that apply to it, their values and progress.

An item applies (True) or the data cannot tell (None, 待核实, with the facts
that are missing); a rule that does not apply is left out. A party
organization's duty (`subject: 党组织`) applies only where the unit has one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from generator.compute.conditions import evaluate
from generator.compute.facts import EMPTY_CONTEXT, FactContext, Facts, unit_facts
from generator.model.rules import ProgressEntry, Rule, RuleSet, ValueSpec
from generator.model.units import Unit
from generator.model.vocabulary import Vocabulary

UNKNOWN = "待核实"
ORGANIZATION_FACT = "has_organization"


@dataclass(frozen=True)
class Item:
    rule: Rule
    applies: bool | None  # None: the data cannot tell (see `missing`)
    missing: tuple[str, ...]
    values: tuple[tuple[str, Any], ...]
    status: str | None  # None: nothing to report (conditions, targets without a measure)
    status_source: str  # 填报 / 数据 / 未填报
    status_date: dt.date | None
    evidence: str | None
    triggered: bool = False  # the unit's own data (not only its type) made the rule apply
    needs_organization: bool = False  # the organization test is part of why it applies


@dataclass(frozen=True)
class Checklist:
    unit: Unit
    year: int
    items: tuple[Item, ...]
    facts: Facts

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i.status == "已完成")


ProgressIndex = dict[tuple[str, str], ProgressEntry]


def progress_index(entries: list[ProgressEntry]) -> ProgressIndex:
    return {(e.unit, e.rule): e for e in entries}


class RuleIndex:
    """Which rules reach each unit type, with group names expanded once."""

    def __init__(self, rules: RuleSet, vocabulary: Vocabulary | None) -> None:
        self.rules = rules
        self.by_type: dict[str, list[Rule]] = {}
        for rule in rules.rules:
            types = vocabulary.expand(rule.unit_types) if vocabulary else rule.types()
            for name in types:
                self.by_type.setdefault(name, []).append(rule)

    def for_type(self, unit_type: str) -> list[Rule]:
        return self.by_type.get(unit_type, [])


def checklist(unit: Unit, rules: RuleSet | RuleIndex, progress: ProgressIndex,
              ctx: FactContext = EMPTY_CONTEXT, vocabulary: Vocabulary | None = None) -> Checklist:
    index = rules if isinstance(rules, RuleIndex) else RuleIndex(rules, vocabulary)
    year = index.rules.reference_year
    facts = unit_facts(unit, year, ctx)
    optional = unit.type in ctx.types_with_optional_organization
    items = []
    for rule in index.for_type(unit.type):
        missing: set[str] = set()
        applies = evaluate(rule.when, facts, missing)
        organization = facts[ORGANIZATION_FACT] if rule.subject == "党组织" else True
        if applies is False or organization is False:
            continue
        if organization is None:
            missing.add(ORGANIZATION_FACT)
            applies = None
        items.append(_item(rule, applies, missing, facts, progress.get((unit.id, rule.id)),
                           needs_organization=optional and rule.subject == "党组织"))
    return Checklist(unit, year, tuple(items), facts)


def _item(rule: Rule, applies, missing, facts, entry: ProgressEntry | None, needs_organization: bool) -> Item:
    values = tuple((value_name(v), compute_value(v, facts)) for v in rule.values)
    status, source, date, evidence = _status(rule, facts, entry)
    triggered = applies is True and rule.when is not None
    return Item(rule, applies, tuple(sorted(missing)), values, status, source, date, evidence, triggered, needs_organization)


def _status(rule: Rule, facts, entry: ProgressEntry | None) -> tuple[str | None, str | None, dt.date | None, str | None]:
    if entry is not None:
        return entry.status, "填报", entry.date, entry.evidence
    if rule.done_when is not None:
        done = evaluate(rule.done_when, facts)
        if done is not None:
            return ("已完成" if done else "未完成"), "数据", None, None
    if rule.kind == "condition" or (rule.kind == "target" and rule.done_when is None):
        return None, "未填报", None, None  # nothing to report: no status, and none was reported
    return "未填报", "未填报", None, None


def value_name(spec: ValueSpec) -> str:
    return f"{spec.name}（{spec.unit}）" if spec.unit else spec.name


def compute_value(spec: ValueSpec, facts: dict[str, Any]) -> Any:
    """The value of one ValueSpec, or None when the data lacks what it needs."""
    if spec.count_applies:
        return facts.get(f"applies:{spec.count_applies}")
    if spec.count_done:
        return facts.get(f"done:{spec.count_done}")
    fact = facts.get(spec.fact) if spec.fact else None
    if spec.constant is not None:
        if spec.per_fact is None:
            return spec.constant
        count = facts.get(spec.per_fact)
        return None if count is None or not isinstance(count, (int, float)) else _tidy(spec.constant * count)
    if spec.lookup is not None:
        return None if fact is None else spec.lookup.get(str(fact))
    if spec.gap_to is not None:
        return None if fact is None or not isinstance(fact, (int, float)) else _tidy(max(0.0, spec.gap_to - fact))
    return fact


def _tidy(number: float) -> float | int:
    rounded = round(number, 2)
    return int(rounded) if float(rounded).is_integer() else rounded
