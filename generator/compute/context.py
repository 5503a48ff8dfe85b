"""Facts about a unit that come from other units, computed once for all units.

A county's checklist shows its villages' average funds next to the notice's
required average; a township's shows how many of its organizations are rated
"较好" (it sends leaders to them); a village's knows whether a cooperative
under it has a party organization. Counts that follow a rule ("organizations
under a work group") are counted with the rule's own condition, so that no
threshold is written twice.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, NamedTuple

from generator.compute.conditions import Test, compiled
from generator.compute.facts import FactContext, has_organization, unit_facts
from generator.model.rules import Rule, RuleSet
from generator.model.units import Unit
from generator.model.vocabulary import Vocabulary

COUNTY_TYPE = "区县"
COOPERATIVE_TYPE = "农民专业合作社"


def counted_rules(rules: RuleSet) -> set[str]:
    """Rules that some value counts over (count_applies / count_done)."""
    return {rid for r in rules.rules for v in r.values for rid in (v.count_applies, v.count_done) if rid}


def fact_context(units: list[Unit], vocabulary: Vocabulary | None, rules: RuleSet | None, year: int) -> FactContext:
    optional = frozenset(t.name for t in vocabulary.unit_types if t.organization_optional) if vocabulary else frozenset()
    ctx = FactContext(types_with_optional_organization=optional)
    by_id = {u.id: u for u in units}
    for unit in units:
        county = by_id.get(unit.county) if unit.county else None
        if county is not None:
            ctx.aggregates.setdefault(unit.id, {})["county_name"] = county.name
        elif unit.type == COUNTY_TYPE:
            ctx.aggregates.setdefault(unit.id, {})["county_name"] = unit.name
    _cooperatives(units, by_id, ctx, year)
    _county_sums(units, by_id, ctx, year)
    if rules is not None:
        _rule_counts(units, by_id, ctx, rules, vocabulary, year)
    return ctx


def ancestors(unit: Unit, by_id: dict[str, Unit]) -> Iterable[Unit]:
    """Parent, grandparent… (stops on a cycle, which `handbook check` reports)."""
    seen, current = {unit.id}, by_id.get(unit.parent) if unit.parent else None
    while current is not None and current.id not in seen:
        yield current
        seen.add(current.id)
        current = by_id.get(current.parent) if current.parent else None


def _cooperatives(units: list[Unit], by_id: dict[str, Unit], ctx: FactContext, year: int) -> None:
    for unit in units:
        parent = by_id.get(unit.parent) if unit.parent else None
        if unit.type == COOPERATIVE_TYPE and parent is not None and has_organization(unit, year, ctx):
            facts = ctx.aggregates.setdefault(parent.id, {})
            facts["cooperative_organizations"] = facts.get("cooperative_organizations", 0) + 1
            ctx.basis[(parent.id, "cooperative_organizations")] = "据下辖农民专业合作社的数据统计"
    for unit in units:
        if unit.type == "村":
            ctx.aggregates.setdefault(unit.id, {}).setdefault("cooperative_organizations", 0)


def _county_sums(units: list[Unit], by_id: dict[str, Unit], ctx: FactContext, year: int) -> None:
    """Averages and shares over each county's units, beside the notice's citywide figures."""
    groups: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        if unit.county in by_id:
            groups[unit.county].append(unit)
    for county_id, members in groups.items():
        facts = ctx.aggregates.setdefault(county_id, {})
        for utype, name in (("村", "village_funds_average"), ("社区", "community_funds_average")):
            of_type = [u for u in members if u.type == utype]
            amounts = [u.funds[year] for u in of_type if year in u.funds]
            if amounts:
                facts[name] = round(sum(amounts) / len(amounts), 2)
            ctx.basis[(county_id, name)] = f"本区县已填报{year}年经费的 {len(amounts)} 个{utype}（共 {len(of_type)} 个）的平均数"
        villages = [u for u in members if u.type == "村" and year in u.developed]
        recruits = sum(u.developed[year] for u in villages)
        facts["rural_recruits"] = recruits
        ctx.basis[(county_id, "rural_recruits")] = f"本区县已填报{year}年发展党员数的 {len(villages)} 个村合计"
        for name, field in (("rural_recruits_under_35_share", "developed_under_35"), ("rural_recruits_high_school_share", "developed_high_school")):
            reported = [u for u in villages if year in getattr(u, field)]
            part, whole = sum(getattr(u, field)[year] for u in reported), sum(u.developed[year] for u in reported)
            if whole:
                facts[name] = round(100 * part / whole, 1)
            ctx.basis[(county_id, name)] = f"本区县已填报结构的 {len(reported)} 个村，{part}/{whole} 名"
        enterprises = [u for u in members if u.type == "非公企业" and u.members is not None]
        facts["private_enterprise_members"] = sum(u.members for u in enterprises)
        ctx.basis[(county_id, "private_enterprise_members")] = f"本区县已填报党员数的 {len(enterprises)} 个非公企业合计"


def _rule_counts(units: list[Unit], by_id: dict[str, Unit], ctx: FactContext, rules: RuleSet,
                 vocabulary: Vocabulary | None, year: int) -> None:
    """For each rule some value counts over: how many units under each unit it applies to (is done for)."""
    wanted = counted_rules(rules)
    targets = [r for r in rules.rules if r.id in wanted]
    if not targets:
        return
    by_type: dict[str, list[_Counted]] = defaultdict(list)  # the rules a unit of each type is counted for
    for rule in targets:
        counted = _Counted(rule.subject == "党组织", compiled(rule.when), compiled(rule.done_when) if rule.done_when else None,
                           f"applies:{rule.id}", f"done:{rule.id}")
        for unit_type in (vocabulary.expand(rule.unit_types) if vocabulary else rule.types()):
            by_type[unit_type].append(counted)
    for unit in units:
        relevant = by_type.get(unit.type)
        if not relevant:
            continue
        facts = unit_facts(unit, year, ctx)
        scopes = None  # made when a rule first applies: the order of ctx.aggregates stays as it was
        for rule in relevant:
            if rule.needs_organization and facts["has_organization"] is not True:
                continue
            if rule.when(facts) is not True:
                continue
            done = rule.done_when is not None and rule.done_when(facts) is True
            if scopes is None:
                scopes = [ctx.aggregates.setdefault(scope.id, {}) for scope in ancestors(unit, by_id)]
            for counts in scopes:
                counts[rule.applies_key] = counts.get(rule.applies_key, 0) + 1
                counts[rule.done_key] = counts.get(rule.done_key, 0) + done
    keys = [(f"applies:{rule.id}", f"done:{rule.id}") for rule in targets]
    for scope in units:
        counts = ctx.aggregates.setdefault(scope.id, {})
        for applies_key, done_key in keys:
            counts.setdefault(applies_key, 0)
            counts.setdefault(done_key, 0)


class _Counted(NamedTuple):
    needs_organization: bool  # the rule is about a party organization
    when: Test
    done_when: Test | None
    applies_key: str
    done_key: str
