"""Every rule the checklist issue names, on hand-made units with hand-computed
expectations, including the edges (exactly 50 employees, exactly 3 members,
exactly 6 years in post, the first year without a new member)."""

from __future__ import annotations

import pytest

from conftest import REPO
from generator import pipeline
from generator.compute.checklists import checklist
from generator.compute.facts import unit_facts
from generator.model.base import without_personal
from generator.model.units import Unit
from generator.projection import decides_by_personal_fact


@pytest.fixture(scope="module")
def rules():
    project, _ = pipeline.checked_project(REPO)
    return project.rules_for("changde-2012-5")


def unit(**fields) -> Unit:
    base = {"id": "t-unit", "name": "测试单位", "type": "村", "county": "jinshi", "parent": "x"}
    return Unit.model_validate({**base, **fields})


def items(rules, u: Unit, internal: bool = False) -> dict:
    """The unit's items, as the public projection (or, internal, the whole project) sees it."""
    if not internal:
        rules = rules.model_copy(update={"rules": [r for r in rules.rules if not decides_by_personal_fact(r)]})
        u = without_personal(u)
    return {i.rule.id: i for i in checklist(u, rules, {}).items}


def applies(rules, u: Unit, rule_id: str, internal: bool = False):
    found = items(rules, u, internal).get(rule_id)
    return None if found is None else found.applies


# --- art. 2: non-public enterprises -----------------------------------------

@pytest.mark.parametrize("employees, members, expected", [
    (50, 2, {"npe-single-org", "npe-single-org-few-members"}),      # exactly 50 → single build
    (49, 2, {"npe-small-must-build", "npe-joint-org"}),              # one short of 50
    (51, 3, {"npe-single-org"}),                                     # exactly 3 members → not "< 3"
    (120, 5, {"npe-single-org"}),
    (12, 1, {"npe-small-must-build", "npe-joint-org"}),
    (30, 0, {"npe-small-must-build", "npe-no-member-coverage"}),     # no member → instructor + union
    (30, 3, {"npe-small-must-build"}),
])
def test_enterprise_organisation_rules(rules, employees, members, expected):
    u = unit(type="非公企业", employees=employees, members=members)
    art2 = {rid for rid, i in items(rules, u).items() if i.rule.article == 2} - {"npe-instructor"}
    assert art2 == expected


def test_single_build_is_due_at_year_end(rules):
    item = items(rules, unit(type="非公企业", employees=50, members=2))["npe-single-org"]
    assert item.rule.due.isoformat() == "2012-12-31" and item.rule.sentence == "art-2.s3"


def test_coverage_counts_as_done_with_instructor_and_union(rules):
    covered = unit(type="非公企业", employees=20, members=0, instructor={"from_org": "示例局"}, trade_union=True)
    bare = unit(type="非公企业", employees=20, members=0)
    assert items(rules, covered)["npe-no-member-coverage"].status == "已完成"
    assert items(rules, bare)["npe-no-member-coverage"].status == "未开始"


def test_unknown_employee_count_is_pending_not_silent(rules):
    result = items(rules, unit(type="非公企业", members=1))
    assert result["npe-single-org"].applies is None and result["npe-single-org"].missing == ("employees",)


# --- art. 7 and 9: ratings ----------------------------------------------------

@pytest.mark.parametrize("rating, coefficient", [("好", 1), ("较好", 0.9), ("一般", 0.8), ("较差", 0.7)])
def test_village_secretary_pay_coefficient(rules, rating, coefficient):
    values = dict(items(rules, unit(ratings={2012: rating}))["village-pay-coefficient"].values)
    assert values["报酬比例系数"] == coefficient


@pytest.mark.parametrize("rating, rule_id, target", [
    ("较差", "upgrade-target-poor", 90), ("一般", "upgrade-target-fair", 20),
    ("较好", "upgrade-target-fairly-good", 10), ("好", "upgrade-target-good", 100),
])
def test_year_end_targets_by_rating(rules, rating, rule_id, target):
    found = items(rules, unit(ratings={2012: rating}))
    targets = {rid for rid in found if rid.startswith("upgrade-target")}
    assert targets == {rule_id}
    assert target in dict(found[rule_id].values).values()


def test_stationing_by_rating(rules):
    assert "poor-rating-work-group" in items(rules, unit(ratings={2012: "较差"}))
    assert "fair-rating-first-secretary" in items(rules, unit(ratings={2012: "一般"}))
    assert "good-rating-township-contact" in items(rules, unit(ratings={2012: "较好"}))
    stationed = unit(ratings={2012: "较差"}, work_group=True, first_secretary={"from_org": "示例局"})
    assert items(rules, stationed)["poor-rating-work-group"].status == "已完成"


@pytest.mark.parametrize("before, now, consequence", [
    ("一般", "一般", True), ("较差", "较差", True), ("一般", "较好", False),
    ("好", "较好", True), ("较好", "一般", True), ("好", "好", False), ("较好", "好", False),
])
def test_consequence_when_not_moved_up_or_downgraded(rules, before, now, consequence):
    u = unit(ratings={2011: before, 2012: now})
    assert applies(rules, u, "no-upgrade-consequence") is (True if consequence else None)


def test_only_good_organisations_may_be_nominated(rules):
    assert "five-good-eligibility" in items(rules, unit(ratings={2012: "较好"}))
    assert dict(items(rules, unit(ratings={2012: "较好"}))["five-good-eligibility"].values)["参评资格"] != "可以参评"
    assert "secretary-representative-nomination" in items(rules, unit(ratings={2012: "好"}))
    assert "secretary-representative-nomination" not in items(rules, unit(ratings={2012: "较好"}))


# --- art. 11: developing members ----------------------------------------------

@pytest.mark.parametrize("developed, must_develop, no_renomination", [
    ({2010: 0, 2011: 0, 2012: 1}, True, False),    # two years without → develop one this year (done)
    ({2010: 1, 2011: 0, 2012: 0}, False, True),    # first year without was 2011: not yet two before this year
    ({2010: 2, 2011: 0, 2012: 3}, False, False),   # the first year without a new member
    ({2009: 0, 2010: 0, 2011: 0, 2012: 0}, True, True),
])
def test_villages_without_new_members(rules, developed, must_develop, no_renomination):
    found = items(rules, unit(developed=developed))
    assert ("village-develop-member" in found) is must_develop
    assert ("village-secretary-no-renomination" in found) is no_renomination


def test_develop_member_done_when_one_was_developed(rules):
    found = items(rules, unit(developed={2010: 0, 2011: 0, 2012: 1}))
    assert found["village-develop-member"].status == "已完成"
    assert found["village-develop-member"].rule.due.isoformat() == "2012-12-31"


def test_county_member_structure_target(rules):
    found = items(rules, unit(type="区县", county=None, parent=None))
    assert 80 in dict(found["county-rural-member-structure"].values).values()
    assert "county-older-candidates-filing" in found


# --- art. 8, 20, 21: secretaries ------------------------------------------------

def test_reserve_successor_one_per_village(rules):
    assert 1 in dict(items(rules, unit())["village-reserve-successor"].values).values()
    assert "county-reserve-pool" in items(rules, unit(type="区县", county=None, parent=None))


@pytest.mark.parametrize("since, ratings, checkup", [
    (2006, {2011: "好", 2012: "好"}, True),          # exactly 6 years, rated 好 twice
    (2007, {2011: "好", 2012: "好"}, False),         # 5 years
    (2006, {2011: "好", 2012: "较好"}, False),       # 好 only once
    (2005, {2005: "好", 2009: "好", 2012: "一般"}, True),
])
def test_health_checkup(rules, since, ratings, checkup):
    u = unit(ratings=ratings, secretary={"in_post_since": since})
    assert ("secretary-health-checkup" in items(rules, u)) is checkup


def test_young_secretary_ledger_is_internal_only(rules):
    u = unit(secretary={"birth_year": 1980})
    assert "village-young-secretary-ledger" not in items(rules, u)
    assert "village-young-secretary-ledger" in items(rules, u, internal=True)


# --- art. 16, 17, 22: funds and pay ----------------------------------------------

def test_village_and_community_funds_gap(rules):
    village = dict(items(rules, unit(funds={2012: 5.5}))["village-operating-funds"].values)
    assert village["与6万元平均标准的差额（万元）"] == 0.5
    community = dict(items(rules, unit(type="社区", funds={2012: 8}))["community-operating-funds"].values)
    assert community["与8万元平均标准的差额（万元）"] == 0


def test_pay_and_subsidy_rules(rules):
    assert "village-secretary-pay" in items(rules, unit())
    assert "community-secretary-pay" in items(rules, unit(type="社区"))
    county = items(rules, unit(type="区县", county=None, parent=None))
    assert dict(county["county-retired-cadre-subsidy"].values)["月补助最低标准（元/月）"] == 100


def test_enterprise_member_activity_funds(rules):
    values = dict(items(rules, unit(type="非公企业", employees=20, members=7))["npe-member-activity-funds"].values)
    assert 700 in values.values()


# --- art. 24-28: systems ---------------------------------------------------------------

def test_village_systems(rules):
    found = items(rules, unit())
    assert {"village-four-two", "village-affairs-openness", "village-double-report", "village-one-meeting-four-reviews",
            "member-activity-week"} <= set(found)
    assert found["member-activity-week"].rule.recurrence == "yearly"


def test_county_systems(rules):
    found = items(rules, unit(type="区县", county=None, parent=None))
    assert found["county-standing-committee-quarterly"].rule.recurrence == "quarterly"
    assert found["county-delegate-inquiry"].rule.recurrence == "yearly"
    assert found["self-assessment"].rule.due.isoformat() == "2012-12-31"
    assert found["secretary-report"].rule.recurrence == "yearly"


def test_every_rule_cites_a_sentence_of_its_article(rules):
    project, _ = pipeline.checked_project(REPO)
    sentences = project.document("changde-2012-5").sentence_index()
    for rule in rules.rules:
        assert rule.sentence in sentences and rule.sentence.startswith(f"art-{rule.article}.")


def test_facts_edges():
    facts = unit_facts(unit(developed={2011: 0, 2012: 2}, secretary={"in_post_since": 2006}), 2012)
    assert facts["years_without_new_member"] == 1 and facts["years_without_new_member_now"] == 0
    assert facts["secretary_years_in_post"] == 6
