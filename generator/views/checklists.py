"""Checklists and unit lists shaped for the CLI's JSON contract and for pages."""

from __future__ import annotations

from typing import Any

from generator.compute.checklists import Checklist, Item, checklist, progress_index
from generator.errors import UsageError
from generator.model.rules import RuleSet
from generator.model.units import Unit
from generator.project import Project

RECURRENCE_TEXT = {
    "once": "一次", "weekly": "每周", "monthly": "每月", "quarterly": "每季度",
    "yearly": "每年", "every-3-years": "每三年", "on-event": "随事件",
}


def rule_set(project: Project, doc_id: str | None = None) -> RuleSet:
    doc_id = doc_id or (project.documents[0].id if project.documents else "")
    rules = project.rules_for(doc_id)
    if rules is None:
        raise UsageError(f"政策文件「{doc_id}」还没有规则（content/documents/{doc_id}/rules.yaml）")
    return rules


def unit_json(unit: Unit, year: int) -> dict[str, Any]:
    rating = unit.ratings.get(year) or (unit.ratings[max(unit.ratings)] if unit.ratings else None)
    return {"id": unit.id, "name": unit.name, "type": unit.type, "county": unit.county, "rating": rating}


def item_json(item: Item, sentences: dict[str, str]) -> dict[str, Any]:
    rule = item.rule
    return {
        "rule": rule.id,
        "article": rule.article,
        "sentence": rule.sentence,
        "title": rule.title,
        "text": rule.duty,
        "quote": sentences.get(rule.sentence, ""),
        "due": rule.due.isoformat() if rule.due else None,
        "recurrence": RECURRENCE_TEXT[rule.recurrence] if rule.recurrence else None,
        "event": rule.event,
        "values": dict(item.values),
        "applies": item.applies if item.applies is not None else None,
        "missing": list(item.missing),
        "status": item.status,
        "status_source": item.status_source,
        "status_date": item.status_date.isoformat() if item.status_date else None,
        "evidence": item.evidence,
    }


def checklist_json(result: Checklist, sentences: dict[str, str]) -> dict[str, Any]:
    return {"unit": unit_json(result.unit, result.year), "year": result.year,
            "items": [item_json(i, sentences) for i in result.items]}


def all_checklists(project: Project, rules: RuleSet) -> list[Checklist]:
    progress = progress_index(project.progress)
    return [checklist(u, rules, progress) for u in project.units]


def sentence_texts(project: Project, doc_id: str) -> dict[str, str]:
    doc = project.document(doc_id)
    return {s.id: s.text for s in doc.sentences()} if doc else {}
