"""The units index and the indicator dashboards: the pages that depend on unit data.

They are set in the site's frame without mkdocs (render/overview.py), so a
change in the unit data never needs the mkdocs build. Everything here is
computed from the project by pure functions; `overview` is all a writer needs.

A dashboard shows each indicator three ways that say the same: a bar with
the target line and the target value printed beside it, a legend, and a
table. A value the data cannot give is 无数据 (or why there is nothing to
count), never 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.compute.indicators import Indicator, indicators
from generator.model.rules import Reading
from generator.model.units import Unit
from generator.numbers import format_number
from generator.project import Project
from generator.views import links
from generator.views.policy import COMPARATORS, annotations_or_empty, figure
from generator.views.units import Href, sentences_label
from generator.views.wording import ADMIN

UNITS_INDEX = links.UNITS_INDEX
GROUP_ANCHORS = {"晋位升级": "upgrade", "发展党员": "members", "经费保障": "funds", "示范创建": "demonstration", "书记队伍": "secretaries"}
# what a bar's colour says; the legend lists each state a page shows
STATES = {
    "met": "已达到目标",
    "missed": "未达到目标",
    "info": "无目标（仅供参考）",
    "nodata": "无数据（未填报，或没有可计算的单位）",
}


@dataclass(frozen=True)
class Bar:
    """One row of a chart: a bar on its own scale, with the target line where the target is."""

    label: str
    value: str  # "66.7%", or why there is none ("无数据")
    width: float  # share of the track, 0–100 (0 without a value)
    goal: str  # "目标：不低于20%", "" without a target
    goal_at: float | None  # where the target line stands on the track, 0–100
    state: str  # a key of STATES
    state_text: str  # "已达到目标"…; "" when the value itself says why there is none


@dataclass(frozen=True)
class IndicatorRow:
    label: str
    value: str
    goal: str
    state_text: str
    detail: str
    source: Href | None


@dataclass(frozen=True)
class IndicatorGroup:
    title: str
    anchor: str
    bars: tuple[Bar, ...]
    rows: tuple[IndicatorRow, ...]
    readings: tuple[tuple[str, str], ...]  # (title with its sentences, text): 本手册的理解


@dataclass(frozen=True)
class DashboardPage:
    path: str
    title: str
    scope: str  # "全市", "津市市"
    units: int
    groups: tuple[IndicatorGroup, ...]
    legend: tuple[tuple[str, str], ...]  # (state, text) for each state the charts show
    has_targets: bool
    units_index: Href
    unit_list: Href | None  # the county's list of units
    county_dashboards: tuple[Href, ...]  # on the city's page
    admin: str


@dataclass(frozen=True)
class CountyRow:
    name: str
    units: int
    list: Href
    dashboard: Href
    workbook: Href


@dataclass(frozen=True)
class UnitsIndex:
    path: str
    rows: tuple[CountyRow, ...]
    city_dashboard: Href
    admin: str


@dataclass(frozen=True)
class Overview:
    units_index: UnitsIndex
    dashboards: tuple[DashboardPage, ...]  # the city's first, then each county's

    @property
    def city(self) -> DashboardPage:
        return self.dashboards[0]

    @property
    def counties(self) -> tuple[DashboardPage, ...]:
        return self.dashboards[1:]


def _href(text: str, from_page: str, to_page: str, anchor: str | None = None) -> Href:
    return Href(text, links.link(text, from_page, to_page, anchor).html)


def counties_of(project: Project) -> list[Unit]:
    return [u for u in project.units if u.type == "区县"]


def overview(project: Project, doc_id: str, county: str | None = None) -> Overview | None:
    """The units index and every dashboard, or None when the document has no rules (no unit pages).
    `county`: a county's own site (its USB stick) lists only that county's units; the dashboards
    still cover the whole city, without links to the unit lists the stick does not hold."""
    rules = project.rules_for(doc_id)
    doc = project.document(doc_id)
    if rules is None or doc is None:
        return None
    ann = annotations_or_empty(project, doc)
    year = rules.reference_year
    counties = counties_of(project)
    members: dict[str, list[Unit]] = {c.id: [] for c in counties}
    for unit in project.units:
        if unit.county in members:
            members[unit.county].append(unit)
    everyone = [u for u in project.units if u.type != "区县"]
    rated = project.vocabulary.rated_types() if project.vocabulary else ()
    readings = list(rules.readings)
    city = dashboard(links.CITY_DASHBOARD, "全市", indicators(everyone, year, ann, True, rated), len(everyone), readings,
                     county_dashboards=tuple(_href(c.name, links.CITY_DASHBOARD, links.county_dashboard(c.id)) for c in counties))
    per_county = tuple(
        dashboard(links.county_dashboard(c.id), c.name, indicators(members[c.id], year, ann, False, rated), len(members[c.id]),
                  readings, unit_list=_href(f"{c.name}单位清单", links.county_dashboard(c.id), links.county_list_page(c.id))
                  if county in (None, c.id) else None)
        for c in counties
    )
    listed = [c for c in counties if county in (None, c.id)]
    return Overview(units_index(listed, {k: len(v) for k, v in members.items()}), (city, *per_county))


def dashboard(path: str, scope: str, found: list[Indicator], units: int, readings: list[Reading] = (),
              county_dashboards: tuple[Href, ...] = (), unit_list: Href | None = None) -> DashboardPage:
    grouped: dict[str, list[Indicator]] = {}
    for indicator in found:
        grouped.setdefault(indicator.group, []).append(indicator)
    groups = tuple(
        IndicatorGroup(title, GROUP_ANCHORS.get(title, f"group-{n}"), tuple(bar(i) for i in items),
                       tuple(table_row(i, path) for i in items), _readings(items, readings))
        for n, (title, items) in enumerate(grouped.items(), start=1)
    )
    shown = {b.state for g in groups for b in g.bars}
    return DashboardPage(
        path=path, title=f"{scope}指标看板", scope=scope, units=units, groups=groups,
        legend=tuple((state, text) for state, text in STATES.items() if state in shown),
        has_targets=any(b.goal_at is not None for g in groups for b in g.bars),
        units_index=_href("单位清单与看板", path, UNITS_INDEX), unit_list=unit_list,
        county_dashboards=county_dashboards, admin=ADMIN,
    )


def value_text(indicator: Indicator) -> str:
    return indicator.empty if indicator.value is None else f"{format_number(indicator.value)}{indicator.unit}"


def goal_value(indicator: Indicator) -> float | None:
    """The target as one number on the bar's scale (a ratio such as 1:0.9:0.8:0.7 is not drawn)."""
    target = indicator.target
    if target is None or isinstance(target.value, list):
        return None
    return float(target.value)


def goal_text(indicator: Indicator) -> str:
    if indicator.target is None:
        return ""
    return f"{COMPARATORS[indicator.target.comparator]}{figure(indicator.target.value)}{indicator.unit}"


def state_of(indicator: Indicator) -> str:
    if indicator.value is None:
        return "nodata"
    return {True: "met", False: "missed", None: "info"}[indicator.met]


def bar(indicator: Indicator) -> Bar:
    """Each bar has its own scale (percentages out of 100; counts and amounts up to a little beyond
    the larger of value and target): a group mixes 名, % and 万元, which one axis cannot hold."""
    goal, value = goal_value(indicator), indicator.value
    top = max(value or 0.0, goal or 0.0)
    top = max(100.0, top) if indicator.unit == "%" else (top * 1.15 or 1.0)
    state = state_of(indicator)
    return Bar(
        label=indicator.label, value=value_text(indicator),
        width=round(100 * (value or 0.0) / top, 1), goal=f"目标：{goal_text(indicator)}" if indicator.target else "",
        goal_at=None if goal is None else round(100 * goal / top, 1),
        state=state, state_text="" if state == "nodata" else STATES[state],  # the value already says why
    )


def table_row(indicator: Indicator, path: str) -> IndicatorRow:
    target = indicator.target
    source = None
    if target is not None and indicator.target_article is not None:
        source = _href(links.sentence_label(target.sentence)[1], path, links.article_page(indicator.target_article), target.sentence)
    state = state_of(indicator)
    return IndicatorRow(indicator.label, value_text(indicator), goal_text(indicator) or "—",
                        "—" if state == "info" else indicator.empty if state == "nodata" else STATES[state],
                        indicator.detail, source)


def _readings(items: list[Indicator], readings: list[Reading]) -> tuple[tuple[str, str], ...]:
    """Our readings of the sentences these indicators' targets cite (the art. 9 timeline for 晋位升级)."""
    cited = {i.target.sentence for i in items if i.target is not None}
    return tuple((f"{r.title}（{sentences_label(r.sentences)}）", r.text) for r in readings if cited & set(r.sentences))


def units_index(counties: list[Unit], counts: dict[str, int]) -> UnitsIndex:
    path = UNITS_INDEX
    rows = tuple(
        CountyRow(c.name, counts.get(c.id, 0), _href("单位清单", path, links.county_list_page(c.id)),
                  _href("指标看板", path, links.county_dashboard(c.id)), _href("Excel 清单", path, links.county_workbook(c.id)))
        for c in counties
    )
    return UnitsIndex(path, rows, _href("全市指标看板", path, links.CITY_DASHBOARD), ADMIN)
