"""Layout of every Word file we make and of the PDFs LibreOffice makes of them, measured
the way a reader meets them: the nine templates, each form blank and filled (a 较差 village,
a 较差 enterprise with some progress reported), the quiz papers, the sign-in sheet and a
booklet. Page images go to tests/_artifacts/layout/ for review.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, TESTS
from generator import pipeline
from generator.compute.checklists import checklist
from generator.forms.catalog import FORMS
from generator.model.rules import ProgressEntry
from generator.model.training import ROLES
from generator.render.forms import fill_unit_forms, prepared_forms
from generator.render.pdf import FONTS_CONF, conversion_env, docx_to_pdf
from generator.views.checklists import rule_set
from generator.views.sources import RuleSources
from generator.views.forms import FormWarnings, blank_context
from layout_checks import (MM, TEXT_BLOCK_MM, broken_atoms, dangling_labels, docx_text, font_family, outside_text_block,
                           pdf_fonts, pdf_lines, table_problems)

SHOTS = TESTS / "_artifacts" / "layout"
VILLAGE, ENTERPRISE = "sample-jinshi-v-lianhe", "sample-wuling-fg-jiancai"  # both rated 较差 in 2012
ROLE_FILES = {"村": "village", "社区": "community", "非公企业": "enterprise", "机关": "office", "组织部门": "department"}
CHINESE_FONTS = {"NotoSerifCJK-Regular", "NotoSerifCJK-Bold", "NotoSansCJK-Regular", "NotoSansCJK-Bold", "UKaiCN"}


@pytest.fixture(scope="module")
def project():
    found, _ = pipeline.checked_project(REPO)
    return found


@pytest.fixture(scope="module")
def documents(project, tmp_path_factory) -> dict[str, Path]:
    """Every generated Word file, by name."""
    from generator.render.training_docs import booklet_docx, quiz_paper, sign_in_sheet

    folder = tmp_path_factory.mktemp("layout-docx")
    rules = rule_set(project)
    doc = project.document(rules.document)
    sources = RuleSources(project, rules)
    sentences = sources.texts
    prepared = prepared_forms()
    out: dict[str, Path] = {}
    for f in FORMS:
        out[f"blank-{f.name}"] = folder / f"blank-{f.name}.docx"
        out[f"blank-{f.name}"].write_bytes(prepared[f.name].fill(blank_context(doc, sentences, f.sentence)))
    enterprise_rules = [r.id for r in rules.rules if "非公企业" in r.unit_types]
    progress = {(ENTERPRISE, enterprise_rules[0]): ProgressEntry(unit=ENTERPRISE, rule=enterprise_rules[0], status="已完成"),
                (ENTERPRISE, enterprise_rules[1]): ProgressEntry(unit=ENTERPRISE, rule=enterprise_rules[1], status="进行中")}
    for tag, unit_id in (("village", VILLAGE), ("enterprise", ENTERPRISE)):
        result = checklist(project.units_by_id[unit_id], rules, progress)
        for name, data in fill_unit_forms(prepared, result, project.units_by_id, doc, sources, FormWarnings()).items():
            out[f"{tag}-{name}"] = folder / f"{tag}-{name}.docx"
            out[f"{tag}-{name}"].write_bytes(data)
    for role in ROLES:
        out[f"quiz-{ROLE_FILES[role]}"] = quiz_paper(project, doc.id, role, folder / f"quiz-{ROLE_FILES[role]}.docx")
    out["sign-in"] = sign_in_sheet(folder / "sign-in.docx")
    module = next(m for m in project.courses[0].modules if m.role == "村")
    out["booklet-village"] = booklet_docx(project, doc.id, module, folder / "booklet-village.docx")[0]
    return out


@pytest.fixture(scope="module")
def pdfs(documents, tmp_path_factory) -> dict[str, Path]:
    """All of them through LibreOffice in one run, as `handbook pdf` converts."""
    folder = tmp_path_factory.mktemp("layout-pdf")
    names = [n for n in documents if not n.startswith("booklet")]
    converted = dict(zip(names, docx_to_pdf([documents[n] for n in names], folder)))
    return converted


@pytest.fixture(scope="module")
def booklet(project, tmp_path_factory) -> Path:
    from generator.render.training_docs import booklet_pdf

    module = next(m for m in project.courses[0].modules if m.role == "村")
    return booklet_pdf(project, "changde-2012-5", module, tmp_path_factory.mktemp("booklet") / "booklet-village.pdf")


def _forms_and_papers():
    names = [f"{tag}-{f.name}" for tag in ("blank", "village", "enterprise") for f in FORMS]
    return names + [f"quiz-{code}" for code in ROLE_FILES.values()] + ["sign-in"]


# ---- Word structure --------------------------------------------------------------------------------

@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_templates_follow_the_table_house_style(form):
    assert table_problems(form.path.read_bytes(), form.name) == []


@pytest.mark.parametrize("name", _forms_and_papers() + ["booklet-village"])
def test_generated_documents_follow_the_table_house_style(documents, name):
    assert table_problems(documents[name].read_bytes(), name) == []


def test_unreported_duties_print_no_status(documents):
    """未开始 only where a unit reported it (none here): the village reported nothing."""
    for f in FORMS:
        text = docx_text(documents[f"village-{f.name}"].read_bytes())
        assert "未开始" not in text, f.name
    report = docx_text(documents["enterprise-shuzhi-baogao"].read_bytes())
    assert "进行中" in report and "已完成" in report and "未开始" not in report


# ---- what the reader sees in the PDF ----------------------------------------------------------------

@pytest.mark.parametrize("name", _forms_and_papers())
def test_pdf_text_stays_in_the_text_block_and_nothing_is_broken(documents, pdfs, name):
    lines = pdf_lines(pdfs[name])
    assert outside_text_block(lines) == []
    assert broken_atoms(documents[name].read_bytes(), lines) == []
    assert dangling_labels(lines) == []


def test_booklet_text_stays_in_the_text_block_and_nothing_is_broken(documents, booklet):
    lines = pdf_lines(booklet)
    assert outside_text_block(lines) == []
    assert broken_atoms(documents["booklet-village"].read_bytes(), lines) == []


@pytest.mark.parametrize("name", ["village-shuzhi-baogao", "village-qingdan", "village-kaoping"])
def test_long_duty_tables_repeat_their_header_on_every_page(pdfs, name):
    lines = pdf_lines(pdfs[name])
    pages = sorted({l.page for l in lines if re.fullmatch(r".*第\d+条第\d+句", l.text)})
    assert len(pages) >= 2, "the table should run over more than one page here"
    for page in pages:
        rows = [l for l in lines if l.page == page and re.search(r"第\d+条第\d+句", l.text)]
        header = [l for l in lines if l.page == page and l.text.startswith("序号") and "出处" in l.text]
        assert header and header[0].y1 <= min(r.y0 for r in rows), page


def test_cells_are_set_in_12_point(pdfs):
    """The Word styles say 12 pt; the PDF shows it: a table line is about 12 pt high, body text 16."""
    lines = pdf_lines(pdfs["village-qingdan"], join=False)
    cells = [l for l in lines if re.fullmatch(r"第\d+条第\d+句", l.text)]
    assert cells and all(10 < l.y1 - l.y0 < 14 * 1.3 for l in cells)


@pytest.mark.parametrize("name", _forms_and_papers())
def test_pdf_fonts_are_the_mapped_chinese_fonts_embedded(pdfs, name):
    fonts = pdf_fonts(pdfs[name])
    assert fonts and all(f.embedded for f in fonts), [f.name for f in fonts if not f.embedded]
    families = {font_family(f.name) for f in fonts}
    assert families <= CHINESE_FONTS, families - CHINESE_FONTS  # nothing fell back to a non-Chinese font
    assert {"NotoSerifCJK-Regular", "NotoSerifCJK-Bold"} <= families  # 仿宋 body, 小标宋 title
    if not name.startswith("quiz"):
        assert "NotoSansCJK-Bold" in families  # 黑体 table headers


def test_booklet_fonts(booklet):
    fonts = pdf_fonts(booklet)
    families = {font_family(f.name) for f in fonts}
    assert all(f.embedded for f in fonts) and families <= CHINESE_FONTS
    assert {"NotoSerifCJK-Regular", "NotoSerifCJK-Bold", "NotoSansCJK-Regular", "UKaiCN"} <= families  # 仿宋 小标宋 黑体 楷体


def test_official_font_names_map_to_simplified_chinese_faces(tmp_path):
    """Each official name is set in the same face as the explicitly named SC font, never the
    JP face of the same collection (their forms of 直 令 骨 differ)."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml.ns import qn
    from pypdf import PdfReader

    names = ["仿宋_GB2312", "Noto Serif CJK SC", "Noto Serif CJK JP", "黑体", "Noto Sans CJK SC", "Noto Sans CJK JP",
             "楷体_GB2312", "方正小标宋简体", "宋体"]
    document = docx.Document()
    for k, name in enumerate(names):
        run = document.add_paragraph().add_run("直令骨户说关" + name)
        fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(qn(attr), name)
        if k < len(names) - 1:
            run.add_break(WD_BREAK.PAGE)
    source = tmp_path / "probe.docx"
    document.save(source)
    reader = PdfReader(str(docx_to_pdf([source], tmp_path)[0]))
    face = {}
    for name, page in zip(names, reader.pages):
        used = set()

        def visit(text, cm, tm, font, size):
            if font is not None and text.strip()[:1] in "直令骨户说关":
                used.add(str(font["/BaseFont"]))

        page.extract_text(visitor_text=visit)
        face[name] = used
    assert all(len(f) == 1 for f in face.values()), face
    assert face["仿宋_GB2312"] == face["宋体"] == face["Noto Serif CJK SC"] != face["Noto Serif CJK JP"]
    assert face["黑体"] == face["Noto Sans CJK SC"] != face["Noto Sans CJK JP"]
    assert all("UKai" in f for f in face["楷体_GB2312"])
    assert all("NotoSerifCJK" in f and "Bold" in f for f in face["方正小标宋简体"])


def test_font_mapping_is_ours_and_used_for_the_conversion(tmp_path):
    env = conversion_env(str(tmp_path))
    assert env["FONTCONFIG_FILE"] == str(FONTS_CONF) and FONTS_CONF.is_relative_to(REPO)
    expected = {"仿宋_GB2312": "Noto Serif CJK SC", "方正小标宋简体": "Noto Serif CJK SC", "黑体": "Noto Sans CJK SC",
                "楷体_GB2312": "AR PL UKai CN", "宋体": "Noto Serif CJK SC"}
    for name, family in expected.items():
        out = subprocess.run(["fc-match", "-f", "%{family[0]}|%{style[0]}", name], env=env, capture_output=True, text=True).stdout
        assert out.split("|")[0] == family, (name, out)
    assert "Bold" in subprocess.run(["fc-match", "-f", "%{style[0]}", "方正小标宋简体"], env=env, capture_output=True, text=True).stdout


# ---- the quiz paper and the booklet as printed ------------------------------------------------------

def test_quiz_paper_sections_brackets_stems_and_answer_key(project, pdfs):
    from generator.forms.layout import em_width
    from generator.render.training_docs import LETTERS, OPTION_INDENT_EM, PAPER_LINE_EM, SECTION_TITLES, option_lines, paper_items

    lines = pdf_lines(pdfs["quiz-village"])
    key = next(l for l in lines if l.text == "答案与解析")
    assert key.y0 < min(l.y0 for l in lines if l.page == key.page and l is not key)  # first on its page
    questions = [l for l in lines if l.page < key.page or (l.page == key.page and l.y0 < key.y0)]
    assert all(l.page < key.page for l in questions if re.match(r"\d+\. ", l.text))  # the key starts a new page
    headings = [l.text for l in questions if re.match(r"[一二三四]、", l.text)]
    groups = paper_items(project, "changde-2012-5", "村")
    assert headings == [f"{'一二三四'[k]}、{SECTION_TITLES[kind]}" for k, (kind, _) in enumerate(groups)]
    assert [kind for kind, _ in groups] == [k for k in ("choice", "multi", "judge", "fill") if k in dict(groups)]
    n = 0
    for kind, items in groups:
        for q in items:
            n += 1
            stem = next(k for k, l in enumerate(questions) if l.text.startswith(f"{n}."))
            if kind in ("choice", "multi", "judge"):
                assert any("（）" in l.text.replace(" ", "") for l in questions[stem:stem + 4]), n
            if q.choices:
                last = f"{LETTERS[len(q.choices) - 1]}."
                option = next(l for l in questions[stem:] if last in l.text)
                assert option.page == questions[stem].page, f"question {n}: stem and options on different pages"
                for texts, _ in option_lines(q.choices):
                    for text in texts:
                        if em_width(text) <= PAPER_LINE_EM - OPTION_INDENT_EM - 1.5:  # fits a line: stands whole
                            assert any(text.replace(" ", "") in l.text.replace(" ", "") for l in questions), text


def test_booklet_is_a_printed_course(booklet):
    from pypdf import PdfReader

    lines = pdf_lines(booklet)
    reader = PdfReader(str(booklet))
    cover = " ".join(l.text for l in lines if l.page == 1)
    for part in ("新任基层党组织书记培训手册", "村党组织书记适用", "常委〔2012〕5号", "2012年6月"):
        assert part in cover.replace(" ", ""), part
    assert not any(re.fullmatch(r"—\s*\d+\s*—", l.text) for l in lines if l.page <= 2)  # cover and contents unnumbered
    contents = {re.sub(r"\s", "", m.group(1)): int(m.group(2)) for l in lines if l.page == 2
                for m in [re.match(r"(.+?)[.…]{3,}\s*(\d+)$", l.text)] if m}
    assert "第一部分" in " ".join(contents) and len(contents) >= 10
    starts = {}

    def walk(outline):
        for item in outline:
            if isinstance(item, list):
                walk(item)
            else:
                starts.setdefault(re.sub(r"\s", "", item.title), reader.get_destination_page_number(item) + 1)

    walk(reader.outline)
    for title, printed in contents.items():
        page = starts[title]
        assert printed == page - 2, title  # numbering starts after cover and contents
        footer = [l.text for l in lines if l.page == page and re.fullmatch(r"—\s*\d+\s*—", l.text)]
        assert footer and footer[0].replace(" ", "") == f"—{printed}—", title
    header = "常委〔2012〕5号新任基层党组织书记培训手册（村）"
    for page in range(3, len(reader.pages) + 1):
        top = min((l for l in lines if l.page == page), key=lambda l: l.y0)
        assert top.text.replace(" ", "") == header and top.y1 < TEXT_BLOCK_MM[1] * MM, page
    for title in (t for t in contents if t.startswith("第") and "部分" in t):
        page = starts[title]
        body = sorted((l for l in lines if l.page == page and l.y0 > TEXT_BLOCK_MM[1] * MM), key=lambda l: l.y0)
        assert body[0].text.replace(" ", "") == title, title


# ---- page images for review ---------------------------------------------------------------------------

def test_page_images_for_review(pdfs, booklet):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):
        old.unlink()
    for name in _forms_and_papers():
        if name.startswith("quiz") and name != "quiz-village":
            continue
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdfs[name]), str(SHOTS / name)], check=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(booklet), str(SHOTS / "booklet-village")], check=True)
    made = {p.name for p in SHOTS.glob("*.png")}
    for f in FORMS:
        for tag in ("blank", "village", "enterprise"):
            assert any(n.startswith(f"{tag}-{f.name}-") for n in made), (tag, f.name)
    assert sum(n.startswith("booklet-village-") for n in made) == 3
