"""Unit pages, county unit lists and dashboards: what each shows, nothing more.

Personal data (names, birth years, phone numbers) enters these views only when
`internal` is set; the public build never sees it.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.compute.checklists import Checklist, Item
from generator.compute.facts import FACTS
from generator.compute.indicators import Indicator
from generator.forms.catalog import FORMS
from generator.model.units import Unit
from generator.numbers import format_number
from generator.views.checklists import RECURRENCE_TEXT


@dataclass(frozen=True)
class Href:
    text: str
    href: str


@dataclass(frozen=True)
class ItemView:
    rule: str
    title: str
    duty: str
    quote: str
    source: Href
    when: str
    values: tuple[tuple[str, str], ...]
    status: str
    status_note: str
    pending: str  # why the data cannot tell, or ""


@dataclass(frozen=True)
class UnitPage:
    path: str
    id: str
    name: str
    type: str
    sample: bool
    year: int
    county: Href | None
    parent: Href | None
    ratings: tuple[tuple[int, str], ...]
    facts: tuple[tuple[str, str], ...]
    people: tuple[tuple[str, str], ...]
    items: tuple[ItemView, ...]
    done: int
    internal: bool
    forms: tuple[Href, ...] = ()


@dataclass(frozen=True)
class UnitRow:
    link: Href
    type: str
    rating: str
    total: int
    done: int


@dataclass(frozen=True)
class CountyList:
    path: str
    name: str
    rows: tuple[UnitRow, ...]
    dashboard: Href
    workbook: Href
    forms: Href
    internal: bool


def unit_path(unit_id: str) -> str:
    return f"units/{unit_id}.html"


def county_path(county_id: str) -> str:
    return f"units/county-{county_id}.html"


def workbook_path(county_id: str) -> str:
    return f"downloads/units/units-{county_id}.xlsx"


def dashboard_md(county_id: str | None) -> str:
    return "dashboards/city.md" if county_id is None else f"dashboards/{county_id}.md"


def show(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, list):
        return "、".join(map(str, value)) or "—"
    return str(value)


def item_view(item: Item, sentences: dict[str, str]) -> ItemView:
    rule = item.rule
    k = rule.sentence.rsplit(".s", 1)[1]
    when = rule.due.isoformat() + " 前" if rule.due else RECURRENCE_TEXT.get(rule.recurrence or "", "")
    if rule.event:
        when = f"{when}（{rule.event}）" if when and rule.recurrence != "on-event" else rule.event
    note = {"填报": "已填报", "数据": "据单位数据推断", "未填报": "尚未填报"}[item.status_source]
    if item.status_date:
        note += f"，{item.status_date.isoformat()}"
    if item.evidence:
        note += f"；佐证：{item.evidence}"
    pending = "、".join(FACTS[f].label for f in item.missing if f in FACTS)
    return ItemView(
        rule=rule.id, title=rule.title, duty=rule.duty, quote=sentences.get(rule.sentence, ""),
        source=Href(f"第{rule.article}条第{k}句", f"articles/art-{rule.article}.html#{rule.sentence}"),
        when=when, values=tuple((name, show(value)) for name, value in item.values),
        status=item.status, status_note=note, pending=f"缺少数据：{pending}" if item.applies is None else "",
    )


def unit_page(result: Checklist, units: dict[str, Unit], sentences: dict[str, str], internal: bool) -> UnitPage:
    unit = result.unit
    county = units.get(unit.county) if unit.county else None
    parent = units.get(unit.parent) if unit.parent else None
    return UnitPage(
        path=unit_path(unit.id), id=unit.id, name=unit.name, type=unit.type, sample=unit.sample, year=result.year,
        county=Href(county.name, f"county-{county.id}.html") if county else None,
        parent=Href(parent.name, f"{parent.id}.html") if parent else None,
        ratings=tuple(sorted(unit.ratings.items())),
        facts=_facts(unit, result.year),
        people=_people(unit) if internal else (),
        items=tuple(item_view(i, sentences) for i in result.items),
        done=result.done, internal=internal,
        forms=tuple(Href(f.title, f"forms/units/{unit.id}/{f.name}.docx") for f in FORMS),
    )


def _facts(unit: Unit, year: int) -> tuple[tuple[str, str], ...]:
    rows = [("党员数", unit.members), ("职工数", unit.employees), (f"{year}年发展党员", unit.developed.get(year)),
            (f"{year}年运转保障经费（万元）", unit.funds.get(year)),
            ("活动场所", unit.venue.status if unit.venue else None), ("示范点", unit.demonstration or None),
            ("试点", list(unit.pilots) or None), ("工作组进驻", unit.work_group or None)]
    if unit.secretary:
        s = unit.secretary
        rows += [("书记学历", s.education), ("书记任职起始年份", s.in_post_since),
                 ("书记是大学生村官", s.college_graduate_official or None)]
    for label, envoy in (("第一书记派出单位", unit.first_secretary), ("党建工作指导员派出单位", unit.instructor)):
        if envoy:
            rows.append((label, envoy.from_org or "有"))
    return tuple((label, show(value)) for label, value in rows if value is not None)


def _people(unit: Unit) -> tuple[tuple[str, str], ...]:
    """Personal data, for internal builds only."""
    rows = []
    if unit.secretary:
        rows += [("书记姓名", unit.secretary.name), ("书记出生年份", unit.secretary.birth_year), ("书记电话", unit.secretary.phone)]
    rows += [("第一书记", unit.first_secretary.name if unit.first_secretary else None),
             ("党建工作指导员", unit.instructor.name if unit.instructor else None)]
    return tuple((label, show(value)) for label, value in rows if value is not None)


def county_list(county: Unit, results: list[Checklist], internal: bool) -> CountyList:
    rows = tuple(
        UnitRow(Href(r.unit.name, f"{r.unit.id}.html"), r.unit.type, r.unit.ratings.get(r.year, "—"), len(r.items), r.done)
        for r in results
    )
    return CountyList(
        path=county_path(county.id), name=county.name, rows=rows,
        dashboard=Href(f"{county.name}指标看板", f"../dashboards/{county.id}.html"),
        workbook=Href(f"{county.name}单位清单（Excel）", f"../downloads/units/units-{county.id}.xlsx"),
        forms=Href(f"{county.name}全部单位的表格（zip）", f"../downloads/forms/forms-{county.id}.zip"),
        internal=internal,
    )


@dataclass(frozen=True)
class DashboardPage:
    path: str
    title: str
    scope: str
    groups: tuple[tuple[str, tuple[Indicator, ...]], ...]
    units: int
    county_lists: tuple[Href, ...]


def dashboard(path: str, title: str, scope: str, found: list[Indicator], units: int, lists: tuple[Href, ...]) -> DashboardPage:
    groups: dict[str, list[Indicator]] = {}
    for indicator in found:
        groups.setdefault(indicator.group, []).append(indicator)
    return DashboardPage(path, title, scope, tuple((g, tuple(items)) for g, items in groups.items()), units, lists)


@dataclass(frozen=True)
class CountyRow:
    name: str
    units: int
    list: str
    dashboard: str
    workbook: str


@dataclass(frozen=True)
class UnitsIndex:
    path: str
    rows: tuple[CountyRow, ...]


def units_index(counties: list[Unit], counts: dict[str, int]) -> UnitsIndex:
    rows = tuple(
        CountyRow(c.name, counts.get(c.id, 0), f"units/county-{c.id}.html", dashboard_md(c.id), workbook_path(c.id))
        for c in counties
    )
    return UnitsIndex("units.md", rows)
