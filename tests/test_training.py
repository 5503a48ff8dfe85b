"""Training kit: the question bank rests on the text, covers every article and
role; the quiz works offline in a browser; the printed material is complete."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time

import docx
import pytest

from conftest import REPO
from generator import pipeline
from generator.model.training import ROLES
from generator.numbers import numbers_in
from generator.training.questions import question_bank



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
    items = json.loads(handbook("quiz", "--role", "非公企业", "--json", "--root", REPO).stdout)
    keys = {"id", "type", "question", "choices", "answer", "answers", "explanation", "article", "sentence"}
    assert items and all(set(i) == keys for i in items)
    assert all(i["choices"] is None or i["type"] == "multi" or i["answer"] in i["choices"] for i in items)
    multi = [i for i in items if i["type"] == "multi"]
    assert multi and all(len(i["answers"]) >= 2 and set(i["answers"]) <= set(i["choices"]) for i in multi)


def test_multiple_choice_needs_two_answers_among_the_options():
    from pydantic import ValidationError

    from generator.model.training import Question

    base = {"id": "m", "roles": ["村"], "type": "multi", "question": "哪些？", "choices": ["甲", "乙", "丙"],
            "explanation": "解析", "sentence": "art-1.s1", "support": "甲"}
    assert Question.model_validate({**base, "answers": ["甲", "丙"]}).correct == ["甲", "丙"]
    for bad in ({"answers": ["甲"]}, {"answers": ["甲", "丁"]}, {"answer": "甲"}, {"answers": ["甲", "乙"], "answer": "甲"}):
        with pytest.raises(ValidationError):
            Question.model_validate({**base, **bad})


def test_quiz_paper_groups_by_type_with_an_answer_key(project, tmp_path):
    from generator.render.training_docs import SECTION_TITLES, paper_items, quiz_paper, sign_in_sheet

    paper = docx.Document(quiz_paper(project, "changde-2012-5", "非公企业", tmp_path / "quiz.docx"))
    texts = [p.text for p in paper.paragraphs]
    assert texts[:2] == ["新任基层党组织书记培训自测题", "（非公企业和社会组织党组织书记适用）"]
    groups = paper_items(project, "changde-2012-5", "非公企业")
    assert [kind for kind, _ in groups] == ["choice", "multi", "judge", "fill"]
    assert sum(len(items) for _, items in groups) == 30
    headings = [t for t in texts if t[:2] in ("一、", "二、", "三、", "四、")]
    assert headings[:4] == [f"{n}、{SECTION_TITLES[k]}" for n, (k, _) in zip("一二三四", groups)]
    key = texts.index("答案与解析")
    assert paper.paragraphs[key].paragraph_format.page_break_before
    stems = [t for t in texts[:key] if t[:1].isdigit()]
    assert len(stems) == 30 and all(t.endswith("（）") or "＿" in t for t in stems)
    answers = [t for t in texts[key:] if t[:1].isdigit()]
    assert len(answers) == 30 and any(re.match(r"\d+\. [A-H]{2,}（", t) for t in answers)  # a multiple-choice key
    sheet = docx.Document(sign_in_sheet(tmp_path / "sign.docx"))
    assert len(sheet.tables[0].rows) == 21


def test_booklet_has_bookmarks_fonts_and_text(tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "booklet.pdf"
    started = time.perf_counter()
    proc = handbook("booklet", "--role", "村", "--root", REPO, "-o", out)
    seconds = time.perf_counter() - started
    assert proc.returncode == 0, proc.stderr
    assert "第 2 遍" in proc.stderr  # long conversions say how far they are
    reader = PdfReader(str(out))
    titles = []

    def walk(outline):
        for entry in outline:
            walk(entry) if isinstance(entry, list) else titles.append(entry.title)

    walk(reader.outline)
    assert reader.metadata.title == "新任基层党组织书记培训手册（村）"
    assert sum(1 for t in titles if t.startswith("第") and "条" in t) == 28
    assert [t for t in titles if "部分" in t] == ["第一部分　课程", "第二部分　通知全文", "第三部分　术语", "第四部分　典型事项清单"]
    assert "学习目标" in titles and "印发通知" in titles
    text = "".join(page.extract_text() for page in reader.pages)
    assert "村党组织书记" in text and "四议两公开" in text and "目" in reader.pages[1].extract_text()
    again = tmp_path / "again.pdf"
    assert handbook("booklet", "--role", "村", "--root", REPO, "-o", again).returncode == 0
    assert again.read_bytes() == out.read_bytes()  # the same content gives the same file
    print(f"\nbooklet (村): {len(reader.pages)} pages in {seconds:.1f} s")
