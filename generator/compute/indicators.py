"""Indicators per county and for the city, measured against the notice's targets.

Each indicator names the annotation target it is measured against, so the
figure and its sentence come from content/, never from code. Which types are
graded comes from the vocabulary (party levels marked `rated`), never from a
list here. Art. 9 is read on one timeline (see rules.yaml `readings`): the
year's grade sets the starting point, the year-end grade the result.

A figure is computed over the units that reported what it needs, never over
units that did not: a field nobody filled in gives no value (None, shown as
无数据), not 0. `empty` says why a value is missing.
"""

from __future__ import annotations

from collections import defaultdict

from dataclasses import dataclass
from typing import Callable, Iterable

from generator.compute.facts import RATING_ORDER
from generator.model.annotations import AnnotationSet, Target
from generator.model.units import Unit

NO_DATA = "无数据"
UPGRADE_TARGETS = {"较差": "upgrade-rate-poor", "一般": "upgrade-rate-fair", "较好": "upgrade-rate-good"}
DEMO_TARGETS = {
    "乡镇": "demo-townships", "街道": "demo-streets", "村": "demo-villages", "社区": "demo-communities",
    "机关": "demo-offices", "事业单位": "demo-institutions", "国有企业": "demo-state-enterprises",
    "非公企业": "demo-private-enterprises", "社会组织": "demo-social-organizations",
}


@dataclass(frozen=True)
class Indicator:
    id: str
    group: str
    label: str
    value: float | None
    unit: str
    detail: str
    target: Target | None  # None: shown for information only
    target_article: int | None
    empty: str = NO_DATA  # why `value` is None: no unit reported it, or nothing to count

    @property
    def met(self) -> bool | None:
        if self.value is None or self.target is None or isinstance(self.target.value, list):
            return None
        goal = float(self.target.value)
        return {">=": self.value >= goal, ">": self.value > goal, "<=": self.value <= goal,
                "<": self.value < goal, "=": self.value >= goal, "~": abs(self.value - goal) <= goal * 0.1}[self.target.comparator]


class Targets:
    def __init__(self, ann: AnnotationSet) -> None:
        self.by_id = {t.id: (a.article, t) for a in ann.articles for t in a.targets}

    def get(self, target_id: str) -> tuple[Target | None, int | None]:
        article, target = self.by_id.get(target_id, (None, None))
        return target, article


def indicators(units: list[Unit], year: int, ann: AnnotationSet, city: bool, rated_types: tuple[str, ...]) -> list[Indicator]:
    targets = Targets(ann)
    by_type: dict[str, list[Unit]] = defaultdict(list)  # most figures are over one type: one pass, not one per figure
    for unit in units:
        by_type[unit.type].append(unit)
    found = [*_upgrade_rates(units, year, targets, set(rated_types)), *_members(units, by_type, year, targets, city),
             *_funds(by_type, year, targets)]
    if city:
        found += _demonstration(by_type, targets)
    else:
        found += _college_graduates(by_type, year, targets)
    return found


def _ratio(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _make(targets: Targets, target_id: str | None, **fields) -> Indicator:
    target, article = targets.get(target_id) if target_id else (None, None)
    return Indicator(target=target, target_article=article, **fields)


def _upgrade_rates(units: list[Unit], year: int, targets: Targets, rated: set[str]) -> Iterable[Indicator]:
    """Of the organizations graded X this year, the share whose year-end grade is higher (kept, for 好)."""
    orgs = [u for u in units if u.type in rated and year in u.ratings and year in u.year_end_ratings]
    for rating, target_id in UPGRADE_TARGETS.items():
        base = [u for u in orgs if u.ratings[year] == rating]
        up = sum(1 for u in base if RATING_ORDER[u.year_end_ratings[year]] > RATING_ORDER[rating])
        yield _make(targets, target_id, id=f"upgrade-{target_id}", group="晋位升级", label=f"“{rating}”类晋位升级率",
                    value=_ratio(up, len(base)), unit="%", detail=f"{up}/{len(base)}（已填年底定级的）",
                    empty=_none_graded(orgs, rating))
    best = [u for u in orgs if u.ratings[year] == "好"]
    kept = sum(1 for u in best if u.year_end_ratings[year] == "好")
    yield _make(targets, "retention-rate-best", id="retention-best", group="晋位升级", label="“好”类巩固率",
                value=_ratio(kept, len(best)), unit="%", detail=f"{kept}/{len(best)}（已填年底定级的）",
                empty=_none_graded(orgs, "好"))


def _none_graded(orgs: list[Unit], rating: str) -> str:
    return f"没有“{rating}”类" if orgs else NO_DATA


def _sum(units: Iterable[Unit], field: Callable[[Unit], int | None]) -> int:
    return sum(v for v in map(field, units) if v)


def _members(units: list[Unit], by_type: dict[str, list[Unit]], year: int, targets: Targets, city: bool) -> Iterable[Indicator]:
    reported = [u for u in units if year in u.developed]
    developed = _sum(reported, lambda u: u.developed[year])
    yield _make(targets, "members-developed-per-year" if city else None, id="members-developed", group="发展党员",
                label="本年发展党员", value=float(developed) if reported else None, unit="名",
                detail=f"{developed} 名（{len(reported)} 个单位已填报）")
    villages = by_type["村"]
    for target_id, label, field in (
        ("rural-recruits-under-35-share", "新发展农村党员中35岁以下占比", lambda u: u.developed_under_35),
        ("rural-recruits-high-school-share", "新发展农村党员中高中以上占比", lambda u: u.developed_high_school),
    ):
        # a share only over the villages that reported both the recruits and this part of them
        both = [u for u in villages if year in u.developed and year in field(u)]
        part, whole = _sum(both, lambda u: field(u)[year]), _sum(both, lambda u: u.developed[year])
        yield _make(targets, target_id, id=target_id, group="发展党员", label=label,
                    value=_ratio(part, whole), unit="%", detail=f"{part}/{whole}（{len(both)} 个村已填报）",
                    empty="没有新发展党员" if both else NO_DATA)


def _funds(by_type: dict[str, list[Unit]], year: int, targets: Targets) -> Iterable[Indicator]:
    for utype, target_id in (("村", "village-funds"), ("社区", "community-funds")):
        amounts = [u.funds[year] for u in by_type[utype] if year in u.funds]
        average = round(sum(amounts) / len(amounts), 2) if amounts else None
        yield _make(targets, target_id, id=target_id, group="经费保障", label=f"{utype}平均运转保障经费",
                    value=average, unit="万元", detail=f"{len(amounts)} 个{utype}已填报")


def _college_graduates(by_type: dict[str, list[Unit]], year: int, targets: Targets) -> Iterable[Indicator]:
    reported = [u for u in by_type["村"] if u.secretary and u.secretary.college_graduate_official is not None
                and u.secretary.in_post_since is not None]
    chosen = sum(1 for u in reported if u.secretary.college_graduate_official and u.secretary.in_post_since == year)
    yield _make(targets, "village-official-secretaries", id="college-graduate-secretaries", group="书记队伍",
                label="本年从大学生村官中选拔的村党组织书记", value=float(chosen) if reported else None, unit="名",
                detail=f"{chosen} 名（{len(reported)} 个村填报了书记是否大学生村官和任职年份）")


def _demonstration(by_type: dict[str, list[Unit]], targets: Targets) -> Iterable[Indicator]:
    for utype, target_id in DEMO_TARGETS.items():
        reported = [u for u in by_type[utype] if u.demonstration is not None]
        count = sum(1 for u in reported if u.demonstration)
        yield _make(targets, target_id, id=target_id, group="示范创建", label=f"示范{utype}",
                    value=float(count) if reported else None, unit="个", detail=f"{count} 个（{len(reported)} 个{utype}已填报）")
