"""Per-unit outputs: pages, county workbooks, progress round trip, personal data,
indicators, and the CLI contract other tools rely on."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from urllib.parse import quote

import openpyxl
import pytest

from conftest import MINIMAL
from generator import pipeline
from generator.compute.indicators import indicators
from generator.model.units import Unit
from generator.errors import InvalidInput
from generator.output import Audience
from site_helpers import parse, tree_digest, visible_text


@pytest.fixture
def built(minimal_project):
    pipeline.build(minimal_project, minimal_project / "site")
    return minimal_project


def test_every_unit_has_a_page_citing_sentences(built):
    site = built / "site"
    for unit_id in ("county-a", "sample-town", "sample-village", "sample-firm", "sample-firm-x"):
        assert (site / "units" / f"{unit_id}.html").exists()
    page = site / "units" / "sample-village.html"
    text = visible_text(page.read_text(encoding="utf-8"))
    assert "2012年：任务 3 项；已完成 1 项。" in text
    assert "第1条第2句　全市村级运转经费提高到6万元以上;" in text
    assert "进行中" in text and "已制定议事规则" in text and "据单位数据判断" in text
    refs = parse(page).refs
    assert "../articles/art-1.html#art-1.s2" in refs
    article_ids = parse(site / "articles" / "art-1.html").ids
    assert "art-1.s2" in article_ids


def test_unit_page_opens_with_first_and_shows_no_internal_ids(built):
    html = (built / "site" / "units" / "sample-village.html").read_text(encoding="utf-8")
    text = visible_text(html)
    first, tasks = text.index("先办"), text.index("任务（3 项）")
    assert first < tasks
    for internal in ("sample-village", "village-funds", "four-two", "secretary-report", "county-a"):
        assert internal not in text, internal
    assert 'id="four-two"' in html  # ids stay in anchors
    assert text.count("为什么") == 3 and "units.yaml 第14行" in text and "data/" not in text  # the funds, where they were read (no folder)


def test_unit_pages_wear_the_sites_frame(built):
    """Same header, search box and menu as the handbook: cut from a page mkdocs built, the menu in one script."""
    site = built / "site"
    html = (site / "units" / "sample-village.html").read_text(encoding="utf-8")
    assert "<title>示例村 - " in html and "handbook-search.js" in html and "md-header" in html
    assert '<script src="../units/_nav.js"></script>' in html and 'href="../assets/stylesheets/units.css"' in html
    assert "bundle." in html and '"base": ".."' in html
    nav = (site / "units" / "_nav.js").read_text(encoding="utf-8")
    assert "md-nav--primary" in nav and "../articles/art-1.html" in nav
    county = (site / "counties" / "county-a.html").read_text(encoding="utf-8")
    assert "handbook-search.js" in county and "<title>甲县单位清单 - " in county


def test_downloads_are_named_in_chinese(built):
    from generator.forms_service import FormsOnRequest

    site = built / "site"
    assert not (site / "forms" / "units").exists()  # made on request by handbook serve: nothing stored
    pipeline.build(built, forms=True)  # for a plain web server: every unit's forms, stored once
    assert (site / "forms" / "units" / "sample-village" / "示例村-述职报告.docx").exists()
    page = (site / "units" / "sample-village.html").read_text(encoding="utf-8")
    assert quote("示例村-述职报告.docx") in page
    name, data = FormsOnRequest(site, built).answer("/downloads/forms/forms-county-a.zip")
    assert name == "甲县全部单位的表格.zip"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    assert "示例村/示例村-述职报告.docx" in names and "甲县/甲县-应落实事项清单.docx" in names
    assert not any("sample-" in n for n in names)


def test_zip_folders_stay_unique_when_names_repeat():
    from generator.views.downloads import safe_name, zip_folders

    twins = [Unit.model_validate({"id": i, "name": "示例村", "type": "村"}) for i in ("a-1", "a-2")]
    assert zip_folders(twins) == {"a-1": "示例村（a-1）", "a-2": "示例村（a-2）"}
    assert safe_name('示例/村:"一"') == "示例_村_一_"


def test_public_build_has_no_personal_data_internal_build_has(built):
    assert "示例书记" not in (built / "site" / "units" / "sample-village.html").read_text(encoding="utf-8")
    report = pipeline.build(built, audience=Audience.INTERNAL)
    assert report.out_dir.name == "site-internal"
    internal = (built / "site-internal" / "units" / "sample-village.html").read_text(encoding="utf-8")
    assert "示例书记" in internal and "内部版本" in internal


def test_phone_number_in_public_output_fails_and_keeps_previous_site(built):
    before = tree_digest(built / "site")
    units = built / "data" / "units.yaml"
    # a staff member typed a contact number into a name, which the public pages show
    units.write_text(units.read_text(encoding="utf-8").replace("name: 示例村", "name: 示例村（13812345678）"), encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        pipeline.build(built, built / "site")
    assert [(str(f.location), f.code) for f in refused.value.findings] == [("data/units.yaml:5:11", "personal-number")]
    assert tree_digest(built / "site") == before
    pipeline.build(built, audience=Audience.INTERNAL)  # internal builds may carry it


def test_county_workbook_lists_units_by_duties(built):
    """Readers see names and the cited sentence as 第N条第K句; the ids that tie a row back are hidden at the end."""
    book = openpyxl.load_workbook(built / "site" / "downloads" / "units" / "units-county-a.xlsx")
    sheet = book["清单"]
    rows = list(sheet.iter_rows(values_only=True))
    col = {name: n for n, name in enumerate(rows[0])}
    assert rows[0][:4] == ("单位名称", "类型", "出处", "事项")
    assert [sheet.column_dimensions[letter].hidden for letter in ("L", "M")] == [True, True]
    assert not any(sheet.column_dimensions[letter].hidden for letter in "ABCDEFGHIJK")
    village = [r for r in rows[1:] if r[col["单位编号"]] == "sample-village"]
    assert {r[col["事项编号"]] for r in village} == {"village-funds", "secretary-report", "four-two"}
    assert {r[col["出处"]] for r in village} <= {f"第{n}条第{k}句" for n in range(1, 4) for k in range(1, 6)}
    assert [r[col["状态"]] for r in village if r[col["事项编号"]] == "four-two"] == ["进行中"]
    assert sheet.data_validations.dataValidation[0].formula1 == '"未开始,进行中,已完成"'
    assert str(sheet.data_validations.dataValidation[0].sqref).startswith("H2:")  # the 状态 column


def test_filled_workbook_reads_back_as_progress(built):
    source = built / "site" / "downloads" / "units" / "units-county-a.xlsx"
    book = openpyxl.load_workbook(source)
    sheet = book["清单"]
    col = {c.value: n for n, c in enumerate(sheet[1])}
    for row in sheet.iter_rows(min_row=2):
        if row[col["单位编号"]].value == "sample-village" and row[col["事项编号"]].value == "secretary-report":
            row[col["状态"]].value, row[col["日期"]].value, row[col["佐证"]].value = "已完成", "2012-11-30", "述职报告"
    (built / "data" / "progress" / "2012.yaml").unlink()  # the workbook carries four-two too
    book.save(built / "data" / "progress" / "county-a.xlsx")
    result = pipeline.check(built)
    assert result.ok, [f.format() for f in result.findings]
    entries = {(e.unit, e.rule): e for e in result.project.progress}
    assert entries[("sample-village", "secretary-report")].status == "已完成"
    assert entries[("sample-village", "four-two")].status == "进行中"
    assert str(entries[("sample-village", "secretary-report")].date) == "2012-11-30"


def handbook(*args):
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], capture_output=True, text=True, timeout=60)


def test_units_json_contract():
    units = json.loads(handbook("units", "--json", "--root", MINIMAL).stdout)
    assert {"id": "sample-village", "name": "示例村", "type": "村", "county": "county-a", "rating": "较好"} in units
    assert all(set(u) == {"id", "name", "type", "county", "rating"} for u in units)


def test_checklist_json_contract():
    data = json.loads(handbook("checklist", "sample-village", "--json", "--root", MINIMAL).stdout)
    assert data["unit"]["id"] == "sample-village"
    item = next(i for i in data["items"] if i["rule"] == "village-funds")
    assert {"article": 1, "sentence": "art-1.s2", "due": "2012-12-31", "recurrence": None, "status": "已完成",
            "kind": "task", "applies": True}.items() <= item.items()
    assert item["text"] and item["values"] == {"本年经费（万元）": 6.5, "差额（万元）": 0}
    why = item["why"]
    assert why["sentence"] == {"id": "art-1.s2", "text": "全市村级运转经费提高到6万元以上;"}
    assert {"fact": "funds", "label": "本年运转保障经费", "value": 6.5, "source": "data/units.yaml:14"} in why["facts"]
    report = next(i for i in data["items"] if i["rule"] == "secretary-report")
    assert report["why"]["tests"] == [{"text": "已填报党组织书记：是", "fact": "has_secretary", "value": True,
                                       "source": "data/units.yaml:13", "result": True}]
    everything = json.loads(handbook("checklist", "--all", "--json", "--root", MINIMAL).stdout)
    assert isinstance(everything, list) and len(everything) == 5
    assert all(set(c) >= {"unit", "items"} for c in everything)
    assert all(set(i) >= {"kind", "why", "applies"} and i["applies"] in (True, None) for c in everything for i in c["items"])


def test_coverage_command_lists_every_sentence_and_fails_on_gaps(tmp_path):
    from conftest import REPO

    data = json.loads(handbook("coverage", "--json", "--root", REPO).stdout)
    assert data["gaps"] == 0 and data["stale"] == []
    rows = {r["sentence"]: r for r in data["sentences"]}
    assert rows["art-25.s2"]["status"] == "encoded" and rows["art-16.s3"]["reason"]
    assert rows["art-2.s4"]["rules"] and {"非公企业、社会组织"} == {r["unit_types"] for r in rows["art-2.s4"]["rules"]}
    # a notice whose sentences are not all accounted for: exit code 1 and the gap named
    project = tmp_path / "p"
    shutil.copytree(MINIMAL, project)
    (project / "content/documents/demo-1/coverage.yaml").write_text(
        "document: demo-1\nsentences:\n  - {sentence: art-1.s2, duty: true}\n", encoding="utf-8")
    proc = handbook("coverage", "--gaps", "--root", project)
    assert proc.returncode == 1 and "第1条第3句" in proc.stdout


def test_checklist_cli_errors_are_chinese():
    proc = handbook("checklist", "nobody", "--root", MINIMAL)
    assert proc.returncode == 2 and "找不到单位「nobody」" in proc.stderr
    assert handbook("checklist", "--root", MINIMAL).returncode == 2


def _unit(uid, type_, ratings, **extra):
    return Unit.model_validate({"id": uid, "name": uid, "type": type_, "county": "c", "parent": "p", "ratings": ratings, **extra})


def test_indicators_hand_computed():
    """Art. 9 on one timeline: this year's grade is the start, the year-end grade the result."""
    from conftest import REPO

    project, _ = pipeline.checked_project(REPO)
    ann = project.annotations_for("changde-2012-5")
    units = [
        _unit("a", "村", {2012: "较差"}, year_end_ratings={2012: "一般"}, funds={2012: 5}, developed={2012: 2}, developed_under_35={2012: 2}),
        _unit("b", "村", {2012: "较差"}, year_end_ratings={2012: "较差"}, funds={2012: 7}, developed={2012: 2}, developed_under_35={2012: 1}),
        _unit("c", "社区", {2011: "较差", 2012: "一般"}, year_end_ratings={2012: "好"}, funds={2012: 8}),
        _unit("d", "机关", {2012: "好"}, year_end_ratings={2012: "好"}),
        _unit("e", "流动党员党组织", {2012: "好"}, year_end_ratings={2012: "较好"}),
        _unit("f", "农民专业合作社", {2012: "较差"}),  # no year-end grade yet: not counted
        _unit("g", "乡镇", {2012: "较差"}, year_end_ratings={2012: "好"}),  # townships are not graded
    ]
    found = {i.id: i for i in indicators(units, 2012, ann, False, project.vocabulary.rated_types())}
    poor = found["upgrade-upgrade-rate-poor"]
    assert (poor.value, poor.detail.split("（")[0], poor.met) == (50.0, "1/2", False)
    assert found["upgrade-upgrade-rate-fair"].value == 100.0 and found["upgrade-upgrade-rate-fair"].met is True
    assert found["retention-best"].value == 50.0
    assert found["village-funds"].value == 6.0 and found["village-funds"].met is True
    assert found["rural-recruits-under-35-share"].value == 75.0 and found["rural-recruits-under-35-share"].met is False
    assert found["members-developed"].value == 4


def test_indicators_say_no_data_where_nothing_was_collected():
    """A field no unit filled in gives no value (无数据), never 0; a share counts only the units that reported both parts."""
    from conftest import REPO

    project, _ = pipeline.checked_project(REPO)
    ann = project.annotations_for("changde-2012-5")
    rated = project.vocabulary.rated_types()
    silent = [_unit("a", "村", {2012: "一般"}), _unit("b", "社区", {2012: "较好"})]  # grades only
    found = {i.id: i for i in indicators(silent, 2012, ann, False, rated)}
    for key in ("members-developed", "rural-recruits-under-35-share", "village-funds", "college-graduate-secretaries",
                "upgrade-upgrade-rate-fair"):
        assert found[key].value is None and found[key].met is None and found[key].empty == "无数据", key
    city = {i.id: i for i in indicators(silent, 2012, ann, True, rated)}
    assert city["demo-villages"].value is None  # 示范点 not reported
    partly = [
        _unit("a", "村", {2012: "一般"}, year_end_ratings={2012: "一般"}, developed={2012: 4}, developed_under_35={2012: 1}),
        _unit("b", "村", {2012: "一般"}, developed={2012: 6}),  # no breakdown: not in the share
        _unit("c", "村", {2012: "好"}, demonstration=False),
    ]
    found = {i.id: i for i in indicators(partly, 2012, ann, False, rated)}
    assert found["rural-recruits-under-35-share"].value == 25.0  # 1 of 4, not 1 of 10
    assert found["members-developed"].value == 10
    assert found["upgrade-upgrade-rate-poor"].value is None and found["upgrade-upgrade-rate-poor"].empty == "没有“较差”类"
    assert found["upgrade-upgrade-rate-fair"].value == 0.0 and found["upgrade-upgrade-rate-fair"].met is False
    city = {i.id: i for i in indicators(partly, 2012, ann, True, rated)}
    assert city["demo-villages"].value == 0.0  # reported, and none is one
