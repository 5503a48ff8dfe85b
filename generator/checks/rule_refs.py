"""Rules point at real sentences, unit types (or party-organization levels),
facts and rules, and state figures that stand in their sentence; so do the
shared readings and the constraints on unit data."""

from __future__ import annotations

from typing import Iterator

from generator.checks import check
from generator.checks.annotation_refs import document_of, folder_matches
from generator.compute.conditions import facts_used
from generator.compute.facts import FACTS
from generator.errors import Finding
from generator.model.rules import Rule, RuleSet
from generator.numbers import format_number, numbers_in
from generator.project import Project


@check("unknown-document", "unknown-sentence", "unknown-vocabulary", "unknown-fact", "unknown-rule", "figure-not-in-sentence",
       "duplicate-id", "rule-year-mismatch")
def rule_refs(project: Project) -> Iterator[Finding]:
    vocab = project.vocabulary
    type_names = ({t.name for t in vocab.unit_types} | {p.name for p in vocab.party_levels}) if vocab else set()
    # A unit's checklist merges every document's rules (views/checklists.py merged_rules): a rule id
    # names one duty across all documents (progress rows and anchors use it), and "今年" is one year.
    seen: dict[str, Rule] = {}
    first_year: RuleSet | None = None
    for rules in project.rule_sets:
        if first_year is None:
            first_year = rules
        elif rules.reference_year != first_year.reference_year:
            yield Finding(rules.locate("reference_year"), "rule-year-mismatch",
                          f"“今年”为 {rules.reference_year} 年，与 {first_year.locate('reference_year')} 的 {first_year.reference_year} 年不同："
                          "单位清单合并各文件的规则，只能按同一年份判断")
        doc, missing = document_of(project, rules)
        yield from missing
        if doc is None:
            continue
        yield from folder_matches(rules, rules.document)
        sentences = doc.sentence_index()
        for rule in rules.rules:
            if rule.id in seen:
                yield Finding(rule.locate("id"), "duplicate-id", f"规则编号「{rule.id}」重复：第一次出现在 {seen[rule.id].locate('id')}")
            seen.setdefault(rule.id, rule)
            yield from _sentence(rule, sentences)
            yield from _types(rule, type_names)
            yield from _facts(rule)
            if rule.sentence in sentences:
                yield from _figures(rule, sentences[rule.sentence].text)
        ids = {r.id for r in rules.rules}
        for rule in rules.rules:
            yield from _counted(rule, ids)
        yield from _shared(rules, sentences, type_names)


def _sentence(rule: Rule, sentences: dict) -> Iterator[Finding]:
    if rule.sentence not in sentences:
        yield Finding(rule.locate("sentence"), "unknown-sentence", f"句子「{rule.sentence}」不存在")
    elif not rule.sentence.startswith(f"art-{rule.article}."):
        yield Finding(rule.locate("sentence"), "unknown-sentence", f"句子「{rule.sentence}」不属于第 {rule.article} 条")


def _types(model, names: set[str]) -> Iterator[Finding]:
    for i, name in enumerate(model.unit_types):
        if names and name not in names:
            yield Finding(model.locate("unit_types", i), "unknown-vocabulary",
                          f"组织类型或党组织类别「{name}」不在 content/vocabularies.yaml 中")


def _counted(rule: Rule, ids: set[str]) -> Iterator[Finding]:
    for i, spec in enumerate(rule.values):
        for target in (spec.count_applies, spec.count_done):
            if target and target not in ids:
                yield Finding(rule.locate("values", i), "unknown-rule", f"计算值「{spec.name}」统计的规则「{target}」不存在")


def _shared(rules: RuleSet, sentences: dict, type_names: set[str]) -> Iterator[Finding]:
    """Readings and constraints cite sentences, types and facts like rules do."""
    for reading in rules.readings:
        for i, sentence in enumerate(reading.sentences):
            if sentence not in sentences:
                yield Finding(reading.locate("sentences", i), "unknown-sentence", f"句子「{sentence}」不存在")
        yield from _types(reading, type_names)
    for constraint in rules.constraints:
        if constraint.sentence not in sentences:
            yield Finding(constraint.locate("sentence"), "unknown-sentence", f"句子「{constraint.sentence}」不存在")
        for field in ("when", "require"):
            for fact in sorted(facts_used(getattr(constraint, field))):
                if fact not in FACTS:
                    yield Finding(constraint.locate(field), "unknown-fact",
                                  f"限定「{constraint.id}」用到的事实「{fact}」不存在（可用的事实见 docs/data-model.md）")


def _facts(rule: Rule) -> Iterator[Finding]:
    used = [(field, f) for field in ("when", "done_when", "attention_when") for f in sorted(facts_used(getattr(rule, field)))]
    used += [("values", f) for v in rule.values for f in (v.fact, v.per_fact) if f]
    for field, fact in used:
        if fact not in FACTS:
            yield Finding(rule.locate(field), "unknown-fact", f"规则「{rule.id}」用到的事实「{fact}」不存在（可用的事实见 docs/data-model.md）")


def _figures(rule: Rule, text: str) -> Iterator[Finding]:
    found = numbers_in(text)
    for i, spec in enumerate(rule.values):
        numbers = [spec.constant, spec.gap_to, *((spec.lookup or {}).values())]
        for number in numbers:
            if isinstance(number, (int, float)) and not isinstance(number, bool) and float(number) not in found:
                yield Finding(rule.locate("values", i), "figure-not-in-sentence",
                              f"计算值「{spec.name}」中的数字 {format_number(number)} 在所引句子 {rule.sentence} 中找不到")
