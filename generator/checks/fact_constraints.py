"""Unit data against what the notice allows (rules.yaml `constraints`): the
art. 5 pilots only in 武陵区/津市市, a year-end grade only after a grade, …
Each violation is an error at the unit's own field."""

from __future__ import annotations

from typing import Iterator

from generator.checks import check
from generator.compute.conditions import compiled, facts_used, leaves
from generator.compute.context import fact_context
from generator.compute.facts import FACTS, fact_paths
from generator.errors import Finding
from generator.project import Project
from generator.views.links import sentence_label


@check("fact-constraint")
def fact_constraints(project: Project) -> Iterator[Finding]:
    for rules in project.rule_sets:
        if not rules.constraints:
            continue
        year = rules.reference_year
        used = set().union(*(facts_used(c.when) | facts_used(c.require) for c in rules.constraints)) & set(FACTS)
        ctx = fact_context(project.units, project.vocabulary, None, year)
        tests = [(constraint, compiled(constraint.when), compiled(constraint.require)) for constraint in rules.constraints]
        for unit in project.units:
            facts = {name: FACTS[name].compute(unit, year, ctx) for name in used}
            for constraint, when, require in tests:
                if when(facts) is True and require(facts) is False:
                    first = next(leaves(constraint.when or constraint.require)).fact
                    paths = fact_paths(first, unit, year) if first in FACTS else ()
                    where = unit.locate(*paths[0]) if paths else unit.locate()
                    yield Finding(where, "fact-constraint",
                                  f"单位「{unit.name}」：{constraint.message}（{sentence_label(constraint.sentence)[1]}）")
