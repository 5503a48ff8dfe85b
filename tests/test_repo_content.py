"""The repository's own content and data: clean, complete, faithful, marked."""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from generator import pipeline
from generator.model.units import RATINGS, Secretary, Envoy, Unit

DOC = "changde-2012-5"


@pytest.fixture(scope="module")
def result():
    return pipeline.check(REPO)


@pytest.fixture(scope="module")
def project(result):
    return result.project


def test_repo_check_is_clean(result):
    assert [f.format() for f in result.findings] == []


def test_metadata(project):
    doc = project.document(DOC)
    assert (doc.issuer, doc.number, str(doc.date), doc.distribution) == ("中共常德市委", "常委〔2012〕5号", "2012-06-20", "此件发至乡镇")
    assert doc.title == "推进基层组织建设年进一步加强基层党建工作的意见"
    assert "西洞庭管理区党委(工委)" in doc.addressees and len(doc.addressees) == 9
    assert doc.closing == ["供稿:市委办秘书科"]


def test_every_article_is_annotated_with_summary_and_topic(project):
    ann = project.annotations_for(DOC)
    assert [a.article for a in ann.articles] == list(range(1, 29))
    assert all(a.summary and a.topics for a in ann.articles)


def _targets(project):
    return {t.id: t for a in project.annotations_for(DOC).articles for t in a.targets}


@pytest.mark.parametrize(
    "article, value, comparator",
    [
        (2, 10000, "="), (2, 50, ">="), (6, 5, ">="), (7, [1, 0.9, 0.8, 0.7], "="),
        (9, 90, ">="), (9, 20, ">="), (9, 10, ">="), (9, 100, "="), (9, 300, "="), (9, 1000, "="), (9, 1500, "="),
        (10, 130, "="), (10, 25, "="), (10, 75, "="), (11, 5000, "~"), (11, 80, ">="), (11, 1, ">="),
        (16, 6, ">="), (16, 8, ">="), (17, 100, ">="), (20, 6, ">="), (21, 50, "~"), (22, 100, ">="),
    ],
)
def test_required_targets_are_typed(project, article, value, comparator):
    entry = project.annotations_for(DOC).articles[article - 1]
    assert any(t.value == value and t.comparator == comparator for t in entry.targets), (article, value)


def test_deadlines_and_recurrences(project):
    timings = [t for a in project.annotations_for(DOC).articles for t in a.timings]
    assert any(str(t.date) == "2012-12-31" and t.quote and "年底前" in t.quote for t in timings)
    assert {"yearly", "quarterly", "every-3-years"} <= {t.recurrence for t in timings}
    events = " ".join(t.event or "" for t in timings)
    for event in ("十八大", "七一", "换届"):
        assert event in events


def test_referenced_documents(project):
    ann = project.annotations_for(DOC)
    numbers = {d.number for d in ann.preamble} | {d.number for a in ann.articles for d in a.documents}
    assert {"湘办〔2012〕31号", "常发〔2009〕7号", "湘发〔2011〕13号"} <= numbers


REQUIRED_TERMS = "四议两公开 双述双评 一会四评 三级联创 双强 大工委制 兼职委员制 第一书记 党建工作指导员 流动党员 大学生村官 晋位升级 分类定级 创先争优 述职述党建".split()


def test_glossary_covers_terms_of_art(project):
    spellings = {s for t in project.terms for s in t.spellings}
    missing = [t for t in REQUIRED_TERMS if t not in spellings]
    assert not missing
    assert any("五好" in s for s in spellings)
    assert "不属于" in project.glossary.note or "非" in project.glossary.note
    assert all(t.occurrences for t in project.terms)


def test_real_county_units(project):
    counties = [u for u in project.units if u.type == "区县"]
    names = {u.name for u in counties}
    assert names == {"武陵区", "鼎城区", "安乡县", "汉寿县", "澧县", "临澧县", "桃源县", "石门县", "津市市",
                     "常德经济技术开发区", "柳叶湖旅游度假区", "西湖管理区", "西洞庭管理区"}
    assert not any(u.sample for u in counties)


def test_sample_units_cover_every_type_and_rating(project):
    samples = [u for u in project.units if u.sample]
    assert 30 <= len(samples) <= 60 + 20  # YAML plus the Excel/CSV examples
    assert all("示例" in u.name and u.id.startswith("sample-") for u in samples)
    types = {t.name for t in project.vocabulary.unit_types} - {"区县"}
    assert types <= {u.type for u in samples}
    assert set(RATINGS) <= {u.ratings.get(2012) for u in samples if u.type == "村"}
    assert set(RATINGS) <= {u.ratings.get(2012) for u in samples if u.type != "村"}


def test_tables_in_data_are_loaded(project):
    paths = {u.locate().path for u in project.units}
    assert {"data/sample-enterprises.xlsx", "data/sample-cooperatives.csv"} <= paths


def test_personal_fields_are_flagged():
    def personal(model):
        return {n for n, f in model.model_fields.items() if (f.json_schema_extra or {}).get("personal")}

    assert personal(Secretary) == {"name", "birth_year", "phone", "education", "appraisals"}
    assert personal(Envoy) == {"name"}
    assert personal(Unit) == set()


def test_no_real_looking_phone_or_id_numbers_in_data():
    pattern = re.compile(r"(?<!\d)(1[3-9]\d{9}|\d{17}[\dXx])(?!\d)")
    for path in (REPO / "data").rglob("*"):
        if path.suffix in (".yaml", ".csv", ".md"):
            assert not pattern.search(path.read_text(encoding="utf-8")), path
