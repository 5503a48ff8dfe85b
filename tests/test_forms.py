"""Word forms: every template for every sample unit, safe values, GB/T 9704 layout,
staff-edited template checks, LibreOffice conversion and the CLI contract."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Mm, Pt

from conftest import REPO, TESTS
from generator import pipeline
from generator.compute.checklists import checklist
from generator.forms.catalog import FORMS, write_template
from generator.forms.check import check_template
from generator.forms.layout import PAGE
from generator.model.units import Unit
from generator.projection import public_projection
from generator.render.forms import fill_unit_forms, prepared_forms
from generator.views.checklists import all_checklists, rule_set
from generator.views.sources import RuleSources
from generator.views.forms import FormWarnings, blank_context
from layout_checks import font_family, pdf_fonts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def project():
    found, _ = pipeline.checked_project(REPO)
    return found


@pytest.fixture(scope="module")
def setting(project):
    rules = rule_set(project)
    doc = project.document(rules.document)
    return rules, doc, RuleSources(project, rules), prepared_forms()


def text_of(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def test_every_form_for_every_sample_unit(project, setting):
    rules, doc, sentences, prepared = setting
    warnings = FormWarnings()
    for result in all_checklists(project, rules):
        filled = fill_unit_forms(prepared, result, project.units_by_id, doc, sentences, warnings)
        assert set(filled) == {f.name for f in FORMS}
        for name, data in filled.items():
            text = text_of(data)  # opens with python-docx
            assert result.unit.name in text, (result.unit.id, name)
            assert "{{" not in text and "{%" not in text
    assert warnings.messages == []


def table_rows(data: bytes, title_column: int = 1) -> dict[str, list[str]]:
    """Rows of every table keyed by the text of one column."""
    document = docx.Document(io.BytesIO(data))
    return {row.cells[title_column].text.split("\n")[0]: [c.text for c in row.cells]
            for t in document.tables if len(t.columns) >= 5 for row in t.rows}


def test_duty_tables_print_only_reported_progress(project, setting):
    """未开始 is printed only where a unit reported it; unreported duties leave the cell empty."""
    from generator.model.rules import ProgressEntry

    rules, doc, sentences, prepared = setting
    unit = project.units_by_id["sample-wuling-fg-jiancai"]
    first, second = [r.id for r in rules.rules if unit.type in r.unit_types][:2]
    progress = {(unit.id, first): ProgressEntry(unit=unit.id, rule=first, status="未开始"),
                (unit.id, second): ProgressEntry(unit=unit.id, rule=second, status="进行中")}
    result = checklist(unit, rules, progress)
    filled = fill_unit_forms(prepared, result, project.units_by_id, doc, sentences, FormWarnings())
    for name, status_column in (("qingdan", 3), ("kaoping", 3), ("shuzhi-baogao", 3)):
        rows = table_rows(filled[name])
        for item in result.items:
            printed = rows[item.rule.title][status_column]
            expected = item.status if item.status_source != "未填报" else ""
            assert printed == expected, (name, item.rule.id, printed)
        assert sum(r[status_column] == "未开始" for r in rows.values()) == 1, name
    text = text_of(filled["qingdan"])
    assert "第2条" in text and f"共{len(result.items)}项" in text


def test_public_forms_leave_the_secretary_name_blank(project, setting):
    rules, doc, sentences, prepared = setting
    public_view = public_projection(project)
    unit_id = "sample-jinshi-v-heping"
    public = fill_unit_forms(prepared, checklist(public_view.units_by_id[unit_id], rules, {}), public_view.units_by_id, doc, sentences, FormWarnings())
    internal = fill_unit_forms(prepared, checklist(project.units_by_id[unit_id], rules, {}), project.units_by_id, doc, sentences, FormWarnings())
    name = project.units_by_id["sample-jinshi-v-heping"].secretary.name
    assert name not in text_of(public["shuzhi-baogao"]) and name in text_of(internal["shuzhi-baogao"])


def test_hostile_values_are_escaped_and_cleaned(project, setting):
    rules, doc, sentences, prepared = setting
    unit = Unit.model_validate({"id": "t-hostile", "name": "A&B<c>\x0b", "type": "村", "county": "jinshi", "parent": "x"})
    warnings = FormWarnings()
    filled = fill_unit_forms(prepared, checklist(unit, rules, {}), project.units_by_id, doc, sentences, warnings)
    for name, data in filled.items():
        document = docx.Document(io.BytesIO(data))
        text = text_of(data)
        assert "A&B<c>" in text and "\x0b" not in text, name
        assert document.paragraphs[-1].text.startswith("依据：常委〔2012〕5号"), name  # nothing truncated


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_layout_follows_gbt_9704(form):
    document = docx.Document(form.path)
    section = document.sections[0]
    for attr, mm in (("page_width", PAGE["width"]), ("page_height", PAGE["height"]), ("top_margin", PAGE["top"]),
                     ("bottom_margin", PAGE["bottom"]), ("left_margin", PAGE["left"]), ("right_margin", PAGE["right"])):
        assert abs(getattr(section, attr) - Mm(mm)) < Mm(0.2), attr
    fonts = {"Normal": ("仿宋_GB2312", 16), "Title": ("方正小标宋简体", 22), "Heading 1": ("黑体", 16), "Heading 2": ("楷体_GB2312", 16)}
    for style_name, (font, size) in fonts.items():
        style = document.styles[style_name]
        rfonts = style.element.rPr.find(f"{W}rFonts")
        assert rfonts.get(f"{W}eastAsia") == font, style_name
        assert style.font.size == Pt(size), style_name
    with zipfile.ZipFile(form.path) as archive:
        for part in ("word/styles.xml", "word/document.xml"):
            assert "Theme=" not in archive.read(part).decode("utf-8"), part
        footers = archive.read("word/footer1.xml").decode() + archive.read("word/footer2.xml").decode()
        assert "PAGE" in footers and "— " in footers
        assert "evenAndOddHeaders" in archive.read("word/settings.xml").decode()


def test_fills_are_deterministic_and_small(setting):
    rules, doc, sentences, prepared = setting
    context = blank_context(doc, sentences.texts, "art-24.s4")
    first, second = prepared["siyi-lianggongkai"].fill(context), prepared["siyi-lianggongkai"].fill(context)
    assert first == second and len(first) < 20_000


def test_pristine_templates_are_reproducible(tmp_path):
    for form in FORMS:
        assert write_template(form, tmp_path / f"{form.name}.docx").read_bytes() == write_template(form, tmp_path / "again.docx").read_bytes()


def _broken_template(tmp_path: Path, *runs_per_paragraph: list[str]) -> Path:
    document = docx.Document(FORMS[0].path)
    for runs in runs_per_paragraph:
        paragraph = document.add_paragraph()
        for text in runs:
            paragraph.add_run(text)
    path = tmp_path / "broken.docx"
    document.save(path)
    return path


def test_template_check_finds_split_tags(tmp_path):
    findings = check_template(_broken_template(tmp_path, ["{{ unit.", "name }}"]))
    assert [f.code for f in findings] == ["template-split-tag"]
    assert "unit.name" in findings[0].message and str(findings[0].location).startswith("broken.docx:")


def test_template_check_finds_syntax_errors_and_unknown_variables(tmp_path):
    findings = check_template(_broken_template(tmp_path, ["{% if unit.name %}没有结束"]))
    assert [f.code for f in findings] == ["template-syntax"] and "没有结束" in findings[0].message
    findings = check_template(_broken_template(tmp_path, ["{{ chairman.phone }}"]))
    assert [f.code for f in findings] == ["template-undeclared"] and "chairman" in findings[0].message


def test_repository_templates_pass_the_check():
    from generator.forms.check import check_templates
    from generator.forms.catalog import FOLDER

    assert check_templates(FOLDER) == []


def handbook(*args):
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], capture_output=True, text=True, timeout=300)


def test_cli_contract(tmp_path):
    listed = json.loads(handbook("templates", "list", "--json").stdout)
    assert {"name": "shuzhi-baogao", "title": "基层党组织书记抓党建工作述职报告", "article": 28} in listed and len(listed) == 9
    out = tmp_path / "q.docx"
    assert handbook("docx", "qingdan", "--unit", "sample-village", "--root", TESTS / "fixtures" / "minimal", "-o", out).returncode == 0
    assert "示例村" in text_of(out.read_bytes())
    blank = tmp_path / "b.docx"
    assert handbook("docx", "fenlei-dingji", "--blank", "--root", REPO, "-o", blank).returncode == 0
    assert "＿＿＿＿" in text_of(blank.read_bytes())
    wrong = handbook("docx", "nope", "--blank", "-o", blank)
    assert wrong.returncode == 2 and "没有表格模板" in wrong.stderr


def test_libreoffice_converts_every_form_and_the_unit_pdf_has_bookmarks(tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "unit.pdf"
    proc = handbook("pdf", "--unit", "sample-jinshi-v-lianhe", "--root", REPO, "-o", out)
    assert proc.returncode == 0, proc.stderr
    reader = PdfReader(str(out))
    assert reader.metadata.title == "示例联合村表格"
    assert [item.title for item in reader.outline if not isinstance(item, list)] == [f.title for f in FORMS]
    text = "".join(page.extract_text() for page in reader.pages)
    for form in FORMS:
        assert form.title.replace("“", "").replace("”", "")[:6] in text.replace("“", "").replace("”", "").replace(" ", "")
    fonts = pdf_fonts(out)
    assert fonts and all(f.embedded for f in fonts)
    assert {font_family(f.name) for f in fonts} >= {"NotoSerifCJK-Regular", "NotoSerifCJK-Bold", "NotoSansCJK-Bold"}
