"""What a form is filled with: one context per unit and form, or a blank one.

Values are plain text, one line each; a value the data lacks is empty, and the
template shows a line to write on ({{ x or '＿＿' }}) or leaves its cell empty.
Personal data (the secretary's name) is filled where the project holds it:
the public projection holds none.
A duty's status is printed only where progress was reported (or the unit's
data shows it done); nothing reported leaves the cell empty for the secretary.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.compute.checklists import Checklist
from generator.model.document import Document
from generator.model.units import Unit
from generator.numbers import format_number
from generator.views.sources import RuleSources
from generator.views.units import item_view


def blank(width: int) -> str:
    """A line to write on, `width` characters long."""
    return "＿" * width


BLANK = blank(6)
BLANK_ROWS = 10  # empty rows of a blank form's duty table
REPORTED = ("填报", "数据")  # status sources that say something; "未填报" says nothing
CONTEXT_KEYS = frozenset({"doc", "unit", "year", "items", "total", "done", "ratings", "rating", "previous_rating",
                          "pay_coefficient", "secretary", "blank", "basis", "basics"})
VENUE_TEXT = {"有": "有活动场所", "无": "尚无活动场所", "在建": "活动场所在建"}


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


def unit_context(result: Checklist, units: dict[str, Unit], doc: Document, sources: RuleSources,
                 sentence_id: str, warnings: FormWarnings) -> dict:
    """`sources` cite each duty (its own document and sentence); the form's basis is `doc`'s sentence."""
    unit = result.unit
    county = units.get(unit.county) if unit.county else None
    year = result.year
    items = [_item(n, item, sources) for n, item in enumerate(result.items, start=1)]
    context = {
        "doc": {"number": doc.number, "title": doc.title},
        "unit": {
            "id": unit.id, "name": unit.name, "type": unit.type, "county": county.name if county else unit.name,
            "members": str(unit.members) if unit.members is not None else "",
            "work_group": {True: "是", False: "否", None: "未填报"}[unit.work_group],
            "first_secretary": _first_secretary(unit),
        },
        "year": str(year), "items": items, "total": str(len(items)), "done": str(result.done),
        "ratings": "、".join(f"{y}年{r}" for y, r in sorted(unit.ratings.items())),
        "rating": unit.ratings.get(year, ""), "previous_rating": unit.ratings.get(year - 1, ""),
        "pay_coefficient": _pay(result),
        "secretary": _secretary(unit), "blank": BLANK, "basis": basis(doc, sources.texts, sentence_id),
        "basics": basics(result, units, doc, sources.other_documents(result)),
    }
    return clean(context, f"单位「{unit.id}」", warnings)


def _item(number: int, item, sources: RuleSources) -> dict:
    view = item_view(item, sources)
    reported = getattr(item, "status_source", "未填报") in REPORTED
    # the notice's sentence as before (the form says it follows the notice); another document by name
    # and article, with its state when it is not in force (views/sources.py)
    source = sources.of(item.rule).marked_cell
    return {"no": str(number), "title": view.title, "duty": view.duty, "source": source,
            "when": view.when or "—", "status": view.status if reported else ""}


def _pay(result: Checklist) -> str:
    """The village secretary's pay ratio by this year's rating (art. 7), on village forms only."""
    ratio = next((v for i in result.items for name, v in i.values if name.startswith("报酬比例系数")), None)
    if ratio is None:
        return ""
    rating = result.unit.ratings.get(result.year)
    return f"{format_number(float(ratio))}（按{result.year}年定级“{rating}”）" if rating else format_number(float(ratio))


def _first_secretary(unit: Unit) -> str:
    """Not reported is not "none": only 无 in the data says no first secretary was sent."""
    envoy = unit.envoy("first_secretary")
    if envoy is not None:
        return envoy.from_org or "已派驻"
    return "无" if unit.first_secretary == "无" else "未填报"


def _secretary(unit: Unit) -> dict:
    s = unit.secretary
    name = s.name if s and s.name else ""
    return {"name": name, "in_post_since": str(s.in_post_since) if s and s.in_post_since else ""}


def basics(result: Checklist, units: dict[str, Unit], doc: Document, others: tuple[str, ...] = ()) -> str:
    """基本情况: the unit's own figures in a few plain sentences; nothing the data does not say."""
    unit, year = result.unit, result.year
    county = units.get(unit.county) if unit.county else None
    parent = units.get(unit.parent) if unit.parent else None
    where = "".join(u.name for u in (county, parent) if u is not None and u.id != unit.id)
    first = [f"{unit.name}党组织" + (f"隶属{where}" if where else f"为{unit.type}党组织")]
    counts = [f"现有党员{unit.members}名" if unit.members is not None else "",
              f"职工{unit.employees}名" if unit.employees is not None else ""]
    first.append("、".join(c for c in counts if c))
    sentences = ["，".join(p for p in first if p)]
    ratings = sorted(unit.ratings.items())
    if len(ratings) == 1:
        sentences.append(f"{ratings[0][0]}年分类定级为“{ratings[0][1]}”")
    elif ratings:
        sentences.append(f"{ratings[0][0]}年至{ratings[-1][0]}年分类定级依次为" + "".join(f"“{r}”" for _, r in ratings))
    this_year = [f"{year}年发展党员{unit.developed[year]}名" if year in unit.developed else "",
                 f"{year}年运转保障经费{format_number(unit.funds[year])}万元" if year in unit.funds else "",
                 VENUE_TEXT.get(unit.venue.status, "") if unit.venue else ""]
    sentences.append("，".join(p for p in this_year if p))
    helpers = ["有工作组进驻" if unit.work_group else "",
               _envoy("第一书记", unit.first_secretary), _envoy("党建工作指导员", unit.instructor)]
    sentences.append("，".join(p for p in helpers if p))
    basis = "和".join((doc.number or doc.title, *others))  # every document the checklist's duties come from
    sentences.append(f"按{basis}，本年度应落实事项{len(result.items)}项，已完成{result.done}项，详见附件")
    return "。".join(s for s in sentences if s) + "。"


def _envoy(role: str, envoy) -> str:
    if envoy is None or envoy == "无":  # not reported, or none sent: 基本情况 says only what was sent
        return ""
    return f"{role}由{envoy.from_org}派驻" if envoy.from_org else f"有{role}"


def sample_context() -> dict:
    """Every variable a form may use, with sample values (for `templates check`)."""
    unit = {k: "示例" for k in ("id", "name", "type", "county", "members", "work_group", "first_secretary")}
    item = {"no": "1", "title": "示例事项", "duty": "示例", "source": "第1条第1句", "when": "—", "status": ""}
    return {
        "doc": {"number": "示例〔2012〕1号", "title": "示例"}, "unit": unit, "year": "2012", "items": [item],
        "total": "1", "done": "0", "ratings": "", "rating": "", "previous_rating": "", "pay_coefficient": "",
        "secretary": {"name": "", "in_post_since": ""}, "blank": BLANK, "basis": {"citation": "示例", "text": "示例"},
        "basics": "示例",
    }


def blank_context(doc: Document, sentences: dict[str, str], sentence_id: str) -> dict:
    """Every value empty: a template shows a line to write on ({{ x or '＿＿' }}) or an empty cell."""
    unit = {k: "" for k in ("id", "name", "type", "county", "members", "work_group", "first_secretary")}
    rows = [{"no": str(n), "title": "", "duty": "", "source": "", "when": "", "status": ""} for n in range(1, BLANK_ROWS + 1)]
    return {
        "doc": {"number": doc.number, "title": doc.title}, "unit": unit, "year": "", "items": rows,
        "total": "", "done": "", "ratings": "", "rating": "", "previous_rating": "",
        "pay_coefficient": "", "secretary": {"name": "", "in_post_since": ""}, "blank": BLANK,
        "basis": basis(doc, sentences, sentence_id), "basics": "",
    }
