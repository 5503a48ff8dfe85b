"""Unit pages, county unit lists and dashboards: what each shows, nothing more.

Personal data (names, birth years, phone numbers) is shown where the project
holds it: the public projection (generator.projection) holds none.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.compute.checklists import Checklist, Item
from generator.compute.facts import FACTS
from generator.compute.indicators import Indicator
from generator.forms.catalog import FORMS
from generator.model.units import Unit
from generator.numbers import format_number
from generator.views import links
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


def href(from_page: str, to_page: str) -> str:
    """A relative link between two built files (".md" sources become ".html")."""
    return links.link("", from_page, to_page).html


def dashboard_md(county_id: str | None) -> str:
    return links.CITY_DASHBOARD if county_id is None else links.county_dashboard(county_id)


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


def unit_page(result: Checklist, units: dict[str, Unit], sentences: dict[str, str]) -> UnitPage:
    unit = result.unit
    county = units.get(unit.county) if unit.county else None
    parent = units.get(unit.parent) if unit.parent else None
    path = links.unit_page(unit.id)
    return UnitPage(
        path=path, id=unit.id, name=unit.name, type=unit.type, sample=unit.sample, year=result.year,
        county=Href(county.name, href(path, links.county_list_page(county.id))) if county else None,
        parent=Href(parent.name, href(path, links.unit_page(parent.id))) if parent else None,
        ratings=tuple(sorted(unit.ratings.items())),
        facts=_facts(unit, result.year),
        people=_people(unit),
        items=tuple(item_view(i, sentences) for i in result.items),
        done=result.done,
        forms=tuple(Href(f.title, links.unit_form(unit.id, f.name)) for f in FORMS),
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
    """Personal data: empty in the public projection."""
    rows = []
    if unit.secretary:
        rows += [("书记姓名", unit.secretary.name), ("书记出生年份", unit.secretary.birth_year), ("书记电话", unit.secretary.phone)]
    rows += [("第一书记", unit.first_secretary.name if unit.first_secretary else None),
             ("党建工作指导员", unit.instructor.name if unit.instructor else None)]
    return tuple((label, show(value)) for label, value in rows if value is not None)


def county_list(county: Unit, results: list[Checklist]) -> CountyList:
    path = links.county_list_page(county.id)
    rows = tuple(
        UnitRow(Href(r.unit.name, href(path, links.unit_page(r.unit.id))), r.unit.type, r.unit.ratings.get(r.year, "—"), len(r.items), r.done)
        for r in results
    )
    return CountyList(
        path=path, name=county.name, rows=rows,
        dashboard=Href(f"{county.name}指标看板", href(path, links.county_dashboard(county.id))),
        workbook=Href(f"{county.name}单位清单（Excel）", href(path, links.county_workbook(county.id))),
        forms=Href(f"{county.name}全部单位的表格（zip）", href(path, links.county_forms_zip(county.id))),
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
        CountyRow(c.name, counts.get(c.id, 0), links.county_list_page(c.id), dashboard_md(c.id), links.county_workbook(c.id))
        for c in counties
    )
    return UnitsIndex("units.md", rows)
