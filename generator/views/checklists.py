"""Checklists and unit lists shaped for the CLI's JSON contract and for pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.compute.checklists import Checklist, Item, RuleIndex, checklist, progress_index
from generator.compute.context import fact_context
from generator.compute.facts import FactContext
from generator.errors import UsageError
from generator.model.rules import RuleSet
from generator.model.units import Unit
from generator.project import Project
from generator.views.sources import RuleSources
from generator.views.why import Explainer

RECURRENCE_TEXT = {
    "once": "一次", "weekly": "每周", "monthly": "每月", "quarterly": "每季度",
    "yearly": "每年", "every-3-years": "每三年", "on-event": "随事件",
}


def rule_set(project: Project, doc_id: str | None = None) -> RuleSet:
    """One document's rules (`doc_id`), or the merged rules of every document that has rules
    (what a unit's checklist is made of)."""
    if doc_id is None:
        merged = merged_rules(project)
        if merged is not None:
            return merged
    doc_id = doc_id or (project.documents[0].id if project.documents else "")
    rules = project.rules_for(doc_id)
    if rules is None:
        raise UsageError(f"政策文件「{doc_id}」还没有规则（content/documents/{doc_id}/rules.yaml）")
    return rules


def merged_rules(project: Project, first: str | None = None) -> RuleSet | None:
    """Every document's rules as one set, in the library's order: the first document with rules
    gives the set its document id and its reference year (handbook check reports a rules.yaml whose
    year differs, and a rule id used twice, so each item names its own document and sentence).
    A project whose rules come from one document gets that document's set itself.
    `first`: the site's document (`handbook build --doc`), whose rules lead when it has any."""
    order = {d.id: n for n, d in enumerate(project.documents)}
    sets = sorted(project.rule_sets, key=lambda rs: (rs.document != first, order.get(rs.document, len(order))))
    if len(sets) < 2:
        return sets[0] if sets else None
    lead = sets[0]
    return lead.model_copy(update={
        "rules": [r for rs in sets for r in rs.rules],
        "readings": [r for rs in sets for r in rs.readings],
        "constraints": [c for rs in sets for c in rs.constraints],
    })


@dataclass
class Checklists:
    """Everything computed once per build: the rule index, the neighbours' facts, the explainer."""

    rules: RuleSet
    index: RuleIndex
    ctx: FactContext
    explainer: Explainer
    results: list[Checklist]
    sources: RuleSources


def compute_checklists(project: Project, rules: RuleSet, only: list[Unit] | None = None) -> Checklists:
    """Checklists for every unit (or `only` these), with facts about neighbours computed over all units."""
    vocab = project.vocabulary
    index = RuleIndex(rules, vocab)
    ctx = fact_context(project.units, vocab, rules, rules.reference_year)
    progress = progress_index(project.progress)
    sources = RuleSources(project, rules)
    explainer = Explainer(rules.reference_year, ctx, sources, {r.id: r for r in rules.rules})
    results = [checklist(u, index, progress, ctx) for u in (project.units if only is None else only)]
    return Checklists(rules, index, ctx, explainer, results, sources)


def all_checklists(project: Project, rules: RuleSet) -> list[Checklist]:
    return compute_checklists(project, rules).results


def unit_json(unit: Unit, year: int) -> dict[str, Any]:
    rating = unit.ratings.get(year) or (unit.ratings[max(unit.ratings)] if unit.ratings else None)
    return {"id": unit.id, "name": unit.name, "type": unit.type, "county": unit.county, "rating": rating}


def item_json(item: Item, result: Checklist, explainer: Explainer) -> dict[str, Any]:
    rule = item.rule
    source = explainer.sources.of(rule)
    return {
        "rule": rule.id,
        "document": source.document,
        "article": rule.article,
        "sentence": rule.sentence,
        "citation": source.label,
        "document_status": source.state,
        "caution": source.caution,
        "title": rule.title,
        "text": rule.duty,
        "quote": source.quote,
        "kind": rule.kind,
        "due": rule.due.isoformat() if rule.due else None,
        "recurrence": RECURRENCE_TEXT[rule.recurrence] if rule.recurrence else None,
        "event": rule.event,
        "values": {name: _json_value(value) for name, value in item.values},
        "applies": True if item.applies else None,
        "missing": list(item.missing),
        "status": item.status,
        "status_source": item.status_source,
        "status_date": item.status_date.isoformat() if item.status_date else None,
        "evidence": item.evidence,
        "why": explainer.explain(item, result.unit, result.facts).to_json(),
    }


def _json_value(value: Any) -> Any:
    from generator.compute.facts import AtLeast

    return {"at_least": value.n} if isinstance(value, AtLeast) else value


def checklist_json(result: Checklist, explainer: Explainer) -> dict[str, Any]:
    return {"unit": unit_json(result.unit, result.year), "year": result.year,
            "items": [item_json(i, result, explainer) for i in result.items]}


def sentence_texts(project: Project, doc_id: str) -> dict[str, str]:
    doc = project.document(doc_id)
    return {s.id: s.text for s in doc.sentences()} if doc else {}
