"""Training kit: the question bank rests on the text, covers every article and
role; the quiz works offline in a browser; the printed material is complete."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import docx
import pytest

from conftest import REPO, TESTS
from generator import pipeline
from generator.model.training import ROLES
from generator.numbers import numbers_in
from generator.training.questions import question_bank

SHOTS = TESTS / "_artifacts" / "training"


@pytest.fixture(scope="module")
def project():
    found, _ = pipeline.checked_project(REPO)
    return found


@pytest.fixture(scope="module")
def items(project):
    return question_bank(project, "changde-2012-5")


def test_bank_size_roles_and_articles(items):
    assert len(items) >= 60
    covered = {int(q.sentence.split(".")[0][4:]) for q in items if q.sentence.startswith("art-")}
    assert covered == set(range(1, 29))
    for role in ROLES:
        assert sum(1 for q in items if role in q.roles) >= 10, role
    assert len({q.id for q in items}) == len(items)


def test_every_answer_is_supported_by_its_sentence(project, items):
    sentences = project.document("changde-2012-5").sentence_index()
    for q in items:
        text = sentences[q.sentence].text
        assert q.support in text, q.id
        if q.id.startswith("gen-target-"):
            assert numbers_in(q.answer) <= numbers_in(text), q.id
        elif q.id.startswith(("gen-deadline-", "gen-recurrence-", "gen-body-")):
            assert q.answer in text, q.id
        elif q.id.startswith("gen-term-"):
            assert q.answer == f"第{q.sentence.split('.')[0][4:]}条" and q.support in text, q.id
        assert q.explanation, q.id


def handbook(*args):
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], capture_output=True, text=True, timeout=300)


def test_quiz_json_contract():
    items = json.loads(handbook("quiz", "--role", "村", "--json", "--root", REPO).stdout)
    assert items and all(set(i) == {"id", "type", "question", "choices", "answer", "explanation", "article", "sentence"} for i in items)
    assert all(i["choices"] is None or i["answer"] in i["choices"] for i in items)


def test_quiz_paper_and_sign_in_sheet(project, tmp_path):
    from generator.render.training_docs import quiz_paper, sign_in_sheet

    paper = docx.Document(quiz_paper(project, "changde-2012-5", "村", tmp_path / "quiz.docx"))
    texts = [p.text for p in paper.paragraphs]
    assert "答案与解析" in texts and texts[0] == "新任基层党组织书记培训自测题（村）"
    sheet = docx.Document(sign_in_sheet(tmp_path / "sign.docx"))
    assert len(sheet.tables[0].rows) == 21


def test_booklet_has_bookmarks_fonts_and_text(tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "booklet.pdf"
    started = time.perf_counter()
    proc = handbook("booklet", "--role", "村", "--root", REPO, "-o", out)
    seconds = time.perf_counter() - started
    assert proc.returncode == 0, proc.stderr
    reader = PdfReader(str(out))
    titles = []

    def walk(outline):
        for entry in outline:
            walk(entry) if isinstance(entry, list) else titles.append(entry.title)

    walk(reader.outline)
    assert reader.metadata.title == "新任基层党组织书记培训手册（村）"
    assert sum(1 for t in titles if t.startswith("第") and "条" in t) == 28
    assert any(t.startswith("第一部分") for t in titles) and "学习目标" in titles
    text = "".join(page.extract_text() for page in reader.pages)
    assert "村党组织书记" in text and "四议两公开" in text
    fonts = {str(f.get("/BaseFont")) for page in reader.pages for f in (page.get("/Resources", {}).get("/Font", {}) or {}).values()}
    assert fonts and all("+" in f for f in fonts)
    print(f"\nbooklet (村): {len(reader.pages)} pages in {seconds:.1f} s")
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(out), str(SHOTS / "booklet-village")], check=True)


def test_quiz_paper_page_one_rendered(project, tmp_path):
    from generator.render.pdf import docx_to_pdf
    from generator.render.training_docs import quiz_paper

    source = quiz_paper(project, "changde-2012-5", "村", tmp_path / "quiz-village.docx")
    pdf = docx_to_pdf([source], tmp_path / "pdf")[0]
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(SHOTS / "quiz-village")], check=True)
    assert (SHOTS / "quiz-village.png").stat().st_size > 5_000
