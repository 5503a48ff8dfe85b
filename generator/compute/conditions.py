"""Evaluate rule conditions over a unit's facts, safely and with three values.

True: applies. False: does not. None: cannot tell, because a fact the
condition needs is missing from the data (or known only from below, see
`AtLeast`); checklists show such duties as "待核实" and name the missing facts.
"""

from __future__ import annotations

import operator
from typing import Any, Iterator

from generator.compute.facts import AtLeast
from generator.model.rules import Condition

_COMPARE = {"==": operator.eq, "!=": operator.ne, ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}


def evaluate(cond: Condition | None, facts: dict[str, Any], missing: set[str] | None = None) -> bool | None:
    """`missing` collects the facts that made the answer unknown."""
    if cond is None:
        return True
    if cond.all is not None:
        results = [evaluate(c, facts, missing) for c in cond.all]
        return False if False in results else None if None in results else True
    if cond.any is not None:
        results = [evaluate(c, facts, missing) for c in cond.any]
        return True if True in results else None if None in results else False
    if cond.not_ is not None:
        inner = evaluate(cond.not_, facts, missing)
        return None if inner is None else not inner
    result = compare(cond, facts.get(cond.fact))
    if result is None and missing is not None:
        missing.add(cond.fact)
    return result


def compare(cond: Condition, actual: Any) -> bool | None:
    """One comparison; None when the value is not reported or not known exactly enough."""
    if cond.op == "exists":
        return actual is not None
    if cond.op == "missing":
        return actual is None
    if actual is None:
        return None
    if isinstance(actual, AtLeast):
        return _compare_lower_bound(cond, actual.n)
    expected = cond.value
    if cond.op in ("in", "not-in"):
        members = expected if isinstance(expected, list) else [expected]
        found = any(a in members for a in actual) if isinstance(actual, list) else actual in members
        return found if cond.op == "in" else not found
    try:
        return _COMPARE[cond.op](actual, expected)
    except TypeError:
        return None  # a type mismatch is reported by `handbook check`, not here


def _compare_lower_bound(cond: Condition, low: int) -> bool | None:
    """The true value is `low` or more: decide only what every such value decides."""
    v = cond.value
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return None
    decided = {">=": (low >= v, True), ">": (low > v, True), "<": (low >= v, False),
               "<=": (low > v, False), "==": (low > v, False), "!=": (low > v, True)}.get(cond.op)
    if decided is None:
        return None
    known, answer = decided
    return answer if known else None


def facts_used(cond: Condition | None) -> set[str]:
    return {leaf.fact for leaf in leaves(cond)}


def leaves(cond: Condition | None) -> Iterator[Condition]:
    """The comparisons of a condition, in the order they are written."""
    if cond is None:
        return
    if cond.fact is not None:
        yield cond
        return
    for child in cond.all or cond.any or ([cond.not_] if cond.not_ else []):
        yield from leaves(child)
