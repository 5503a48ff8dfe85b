"""Coverage by design: every party-organization type gets rules.

A sentence that coverage.yaml says addresses a group (every 基层党组织, say)
must give each type of the group at least one rule; and every type that the
vocabulary calls a party organization must be reached by some rule (of any document:
a unit's checklist merges them). A type
added to the vocabulary without rules is reported, not silently left bare.
"""

from __future__ import annotations

from typing import Iterator

from generator.checks import check
from generator.errors import Finding
from generator.project import Project


@check("type-without-rule")
def type_coverage(project: Project) -> Iterator[Finding]:
    vocab = project.vocabulary
    if vocab is None:
        return
    for rules in project.rule_sets:
        reach = {r.id: vocab.expand(r.unit_types) for r in rules.rules}
        by_sentence: dict[str, set[str]] = {}
        for rule in rules.rules:
            by_sentence.setdefault(rule.sentence, set()).update(reach[rule.id])
        coverage = project.coverage_for(rules.document)
        for entry in coverage.sentences if coverage else []:
            for i, name in enumerate(entry.addresses):
                for utype in sorted(vocab.expand([name]) - by_sentence.get(entry.sentence, set())):
                    yield Finding(entry.locate("addresses", i), "type-without-rule",
                                  f"句子 {entry.sentence} 的职责对象包括{name}，但没有规则把它给{utype}")
    # a unit's checklist merges every document's rules: a type is covered when any document's rules reach it
    reached = {t for rules in project.rule_sets for r in rules.rules for t in vocab.expand(r.unit_types)}
    documents = "、".join(rules.document for rules in project.rule_sets)
    for utype in vocab.unit_types if project.rule_sets else []:
        if utype.party_level and utype.name not in reached:
            yield Finding(utype.locate("name"), "type-without-rule",
                          f"组织类型「{utype.name}」是{utype.party_level}，但 {documents} 的规则没有一条适用于它")
