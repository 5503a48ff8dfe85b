"""Rules point at real sentences, unit types and facts, and state figures that
stand in their sentence."""

from __future__ import annotations

from typing import Iterator

from generator.checks import check
from generator.checks.annotation_refs import document_of, folder_matches
from generator.compute.conditions import facts_used
from generator.compute.facts import FACTS
from generator.errors import Finding
from generator.model.rules import Rule
from generator.numbers import format_number, numbers_in
from generator.project import Project


@check("unknown-document", "unknown-sentence", "unknown-vocabulary", "unknown-fact", "figure-not-in-sentence", "duplicate-id")
def rule_refs(project: Project) -> Iterator[Finding]:
    type_names = {t.name for t in project.vocabulary.unit_types} if project.vocabulary else set()
    for rules in project.rule_sets:
        doc, missing = document_of(project, rules)
        yield from missing
        if doc is None:
            continue
        yield from folder_matches(rules, rules.document)
        sentences = doc.sentence_index()
        seen: dict[str, Rule] = {}
        for rule in rules.rules:
            if rule.id in seen:
                yield Finding(rule.locate("id"), "duplicate-id", f"规则编号「{rule.id}」重复：第一次出现在 {seen[rule.id].locate('id')}")
            seen.setdefault(rule.id, rule)
            yield from _sentence(rule, sentences)
            yield from _types(rule, type_names)
            yield from _facts(rule)
            if rule.sentence in sentences:
                yield from _figures(rule, sentences[rule.sentence].text)


def _sentence(rule: Rule, sentences: dict) -> Iterator[Finding]:
    if rule.sentence not in sentences:
        yield Finding(rule.locate("sentence"), "unknown-sentence", f"句子「{rule.sentence}」不存在")
    elif not rule.sentence.startswith(f"art-{rule.article}."):
        yield Finding(rule.locate("sentence"), "unknown-sentence", f"句子「{rule.sentence}」不属于第 {rule.article} 条")


def _types(rule: Rule, names: set[str]) -> Iterator[Finding]:
    for i, name in enumerate(rule.unit_types):
        if names and name not in names:
            yield Finding(rule.locate("unit_types", i), "unknown-vocabulary", f"组织类型「{name}」不在 content/vocabularies.yaml 中")


def _facts(rule: Rule) -> Iterator[Finding]:
    used = [("when", f) for f in sorted(facts_used(rule.when))] + [("done_when", f) for f in sorted(facts_used(rule.done_when))]
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
