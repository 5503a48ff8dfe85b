"""Unit pages and county unit lists: what each shows, nothing more (dashboards: views/dashboards.py).

A unit page opens with 先办 (what its grade and data trigger, what is due
soonest), states the readings of the notice it rests on, then shows the items
by kind — tasks, targets, conditions — and last what the data cannot decide,
grouped by the missing fact. No internal id is shown (ids stay in anchors,
JSON and workbooks).

Personal data (names, birth years, phone numbers) is shown where the project
holds it: the public projection (generator.projection) holds none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.compute.checklists import Checklist, Item
from generator.compute.conditions import evaluate
from generator.model.rules import KINDS, Reading
from generator.model.units import Unit
from generator.model.vocabulary import Vocabulary
from generator.views import links
from generator.views.checklists import RECURRENCE_TEXT
from generator.views.downloads import unit_form_hrefs
from generator.views.links import sentence_label
from generator.views.sources import RuleSources
from generator.views.why import Explainer, Why, show

STATUS_NOTES = {"填报": "已填报进度", "数据": "据单位数据判断"}
RECURRENCE_ORDER = ["weekly", "monthly", "quarterly", "yearly", "every-3-years", "on-event", "once"]
FIRST_LIMIT = 8


@dataclass(frozen=True)
class Href:
    text: str
    href: str


@dataclass(frozen=True)
class ItemView:
    rule: str  # anchor and workbook id, never shown as text
    title: str
    duty: str
    quote: str
    source: Href
    when: str
    values: tuple[tuple[str, str], ...]
    status: str  # for display: the status, or the kind for items without one
    status_note: str
    pending: str  # why the data cannot tell, or ""
    kind: str = "task"
    kind_label: str = "任务"
    has_status: bool = True
    why: Why | None = None
    shared: bool = False  # the same view serves every unit it fits (see shared_key)
    caution: str = ""  # the cited document is recorded as not in force (views/sources.py); "" when it is
    state: str = ""  # that document's state (已修订, 已废止, 未知) when it is not in force
    no_deadline: str = "通知未规定期限"  # a task without date, recurrence or event: the notice's, or another text's


@dataclass(frozen=True)
class FirstItem:
    """One line of 先办."""

    title: str
    anchor: str
    reason: str
    when: str
    status: str


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str
    items: tuple[ItemView, ...]


@dataclass(frozen=True)
class PendingGroup:
    missing: str  # "本年定级、示范点"
    items: tuple[ItemView, ...]


@dataclass(frozen=True)
class UnitPage:
    path: str
    id: str  # for the file name and anchors only
    name: str
    type: str
    sample: bool
    year: int
    county: Href | None
    parent: Href | None
    ratings: tuple[tuple[str, str], ...]
    facts: tuple[tuple[str, str], ...]
    people: tuple[tuple[str, str], ...]
    first: tuple[FirstItem, ...]
    readings: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    pending: tuple[PendingGroup, ...]
    counts: tuple[tuple[str, int], ...]
    done: int
    forms: tuple[Href, ...] = ()
    # what each document not in force says (views/sources.py), once at the top; its items are marked
    cautions: tuple[tuple[str, str], ...] = ()  # (state, caution)

    @property
    def items(self) -> tuple[ItemView, ...]:
        return tuple(i for s in self.sections for i in s.items) + tuple(i for g in self.pending for i in g.items)

    @property
    def pending_count(self) -> int:
        return sum(len(g.items) for g in self.pending)


@dataclass(frozen=True)
class UnitRow:
    link: Href
    type: str
    rating: str
    total: int
    done: int
    pending: int


@dataclass(frozen=True)
class CountyList:
    path: str
    name: str
    rows: tuple[UnitRow, ...]
    dashboard: Href
    workbook: Href
    forms: Href


def href(from_page: str, to_page: str) -> str:
    """A relative link between two built files (".md" sources become ".html")."""
    return links.link("", from_page, to_page).html


def when_text(item: Item) -> str:
    return rule_when_text(item.rule)


def rule_when_text(rule) -> str:
    """When a duty is due, from its rule alone: "2012-10-31 前", "每年", "换届时"…"""
    parts = []
    if rule.due:
        parts.append(f"{rule.due.isoformat()} 前")
    if rule.recurrence and rule.recurrence != "on-event":
        parts.append(RECURRENCE_TEXT[rule.recurrence])
    if rule.event:
        parts.append(rule.event if not parts else f"（{rule.event}）")
    return "".join(parts) if len(parts) == 2 and parts[1].startswith("（") else "，".join(parts)


NO_DEADLINE = "通知未规定期限"  # shown on unit pages for a task without date, recurrence or event
OTHER_NO_DEADLINE = "原文未规定期限"  # the same for a duty from another document than the site's (the 党章)


def item_view(item: Item, sources: RuleSources, why: Why | None = None, shared: bool = False) -> ItemView:
    rule = item.rule
    source = sources.of(rule)
    note = STATUS_NOTES.get(item.status_source or "", "")
    if item.status_date:
        note += f"，{item.status_date.isoformat()}"
    if item.evidence:
        note += f"；佐证：{item.evidence}"
    pending = "、".join(why.missing) if why is not None else "、".join(item.missing)
    return ItemView(
        rule=rule.id, title=rule.title, duty=rule.duty, quote=source.quote,
        source=Href(source.label, source.href),
        when=when_text(item), values=display_values(item),
        status=item.status or KINDS[rule.kind][:2], status_note=note,
        pending=f"缺少数据：{pending}" if item.applies is None else "",
        kind=rule.kind, kind_label=KINDS[rule.kind], has_status=item.status is not None, why=why, shared=shared,
        caution=source.caution or "", state=source.state if source.caution else "",
        no_deadline=NO_DEADLINE if source.own else OTHER_NO_DEADLINE,
    )


def display_values(item: Item) -> tuple[tuple[str, str], ...]:
    """"本村本年运转保障经费：5.5 万元" (JSON keeps "名称（单位）" keys)."""
    return tuple((spec.name, show(value, spec.unit or "")) for spec, (_, value) in zip(item.rule.values, item.values))


SharedViews = dict  # generic item key → its ItemView, the same object for every unit it fits


def shared_key(item: Item, unit: Unit) -> tuple | None:
    """Items that read no fact of the unit look the same on every unit of a type: one view serves them all."""
    rule = item.rule
    if rule.when is not None or rule.done_when is not None or item.needs_organization:
        return None
    if any(v.fact or v.per_fact or v.count_applies or v.count_done for v in rule.values):
        return None
    return (rule.id, unit.type, item.status, item.status_source, item.status_date, item.evidence, item.applies, item.missing)


def _view(item: Item, result: Checklist, explainer: Explainer, shared: SharedViews) -> ItemView:
    key = shared_key(item, result.unit)
    if key is not None and key in shared:
        return shared[key]
    view = item_view(item, explainer.sources, explainer.explain(item, result.unit, result.facts), key is not None)
    if key is not None:
        shared[key] = view
    return view


def unit_page(result: Checklist, units: dict[str, Unit], explainer: Explainer,
              readings: list[Reading] = (), vocabulary: Vocabulary | None = None,
              shared: SharedViews | None = None) -> UnitPage:
    unit = result.unit
    county = units.get(unit.county) if unit.county else None
    parent = units.get(unit.parent) if unit.parent else None
    path = links.unit_page(unit.id)
    shared = shared if shared is not None else {}
    views = {id(i): _view(i, result, explainer, shared) for i in result.items}
    decided = [i for i in result.items if i.applies is True]
    order = _document_order(result)
    sections = tuple(
        Section(kind, KINDS[kind], SECTION_INTROS[kind], tuple(views[id(i)] for i in _ordered(decided, kind, order)))
        for kind in ("task", "target", "condition") if any(i.rule.kind == kind for i in decided)
    )
    pending = _pending_groups([i for i in result.items if i.applies is None], views, order)
    counts = tuple((s.title, len(s.items)) for s in sections) + ((("待核实", sum(len(g.items) for g in pending)),) if pending else ())
    return UnitPage(
        path=path, id=unit.id, name=unit.name, type=unit.type, sample=unit.sample, year=result.year,
        county=Href(county.name, href(path, links.county_list_page(county.id))) if county else None,
        parent=Href(parent.name, href(path, links.unit_page(parent.id))) if parent else None,
        ratings=_ratings(unit), facts=_facts(unit, result.year), people=_people(unit),
        first=_first(result, views, order), readings=_readings(result, readings, vocabulary, explainer.sources),
        sections=sections, pending=pending, counts=counts, done=result.done,
        forms=form_links(unit), cautions=tuple(dict.fromkeys((v.state, v.caution) for v in views.values() if v.caution)),
    )


def _document_order(result: Checklist) -> dict[str, int]:
    """The documents of a merged checklist in the order their rules come (the library's): items of
    one document stay together, so that article numbers of two documents never interleave."""
    return {d: n for n, d in enumerate(dict.fromkeys(i.rule.document for i in result.items))}


def form_links(unit: Unit) -> tuple[Href, ...]:
    """The unit's filled forms, under their Chinese file names."""
    from generator.forms.catalog import FORMS  # with python-docx: not for the dashboards, which import this module

    return tuple(Href(f.title, href) for f, href in zip(FORMS, unit_form_hrefs(unit, tuple(FORMS))))


SECTION_INTROS = {
    "task": "要做的事，按期限先后排列。",
    "target": "通知规定的平均数、比率等目标，本单位计入其中；本单位的数据列在目标旁边，目标是对全体而言的，不是本单位的欠账。",
    "condition": "由本单位的情况带来的后果、资格和待遇，不需要填报进度。",
}


def _due_key(item: Item, order: dict[str, int]) -> tuple:
    rule = item.rule
    due = rule.due or dt.date.max
    recurrence = RECURRENCE_ORDER.index(rule.recurrence) if rule.recurrence in RECURRENCE_ORDER else len(RECURRENCE_ORDER)
    return (item.status == "已完成", due, recurrence, order.get(rule.document, 0), rule.article, rule.sentence)


def _text_key(item: Item, order: dict[str, int]) -> tuple:
    return (order.get(item.rule.document, 0), item.rule.article, item.rule.sentence)


def _ordered(items: list[Item], kind: str, order: dict[str, int]) -> list[Item]:
    chosen = [i for i in items if i.rule.kind == kind]
    if kind == "condition":
        return sorted(chosen, key=lambda i: _text_key(i, order))
    return sorted(chosen, key=lambda i: _due_key(i, order))


def _pending_groups(items: list[Item], views: dict[int, ItemView], order: dict[str, int]) -> tuple[PendingGroup, ...]:
    groups: dict[str, list[Item]] = {}
    for item in items:
        key = views[id(item)].pending.removeprefix("缺少数据：") or "（数据不足）"
        groups.setdefault(key, []).append(item)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return tuple(PendingGroup(key, tuple(views[id(i)] for i in sorted(group, key=lambda i: _text_key(i, order))))
                 for key, group in ordered)


def _first(result: Checklist, views: dict[int, ItemView], order: dict[str, int]) -> tuple[FirstItem, ...]:
    """What the unit's grade and data trigger, then what is due soonest; not what is done."""
    open_items = [i for i in result.items if i.applies is True and i.status != "已完成" and i.rule.kind != "condition"]
    urgent = [i for i in open_items if i.triggered or _attention(i, result)]
    taken = {id(i) for i in urgent}
    dated = [i for i in open_items if i.rule.due is not None and i.status is not None and id(i) not in taken]
    soonest = min((i.rule.due for i in dated), default=None)
    chosen = sorted(urgent, key=lambda i: _due_key(i, order)) + sorted((i for i in dated if i.rule.due == soonest), key=lambda i: _due_key(i, order))
    lines = []
    for item in chosen[:FIRST_LIMIT]:
        reason = _reason(item, views[id(item)], _attention(item, result))
        lines.append(FirstItem(item.rule.title, item.rule.id, reason, when_text(item) or views[id(item)].no_deadline, item.status or ""))
    return tuple(lines)


def _attention(item: Item, result: Checklist) -> bool:
    return item.rule.attention_when is not None and evaluate(item.rule.attention_when, result.facts) is True


def _reason(item: Item, view: ItemView, attention: bool) -> str:
    """The facts that made this item the unit's own (its grade, its data), or its date."""
    if attention:
        return "；".join(f"{name}：{value}" for name, value in view.values)
    facts = [t for t in view.why.tests if t.result is True and t.fact.fact != "has_organization"] if view.why else []
    if facts:
        return "；".join(f"{t.fact.label}：{t.fact.value}" for t in facts)
    return "期限最近" if item.rule.due else ""


def _readings(result: Checklist, readings, vocabulary: Vocabulary | None,
              sources: RuleSources | None = None) -> tuple[tuple[str, str], ...]:
    """The shared readings this page rests on: of the unit's type, and cited by one of its items
    (of the same document: a merged checklist holds several)."""
    found = []
    cited_here = {(i.rule.document, i.rule.sentence) for i in result.items}
    for reading in readings:
        types = vocabulary.expand(reading.unit_types) if vocabulary else frozenset(reading.unit_types)
        if result.unit.type in types and cited_here & {(reading.document, s) for s in reading.sentences}:
            cited = sources.readings_label(reading) if sources else sentences_label(reading.sentences)
            found.append((f"{reading.title}（{cited}）", reading.text))
    return tuple(found)


def sentences_label(ids: list[str]) -> str:
    """"第9条第2—6句" for art-9.s2 … art-9.s6; articles joined with 、."""
    by_article: dict[str, list[int]] = {}
    for sid in ids:
        part, k = sid.rsplit(".s", 1)
        by_article.setdefault(part, []).append(int(k))
    labels = []
    for part, numbers in by_article.items():
        head = sentence_label(f"{part}.s1")[0]
        numbers.sort()
        consecutive = numbers == list(range(numbers[0], numbers[-1] + 1))
        tail = f"{numbers[0]}—{numbers[-1]}" if consecutive and len(numbers) > 2 else "、".join(map(str, numbers))
        labels.append(f"{head}第{tail}句")
    return "、".join(labels)


def _ratings(unit: Unit) -> tuple[tuple[str, str], ...]:
    rows = [(f"{year}年定级", rating) for year, rating in sorted(unit.ratings.items())]
    rows += [(f"{year}年年底定级", rating) for year, rating in sorted(unit.year_end_ratings.items())]
    return tuple(rows)


def _facts(unit: Unit, year: int) -> tuple[tuple[str, str], ...]:
    rows = [("党组织建立情况", unit.organization), ("党员数", unit.members), ("职工数", unit.employees),
            (f"{year}年发展党员", unit.developed.get(year)), (f"{year}年运转保障经费（万元）", unit.funds.get(year)),
            ("活动场所", unit.venue.status if unit.venue else None), ("示范点", unit.demonstration),
            ("试点", unit.pilots), ("工作组进驻", unit.work_group), ("已建工会", unit.trade_union)]
    if unit.secretary:
        s = unit.secretary
        rows += [("书记学历", s.education), ("书记任职起始年份", s.in_post_since),
                 ("书记是大学生村官", s.college_graduate_official)]
    for label, field in (("第一书记", "first_secretary"), ("党建工作指导员", "instructor")):
        envoy = unit.envoy(field)
        value = getattr(unit, field)
        if envoy is not None:
            rows.append((f"{label}派出单位", envoy.from_org or "已派驻"))
        elif value == "无":
            rows.append((label, "无"))
    return tuple((label, show(value)) for label, value in rows if value is not None)


def _people(unit: Unit) -> tuple[tuple[str, str], ...]:
    """Personal data: empty in the public projection."""
    rows = []
    if unit.secretary:
        rows += [("书记姓名", unit.secretary.name), ("书记出生年份", unit.secretary.birth_year), ("书记电话", unit.secretary.phone)]
    for label, field in (("第一书记", "first_secretary"), ("党建工作指导员", "instructor")):
        envoy = unit.envoy(field)
        rows.append((label, envoy.name if envoy else None))
    return tuple((label, show(value)) for label, value in rows if value is not None)


def unit_figures(result: Checklist) -> tuple[str, int, int, int]:
    """A unit's row on its county's list, apart from its name and type: (rating, items that
    apply, done, pending). Plain values: the build keeps them per unit (render/county_rows.py)."""
    items = result.items
    return (result.unit.ratings.get(result.year, "未填报"), sum(1 for i in items if i.applies), result.done,
            sum(1 for i in items if i.applies is None))


def county_list(county: Unit, members: list[tuple[Unit, tuple[str, int, int, int]]]) -> CountyList:
    """`members`: the county and its units, each with its `unit_figures`, in the list's order."""
    path = links.county_list_page(county.id)
    rows = tuple(UnitRow(Href(unit.name, href(path, links.unit_page(unit.id))), unit.type, *figures)
                 for unit, figures in members)
    return CountyList(
        path=path, name=county.name, rows=rows,
        dashboard=Href(f"{county.name}指标看板", href(path, links.county_dashboard(county.id))),
        workbook=Href(f"{county.name}单位清单（Excel）", href(path, links.county_workbook(county.id))),
        forms=Href(f"{county.name}全部单位的表格（zip）", href(path, links.county_forms_zip(county.id))),
    )
