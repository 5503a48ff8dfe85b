"""Evaluate rule conditions over a unit's facts, safely and with three values.

True: applies. False: does not. None: cannot tell, because a fact the
condition needs is missing from the data; checklists show such duties as
"待核实" and name the missing facts.
"""

from __future__ import annotations

import operator
from typing import Any

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
    return _compare(cond, facts.get(cond.fact), missing)


def _compare(cond: Condition, actual: Any, missing: set[str] | None) -> bool | None:
    if cond.op == "exists":
        return actual is not None
    if cond.op == "missing":
        return actual is None
    if actual is None:
        if missing is not None:
            missing.add(cond.fact)
        return None
    expected = cond.value
    if cond.op in ("in", "not-in"):
        members = expected if isinstance(expected, list) else [expected]
        found = any(a in members for a in actual) if isinstance(actual, list) else actual in members
        return found if cond.op == "in" else not found
    try:
        return _COMPARE[cond.op](actual, expected)
    except TypeError:
        return None  # a type mismatch is reported by `handbook check`, not here


def facts_used(cond: Condition | None) -> set[str]:
    if cond is None:
        return set()
    if cond.fact is not None:
        return {cond.fact}
    children = cond.all or cond.any or ([cond.not_] if cond.not_ else [])
    return set().union(*(facts_used(c) for c in children)) if children else set()
