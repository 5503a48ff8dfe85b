"""Evaluate rule conditions over a unit's facts, safely and with three values.

True: applies. False: does not. None: cannot tell, because a fact the
condition needs is missing from the data (or known only from below, see
`AtLeast`); checklists show such duties as "待核实" and name the missing facts.
"""

from __future__ import annotations

import operator
from typing import Any, Callable, Iterator, Mapping

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


Test = Callable[[Mapping[str, Any]], "bool | None"]


def compiled(cond: Condition | None) -> Test:
    """`evaluate(cond, facts)` made once into a function of the facts, with the same answers
    (without `missing`): the rule counts ask each counted rule's condition of 20,000 units.
    `all` stops at its first False and `any` at its first True, which decides the answer."""
    if cond is None:
        return _true
    if cond.all is not None:
        return _all(tuple(compiled(c) for c in cond.all))
    if cond.any is not None:
        return _any(tuple(compiled(c) for c in cond.any))
    if cond.not_ is not None:
        return _not(compiled(cond.not_))
    return _comparison(cond)


def _true(facts: Mapping[str, Any]) -> bool:
    return True


def _all(parts: tuple[Test, ...]) -> Test:
    def test(facts: Mapping[str, Any]) -> bool | None:
        unknown = False
        for part in parts:
            result = part(facts)
            if result is False:
                return False
            unknown = unknown or result is None
        return None if unknown else True
    return test


def _any(parts: tuple[Test, ...]) -> Test:
    def test(facts: Mapping[str, Any]) -> bool | None:
        unknown = False
        for part in parts:
            result = part(facts)
            if result is True:
                return True
            unknown = unknown or result is None
        return None if unknown else False
    return test


def _not(inner: Test) -> Test:
    def test(facts: Mapping[str, Any]) -> bool | None:
        result = inner(facts)
        return None if result is None else not result
    return test


def _comparison(cond: Condition) -> Test:
    fact, operation = cond.fact, _COMPARE.get(cond.op)
    if operation is None:  # exists, missing, in, not-in
        return lambda facts: compare(cond, facts.get(fact))
    expected = cond.value

    def test(facts: Mapping[str, Any]) -> bool | None:  # `compare`, for the six comparisons
        actual = facts.get(fact)
        if actual is None:
            return None
        if isinstance(actual, AtLeast):
            return _compare_lower_bound(cond, actual.n)
        try:
            return operation(actual, expected)
        except TypeError:
            return None
    return test


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
