"""Named facts about a unit in the reference year: what rule conditions compare.

Each fact has a Chinese label and unit (for explanations and documentation),
says where in the unit's record its value was read (`paths`, so an item can
cite `file:line` or `sheet!cell`), and whether it is personal data; the public projection
(generator.projection) drops every rule that decides by a personal fact.

A fact the data does not report is None, never a guess: an empty cell is "not
reported", not "no". A run of years that reaches back past the reported years
is `AtLeast(n)`: known from below only.

Some facts are about other units (the villages of a county, the cooperative
under a village): they come from a `FactContext` built once for all units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from generator.loading.record import DataPath
from generator.model.units import Unit

RATING_ORDER = {"较差": 0, "一般": 1, "较好": 2, "好": 3}


@dataclass(frozen=True)
class AtLeast:
    """A count of which only a lower bound is known (earlier years not reported)."""

    n: int


@dataclass
class FactContext:
    """What facts need beyond the unit itself: its vocabulary and its neighbours.

    `types_with_optional_organization`: types whose units may lack a party
    organization (non-public enterprises...). `aggregates`: unit id → fact →
    value for facts computed over other units, with `basis` saying over which.
    """

    types_with_optional_organization: frozenset[str] = frozenset()
    aggregates: dict[str, dict[str, Any]] = field(default_factory=dict)
    basis: dict[tuple[str, str], str] = field(default_factory=dict)


EMPTY_CONTEXT = FactContext()
Compute = Callable[[Unit, int, FactContext], Any]
Paths = Callable[[Unit, int], Iterable[DataPath]]


@dataclass(frozen=True)
class Fact:
    label: str
    compute: Compute
    paths: Paths = lambda u, y: ()  # noqa: E731 - where the value is (or would be) in the record
    unit: str = ""  # 名, 年, 万元 …
    personal: bool = False
    note: str | None = None  # how the value is derived, when it is not simply read (our explanation)
    aggregate: bool = False  # computed over other units (see FactContext)
    # the unit data cannot give the value (beyond what `note` says): a condition on it leaves the
    # item 待核实, so a rule case can show that but never a value at the bound
    not_in_data: bool = False


def _field(name: str) -> tuple[Compute, Paths]:
    return (lambda u, y, c: getattr(u, name)), (lambda u, y: ((name,),))


def _yearly(name: str, offset: int = 0) -> tuple[Compute, Paths]:
    return (lambda u, y, c: getattr(u, name).get(y + offset)), (lambda u, y: ((name, y + offset),))


def _secretary(name: str) -> tuple[Compute, Paths]:
    return (lambda u, y, c: getattr(u.secretary, name) if u.secretary else None), (lambda u, y: (("secretary", name),))


def _rating_change(unit: Unit, year: int, ctx: FactContext) -> str | None:
    """How the year-end grade (art. 9.s5) compares with the year's grade."""
    before, after = unit.ratings.get(year), unit.year_end_ratings.get(year)
    if before is None or after is None:
        return None
    diff = RATING_ORDER[after] - RATING_ORDER[before]
    return "升级" if diff > 0 else "降级" if diff < 0 else "持平"


def zero_run(unit: Unit, last_year: int) -> int | AtLeast | None:
    """Consecutive years with no new member, counting back from `last_year`.

    None if `last_year` itself is not reported; AtLeast(n) when the run reaches
    a year that is not reported (it may be longer)."""
    if last_year not in unit.developed:
        return None
    run, year = 0, last_year
    while unit.developed.get(year) == 0:
        run += 1
        year -= 1
    return run if year in unit.developed else AtLeast(run)


def _zero_run_paths(unit: Unit, last_year: int) -> list[DataPath]:
    paths, year = [("developed", last_year)], last_year
    while unit.developed.get(year) == 0:
        year -= 1
        paths.append(("developed", year))
    return paths


def _years_in_post(unit: Unit, year: int, ctx: FactContext) -> int | None:
    since = unit.secretary.in_post_since if unit.secretary else None
    return None if since is None else year - since


def _good_years(unit: Unit, year: int, ctx: FactContext) -> int | AtLeast | None:
    """Years rated 好 since the secretary took office; a lower bound when some years are not reported."""
    since = unit.secretary.in_post_since if unit.secretary else None
    if since is None:
        return None
    good = sum(1 for y, r in unit.ratings.items() if since <= y <= year and r == "好")
    complete = all(y in unit.ratings for y in range(since, year + 1))
    return good if complete else AtLeast(good)


def _good_years_paths(unit: Unit, year: int) -> list[DataPath]:
    since = unit.secretary.in_post_since if unit.secretary else None
    start = since if since is not None else year
    return [("secretary", "in_post_since")] + [("ratings", y) for y in range(start, year + 1) if y in unit.ratings]


def _age(unit: Unit, year: int, ctx: FactContext) -> int | None:
    born = unit.secretary.birth_year if unit.secretary else None
    return None if born is None else year - born


def _present(name: str) -> tuple[Compute, Paths]:
    """A block that is there (True), reported as 无 (False), or not reported (None): absence is not "no"."""
    def compute(unit: Unit, year: int, ctx: FactContext) -> bool | None:
        value = getattr(unit, name)
        return None if value is None else value != "无"

    return compute, (lambda u, y: ((name,),))


def has_organization(unit: Unit, year: int, ctx: FactContext) -> bool | None:
    """Whether the unit has a party organization (of its own or a joint one).

    Reported (`organization`) wins. Types that are party organizations by
    definition have one. Otherwise a rated unit or one with a secretary has
    one, a unit without members has none, and the rest is not reported."""
    if unit.organization is not None:
        return unit.organization != "未建立"
    if unit.type not in ctx.types_with_optional_organization:
        return True
    if unit.ratings.get(year) is not None or unit.secretary is not None:
        return True
    if unit.members == 0:
        return False
    return None


def _organization_paths(unit: Unit, year: int) -> list[DataPath]:
    if unit.organization is not None:
        return [("organization",)]
    if unit.ratings.get(year) is not None:
        return [("ratings", year)]
    if unit.secretary is not None:
        return [("secretary",)]
    return [("organization",), ("members",)]


def _full_members(unit: Unit, year: int, ctx: FactContext) -> int | None:
    """Full members (正式党员, as the 党章 counts them) are not in the unit data, which counts every
    member with probationary ones: only "no member at all" decides it."""
    return 0 if unit.members == 0 else None


def _aggregate(name: str) -> Compute:
    return lambda u, y, c: c.aggregates.get(u.id, {}).get(name)


def _pilots(unit: Unit, year: int, ctx: FactContext) -> list[str] | None:
    return None if unit.pilots is None else list(unit.pilots)


FACTS: dict[str, Fact] = {
    "type": Fact("组织类型", *_field("type")),
    "name": Fact("单位名称", *_field("name")),
    "members": Fact("党员数", *_field("members"), unit="名"),
    "employees": Fact("职工数", *_field("employees"), unit="名"),
    "full_members": Fact("正式党员数", _full_members, lambda u, y: (("members",),), unit="名", not_in_data=True,
                         note="单位数据只有党员总数（含预备党员），不分正式党员和预备党员：党员为0的正式党员为0，其余无法判断"),
    "organization": Fact("党组织建立情况", *_field("organization")),
    "has_organization": Fact("有党组织（单独或联合组建）", has_organization, _organization_paths,
                             note="未填写“党组织建立情况”时：已定级或有书记信息的视为有党组织，党员为0的视为没有（本手册的理解）"),
    "rating": Fact("本年定级", *_yearly("ratings")),
    "previous_rating": Fact("上年定级", *_yearly("ratings", -1)),
    "year_end_rating": Fact("本年年底定级", *_yearly("year_end_ratings")),
    "rating_change": Fact("年底定级与本年定级相比（升级/持平/降级）", _rating_change,
                          lambda u, y: (("ratings", y), ("year_end_ratings", y))),
    "developed_this_year": Fact("本年发展党员数", *_yearly("developed"), unit="名"),
    "years_without_new_member": Fact("截至上年连续未发展党员的年数", lambda u, y, c: zero_run(u, y - 1),
                                     lambda u, y: _zero_run_paths(u, y - 1), unit="年"),
    "years_without_new_member_now": Fact("截至本年连续未发展党员的年数", lambda u, y, c: zero_run(u, y),
                                         lambda u, y: _zero_run_paths(u, y), unit="年"),
    "funds": Fact("本年运转保障经费", *_yearly("funds"), unit="万元"),
    "has_secretary": Fact("已填报党组织书记", *_present("secretary")),
    "secretary_years_in_post": Fact("书记连续任职年数", _years_in_post, lambda u, y: (("secretary", "in_post_since"),), unit="年"),
    "secretary_good_years": Fact("书记任内定为“好”类的年数", _good_years, _good_years_paths, unit="年"),
    "secretary_age": Fact("书记年龄", _age, lambda u, y: (("secretary", "birth_year"),), unit="岁", personal=True),
    "secretary_education": Fact("书记学历", *_secretary("education"), personal=True),
    "secretary_college_graduate_official": Fact("书记是大学生村官", *_secretary("college_graduate_official")),
    "secretary_appraisal": Fact("书记本年述职评议结果", lambda u, y, c: u.secretary.appraisals.get(y) if u.secretary else None,
                                lambda u, y: (("secretary", "appraisals", y),), personal=True),
    "has_first_secretary": Fact("有第一书记", *_present("first_secretary")),
    "has_instructor": Fact("有党建工作指导员", *_present("instructor")),
    "work_group": Fact("工作组进驻", *_field("work_group")),
    "trade_union": Fact("已建工会", *_field("trade_union")),
    "demonstration": Fact("示范点", *_field("demonstration")),
    "venue_status": Fact("活动场所状况", lambda u, y, c: u.venue.status if u.venue else None, lambda u, y: (("venue", "status"),)),
    "pilots": Fact("试点", _pilots, lambda u, y: (("pilots",),)),
    # about other units (FactContext)
    "county_name": Fact("所属区县", _aggregate("county_name"), lambda u, y: (("county",),), aggregate=True),
    "cooperative_organizations": Fact("下辖有党组织的农民专业合作社", _aggregate("cooperative_organizations"), unit="个", aggregate=True),
    "poor_organizations": Fact("定为“较差”类的基层党组织", _aggregate("poor_organizations"), unit="个", aggregate=True),
    "poor_with_work_group": Fact("其中已有工作组进驻的", _aggregate("poor_with_work_group"), unit="个", aggregate=True),
    "fair_organizations": Fact("定为“一般”类的基层党组织", _aggregate("fair_organizations"), unit="个", aggregate=True),
    "fair_with_first_secretary": Fact("其中已有第一书记联系的", _aggregate("fair_with_first_secretary"), unit="个", aggregate=True),
    "fairly_good_organizations": Fact("定为“较好”类的基层党组织", _aggregate("fairly_good_organizations"), unit="个", aggregate=True),
    "village_funds_average": Fact("各村平均运转保障经费", _aggregate("village_funds_average"), unit="万元", aggregate=True),
    "community_funds_average": Fact("各社区平均运转保障经费", _aggregate("community_funds_average"), unit="万元", aggregate=True),
    "rural_recruits": Fact("本年发展农村党员（村）", _aggregate("rural_recruits"), unit="名", aggregate=True),
    "rural_recruits_under_35_share": Fact("其中35岁以下所占比例", _aggregate("rural_recruits_under_35_share"), unit="%", aggregate=True),
    "rural_recruits_high_school_share": Fact("其中高中文化程度以上所占比例", _aggregate("rural_recruits_high_school_share"), unit="%", aggregate=True),
    "private_enterprise_members": Fact("非公企业党员", _aggregate("private_enterprise_members"), unit="名", aggregate=True),
    "checkup_eligible_secretaries": Fact("符合体检条件的基层党组织书记", _aggregate("checkup_eligible_secretaries"), unit="名", aggregate=True),
}


class Facts(dict):
    """A unit's facts, each computed the first time a rule asks for it.

    A checklist reads a handful of the named facts for most units; computing
    all of them for 20,000 units would be most of the work. Unknown names
    (and not reported values) read as None.
    """

    __slots__ = ("unit", "year", "ctx")

    def __init__(self, unit: Unit, year: int, ctx: FactContext) -> None:
        super().__init__()
        self.unit, self.year, self.ctx = unit, year, ctx

    def __missing__(self, name: str) -> Any:
        fact = FACTS.get(name)
        value = None if fact is None else fact.compute(self.unit, self.year, self.ctx)
        self[name] = value
        return value

    def get(self, name: str, default: Any = None) -> Any:
        value = self[name]
        return default if value is None else value


def unit_facts(unit: Unit, year: int, ctx: FactContext = EMPTY_CONTEXT) -> Facts:
    """Every named fact (computed when first read), plus the rule counts over the units under this one ("applies:<rule>")."""
    facts = Facts(unit, year, ctx)
    extra = ctx.aggregates.get(unit.id)
    if extra:
        facts.update((key, value) for key, value in extra.items() if ":" in key)
    return facts


def fact_paths(name: str, unit: Unit, year: int) -> tuple[DataPath, ...]:
    return tuple(FACTS[name].paths(unit, year))
