"""How checklists are computed: three-valued conditions, honest unknowns, party
organizations by design, and duty texts that say no more than their sentence.

What each rule gives which unit is tested as data in
content/documents/changde-2012-5/rule-cases.yaml (tests/test_rule_cases.py).
"""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from generator import pipeline
from generator.compute.checklists import RuleIndex, checklist
from generator.compute.conditions import compiled, evaluate, leaves
from generator.compute.context import fact_context
from generator.compute.facts import AtLeast, unit_facts, zero_run
from generator.model.rules import Condition
from generator.model.units import Unit

PROJECT, _ = pipeline.checked_project(REPO)
RULES = PROJECT.rules_for("changde-2012-5")
VOCAB = PROJECT.vocabulary


def unit(**fields) -> Unit:
    base = {"id": "t-unit", "name": "测试单位", "type": "村", "county": "jinshi", "parent": "x"}
    return Unit.model_validate({**base, **fields})


def items(u: Unit, others: list[Unit] = ()) -> dict:
    ctx = fact_context([u, *others], VOCAB, RULES, RULES.reference_year)
    return {i.rule.id: i for i in checklist(u, RuleIndex(RULES, VOCAB), {}, ctx).items}


# --- three-valued conditions ------------------------------------------------------

@pytest.mark.parametrize("op, bound, expected", [
    (">=", 2, True), (">=", 3, None), (">", 1, True), (">", 2, None),
    ("<", 2, False), ("<", 3, None), ("<=", 1, False), ("<=", 2, None),
    ("==", 1, False), ("==", 2, None), ("!=", 1, True), ("!=", 2, None),
])
def test_a_lower_bound_decides_only_what_every_larger_value_decides(op, bound, expected):
    cond = Condition(fact="x", op=op, value=bound)
    missing: set[str] = set()
    assert evaluate(cond, {"x": AtLeast(2)}, missing) is expected
    assert (missing == {"x"}) is (expected is None)


def test_all_and_any_with_unknowns():
    unknown, yes, no = Condition(fact="u", op="==", value=1), Condition(fact="y", op="==", value=1), Condition(fact="n", op="==", value=1)
    facts = {"u": None, "y": 1, "n": 0}
    assert evaluate(Condition(all=[unknown, no]), facts) is False
    assert evaluate(Condition(all=[unknown, yes]), facts) is None
    assert evaluate(Condition(any=[unknown, yes]), facts) is True
    assert evaluate(Condition(any=[unknown, no]), facts) is None


def test_a_compiled_condition_answers_as_evaluate_does():
    """The rule counts ask a condition compiled once (compute/conditions.py::compiled): for every
    condition of the rules and constraints, over the sample units' facts and over each value a
    fact it reads may take (unknown, a lower bound, a wrong type, each side of its threshold)."""
    conditions = [c for rules in PROJECT.rule_sets for r in rules.rules for c in (r.when, r.done_when)]
    conditions += [c for rules in PROJECT.rule_sets for k in rules.constraints for c in (k.when, k.require)]
    conditions += [Condition(all=[Condition(fact="u", op="==", value=1), Condition(fact="n", op="==", value=1)]),
                   Condition(any=[Condition(fact="u", op="==", value=1), Condition(fact="y", op="==", value=1)]),
                   Condition(not_=Condition(fact="u", op="in", value=[1, 2])), None]
    ctx = fact_context(PROJECT.units, VOCAB, RULES, RULES.reference_year)
    cases = [unit_facts(u, RULES.reference_year, ctx) for u in PROJECT.units]
    for cond in conditions:
        test = compiled(cond)
        for facts in cases:
            assert test(facts) is evaluate(cond, facts), (cond, facts.unit.id)
        for leaf in leaves(cond):
            value = leaf.value if not isinstance(leaf.value, list) else leaf.value[0]
            numbers = [value - 1, value, value + 1] if isinstance(value, (int, float)) and not isinstance(value, bool) else []
            for probe in [None, AtLeast(0), AtLeast(5), "文字", [value], value, *numbers]:
                facts = {f: probe for f in {leaf.fact, "u", "y", "n"}}
                assert test(facts) is evaluate(cond, facts), (cond, probe)
    assert len(conditions) > 40 and any(isinstance(f, AtLeast) for facts in cases for f in facts.values())


def test_zero_runs_stop_at_unreported_years():
    assert zero_run(unit(developed={2011: 0, 2012: 0}), 2012) == AtLeast(2)
    assert zero_run(unit(developed={2010: 3, 2011: 0, 2012: 0}), 2012) == 2
    assert zero_run(unit(developed={2012: 0}), 2011) is None
    assert zero_run(unit(developed={2011: 4}), 2011) == 0


# --- not reported is not "no" -------------------------------------------------------

def test_missing_blocks_and_cells_are_not_reported():
    facts = unit_facts(unit(), 2012)
    for name in ("has_secretary", "has_first_secretary", "has_instructor", "work_group", "trade_union", "demonstration",
                 "pilots", "secretary_years_in_post", "secretary_good_years", "venue_status", "rating"):
        assert facts[name] is None, name


def test_none_is_said_explicitly():
    facts = unit_facts(unit(first_secretary="无", instructor="无", work_group=False, pilots=[]), 2012)
    assert (facts["has_first_secretary"], facts["has_instructor"], facts["work_group"], facts["pilots"]) == (False, False, False, [])


def test_good_years_without_every_year_are_a_lower_bound():
    facts = unit_facts(unit(ratings={2011: "好", 2012: "好"}, secretary={"in_post_since": 2008}), 2012)
    assert facts["secretary_good_years"] == AtLeast(2) and facts["secretary_years_in_post"] == 4
    full = {y: "好" if y >= 2011 else "一般" for y in range(2008, 2013)}
    assert unit_facts(unit(ratings=full, secretary={"in_post_since": 2008}), 2012)["secretary_good_years"] == 2


# --- party organizations by design ---------------------------------------------------

def test_every_grass_roots_type_gets_what_the_notice_gives_all_grass_roots_organizations():
    """The rules citing a sentence that addresses every 基层党组织 reach every type of that level."""
    coverage = PROJECT.coverage_for("changde-2012-5")
    level_types = set(VOCAB.level_types("基层党组织"))
    assert {"农民专业合作社", "流动党员党组织"} <= level_types
    index = RuleIndex(RULES, VOCAB)
    for entry in coverage.sentences:
        if "基层党组织" in entry.addresses:
            for utype in level_types:
                assert any(r.sentence == entry.sentence for r in index.for_type(utype)), (entry.sentence, utype)


@pytest.mark.parametrize("utype", ["农民专业合作社", "流动党员党组织"])
def test_newer_types_are_rated_and_rectified(utype):
    found = items(unit(type=utype, members=5, ratings={2012: "较差"}))
    assert {"rating-classification", "poor-rating-work-group", "upgrade-target-poor", "member-education",
            "vanguard-posts", "member-appraisal", "secretary-report"} <= set(found)


def test_organization_duties_need_an_organization():
    none = items(unit(type="非公企业", members=0, employees=10))
    joint = items(unit(type="非公企业", members=2, employees=10, organization="联合组建"))
    unknown = items(unit(type="非公企业", members=2, employees=10))
    assert "member-appraisal" not in none and joint["member-appraisal"].applies is True
    assert unknown["member-appraisal"].applies is None and unknown["member-appraisal"].missing == ("has_organization",)
    assert items(unit(type="村"))["member-appraisal"].applies is True  # a village is a party organization


def test_vocabulary_groups_expand_once():
    assert VOCAB.expand(["基层党组织"]) == frozenset(VOCAB.level_types("基层党组织"))
    assert VOCAB.expand(["区县", "乡镇(街道)党(工)委"]) == {"区县", "乡镇", "街道"}
    assert set(VOCAB.rated_types()) == set(VOCAB.level_types("基层党组织"))


# --- the neighbours' facts ---------------------------------------------------------------

def test_county_counts_follow_the_rules_own_conditions():
    county = unit(id="c1", type="区县", county=None, parent=None)
    villages = [unit(id=f"v{i}", parent="c1", county="c1", ratings={2012: r}, work_group=w)
                for i, (r, w) in enumerate([("较差", True), ("较差", None), ("一般", None)])]
    ctx = fact_context([county, *villages], VOCAB, RULES, 2012)
    assert ctx.aggregates["c1"]["applies:poor-rating-work-group"] == 2
    assert ctx.aggregates["c1"]["done:poor-rating-work-group"] == 0  # no first secretary reported


# --- duty texts say no more than their sentence --------------------------------------------

RECURRENCE_WORDS = {"yearly": "每年", "quarterly": "每季度", "monthly": "月", "every-3-years": "每三年"}
ADDED_WORDS = ("每年", "每季度", "每月", "全县", "全市", "长期", "必须", "每个")


def test_recurrences_stand_in_the_sentence():
    sentences = PROJECT.document("changde-2012-5").sentence_index()
    for rule in RULES.rules:
        word = RECURRENCE_WORDS.get(rule.recurrence or "")
        if word:
            assert word in sentences[rule.sentence].text, f"{rule.id}: {rule.recurrence} 不在 {rule.sentence}"


def test_duty_texts_add_no_frequency_scope_or_obligation():
    sentences = PROJECT.document("changde-2012-5").sentence_index()
    for rule in RULES.rules:
        text = sentences[rule.sentence].text
        for word in ADDED_WORDS:
            if word in rule.duty:
                assert word in text, f"{rule.id}: 「{word}」不在 {rule.sentence}"


def test_averages_are_not_turned_into_a_units_debt():
    for rule in RULES.rules:
        assert all(v.gap_to is None for v in rule.values), rule.id
    funds = items(unit(funds={2012: 5.5}))["village-operating-funds"]
    assert funds.rule.kind == "target" and funds.status is None


def test_every_rule_is_exercised_by_a_case():
    named = {rid for cases in PROJECT.rule_case_sets for case in cases.cases
             for rid in [*case.expect, *(case.only or [])]}
    assert {r.id for r in RULES.rules} - named == set()


def test_readings_are_marked_and_reasoned():
    """Every reading that is ours is said to be ours where it is shown."""
    for rule in RULES.rules:
        if rule.reading:
            assert re.search(r"本手册|通知(没有|只|写)|原句", rule.reading), rule.id


# --- facts the notice constrains ---------------------------------------------------------

def test_pilots_outside_wuling_and_jinshi_are_errors_at_their_cell(tmp_path):
    import shutil

    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "data", root / "data")
    extra = root / "data" / "extra.yaml"
    extra.write_text("units:\n"
                     "  - {id: sample-taoyuan-sq-x, name: 示例桃源社区, type: 社区, parent: sample-taoyuan-zhen1, county: taoyuan,\n"
                     "     sample: true, pilots: [兼职委员制]}\n"
                     "  - {id: sample-wuling-sq-x, name: 示例武陵社区, type: 社区, parent: sample-wuling-jd1, county: wuling,\n"
                     "     sample: true, pilots: [大工委制]}\n", encoding="utf-8")
    result = pipeline.check(root)
    found = [f for f in result.findings if f.code == "fact-constraint"]
    assert [(str(f.location), f.message) for f in found] == [
        ("data/extra.yaml:3:28", "单位「示例桃源社区」：第5条的“大工委制”“兼职委员制”试点只在武陵区、津市市开展（第5条第2句）"),
        ("data/extra.yaml:5:28", "单位「示例武陵社区」：“大工委制”是街道的试点（第5条第2句）"),
    ]
    assert not result.ok
