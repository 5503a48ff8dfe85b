"""Synthetic, Changde-scale unit data for benchmarks (`handbook demo-data`).

Every unit is visibly fictional (name contains 示例, `sample: true`, id
`demo-...`) and hangs under one of the 13 real county-level units, whose
records stay in data/counties.yaml. Proportions follow the project's domain
notes: 常德年鉴2019 (2018) counts scaled back to 2012 for the township/village
structure, 津市 2013 grades for ratings. No personal data is
produced except birth years (needed for the age rules); no names, no phones.
"""

from __future__ import annotations

import math
import os
import random
from pathlib import Path

import yaml

from generator.errors import UsageError

MIN_UNITS, MAX_UNITS = 100, 200_000
COUNTIES_FILE = Path(__file__).resolve().parents[1] / "data" / "counties.yaml"
VOCABULARY_FILE = Path(__file__).resolve().parents[1] / "content" / "vocabularies.yaml"
# libyaml's emitter is faster and writes the same text as yaml.safe_dump.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# 2018 counts → 2012: townships and villages were merged in 2015–16.
STRUCTURE = {"乡镇": ("townships", 1.6), "街道": ("streets", 1.0), "村": ("villages", 2.2), "社区": ("communities", 1.0)}
# At Changde scale (REFERENCE_UNITS) the structure is real-sized and the rest
# is filled with other organizations; smaller sets shrink the structure, but
# never below MAX_STRUCTURE_SHARE of the total, so villages stay the largest type.
REFERENCE_UNITS = 20_000
MAX_STRUCTURE_SHARE = 0.45
OTHER_SHARES = {"机关": 0.19, "事业单位": 0.21, "国有企业": 0.07, "非公企业": 0.20,
                "社会组织": 0.10, "农民专业合作社": 0.15, "流动党员党组织": 0.08}
CODES = {"乡镇": "township", "街道": "street", "村": "village", "社区": "community", "机关": "office",
         "事业单位": "institution", "国有企业": "state-enterprise", "非公企业": "private-enterprise",
         "社会组织": "social-organization", "农民专业合作社": "cooperative", "流动党员党组织": "mobile-members"}

# Name endings, picked at random so the files look like real lists.
NAME_KINDS = {
    "乡镇": ["镇", "乡"], "街道": ["街道"], "村": ["村"], "社区": ["社区"],
    "机关": ["机关党支部", "局机关党支部", "办机关党支部"],
    "事业单位": ["中心学校", "中学", "卫生院", "农技站", "医院"],
    "国有企业": ["城市建设投资有限公司", "水务有限公司", "粮食购销有限公司", "交通建设有限公司"],
    "非公企业": ["机械有限公司", "服装有限公司", "食品有限公司", "电子有限公司", "物流有限公司", "建材有限公司", "纺织有限公司"],
    "社会组织": ["个体劳动者协会", "商会", "行业协会", "民办学校", "养老院"],
    "农民专业合作社": ["柑橘专业合作社", "水产专业合作社", "粮食专业合作社", "生猪专业合作社", "蔬菜专业合作社", "茶叶专业合作社"],
    "流动党员党组织": ["驻广州流动党员党支部", "驻深圳流动党员党支部", "驻东莞流动党员党支部", "驻长沙流动党员党支部"],
}
ENVOY_ORGS = ["示例市直机关", "示例市直单位", "示例县直机关", "示例县直单位", "示例区直机关"]
PILOT_COUNTIES = ("wuling", "jinshi")  # named in the notice as pilots

# Members: (low, high, mode) for a triangular draw; yearly recruits: mean.
MEMBERS = {"乡镇": (30, 120, 60), "街道": (25, 100, 50), "村": (20, 120, 45), "社区": (15, 150, 50),
           "机关": (5, 60, 18), "事业单位": (3, 80, 15), "国有企业": (10, 200, 40), "非公企业": (3, 15, 5),
           "社会组织": (3, 20, 6), "农民专业合作社": (3, 12, 5), "流动党员党组织": (5, 40, 12)}
# Means sized so the city recruits roughly its 5000 a year (art. 11).
RECRUITS = {"乡镇": 0.6, "街道": 0.6, "村": 0.85, "社区": 0.6, "机关": 0.15, "事业单位": 0.2, "国有企业": 0.3,
            "非公企业": 0.2, "社会组织": 0.1, "农民专业合作社": 0.1, "流动党员党组织": 0.1}
EMPLOYEES = {"事业单位": (10, 300, 40), "国有企业": (50, 2000, 200)}
FUNDS = {"村": (4.0, 9.0, 6.0), "社区": (6.0, 12.0, 8.0)}
VENUE_AREA = {"乡镇": (200, 1500, 500), "街道": (200, 1500, 500), "村": (60, 400, 150), "社区": (80, 600, 200)}

RATINGS = ("好", "较好", "一般", "较差")
# The year's grade (art. 7) starts a little weaker than 津市 2013
# (306 / 175 / 41 / 6 of 528 ≈ 58/33/8/1); the year-end grade after the
# notice's 晋位升级 campaign (art. 9) lands on it: more units move up than
# down while most stay where they were. The year before is much like the year.
PREVIOUS_SHARES = (55, 34, 9.5, 1.5)
TRANSITIONS = {"好": (93, 6.5, 0.5, 0), "较好": (16, 79, 4.6, 0.4), "一般": (6, 30, 58, 6), "较差": (0, 15, 60, 25)}
SAME_AS_LAST_YEAR = 0.85
YEAR_END_REPORTED = 0.75  # not every year-end grade is in yet
# Yes/no facts the data reports explicitly (an empty field means "not reported"); the rest are left out.
REPORTED = 0.9
DEMONSTRATION_TYPES = ("乡镇", "街道", "村", "社区", "机关", "事业单位", "国有企业", "非公企业", "社会组织")  # art. 10.s2
APPRAISALS = ("优秀", "称职", "基本称职", "不称职")
APPRAISAL_WEIGHTS = {"好": (45, 53, 2, 0), "较好": (20, 72, 8, 0), "一般": (3, 62, 30, 5), "较差": (0, 30, 50, 20)}
EDUCATIONS = ("初中及以下", "高中", "中专", "大专", "本科", "研究生")
EDUCATION_WEIGHTS = {"rural": (20, 38, 17, 18, 7, 0), "urban": (0, 5, 10, 35, 45, 5), "other": (10, 30, 20, 25, 15, 0)}
RURAL, URBAN = ("村", "农民专业合作社"), ("乡镇", "街道", "社区", "机关", "事业单位", "国有企业")


def rated_types(vocabulary: Path = VOCABULARY_FILE) -> frozenset[str]:
    """Types graded in four grades: those whose party level is `rated` in the vocabulary."""
    data = yaml.safe_load(vocabulary.read_text(encoding="utf-8")) or {}
    levels = {p["name"] for p in data.get("party_levels", []) if p.get("rated")}
    return frozenset(t["name"] for t in data.get("unit_types", []) if t.get("party_level") in levels)


def load_counties(root: Path) -> list[dict]:
    """The real county-level units of a project (data/counties.yaml under root)."""
    return _read_counties(root / "data" / "counties.yaml")


def _read_counties(path: Path) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [u for u in data.get("units", []) if u.get("type") == "区县"]


def write_demo_data(units: int, seed: int, out_dir: Path, reference_year: int = 2012,
                    counties: list[dict] | None = None) -> list[Path]:
    """Write demo unit files into out_dir (one YAML file per county, named
    demo-<county-id>.yaml, top key `units:`); return the paths written."""
    out_dir = Path(out_dir)
    _check_request(units, out_dir)
    plan = demo_units(units, seed, counties if counties is not None else _read_counties(COUNTIES_FILE), reference_year)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [_write_atomic(out_dir / f"demo-{cid}.yaml", rows) for cid, rows in plan.items() if rows]


def _check_request(units: int, out_dir: Path) -> None:
    if not MIN_UNITS <= units <= MAX_UNITS:
        raise UsageError(f"单位数应在 {MIN_UNITS} 到 {MAX_UNITS} 之间，收到 {units}")
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"输出位置「{out_dir}」已存在且不是目录")
    if out_dir.is_dir() and any(out_dir.iterdir()):
        raise UsageError(f"输出目录「{out_dir}」已存在且不为空：为避免覆盖已有文件，请换一个新目录或空目录")


def _write_atomic(path: Path, rows: list[dict]) -> Path:
    # A hidden temp name: `handbook check` skips dot files, so an interrupted
    # run never leaves a half-written unit file that gets loaded.
    text = yaml.dump({"units": rows}, Dumper=_DUMPER, allow_unicode=True, sort_keys=False,
                     width=1000, default_flow_style=None)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(text.encode("utf-8"))
    os.replace(tmp, path)
    return path


def demo_units(units: int, seed: int, counties: list[dict], reference_year: int = 2012) -> dict[str, list[dict]]:
    """County id → synthetic unit dicts; exactly `units` in all, same seed → same result."""
    if not counties:
        raise UsageError("没有区县级单位，无法生成示例数据")
    plan = county_plan(type_totals(units, counties), counties)
    maker = _Maker(random.Random(seed), reference_year)
    return {c["id"]: maker.county(c["id"], plan[c["id"]]) for c in counties}


def type_totals(units: int, counties: list[dict]) -> dict[str, int]:
    """How many units of each type, summing to `units` exactly."""
    structure = {t: sum(_count(c, t) for c in counties) for t in STRUCTURE}
    real = sum(structure.values())
    share = min(MAX_STRUCTURE_SHARE, real / min(units, REFERENCE_UNITS))
    weights = {t: n * share * units / real for t, n in structure.items()}
    weights |= {t: s * (1 - share) * units for t, s in OTHER_SHARES.items()}
    totals = dict(zip(weights, apportion(units, list(weights.values()))))
    # Every county needs one township to hang villages and communities under.
    missing = max(0, len(counties) - totals["乡镇"])
    totals["乡镇"] += missing
    totals[max(totals, key=totals.get)] -= missing
    return totals


def _count(county: dict, utype: str) -> float:
    key, scale = STRUCTURE[utype]
    return (county.get("counts") or {}).get(key, 0) * scale


def county_plan(totals: dict[str, int], counties: list[dict]) -> dict[str, dict[str, int]]:
    """Split each type's total over the counties: structure by the yearbook
    counts, other organizations by the county's overall size."""
    size = [sum(_count(c, t) for t in STRUCTURE) or 1.0 for c in counties]
    plan: dict[str, dict[str, int]] = {c["id"]: {} for c in counties}
    for utype, total in totals.items():
        floor = 1 if utype == "乡镇" else 0
        weights = [_count(c, utype) for c in counties] if utype in STRUCTURE else size
        shares = apportion(total - floor * len(counties), weights)
        for county, n in zip(counties, shares):
            plan[county["id"]][utype] = n + floor
    return plan


def apportion(total: int, weights: list[float]) -> list[int]:
    """Largest-remainder rounding: integers proportional to weights, summing to total."""
    whole = sum(weights)
    if whole <= 0:
        weights, whole = [1.0] * len(weights), float(len(weights))
    exact = [total * w / whole for w in weights]
    result = [math.floor(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: (result[i] - exact[i], i))
    for i in order[: total - sum(result)]:
        result[i] += 1
    return result


class _Maker:
    """Builds unit dicts; the one random stream makes the whole set reproducible."""

    def __init__(self, rng: random.Random, year: int) -> None:
        self.rng, self.year = rng, year
        self.serial: dict[str, int] = {}
        self.rated = rated_types()

    def county(self, cid: str, counts: dict[str, int]) -> list[dict]:
        rows: list[dict] = []
        ids: dict[str, list[str]] = {t: [] for t in CODES}
        for utype in CODES:  # structure first: later types need parents
            for n in range(1, counts.get(utype, 0) + 1):
                unit = self.unit(cid, utype, n, self._parent(cid, utype, ids))
                ids[utype].append(unit["id"])
                rows.append(unit)
        return rows

    def _parent(self, cid: str, utype: str, ids: dict[str, list[str]]) -> str:
        rng, towns, streets = self.rng, ids["乡镇"], ids["街道"]
        if utype in ("乡镇", "街道", "国有企业"):
            return cid
        if utype == "村":  # a few villages sit under a street
            return rng.choice(streets) if streets and rng.random() < 0.08 else rng.choice(towns)
        if utype == "社区":
            return rng.choice(streets) if streets and rng.random() < 0.75 else rng.choice(towns)
        if utype == "农民专业合作社":
            return rng.choice(ids["村"]) if ids["村"] and rng.random() < 0.85 else rng.choice(towns)
        return cid if rng.random() < 0.35 else rng.choice(towns + streets)

    def unit(self, cid: str, utype: str, n: int, parent: str) -> dict:
        serial = self.serial[utype] = self.serial.get(utype, 0) + 1
        unit = {"id": f"demo-{cid}-{CODES[utype]}-{n}", "name": f"示例第{serial}{self.rng.choice(NAME_KINDS[utype])}",
                "type": utype, "parent": parent, "county": cid, "sample": True}
        members = self.members(utype)
        if members < 3:  # too few members for a party organization of its own: no grade, no secretary
            return unit | {"members": members} | self.enterprise(members) | self.organization(utype, members)
        ratings, year_end = self.ratings() if utype in self.rated else ({}, {})
        rating = ratings.get(self.year)
        unit |= ({"ratings": ratings} if ratings else {}) | ({"year_end_ratings": year_end} if year_end else {})
        unit |= {"members": members} | self.organization(utype, members) | self.staff(utype, members)
        unit |= self.recruits(utype) | self.money_and_venue(utype, rating)
        unit["secretary"] = self.secretary(utype, ratings)
        return unit | self.support(cid, utype, rating)

    def organization(self, utype: str, members: int) -> dict:
        """Enterprises and social organizations say whether they have an organization of their own, a joint one, or none."""
        if utype not in ("非公企业", "社会组织", "农民专业合作社"):
            return {}
        if members >= 3:
            return {"organization": "单独组建"}
        return {"organization": "联合组建" if members and self.rng.random() < 0.4 else "未建立"}

    def triangular(self, low: float, high: float, mode: float) -> int:
        return round(self.rng.triangular(low, high, mode))

    def members(self, utype: str) -> int:
        if utype == "非公企业" and self.rng.random() < 0.4:
            return self.rng.choice((0, 0, 1, 2))  # 40%: not yet organized
        return self.triangular(*MEMBERS[utype])

    def staff(self, utype: str, members: int) -> dict:
        if utype == "非公企业":
            return self.enterprise(members)
        return {"employees": self.triangular(*EMPLOYEES[utype])} if utype in EMPLOYEES else {}

    def enterprise(self, members: int) -> dict:
        """Non-public enterprises: employees skewed small, with the 50 threshold hit exactly."""
        rng = self.rng
        extra: dict = {"employees": _employees(rng)}
        if members < 3 and rng.random() < 0.7:
            extra["instructor"] = {"from_org": rng.choice(ENVOY_ORGS), "since": self.year - rng.choice((0, 0, 1))}
        elif rng.random() < REPORTED:
            extra["instructor"] = "无"
        if rng.random() < REPORTED:
            extra["trade_union"] = rng.random() < (0.4 if members < 3 else 0.6)
        return extra

    def ratings(self) -> tuple[dict[int, str], dict[int, str]]:
        """Last year's and this year's grade, and (mostly reported) this year's year-end grade."""
        rng = self.rng
        last = rng.choices(RATINGS, PREVIOUS_SHARES)[0]
        step = 0 if rng.random() < SAME_AS_LAST_YEAR else rng.choice((-1, 1))
        now = RATINGS[min(len(RATINGS) - 1, max(0, RATINGS.index(last) + step))]
        year_end = {self.year: rng.choices(RATINGS, TRANSITIONS[now])[0]} if rng.random() < YEAR_END_REPORTED else {}
        return {self.year - 1: last, self.year: now}, year_end

    def recruits(self, utype: str) -> dict:
        """New members 2010–2012; one unit in eight is stagnant, giving runs of zero years."""
        rng, mean = self.rng, RECRUITS[utype] * (0.1 if self.rng.random() < 1 / 8 else 1.1)
        years = range(self.year - 2, self.year + 1)
        developed = {y: _poisson(rng, mean) for y in years}
        now = developed[self.year]
        return {"developed": developed,
                "developed_under_35": {self.year: _binomial(rng, now, 0.55)},
                "developed_high_school": {self.year: _binomial(rng, now, 0.7)}}

    def money_and_venue(self, utype: str, rating: str | None) -> dict:
        rng, extra = self.rng, {}
        if utype in FUNDS:
            now = rng.triangular(*FUNDS[utype])
            extra["funds"] = {self.year - 1: round(max(2.0, now - rng.uniform(0, 1.5)), 1), self.year: round(now, 1)}
        if utype in VENUE_AREA or rng.random() < 0.4:
            extra["venue"] = self.venue(utype, rating)
        return extra

    def venue(self, utype: str, rating: str | None) -> dict:
        weak = rating in ("一般", "较差")
        status = self.rng.choices(("有", "在建", "无"), (60, 15, 25) if weak else (88, 6, 6))[0]
        if status != "有":
            return {"status": status}
        return {"status": status, "area_m2": self.triangular(*VENUE_AREA.get(utype, (20, 200, 60)))}

    def secretary(self, utype: str, ratings: dict[int, str]) -> dict:
        rng = self.rng
        graduate = utype == "村" and rng.random() < 0.03  # 大学生村官 chosen as secretary
        if graduate:
            born, education = rng.randint(1982, 1987), rng.choice(("大专", "本科"))
            since = rng.randint(self.year - 3, self.year)
        else:
            born = self.triangular(*((1948, 1985, 1963) if utype in RURAL else (1955, 1985, 1968)))
            group = "rural" if utype in RURAL else "urban" if utype in URBAN else "other"
            education = rng.choices(EDUCATIONS, EDUCATION_WEIGHTS[group])[0]
            since = max(born + 25, self.year - min(20, int(rng.expovariate(1 / 5))))
        appraisals = {y: rng.choices(APPRAISALS, APPRAISAL_WEIGHTS[r])[0] for y, r in ratings.items() if y >= since}
        result = {"birth_year": born, "education": education, "in_post_since": since}
        result |= {"college_graduate_official": True} if graduate else {}
        return result | ({"appraisals": appraisals} if appraisals else {})

    def support(self, cid: str, utype: str, rating: str | None) -> dict:
        """Work groups and first secretaries go mostly to weak villages; 5% are demonstration sites.
        What was not sent is mostly reported as such (否 / 无), a little is left unreported."""
        rng, weak, extra = self.rng, rating in ("一般", "较差"), {}
        if utype == "村" and weak and rng.random() < (0.9 if rating == "较差" else 0.6):
            extra["work_group"] = True
        elif utype == "村" and weak and rng.random() < REPORTED:
            extra["work_group"] = False
        envoy = 0.9 if extra.get("work_group") else 0.2 if weak else 0.02
        if utype in ("村", "社区") and rng.random() < (envoy if utype == "村" else envoy / 2):
            extra["first_secretary"] = {"from_org": rng.choice(ENVOY_ORGS), "since": self.year - rng.choice((0, 0, 1))}
        elif weak and rng.random() < REPORTED:
            extra["first_secretary"] = "无"
        if cid in PILOT_COUNTIES and utype in ("街道", "社区"):
            extra["pilots"] = ["大工委制" if utype == "街道" else "兼职委员制"] if rng.random() < 0.5 else []
        if rng.random() < (0.085 if rating == "好" else 0.005):
            extra["demonstration"] = True
        elif utype in DEMONSTRATION_TYPES and rng.random() < REPORTED:
            extra["demonstration"] = False
        return extra


def _employees(rng: random.Random) -> int:
    """Mostly small firms; some exactly at the 50-employee line the rules test;
    larger ones spread log-uniformly up to 500."""
    roll = rng.random()
    if roll < 0.55:
        return rng.randint(5, 49)
    if roll < 0.6:
        return 50
    return round(math.exp(rng.uniform(math.log(51), math.log(500))))


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: fine for the small means used here."""
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _binomial(rng: random.Random, n: int, p: float) -> int:
    return sum(1 for _ in range(n) if rng.random() < p)
