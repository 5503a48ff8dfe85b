"""Two-way coverage of a notice: every sentence is listed in coverage.yaml; a
duty-bearing sentence has a rule or a reason; no rule cites a sentence said to
carry no duty; a sentence's reason not to encode it is not contradicted by a
rule; annotated duties (responsible bodies, targets) are not called duty-free."""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from generator.checks import check
from generator.checks.annotation_refs import document_of, folder_matches
from generator.errors import Finding
from generator.model.coverage import Coverage
from generator.project import Project


@check("coverage-gap", "coverage-stale", "unknown-sentence", "unknown-document", "duplicate-id")
def coverage_map(project: Project) -> Iterator[Finding]:
    for coverage in project.coverages:
        doc, missing = document_of(project, coverage)
        yield from missing
        if doc is None:
            continue
        yield from folder_matches(coverage, coverage.document)
        rules = project.rules_for(doc.id)
        cited = Counter(r.sentence for r in rules.rules) if rules else Counter()
        yield from _listing(coverage, [s.id for s in doc.sentences()])
        yield from _duties(coverage, cited, _annotated_duties(project, doc.id))
        if rules is not None:
            listed = {e.sentence: e for e in coverage.sentences}
            for rule in rules.rules:
                entry = listed.get(rule.sentence)
                if entry is not None and not entry.duty:
                    yield Finding(rule.locate("sentence"), "coverage-stale",
                                  f"规则「{rule.id}」所引句子 {rule.sentence} 在 coverage.yaml 中标为不含职责（{entry.locate('duty')}）：请改引含职责的句子，或修正逐句说明")


def _listing(coverage: Coverage, sentence_ids: list[str]) -> Iterator[Finding]:
    seen: dict[str, object] = {}
    known = set(sentence_ids)
    for entry in coverage.sentences:
        if entry.sentence in seen:
            yield Finding(entry.locate("sentence"), "duplicate-id", f"句子 {entry.sentence} 重复列出：第一次在 {seen[entry.sentence].locate('sentence')}")
        seen.setdefault(entry.sentence, entry)
        if entry.sentence not in known:
            yield Finding(entry.locate("sentence"), "unknown-sentence", f"句子「{entry.sentence}」不存在")
    unlisted = [s for s in sentence_ids if s not in seen]
    if unlisted:
        shown = "、".join(unlisted[:8]) + ("……" if len(unlisted) > 8 else "")
        yield Finding(coverage.locate("sentences"), "coverage-gap",
                      f"{len(unlisted)} 个句子没有列出（{shown}）：每个句子都要说明是否给谁规定了职责")


def _duties(coverage: Coverage, cited: Counter, annotated: dict[str, str]) -> Iterator[Finding]:
    for entry in coverage.sentences:
        rules = cited.get(entry.sentence, 0)
        if entry.duty and not rules and not entry.not_encoded:
            yield Finding(entry.locate("sentence"), "coverage-gap",
                          f"句子 {entry.sentence} 规定了职责，但没有规则引用它，也没有写明原因（not_encoded）")
        if entry.duty and rules and entry.not_encoded:
            yield Finding(entry.locate("not_encoded"), "coverage-stale",
                          f"句子 {entry.sentence} 写了没有写成规则的原因，但已有 {rules} 条规则引用它：请删去 not_encoded")
        if not entry.duty and entry.sentence in annotated:
            yield Finding(entry.locate("duty"), "coverage-gap",
                          f"句子 {entry.sentence} 标为不含职责，但标注中有它的{annotated[entry.sentence]}")


def _annotated_duties(project: Project, doc_id: str) -> dict[str, str]:
    """Sentences that annotations.yaml gives a responsible body or a target."""
    ann = project.annotations_for(doc_id)
    found: dict[str, str] = {}
    for entry in ann.articles if ann else []:
        for note in entry.responsible:
            found.setdefault(note.sentence, f"责任主体「{note.body}」")
        for target in entry.targets:
            found.setdefault(target.sentence, f"量化指标「{target.id}」")
    return found
