"""The synthetic Changde-scale data set (`handbook demo-data`): valid, fictional,
reproducible, realistically proportioned, and accepted by `handbook check`."""

from __future__ import annotations

import collections
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from generator import pipeline
from generator.demo_data import demo_units, load_counties, write_demo_data
from generator.errors import Severity, UsageError
from generator.model.units import Unit

UNITS, SEED = 2000, 1
TARGET_SHARES = {"好": 58, "较好": 33, "一般": 8, "较差": 1}  # 津市 2013


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "out"
    write_demo_data(UNITS, SEED, out)
    return out


@pytest.fixture(scope="module")
def demo(demo_dir) -> list[dict]:
    rows: list[dict] = []
    for path in sorted(demo_dir.iterdir()):
        rows += yaml.safe_load(path.read_text(encoding="utf-8"))["units"]
    return rows


def _file_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_one_file_per_county_and_nothing_else(demo_dir):
    counties = [c["id"] for c in load_counties(REPO)]
    assert len(counties) == 13
    assert sorted(p.name for p in demo_dir.iterdir()) == sorted(f"demo-{c}.yaml" for c in counties)


def test_total_is_exact_and_every_unit_validates(demo):
    assert len(demo) == UNITS
    for row in demo:
        Unit.model_validate(row)
    ids = [row["id"] for row in demo]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"demo-[a-z0-9-]+", i) and len(i) <= 64 for i in ids)


@pytest.mark.parametrize("units", [100, 777, 12345])
def test_total_is_exact_for_odd_sizes(units):
    counties = load_counties(REPO)
    plan = demo_units(units, 7, counties)
    assert sum(len(rows) for rows in plan.values()) == units
    for cid, rows in plan.items():  # every county can hang villages somewhere
        assert any(r["type"] == "乡镇" for r in rows), cid


def test_parents_exist_with_allowed_types(demo):
    vocab = yaml.safe_load((REPO / "content" / "vocabularies.yaml").read_text(encoding="utf-8"))
    allowed = {t["name"]: set(t.get("parent_types", [])) for t in vocab["unit_types"]}
    types = {c["id"]: "区县" for c in load_counties(REPO)} | {row["id"]: row["type"] for row in demo}
    for row in demo:
        assert row["parent"] in types, row["id"]
        assert types[row["parent"]] in allowed[row["type"]], row["id"]
        assert types[row["county"]] == "区县"
        assert row["sample"] is True


def test_visibly_fictional_and_no_personal_data(demo, demo_dir):
    assert all("示例" in row["name"] for row in demo)
    for row in demo:
        for person in ("secretary", "first_secretary", "instructor"):
            assert "name" not in row.get(person, {}), row["id"]
            assert "phone" not in row.get(person, {}), row["id"]
    for path in demo_dir.iterdir():
        assert not re.search(r"\d{11}", path.read_text(encoding="utf-8")), path.name


def test_same_seed_same_bytes_other_seed_differs(demo_dir, tmp_path):
    write_demo_data(UNITS, SEED, tmp_path / "again")
    write_demo_data(UNITS, SEED + 1, tmp_path / "other")
    assert _file_bytes(tmp_path / "again") == _file_bytes(demo_dir)
    assert _file_bytes(tmp_path / "other") != _file_bytes(demo_dir)


def test_villages_are_the_largest_type(demo):
    counts = collections.Counter(row["type"] for row in demo)
    assert counts.most_common(1)[0][0] == "村"
    assert counts["社区"] > counts["乡镇"] > 0


def test_year_end_grades_match_jinshi_shares(demo):
    """The year-end grade (after the art. 9 campaign) lands on 津市 2013; only graded types are graded."""
    graded = [row for row in demo if "ratings" in row]
    assert {row["type"] for row in graded} & {"乡镇", "街道"} == set()
    assert len(graded) > 0.9 * sum(1 for row in demo if row["type"] not in ("乡镇", "街道"))
    year_end = [row["year_end_ratings"][2012] for row in graded if "year_end_ratings" in row]
    assert 0.6 * len(graded) < len(year_end) < 0.9 * len(graded)  # not every year-end grade is in yet
    counts = collections.Counter(year_end)
    for grade, target in TARGET_SHARES.items():
        assert abs(100 * counts[grade] / len(year_end) - target) <= 5, grade


def test_year_end_moves_are_realistic(demo):
    order = {"较差": 0, "一般": 1, "较好": 2, "好": 3}
    moves = [order[r["year_end_ratings"][2012]] - order[r["ratings"][2012]] for r in demo if "year_end_ratings" in r]
    stay, up, down = (sum(1 for m in moves if test(m)) for test in (lambda m: m == 0, lambda m: m > 0, lambda m: m < 0))
    assert stay > 0.7 * len(moves) and up > down > 0


def test_not_reported_is_rare_but_present(demo):
    """Most yes/no facts are reported (否 / 无 included), a few are left out, as in real returns."""
    villages = [r for r in demo if r["type"] == "村"]
    reported = sum(1 for v in villages if "demonstration" in v)
    assert 0.8 * len(villages) < reported < len(villages)
    firms = [r for r in demo if r["type"] == "非公企业"]
    assert {r.get("organization") for r in firms} >= {"单独组建", "联合组建", "未建立"}


def test_rule_fields_are_filled_plausibly(demo):
    villages = [r for r in demo if r["type"] == "村"]
    assert all(20 <= v["members"] <= 120 for v in villages)
    assert 4 <= sum(v["funds"][2012] for v in villages) / len(villages) <= 9
    assert any(v["developed"][2011] == v["developed"][2012] == 0 for v in villages)
    for row in demo:
        if "developed" in row:
            assert row["developed_under_35"][2012] <= row["developed"][2012]
            assert row["developed_high_school"][2012] <= row["developed"][2012]
    employees = [r["employees"] for r in demo if r["type"] == "非公企业"]
    assert 50 in employees and min(employees) < 50 < max(employees)
    assert any("instructor" in r and r["members"] < 3 for r in demo)


def test_full_check_reports_no_errors(demo_dir, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    (root / "data").mkdir()
    shutil.copy(REPO / "data" / "counties.yaml", root / "data" / "counties.yaml")
    shutil.copytree(demo_dir, root / "data" / "demo")
    result = pipeline.check(root)
    errors = [f.format() for f in result.findings if f.severity is Severity.ERROR]
    assert errors == []
    assert len(result.project.units) == UNITS + 13


def test_refuses_non_empty_out_dir(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.yaml").write_text("units: []\n", encoding="utf-8")
    with pytest.raises(UsageError, match="不为空"):
        write_demo_data(UNITS, SEED, out)
    assert [p.name for p in out.iterdir()] == ["keep.yaml"]


@pytest.mark.parametrize("units", [99, 200_001])
def test_refuses_unreasonable_sizes(units, tmp_path):
    with pytest.raises(UsageError, match="单位数"):
        write_demo_data(units, SEED, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_creates_missing_out_dir(tmp_path):
    paths = write_demo_data(100, SEED, tmp_path / "a" / "b")
    assert paths and all(p.parent == tmp_path / "a" / "b" and p.exists() for p in paths)
    assert not any(p.name.startswith(".") for p in (tmp_path / "a" / "b").iterdir())
