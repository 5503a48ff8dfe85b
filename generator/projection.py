"""The project as an audience may see it, made once, right after validation.

The public projection has no personal field at all (names, birth years, phone
numbers are emptied), no rule that decides by a personal fact (a duty that
applies "if the secretary is under 35" would reveal the age), and no progress
for such a rule. It is refused, with every location, when a free-text field
(a unit's name, an envoy's 派出单位, progress evidence, a glossary entry…) carries a mobile or
ID-card number. No later stage (checklists, pages, forms, workbooks, search)
can leak what it never receives, so none of them needs to know the audience.
"""

from __future__ import annotations

import dataclasses
from typing import Iterator

from generator.compute.conditions import facts_used
from generator.compute.facts import FACTS
from generator.errors import Finding, InvalidInput, Severity
from generator.model.base import Model, text_values, without_personal
from generator.model.rules import Rule
from generator.output import Audience
from generator.personal import find_personal_numbers
from generator.project import Project


def for_audience(project: Project, audience: Audience) -> Project:
    return project if audience is Audience.INTERNAL else public_projection(project)


def public_projection(project: Project) -> Project:
    problems = list(personal_number_findings(project, Severity.ERROR))
    if problems:
        raise InvalidInput(problems)
    withheld = {r.id for rs in project.rule_sets for r in rs.rules if decides_by_personal_fact(r)}
    rule_sets = [rs.model_copy(update={"rules": [r for r in rs.rules if r.id not in withheld]}) for rs in project.rule_sets]
    return dataclasses.replace(
        project,
        units=[without_personal(u) for u in project.units],
        rule_sets=rule_sets,
        progress=[p for p in project.progress if p.rule not in withheld],
        personal_fingerprints={},  # hashes of personal fields: nothing public depends on them
    )


def decides_by_personal_fact(rule: Rule) -> bool:
    used = facts_used(rule.when) | facts_used(rule.done_when) | facts_used(rule.attention_when)
    used |= {f for v in rule.values for f in (v.fact, v.per_fact) if f}
    return any(FACTS[f].personal for f in used if f in FACTS)


def personal_number_findings(project: Project, severity: Severity) -> Iterator[Finding]:
    """A mobile or ID-card number in any non-personal text: unit data, progress, and content.
    Loading finds them once per file (and the load cache keeps them)."""
    found = project.personal_numbers
    if found is None:
        records: list[Model] = [*project.units, *project.progress, *project.documents, *project.annotations,
                                *project.glossaries, *project.vocabularies, *project.synonym_sets, *project.rule_sets,
                                *project.courses, *project.question_banks]
        found = list(numbers_in(records))
    for finding in found:
        yield dataclasses.replace(finding, severity=severity)


def numbers_in(records: list[Model]) -> Iterator[Finding]:
    for record in records:
        for path, text, personal in text_values(record):
            if personal:
                continue
            for number in find_personal_numbers(text):
                yield Finding(
                    record.locate(*path), "personal-number",
                    f"字段「{'.'.join(map(str, path))}」中有疑似{number.kind}（{number.masked}）：公开版本不能含个人号码，"
                    "请删除，或填入书记的 phone 等个人信息字段（只出现在内部版本中）",
                    Severity.WARNING,
                )
