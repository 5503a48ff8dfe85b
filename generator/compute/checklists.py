"""A unit's checklist: the rules that apply to it, their values and progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from generator.compute.conditions import evaluate
from generator.compute.facts import unit_facts
from generator.model.rules import ProgressEntry, Rule, RuleSet, ValueSpec
from generator.model.units import Unit

UNKNOWN = "待核实"


@dataclass(frozen=True)
class Item:
    rule: Rule
    applies: bool | None  # None: the data cannot tell (see `missing`)
    missing: tuple[str, ...]
    values: tuple[tuple[str, Any], ...]
    status: str
    status_source: str  # 填报 / 数据 / 未填报
    status_date: dt.date | None
    evidence: str | None


@dataclass(frozen=True)
class Checklist:
    unit: Unit
    year: int
    items: tuple[Item, ...]

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i.status == "已完成")


ProgressIndex = dict[tuple[str, str], ProgressEntry]


def progress_index(entries: list[ProgressEntry]) -> ProgressIndex:
    return {(e.unit, e.rule): e for e in entries}


def checklist(unit: Unit, rules: RuleSet, progress: ProgressIndex) -> Checklist:
    year = rules.reference_year
    facts = unit_facts(unit, year)
    items = []
    for rule in rules.rules:
        if unit.type not in rule.unit_types:
            continue
        missing: set[str] = set()
        applies = evaluate(rule.when, facts, missing)
        if applies is False:
            continue
        items.append(_item(rule, applies, missing, facts, progress.get((unit.id, rule.id))))
    return Checklist(unit, year, tuple(items))


def _item(rule: Rule, applies, missing, facts, entry: ProgressEntry | None) -> Item:
    values = tuple((_value_name(v), compute_value(v, facts)) for v in rule.values)
    if entry is not None:
        status, source, date, evidence = entry.status, "填报", entry.date, entry.evidence
    elif rule.done_when is not None and evaluate(rule.done_when, facts) is True:
        status, source, date, evidence = "已完成", "数据", None, None
    else:
        status, source, date, evidence = "未开始", "未填报", None, None
    return Item(rule, applies, tuple(sorted(missing)), values, status, source, date, evidence)


def _value_name(spec: ValueSpec) -> str:
    return f"{spec.name}（{spec.unit}）" if spec.unit else spec.name


def compute_value(spec: ValueSpec, facts: dict[str, Any]) -> Any:
    """The value of one ValueSpec, or None when the data lacks what it needs."""
    fact = facts.get(spec.fact) if spec.fact else None
    if spec.constant is not None:
        if spec.per_fact is None:
            return spec.constant
        count = facts.get(spec.per_fact)
        return None if count is None else _tidy(spec.constant * count)
    if spec.lookup is not None:
        return None if fact is None else spec.lookup.get(str(fact))
    if spec.gap_to is not None:
        return None if fact is None else _tidy(max(0.0, spec.gap_to - fact))
    return fact


def _tidy(number: float) -> float | int:
    rounded = round(number, 2)
    return int(rounded) if float(rounded).is_integer() else rounded
