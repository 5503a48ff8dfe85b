"""Why an item is on a unit's checklist: the condition, each fact it used with
its value and where that value came from (`file:line` or `sheet!cell`), the
sentence, and the reading that is ours, if any.

The same explanation feeds the unit page ("为什么") and `checklist --json`
(`items[].why`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.compute.checklists import ORGANIZATION_FACT, Item
from generator.compute.conditions import compare, leaves
from generator.compute.facts import FACTS, AtLeast, FactContext, fact_paths
from generator.errors import Location
from generator.model.rules import Condition, Rule
from generator.model.units import Unit
from generator.numbers import format_number
from generator.views.sources import RuleSources

OPS = {"==": "为", "!=": "不是", ">=": "≥", ">": ">", "<=": "≤", "<": "<", "in": "为", "not-in": "不是",
       "exists": "已填报", "missing": "未填报"}
NOT_REPORTED = "未填报"
RESULTS = {True: "满足", False: "不满足", None: "待核实"}
HAS_ORGANIZATION = Condition(fact=ORGANIZATION_FACT, op="==", value=True)  # the test a party organization's duty adds


@dataclass(frozen=True)
class FactLine:
    fact: str
    label: str
    value: str  # for display, with its unit
    raw: Any  # for JSON
    source: str  # "data/units.yaml:12", "data/x.xlsx:非公企业!F7", or how an aggregate was computed
    reported: bool
    note: str | None = None
    place: str = ""  # `source` as a reader says it: "units.yaml 第12行", "x.xlsx 工作表「非公企业」F7 格"

    @property
    def shown_source(self) -> str:
        return self.place or self.source


@dataclass(frozen=True)
class Test:
    """One comparison of the condition, with the unit's value and its result."""

    text: str  # "职工数 ≥ 50 名"
    fact: FactLine
    result: bool | None

    @property
    def result_text(self) -> str:
        return RESULTS[self.result]


@dataclass(frozen=True)
class Why:
    scope: str  # "基层党组织（本单位是村）"
    condition: str  # the whole condition in words, "" when the rule has none
    tests: tuple[Test, ...]
    data: tuple[FactLine, ...]  # other facts the item shows (values, done_when)
    sentence_id: str
    sentence_label: str
    sentence: str
    reading: str | None
    missing: tuple[str, ...]  # labels of the facts the data lacks
    document: str = ""  # the id of the document the sentence is in

    def to_json(self) -> dict:
        return {
            "scope": self.scope, "condition": self.condition,
            "tests": [{"text": t.text, "fact": t.fact.fact, "value": _json(t.fact.raw), "source": t.fact.source,
                       "result": t.result} for t in self.tests],
            "facts": [{"fact": f.fact, "label": f.label, "value": _json(f.raw), "source": f.source} for f in self.data],
            "sentence": {"id": self.sentence_id, "text": self.sentence}, "reading": self.reading,
            "missing": list(self.missing),
        }


def _json(value: Any) -> Any:
    if isinstance(value, AtLeast):
        return {"at_least": value.n}
    return value


def where(loc: Location) -> str:
    """`file:line` for YAML and CSV, `file:sheet!cell` for Excel."""
    if loc.cell is not None:
        return f"{loc.path}:{loc.sheet}!{loc.cell}"
    return f"{loc.path}:{loc.line}" if loc.line is not None else loc.path


def place(loc: Location) -> str:
    """Where a value came from, in words and without folders: the file staff keep, and its line or cell."""
    name = loc.path.rsplit("/", 1)[-1]
    if loc.cell is not None:
        return f"{name} 工作表「{loc.sheet}」{loc.cell} 格"
    return f"{name} 第{loc.line}行" if loc.line is not None else name


def show(value: Any, unit: str = "") -> str:
    """A value as a user reads it; None is "not reported", never "no"."""
    if value is None:
        return NOT_REPORTED
    if isinstance(value, AtLeast):
        return f"至少 {value.n}{' ' + unit if unit else ''}（更早的年份未填报）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        value = format_number(value)
    if isinstance(value, list):
        return "、".join(map(str, value)) or "无"
    if unit and isinstance(value, (int, str)) and str(value)[:1].isdigit():
        return f"{value}{unit}" if unit == "%" else f"{value} {unit}"
    return str(value)


class Explainer:
    """Builds `Why` for the items of one build: knows the year, the context and the sentences."""

    def __init__(self, year: int, ctx: FactContext, sources: RuleSources, rules_by_id: dict[str, Rule]) -> None:
        self.year, self.ctx, self.sources, self.rules_by_id = year, ctx, sources, rules_by_id
        self._described: dict[int, str] = {}  # condition → words (rules do not change during a build)
        self._scopes: dict[tuple[str, str], str] = {}
        self._unit: Unit | None = None  # the unit whose fact lines are in _lines (a page reads one unit's facts many times)
        self._lines: dict[str, FactLine] = {}

    def fact_line(self, name: str, unit: Unit, facts: dict[str, Any]) -> FactLine:
        if unit is not self._unit:
            self._unit, self._lines = unit, {}
        line = self._lines.get(name)
        if line is None:
            line = self._lines[name] = self._fact_line(name, unit, facts)
        return line

    def _fact_line(self, name: str, unit: Unit, facts: dict[str, Any]) -> FactLine:
        fact = FACTS.get(name)
        value = facts.get(name)
        if fact is None:  # a count over the units below ("applies:<rule>")
            kind, _, rule_id = name.partition(":")
            rule = self.rules_by_id.get(rule_id)
            title = rule.title if rule else rule_id
            label = f"下辖单位中适用「{title}」的" if kind == "applies" else f"下辖单位中「{title}」据数据已完成的"
            return FactLine(name, label, show(value), value, "据下辖各单位的数据统计", value is not None)
        if fact.aggregate:
            source = words = self.ctx.basis.get((unit.id, name), "据其他单位的数据统计")
        else:
            source, words = self._source(name, unit)
        return FactLine(name, fact.label, show(value, fact.unit), value, source, value is not None, fact.note, words)

    def _source(self, name: str, unit: Unit) -> tuple[str, str]:
        """Where the unit's value is written: for JSON (`file:line`) and in words."""
        found: dict[str, str] = {}
        for path in fact_paths(name, unit, self.year):
            loc = unit.locate(*path)
            found.setdefault(where(loc), place(loc))
        if not found:
            loc = unit.locate()
            found[where(loc)] = place(loc)
        return "、".join(found), "、".join(dict.fromkeys(found.values()))

    def explain(self, item: Item, unit: Unit, facts: dict[str, Any]) -> Why:
        rule = item.rule
        tests = [self._test(leaf, unit, facts) for leaf in leaves(rule.when)]
        if item.needs_organization:
            tests.insert(0, self._test(HAS_ORGANIZATION, unit, facts))
        shown = {t.fact.fact for t in tests}
        used = [leaf.fact for leaf in leaves(rule.done_when)]
        for spec in rule.values:
            used += [f for f in (spec.fact, spec.per_fact) if f]
            used += [f"{k}:{r}" for k, r in (("applies", spec.count_applies), ("done", spec.count_done)) if r]
        data = []
        for name in used:
            if name not in shown:
                shown.add(name)
                data.append(self.fact_line(name, unit, facts))
        missing = tuple(FACTS[f].label for f in item.missing if f in FACTS)
        source = self.sources.of(rule)
        return Why(
            scope=self.scope(rule, unit), condition=self.describe(rule.when), tests=tuple(tests), data=tuple(data),
            sentence_id=rule.sentence, sentence_label=source.label,
            sentence=source.quote, reading=rule.reading, missing=missing, document=source.document,
        )

    def _test(self, leaf: Condition, unit: Unit, facts: dict[str, Any]) -> Test:
        return Test(self.describe(leaf), self.fact_line(leaf.fact, unit, facts), compare(leaf, facts.get(leaf.fact)))

    def describe(self, cond: Condition | None) -> str:
        text = self._described.get(id(cond))
        if text is None:
            text = self._described[id(cond)] = describe(cond)
        return text

    def scope(self, rule: Rule, unit: Unit) -> str:
        key = (rule.id, unit.type)
        text = self._scopes.get(key)
        if text is None:
            named = "、".join(rule.unit_types)
            text = self._scopes[key] = named if unit.type in rule.unit_types else f"{named}（本单位是{unit.type}）"
        return text


def describe(cond: Condition | None) -> str:
    """A condition in words: "职工数 ≥ 50 名，且党员数 < 3 名"."""
    if cond is None:
        return ""
    if cond.fact is not None:
        return _leaf(cond)
    if cond.not_ is not None:
        return f"并非（{describe(cond.not_)}）"
    parts = [describe(c) for c in (cond.all or cond.any or [])]
    joiner = "，且" if cond.all is not None else "；或"
    nested = [f"（{p}）" if ("，且" in p or "；或" in p) else p for p in parts]
    return joiner.join(nested)


def _leaf(cond: Condition) -> str:
    fact = FACTS.get(cond.fact)
    label = fact.label if fact else cond.fact
    unit = fact.unit if fact else ""
    if cond.op in ("exists", "missing"):
        return f"{label}{OPS[cond.op]}"
    value = cond.value
    if isinstance(value, bool):
        return f"{label}：{'是' if value else '否'}" if cond.op == "==" else f"{label}：{'否' if value else '是'}"
    if isinstance(value, list):
        text = "或".join(map(str, value))
    elif isinstance(value, (int, float)):
        text = f"{format_number(value)} {unit}".rstrip()
    else:
        text = str(value)
    op = OPS[cond.op]
    return f"{label} {op} {text}" if op in ("≥", ">", "≤", "<") else f"{label}{op}{text}"
