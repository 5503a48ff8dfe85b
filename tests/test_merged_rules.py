"""A unit's checklist merges the duties of every document with rules, each citing its
own document and sentence (views/checklists.py `merged_rules`, views/sources.py):
on pages, in the CLI's JSON, in workbooks, forms and training. A duty from a document
recorded as not in force is never presented as current. Rule ids are unique across
documents; a project whose rules come from one document is cited as before.

The small project is tests/fixtures/minimal with tests/fixtures/second-document laid
over it (a 章程 recorded as 已修订, with two rules); the repository's own project merges
the notice with the 党章 (2017)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys

import docx
import openpyxl
import pytest
import yaml

from conftest import MINIMAL, REPO, TESTS
from generator import pipeline
from generator.compute.checklists import checklist, progress_index
from generator.projection import public_projection
from generator.render.forms import fill_unit_forms, prepared_forms
from generator.views.checklists import compute_checklists, merged_rules, rule_set
from generator.views.forms import FormWarnings
from generator.views.sources import RuleSources, document_state
from site_helpers import visible_text

SECOND = TESTS / "fixtures" / "second-document"
CAUTION = "依据的《示例章程》（2010年版）已被示例章程（2015年修订）修订，修订后的文本本手册未收录，请以现行版本为准。"


def handbook(*args):
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], capture_output=True, text=True, timeout=120)


@pytest.fixture
def two_documents(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    shutil.copytree(SECOND / "content", root / "content", dirs_exist_ok=True)
    return root


@pytest.fixture(scope="module")
def repo_project():
    project, findings = pipeline.checked_project(REPO)
    return project


# --- merging ------------------------------------------------------------------------------------

def test_a_project_with_one_document_of_rules_keeps_its_own_rule_set():
    project, _ = pipeline.checked_project(MINIMAL)
    assert merged_rules(project) is project.rules_for("demo-1")
    assert rule_set(project) is project.rules_for("demo-1")


def test_merged_rules_keep_each_rules_document_in_the_librarys_order(two_documents):
    project, findings = pipeline.checked_project(two_documents)
    merged = merged_rules(project)
    assert merged.document == "demo-1" and merged.reference_year == 2012
    documents = [r.document for r in merged.rules]
    assert documents == sorted(documents, key=["demo-1", "demo-2"].index)  # the notice's first, then the 章程's
    assert {r.id: r.document for r in merged.rules}["demo2-set-up-organization"] == "demo-2"
    assert rule_set(project, "demo-2").rules == project.rules_for("demo-2").rules  # one document's rules on request


# Rule cases as data: a unit of each kind, the duties it gets from each document.
MERGED_CASES = [
    # (unit id, notice rules expected, 党章 rules expected, 党章 rules that must be absent)
    ("sample-jinshi-v-lianhe", {"village-develop-member", "village-venue"},
     {"dz-set-up-organization", "dz-committee-term", "dz-basic-task-recruit", "dz-local-leadership"},
     {"dz-enterprise-production", "dz-office-role", "dz-private-enterprise-role"}),
    ("sample-jinshi-fg-fangzhi", {"npe-single-org", "npe-instructor"},
     {"dz-set-up-organization", "dz-private-enterprise-role", "dz-basic-task-study"},
     {"dz-local-leadership", "dz-enterprise-production", "dz-social-organization-role"}),
    ("sample-jinshi-xiang1", set(), {"dz-local-leadership", "dz-committee-term"}, {"dz-set-up-organization"}),
    ("sample-jinshi-jd1", set(), {"dz-local-leadership"}, {"dz-committee-term", "dz-basic-task-line"}),
    ("jinshi", set(), set(), {"dz-local-leadership", "dz-committee-term", "dz-set-up-organization"}),
]


@pytest.mark.parametrize("unit_id, notice, dangzhang, absent", MERGED_CASES, ids=[c[0] for c in MERGED_CASES])
def test_a_units_checklist_merges_the_duties_of_every_document(repo_project, unit_id, notice, dangzhang, absent):
    computed = compute_checklists(repo_project, rule_set(repo_project), only=[repo_project.units_by_id[unit_id]])
    items = {i.rule.id: i for i in computed.results[0].items}
    assert notice <= set(items) and dangzhang <= set(items), sorted(items)
    assert not absent & set(items)
    for rule_id in notice:
        assert computed.sources.of(items[rule_id].rule).document == "changde-2012-5"
    for rule_id in dangzhang:
        source = computed.sources.of(items[rule_id].rule)
        assert source.document == "dangzhang-2017" and source.label.startswith("《中国共产党章程》（2017年版）第三")
        assert source.href.startswith("library/dangzhang-2017/text.html#art-")
    # both documents' items are there for a basic organization; 区县 gets none of the 党章's
    assert any(i.rule.document == "changde-2012-5" for i in items.values())


def test_the_set_up_rule_never_guesses_full_members(repo_project):
    """正式党员 is not in the unit data: 3 members or more leaves the duty 待核实, naming what is missing."""
    enterprise = repo_project.units_by_id["sample-jinshi-fg-fangzhi"]
    result = checklist(enterprise, rule_set(repo_project), progress_index(repo_project.progress))
    item = next(i for i in result.items if i.rule.id == "dz-set-up-organization")
    assert item.applies is None and item.missing == ("full_members",) and item.status == "已完成"


# --- citations ------------------------------------------------------------------------------------

def test_single_document_citations_are_unchanged():
    project, _ = pipeline.checked_project(MINIMAL)
    rules = rule_set(project)
    source = RuleSources(project, rules).of(next(r for r in rules.rules if r.id == "village-funds"))
    assert (source.label, source.short, source.cell, source.href) == ("第1条第2句", "第1条", "第1条第2句", "articles/art-1.html#art-1.s2")
    assert source.caution is None and source.own


def test_with_two_documents_every_citation_names_its_document(two_documents):
    project, _ = pipeline.checked_project(two_documents)
    rules = rule_set(project)
    sources = RuleSources(project, rules)
    by_id = {r.id: r for r in rules.rules}
    notice = sources.of(by_id["village-funds"])
    assert notice.label == "示委〔2012〕1号第1条第2句" and notice.href == "articles/art-1.html#art-1.s2"
    assert notice.cell == "第1条第2句"  # a form follows the notice and says so: its cells keep the sentence
    statute = sources.of(by_id["demo2-set-up-organization"])
    assert statute.label == "《示例章程》（2010年版）第一条第一款"
    assert statute.href == "library/demo-2/text.html#art-1.p1.s1"
    assert statute.quote == "凡是有正式党员三人以上的单位，都应当成立党的基层组织。"
    assert statute.state == "已修订" and statute.caution == CAUTION
    assert statute.marked_cell == "《示例章程》（2010年版）第一条（已修订）"  # no short title recorded: the citation


@pytest.mark.parametrize("state, replaced_by, expected", [
    ("现行有效", None, None),
    ("已修订", None, "依据的《示例章程》（2010年版）已被修订，修订后的文本本手册未收录，请以现行版本为准。"),
    ("已废止", "示例章程（2015年）", "依据的《示例章程》（2010年版）已废止，由示例章程（2015年）取代，本事项仅供查考，不再作为现行要求。"),
    ("未知", None, "依据的《示例章程》（2010年版）目前是否有效不明，请核实后再据此办理。"),
])
def test_each_recorded_state_is_said_in_words(two_documents, state, replaced_by, expected):
    project, _ = pipeline.checked_project(two_documents)
    doc = project.document("demo-2")
    status = doc.status.model_copy(update={"state": state, "replaced_by": replaced_by})
    assert document_state(doc.model_copy(update={"status": status}))[1] == expected


def test_a_document_without_a_recorded_status_is_cited_as_before(two_documents):
    text = (two_documents / "content/documents/demo-2/document.yaml").read_text(encoding="utf-8")
    start, end = text.index("status:"), text.index("opinion_title:")
    (two_documents / "content/documents/demo-2/document.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    project, _ = pipeline.checked_project(two_documents)
    rules = rule_set(project)
    source = RuleSources(project, rules).of(next(r for r in rules.rules if r.id == "demo2-term"))
    assert source.state == "未记录" and source.caution is None


# --- the CLI's JSON -------------------------------------------------------------------------------

def test_checklist_json_gains_the_document_and_keeps_its_fields(two_documents):
    data = json.loads(handbook("checklist", "sample-village", "--json", "--root", two_documents).stdout)
    items = {i["rule"]: i for i in data["items"]}
    funds = items["village-funds"]
    # the fields other tools rely on are all still there, with the same values
    assert {"article": 1, "sentence": "art-1.s2", "due": "2012-12-31", "recurrence": None, "status": "已完成",
            "kind": "task", "applies": True}.items() <= funds.items()
    assert funds["why"]["sentence"] == {"id": "art-1.s2", "text": "全市村级运转经费提高到6万元以上;"}
    assert {"document": "demo-1", "citation": "示委〔2012〕1号第1条第2句", "caution": None}.items() <= funds.items()
    term = items["demo2-term"]
    assert {"document": "demo-2", "article": 1, "sentence": "art-1.p2.s1", "citation": "《示例章程》（2010年版）第一条第二款",
            "document_status": "已修订", "caution": CAUTION, "quote": "基层组织每届任期三年。", "kind": "condition"}.items() <= term.items()
    # the village has 40 members but no count of 正式党员: 待核实, never guessed
    organization = items["demo2-set-up-organization"]
    assert organization["applies"] is None and organization["missing"] == ["full_members"]
    assert organization["why"]["missing"] == ["正式党员数"]
    text = handbook("checklist", "sample-village", "--root", two_documents).stdout
    assert "《示例章程》（2010年版）第一条第二款（已修订，请以现行版本为准） 每届任期" in text


def test_checklist_json_of_a_single_document_project_names_its_document():
    data = json.loads(handbook("checklist", "sample-village", "--json", "--root", MINIMAL).stdout)
    funds = next(i for i in data["items"] if i["rule"] == "village-funds")
    assert {"document": "demo-1", "citation": "第1条第2句", "document_status": "未记录", "caution": None}.items() <= funds.items()
    text = handbook("checklist", "sample-village", "--root", MINIMAL).stdout
    assert "第1条 村级运转经费" in text  # the text output as before


# --- ids and years across documents ----------------------------------------------------------------

def test_a_rule_id_used_by_two_documents_is_refused_where_it_is_written(two_documents):
    path = two_documents / "content/documents/demo-2/rules.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: demo2-term", "id: four-two"), encoding="utf-8")
    result = pipeline.check(two_documents)
    found = [f for f in result.findings if f.code == "duplicate-id"]
    assert len(found) == 1 and str(found[0].location).startswith("content/documents/demo-2/rules.yaml:")
    assert "「four-two」" in found[0].message and "content/documents/demo-1/rules.yaml" in found[0].message


def test_the_two_document_project_is_clean(two_documents):
    result = pipeline.check(two_documents)
    assert result.findings == [], [f.format() for f in result.findings]


# --- outputs: the unit page, the workbook, forms, training, the public projection ---------------------

@pytest.fixture
def built_two(two_documents):
    pipeline.build(two_documents, two_documents / "site")
    return two_documents / "site"


def test_the_unit_page_cites_each_document_and_marks_the_replaced_one_once(built_two):
    html = (built_two / "units" / "sample-village.html").read_text(encoding="utf-8")
    text = visible_text(html)
    assert text.count(CAUTION) == 1  # said once, at the top
    assert text.index(CAUTION) < text.index("示委〔2012〕1号第1条第2句")
    assert 'href="../library/demo-2/text.html#art-1.p2.s1">《示例章程》（2010年版）第一条第二款</a>' in html
    assert 'href="../articles/art-1.html#art-1.s2">示委〔2012〕1号第1条第2句</a>' in html
    term = html[html.index('id="demo2-term"'):].split("</li>")[0]
    assert "已修订" in term and "请以现行版本为准" in term
    funds = html[html.index('id="village-funds"'):].split("</li>")[0]
    assert "u-caution" not in funds
    # the target exists on the library page
    library = (built_two / "library" / "demo-2" / "text.html").read_text(encoding="utf-8")
    assert 'id="art-1.p2.s1"' in library


def test_the_county_workbook_cites_each_document(built_two):
    book = openpyxl.load_workbook(built_two / "downloads" / "units" / "units-county-a.xlsx")
    rows = list(book["清单"].iter_rows(values_only=True))
    col = {name: n for n, name in enumerate(rows[0])}
    term = next(r for r in rows if r[col["事项编号"]] == "demo2-term" and r[col["单位编号"]] == "sample-village")
    assert term[col["出处"]] == "《示例章程》（2010年版）第一条第二款" and CAUTION in term[col["类别与说明"]]


def _form_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs] + [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def test_forms_carry_a_dangzhang_duty_with_its_document_article_and_state(repo_project):
    rules = rule_set(repo_project)
    doc = repo_project.document(rules.document)
    enterprise = repo_project.units_by_id["sample-jinshi-fg-fangzhi"]
    result = checklist(enterprise, rules, progress_index(repo_project.progress))
    filled = fill_unit_forms(prepared_forms(), result, repo_project.units_by_id, doc, RuleSources(repo_project, rules), FormWarnings())
    for name in ("shuzhi-baogao", "kaoping", "qingdan"):
        text = _form_text(filled[name])
        assert "党章（2017年版）第三十二条（已修订）" in text, name
        assert "培养入党积极分子，做好发展党员工作" in text, name
        assert "第2条第3句" in text and "常委〔2012〕5号第2条第3句" not in text, name  # the notice's cells as before
    assert "按常委〔2012〕5号和《中国共产党章程》（2017年版，已修订），本年度应落实事项" in _form_text(filled["shuzhi-baogao"])
    # its items rest on two documents: the note sends the reader to each item's own source
    assert "以“出处”所指的原文为准" in _form_text(filled["qingdan"]) and "以通知原文为准" not in _form_text(filled["qingdan"])


def test_the_training_booklet_lists_dangzhang_duties_with_their_state(repo_project, tmp_path):
    from generator.render.training_docs import booklet_docx

    course = next(c for c in repo_project.courses if c.document == "changde-2012-5")
    module = next(m for m in course.modules if m.role == "村")
    path, _ = booklet_docx(repo_project, "changde-2012-5", module, tmp_path / "village.docx")
    text = _form_text(path.read_bytes())
    assert "党章（2017年版）第三十二条（已修订）" in text and "第11条第6句" in text
    assert text.count("依据的《中国共产党章程》（2017年版）已被") == 1


def test_the_public_projection_still_withholds_rules_that_decide_by_personal_data(two_documents):
    path = two_documents / "content/documents/demo-2/rules.yaml"
    rules = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules["rules"].append({"id": "demo2-young", "article": 1, "sentence": "art-1.p2.s1", "title": "按年龄", "duty": "示例。",
                           "unit_types": ["村"], "kind": "condition", "when": {"fact": "secretary_age", "op": "<", "value": 40}})
    path.write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")
    project, _ = pipeline.checked_project(two_documents)
    assert "demo2-young" in {r.id for r in merged_rules(project).rules}
    public = public_projection(project)
    assert "demo2-young" not in {r.id for r in merged_rules(public).rules}
    assert {"demo2-term", "demo2-set-up-organization"} <= {r.id for r in merged_rules(public).rules}
