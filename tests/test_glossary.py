"""The glossary across documents: the 党章's terms checked against its text, a term whose
meaning differs between two documents (the real one, 创先争优, and a fixture of two documents
with hostile text), and each document's pages marking its own terms."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
import yaml

from conftest import MINIMAL, REPO
from generator import pipeline
from generator.importing import import_text

DANGZHANG = "dangzhang-2017"
NOTICE = "changde-2012-5"
GLOSSARY_CODES = {"term-not-in-sentence", "term-occurrence-unlisted", "term-sense", "unknown-sentence", "unknown-term"}
# terms of art a new village or enterprise secretary meets in the 党章 (each must be in the glossary)
DANGZHANG_TERMS = {"民主集中制", "预备党员", "预备期", "正式党员", "介绍人", "支部大会", "党支部", "党的基层组织",
                   "基层党组织", "党组", "纪律处分", "留党察看", "开除党籍", "自行脱党", "党的纪律", "组织生活", "群团组织"}


@pytest.fixture(scope="module")
def project():
    found, _ = pipeline.checked_project(REPO)
    return found


def _uses(text: str, spelling: str, not_within: list[str]) -> bool:
    """An independent reading of "the term occurs": blank out the longer words first."""
    for word in not_within:
        text = text.replace(word, "□" * len(word))
    return spelling in text


def test_the_glossary_check_passes_with_the_dangzhang_terms():
    result = pipeline.check(REPO)
    assert [f for f in result.findings if f.code in GLOSSARY_CODES] == []


def test_dangzhang_terms_list_every_sentence_they_occur_in(project):
    doc = project.document(DANGZHANG)
    terms = {t.term: t for t in project.terms}
    assert DANGZHANG_TERMS <= set(terms)
    for name in DANGZHANG_TERMS:
        term = terms[name]
        expected = [s.id for s in doc.sentences() if any(_uses(s.text, sp, term.not_within) for sp in term.spellings)]
        listed = term.occurrence(DANGZHANG)
        assert listed is not None and list(listed.sentences) == expected, name
        assert term.explanation and term.sources, name
        assert any("中国共产党章程" in s for s in term.sources), name


def test_notice_terms_used_in_the_dangzhang_list_their_dangzhang_sentences(project):
    terms = {t.term: t for t in project.terms}
    for name in ("创先争优", "社会组织", "流动党员", "发展党员", "党务公开"):
        assert terms[name].documents == [NOTICE, DANGZHANG], name


def test_dang_zu_is_never_the_two_characters_of_dang_zu_zhi(project):
    term = next(t for t in project.terms if t.term == "党组")
    assert term.occurrence(NOTICE) is None  # the notice says 党组织, never 党组
    assert "art-13.p1.s1" not in term.occurrence(DANGZHANG).sentences  # 必须由上级党组织决定
    assert "art-14.p2.s1" in term.occurrence(DANGZHANG).sentences  # 部门党组（党委）


def test_the_occurrence_script_agrees_with_the_glossary():
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "glossary_occurrences.py")], capture_output=True,
                          text=True, cwd=REPO, check=True)
    assert done.stdout.strip().endswith("0 个术语的出现位置与 glossary.yaml 不同"), done.stdout


def test_the_note_speaks_of_every_document(project):
    note = project.glossary.note
    assert "常委〔2012〕5号" in note and "中国共产党章程" in note and "不属于政策原文" in note


# --- the real difference: 创先争优 -----------------------------------------------------------

def test_chuang_xian_zheng_you_differs_and_quotes_both_sentences(repo_site, project):
    page = (repo_site / "glossary.html").read_text(encoding="utf-8")
    entry = page[page.index('id="chuang-xian-zheng-you"'):]
    entry = entry[:entry.index('class="hb-sources"')]
    assert "在两份文件中的含义不同" in entry
    for doc_id, sid in ((NOTICE, "art-19.s3"), (DANGZHANG, "art-32.p1.i1.s1")):
        assert project.sentences[(doc_id, sid)].text in unescape(entry)
    assert 'href="articles/art-19.html#art-19.s3"' in entry
    assert 'href="library/dangzhang-2017/text.html#art-32.p1.i1.s1"' in entry
    # a term that only says what each text covers is not said to differ
    other = page[page.index('id="fa-zhan-dang-yuan"'):]
    other = other[:other.index('class="hb-sources"')]
    assert "各文件中的说法" in other and "含义不同" not in other


def test_glossary_names_the_documents_of_each_term_and_lists_each_documents_terms(repo_site, project):
    page = (repo_site / "glossary.html").read_text(encoding="utf-8")
    entry = page[page.index('data-docs="changde-2012-5 dangzhang-2017"'):]
    assert '<div class="hb-gloss-entry" data-docs="dangzhang-2017">' in page
    lists = re.findall(r'<details class="hb-gloss-list" data-doc="([a-z0-9-]+)"><summary>([^<]+)</summary>', page)
    counts = {doc: sum(1 for t in project.terms if doc in t.documents) for doc in (NOTICE, DANGZHANG)}
    assert lists == [(NOTICE, f"常委〔2012〕5号中的术语（{counts[NOTICE]}个）"),
                     (DANGZHANG, f"中国共产党章程（2017年版，已修订）中的术语（{counts[DANGZHANG]}个）")]
    assert '<script src="assets/javascripts/handbook-glossary.js"></script>' in page


# --- the 党章's pages mark its terms ------------------------------------------------------------

def _term_links(html: str) -> list[tuple[str, str, str]]:
    """(href, title, text) of each marked term."""
    return [(h, unescape(t), unescape(x)) for h, t, x in
            re.findall(r'<a class="hb-term" href="([^"]+)" title="([^"]*)">([^<]+)</a>', html)]


def test_the_dangzhang_text_marks_its_terms_once_each_beside_cross_references(repo_site, project):
    html = (repo_site / "library" / DANGZHANG / "text.html").read_text(encoding="utf-8")
    marked = _term_links(html)
    targets = [h for h, _, _ in marked]
    assert len(targets) == len(set(targets))  # the first use of each term on the page
    ids = {h.split("#")[1] for h in targets}
    mine = {t.id for t in project.terms if DANGZHANG in t.documents}
    assert ids == mine  # every term explained for the 党章, and none other
    assert ("../../glossary.html#yu-bei-dang-yuan", ) == tuple(h for h, _, x in marked if x == "预备党员")
    # 党组 is never marked inside 党组织
    for href, _, text in marked:
        if text == "党组":
            at = html.index(f'href="{href}"')
            assert not html[at:at + 200].split("</a>", 1)[1].startswith("织")
    # cross-references are still links of their own
    assert re.search(r'<a class="hb-xref" href="text.html#art-3"[^>]*>本章程第三条</a>', html)
    # the hover text of a term whose meanings differ is the 党章's meaning
    chuang = next(t for h, t, x in marked if x == "创先争优")
    assert chuang.startswith("不是某一次活动")


def test_the_notice_pages_are_marked_with_the_notices_meaning(repo_site):
    html = (repo_site / "articles" / "art-1.html").read_text(encoding="utf-8")
    chuang = next(t for _, t, x in _term_links(html) if x == "创先争优")
    assert chuang.startswith("指当时在基层党组织和党员中开展的一项活动")


# --- a fixture of two documents ------------------------------------------------------------------

PAYLOAD = '<img src=x onerror="alert(1)">&amp;'
STATUTE = "示例章程\n（2015年1月1日通过）\n第一章　总则\n第一条　村党组织实行四议两公开制度，重大事项经党员大会审议。\n第二条　党组织书记每年向党员大会述职。\n"


@pytest.fixture(scope="module")
def two_documents(tmp_path_factory):
    """The minimal project with a second document in which 述职 means something else, and a
    term (党员大会) of the second document only."""
    root = tmp_path_factory.mktemp("two") / "project"
    shutil.copytree(MINIMAL, root)
    folder = root / "content" / "documents" / "demo-2"
    folder.mkdir(parents=True)
    (folder / "document.yaml").write_text(import_text(STATUTE, "demo-2").yaml, encoding="utf-8")
    path = root / "content" / "glossary.yaml"
    glossary = yaml.safe_load(path.read_text(encoding="utf-8"))
    for term in glossary["terms"]:
        if term["id"] == "shu-zhi":
            term["meanings_differ"] = True
            term["occurrences"] = [
                {"document": "demo-1", "sentences": ["art-2.s1", "art-2.s2"],
                 "sense": {"explanation": "示例意见中指向上级报告工作" + PAYLOAD, "sentence": "art-2.s1"}},
                {"document": "demo-2", "sentences": ["art-2.p1.s1"],
                 "sense": {"explanation": "示例章程中指向党员大会报告工作", "sentence": "art-2.p1.s1"}},
            ]
        if term["id"] == "si-yi-liang-gong-kai":
            term["occurrences"].append({"document": "demo-2", "sentences": ["art-1.p1.s1"]})
    glossary["terms"].append({"id": "dang-yuan-da-hui", "term": "党员大会", "explanation": "全体党员参加的会议" + PAYLOAD,
                              "occurrences": [{"document": "demo-2", "sentences": ["art-1.p1.s1", "art-2.p1.s1"]}]})
    path.write_text(yaml.safe_dump(glossary, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert [f for f in pipeline.check(root).findings if f.code in GLOSSARY_CODES] == []
    out = root / "site"
    pipeline.build(root, out)
    return out


def test_fixture_term_defined_differently_says_so_with_each_sentence(two_documents):
    page = (two_documents / "glossary.html").read_text(encoding="utf-8")
    entry = page[page.index('id="shu-zhi"'):]
    entry = entry[:entry.index("</dl>")]
    assert "在两份文件中的含义不同" in entry
    assert "示例意见中指向上级报告工作" in entry and "示例章程中指向党员大会报告工作" in entry
    assert "党组织书记每年向党员大会述职。" in entry  # demo-2's sentence, quoted
    assert 'href="library/demo-2/text.html#art-2.p1.s1"' in entry
    assert "<img" not in page and "&lt;img src=x" in page  # text, never a tag
    assert '<div class="hb-gloss-entry" data-docs="demo-2">' in page  # 党员大会: the second document's only


def test_fixture_second_documents_text_marks_its_terms_with_its_meaning(two_documents):
    html = (two_documents / "library" / "demo-2" / "text.html").read_text(encoding="utf-8")
    marked = {x: (h, t) for h, t, x in _term_links(html)}
    assert set(marked) == {"四议两公开", "党员大会", "述职"}
    assert marked["述职"] == ("../../glossary.html#shu-zhi", "示例章程中指向党员大会报告工作")
    assert marked["党员大会"][1] == "全体党员参加的会议" + PAYLOAD  # unescaped from the attribute: text as written
    assert "<img" not in html
    notice = (two_documents / "articles" / "art-2.html").read_text(encoding="utf-8")
    title = next(t for _, t, x in _term_links(notice) if x == "述职")
    assert title == "示例意见中指向上级报告工作" + PAYLOAD


def test_a_term_of_one_document_is_not_marked_on_the_others_pages(tmp_path):
    """党员大会 is explained for the second document only: the notice's pages leave it alone
    even where the notice uses the same words."""
    from generator.model.document import Sentence
    from generator.model.glossary import Term
    from generator.views.text import TermMarker

    term = Term(id="dang-yuan-da-hui", term="党员大会", explanation="示例",
                occurrences=[{"document": "demo-2", "sentences": ["art-1.p1.s1"]}])
    sentence = Sentence(id="art-1.s1", text="召开党员大会。")
    assert [s.term for s in TermMarker([term], "x.md", "demo-1").sentence(sentence).segments] == [None]
    assert [s.text for s in TermMarker([term], "x.md", "demo-2").sentence(sentence).segments] == ["召开", "党员大会", "。"]


# --- search ------------------------------------------------------------------------------------

def test_search_finds_the_dangzhang_terms_first_and_keeps_them_out_of_the_notices_index(tmp_path):
    from generator.search.corpus import corpus
    from generator.search.engine import Searcher

    project, _ = pipeline.checked_project(REPO)
    terms = {d.key: d for d in corpus(project) if d.kind == "term"}
    assert terms["term:min-zhu-ji-zhong-zhi"].collection == DANGZHANG  # the 党章's own index
    assert terms["term:chuang-xian-zheng-you"].collection == ""  # used by the notice: the handbook's index
    pipeline.update_search_index(project, tmp_path / "index")
    searcher = Searcher(tmp_path / "index")
    try:
        for query, term_id in (("民主集中制", "min-zhu-ji-zhong-zhi"), ("预备党员", "yu-bei-dang-yuan"),
                               ("开除党籍", "kai-chu-dang-ji"), ("自行脱党", "zi-xing-tuo-dang")):
            assert searcher.search(query, limit=3)[0].url == f"glossary.html#{term_id}", query
        assert [h.url for h in searcher.search("党组", kind="term", limit=1)] == ["glossary.html#dang-zu"]
    finally:
        searcher.close()
