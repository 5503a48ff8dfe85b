"""The rule cases of content/documents/*/rule-cases.yaml, one test each: a
failure names the case's file and line. Every numeric bound in a rule's
condition has cases on both sides of it."""

from __future__ import annotations

import pytest

from conftest import REPO
from generator import pipeline
from generator.compute.conditions import leaves
from generator.compute.context import fact_context
from generator.compute.facts import FACTS, AtLeast, unit_facts
from generator.compute.rule_cases import case_problems, case_units, run_case

PROJECT, _ = pipeline.checked_project(REPO)
CASES = [(cases, case) for cases in PROJECT.rule_case_sets for case in cases.cases]


@pytest.mark.parametrize("cases, case", CASES, ids=[f"{c.document}:{case.locate().line}" for c, case in CASES])
def test_rule_case(cases, case):
    rules = PROJECT.rules_for(cases.document)
    result = run_case(case, rules, PROJECT.vocabulary)
    problems = case_problems(case, result, rules)
    assert not problems, f"{case.locate()}: 样例「{case.name}」:\n  " + "\n  ".join(problems)


def test_every_document_with_rules_has_cases():
    assert {c.document for c in PROJECT.rule_case_sets} == {r.document for r in PROJECT.rule_sets}


def _bounds(rules) -> set[tuple[str, str, float]]:
    """(fact, op, bound) of every numeric comparison in conditions that decide an item."""
    found = set()
    for rule in rules.rules:
        for cond in (rule.when, rule.done_when, rule.attention_when):
            for leaf in leaves(cond):
                if isinstance(leaf.value, (int, float)) and not isinstance(leaf.value, bool) and leaf.op in ("<", "<=", ">", ">=", "=="):
                    found.add((leaf.fact, leaf.op, leaf.value))
    return found


def _case_facts(cases, rules) -> list[dict]:
    found = []
    for case in cases.cases:
        unit, others = case_units(case)
        ctx = fact_context([unit, *others], PROJECT.vocabulary, rules, rules.reference_year)
        found.append(unit_facts(unit, rules.reference_year, ctx))
    return found


@pytest.mark.parametrize("cases", PROJECT.rule_case_sets, ids=lambda c: c.document)
def test_every_bound_has_cases_on_both_sides(cases):
    """A bound `x >= 50` needs a case at 50 and one just below; `x <= 35` at 35 and just above."""
    rules = PROJECT.rules_for(cases.document)
    facts = _case_facts(cases, rules)
    missing = []
    for fact, op, bound in sorted(_bounds(rules)):
        if FACTS[fact].not_in_data:  # no data gives it: its cases show the item 待核实 (case_problems checks `missing`)
            continue
        values = [f[fact] for f in facts if isinstance(f.get(fact), (int, float)) and not isinstance(f.get(fact), (bool, AtLeast))]
        below = op in (">=", "<")
        at = any(v == bound for v in values)
        other = any(bound - 1 <= v < bound for v in values) if below else any(bound < v <= bound + 1 for v in values)
        if not (at and other):
            missing.append(f"{fact} {op} {bound}：{'缺少恰在界限上的样例' if not at else '缺少界限另一侧的样例'}")
    assert not missing, "\n".join(missing)
