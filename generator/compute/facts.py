"""Named facts about a unit in the reference year: what rule conditions compare.

Each fact has a Chinese label (for documentation and messages) and says whether
it is personal data; a duty whose condition reads a personal fact is itself
shown only in internal builds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from generator.model.units import Unit

RATING_ORDER = {"较差": 0, "一般": 1, "较好": 2, "好": 3}


@dataclass(frozen=True)
class Fact:
    label: str
    compute: Callable[[Unit, int], Any]
    personal: bool = False


def _rating(unit: Unit, year: int):
    return unit.ratings.get(year)


def _rating_change(unit: Unit, year: int) -> str | None:
    before, now = unit.ratings.get(year - 1), unit.ratings.get(year)
    if before is None or now is None:
        return None
    diff = RATING_ORDER[now] - RATING_ORDER[before]
    return "升级" if diff > 0 else "降级" if diff < 0 else "持平"


def _zero_run(unit: Unit, last_year: int) -> int | None:
    """Consecutive years with no new member, counting back from `last_year`."""
    if last_year not in unit.developed:
        return None
    run, year = 0, last_year
    while unit.developed.get(year) == 0:
        run += 1
        year -= 1
    return run


def _secretary(unit: Unit, name: str):
    return getattr(unit.secretary, name) if unit.secretary else None


def _years_in_post(unit: Unit, year: int) -> int | None:
    since = _secretary(unit, "in_post_since")
    return None if since is None else year - since


def _good_years(unit: Unit, year: int) -> int:
    since = _secretary(unit, "in_post_since") or min(unit.ratings, default=year)
    return sum(1 for y, r in unit.ratings.items() if since <= y <= year and r == "好")


def _age(unit: Unit, year: int) -> int | None:
    born = _secretary(unit, "birth_year")
    return None if born is None else year - born


FACTS: dict[str, Fact] = {
    "type": Fact("组织类型", lambda u, y: u.type),
    "members": Fact("党员数", lambda u, y: u.members),
    "employees": Fact("职工数", lambda u, y: u.employees),
    "rating": Fact("本年定级", _rating),
    "previous_rating": Fact("上年定级", lambda u, y: u.ratings.get(y - 1)),
    "rating_change": Fact("定级变化（升级/持平/降级）", _rating_change),
    "developed_this_year": Fact("本年发展党员数", lambda u, y: u.developed.get(y)),
    "years_without_new_member": Fact("截至上年连续未发展党员年数", lambda u, y: _zero_run(u, y - 1)),
    "years_without_new_member_now": Fact("截至本年连续未发展党员年数", lambda u, y: _zero_run(u, y)),
    "funds": Fact("本年运转保障经费（万元）", lambda u, y: u.funds.get(y)),
    "has_secretary": Fact("有党组织书记", lambda u, y: u.secretary is not None),
    "secretary_years_in_post": Fact("书记连续任职年数", _years_in_post),
    "secretary_good_years": Fact("书记任内定为“好”的年数", _good_years),
    "secretary_age": Fact("书记年龄", _age, personal=True),
    "secretary_education": Fact("书记学历", lambda u, y: _secretary(u, "education")),
    "secretary_college_graduate_official": Fact("书记是大学生村官", lambda u, y: _secretary(u, "college_graduate_official")),
    "secretary_appraisal": Fact("书记本年述职评议结果", lambda u, y: (u.secretary.appraisals.get(y) if u.secretary else None)),
    "has_first_secretary": Fact("有第一书记", lambda u, y: u.first_secretary is not None),
    "has_instructor": Fact("有党建工作指导员", lambda u, y: u.instructor is not None),
    "work_group": Fact("工作组进驻", lambda u, y: u.work_group),
    "trade_union": Fact("已建工会", lambda u, y: u.trade_union),
    "demonstration": Fact("示范点", lambda u, y: u.demonstration),
    "venue_status": Fact("活动场所状况", lambda u, y: u.venue.status if u.venue else None),
    "pilots": Fact("试点", lambda u, y: list(u.pilots)),
}


def unit_facts(unit: Unit, year: int) -> dict[str, Any]:
    return {name: fact.compute(unit, year) for name, fact in FACTS.items()}
