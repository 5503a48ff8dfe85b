"""What a form is filled with: one context per unit and form, or a blank one.

Values are plain text, one line each.
Personal data (the secretary's name) is filled where the project holds it:
the public projection holds none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.compute.checklists import Checklist
from generator.model.document import Document
from generator.model.units import Unit
from generator.views.units import item_view

BLANK = "＿＿＿＿＿＿"
CONTEXT_KEYS = frozenset({"doc", "unit", "year", "items", "done", "ratings", "rating", "previous_rating",
                          "pay_coefficient", "secretary", "blank", "basis"})


@dataclass
class FormWarnings:
    messages: list[str] = field(default_factory=list)


def clean(value, where: str, warnings: FormWarnings):
    """One line per value: a line break inside a table cell or a title line would
    break the form's layout. (Control characters never get here: they are
    removed, with their location, when the data is loaded.)"""
    if isinstance(value, str):
        return value.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    if isinstance(value, dict):
        return {k: clean(v, f"{where}.{k}", warnings) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v, f"{where}[{i}]", warnings) for i, v in enumerate(value)]
    return value


def basis(doc: Document, sentences: dict[str, str], sentence_id: str) -> dict:
    part, k = sentence_id.rsplit(".s", 1)
    return {"citation": f"{doc.number}第{part[4:]}条第{k}句", "text": sentences.get(sentence_id, "")}


def unit_context(result: Checklist, units: dict[str, Unit], doc: Document, sentences: dict[str, str],
                 sentence_id: str, warnings: FormWarnings) -> dict:
    unit = result.unit
    county = units.get(unit.county) if unit.county else None
    year = result.year
    items = [_item(item_view(i, sentences)) for i in result.items]
    coefficient = next((v for i in result.items for name, v in i.values if name == "报酬比例系数"), None)
    context = {
        "doc": {"number": doc.number, "title": doc.title},
        "unit": {
            "id": unit.id, "name": unit.name, "type": unit.type, "county": county.name if county else unit.name,
            "members": str(unit.members) if unit.members is not None else BLANK,
            "work_group": "是" if unit.work_group else "否",
            "first_secretary": (unit.first_secretary.from_org or "已派驻") if unit.first_secretary else "无",
        },
        "year": str(year), "items": items, "done": str(result.done),
        "ratings": "、".join(f"{y}年{r}" for y, r in sorted(unit.ratings.items())) or BLANK,
        "rating": unit.ratings.get(year, BLANK), "previous_rating": unit.ratings.get(year - 1, BLANK),
        "pay_coefficient": str(coefficient) if coefficient is not None else "—",
        "secretary": _secretary(unit), "blank": BLANK, "basis": basis(doc, sentences, sentence_id),
    }
    return clean(context, f"单位「{unit.id}」", warnings)


def _item(view) -> dict:
    return {"title": view.title, "duty": view.duty, "source": view.source.text, "when": view.when or "—",
            "status": view.status, "box": "☑" if view.status == "已完成" else "☐"}


def _secretary(unit: Unit) -> dict:
    s = unit.secretary
    name = s.name if s and s.name else BLANK
    return {"name": name, "in_post_since": str(s.in_post_since) if s and s.in_post_since else BLANK}


def sample_context() -> dict:
    """Every variable a form may use, with sample values (for `templates check`)."""
    unit = {k: "示例" for k in ("id", "name", "type", "county", "members", "work_group", "first_secretary")}
    item = {"title": "示例事项", "duty": "示例", "source": "第1条第1句", "when": "—", "status": "", "box": "☐"}
    return {
        "doc": {"number": "示例〔2012〕1号", "title": "示例"}, "unit": unit, "year": "2012", "items": [item], "done": "0",
        "ratings": BLANK, "rating": BLANK, "previous_rating": BLANK, "pay_coefficient": BLANK,
        "secretary": {"name": BLANK, "in_post_since": BLANK}, "blank": BLANK, "basis": {"citation": "示例", "text": "示例"},
    }


def blank_context(doc: Document, sentences: dict[str, str], sentence_id: str) -> dict:
    unit = {k: BLANK for k in ("id", "name", "type", "county", "members", "work_group", "first_secretary")}
    return {
        "doc": {"number": doc.number, "title": doc.title}, "unit": unit, "year": "＿＿＿＿", "items": [], "done": BLANK,
        "ratings": BLANK, "rating": BLANK, "previous_rating": BLANK, "pay_coefficient": BLANK,
        "secretary": {"name": BLANK, "in_post_since": BLANK}, "blank": BLANK, "basis": basis(doc, sentences, sentence_id),
    }
