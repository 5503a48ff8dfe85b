"""Citations in the text recognized (compute/crossrefs.py) and linked on the library pages,
each cited provision listing what cites it."""

from __future__ import annotations

import copy

import pytest
import yaml

from conftest import REPO
from generator import pipeline
from generator.compute.crossrefs import cross_references
from generator.model.document import Document
from site_helpers import parse

DANGZHANG_YAML = REPO / "content" / "documents" / "dangzhang-2017" / "document.yaml"
NOTICE_YAML = REPO / "content" / "documents" / "changde-2012-5" / "document.yaml"


@pytest.fixture(scope="module")
def data():
    return yaml.safe_load(DANGZHANG_YAML.read_text(encoding="utf-8")), yaml.safe_load(NOTICE_YAML.read_text(encoding="utf-8"))


def _with_sentence(data: dict, sentence_id: str, text: str, **meta) -> Document:
    """A copy of a document with one sentence's text replaced (only here, never in content/)."""
    changed = copy.deepcopy(data)
    changed.update(meta)

    def walk(node):
        if isinstance(node, dict):
            if node.get("id") == sentence_id and "text" in node:
                node["text"] = text
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(changed)
    return Document.model_validate(changed)


def test_the_dangzhang_cites_its_own_third_article():
    project, _ = pipeline.checked_project(REPO)
    refs = cross_references(project.documents)
    assert [(r.doc, r.sentence, r.target_doc, r.target) for r in refs] == [("dangzhang-2017", "art-36.p1.s1", "dangzhang-2017", "art-3")]
    sentence = project.sentences[("dangzhang-2017", "art-36.p1.s1")].text
    assert sentence[refs[0].start:refs[0].end] == "本章程第三条"


@pytest.mark.parametrize("text, target", [
    ("依照本章程第四条第二款办理。", "art-4.p2"),
    ("按本章程第三十二条第（六）项做好发展党员工作。", "art-32.p1.i6"),
    ("按本章程第32条办理。", "art-32"),
    ("按本章程第九十条办理。", None),  # there is no 第九十条: not linked
    ("按本章程第四条第五款办理。", None),  # 第四条 has two paragraphs
    ("按本条例第三条办理。", None),  # a 章程 does not say 本条例
])
def test_citations_within_a_document(data, text, target):
    doc = _with_sentence(data[0], "art-55.p1.s3", text)
    found = [(r.sentence, r.target) for r in cross_references([doc]) if r.sentence == "art-55.p1.s3"]
    assert found == ([("art-55.p1.s3", target)] if target else [])


@pytest.mark.parametrize("text, target", [
    ("按《中国共产党章程》第三十二条第（六）项办理。", ("dangzhang-2017", "art-32.p1.i6")),
    ("认真学习《中国共产党章程》。", ("dangzhang-2017", None)),
    ("按《中国共产党章程》第九十九条办理。", None),
    ("根据《示例文件》(示办〔2012〕1号)精神。", None),  # not in the knowledge base
])
def test_citations_across_documents(data, text, target):
    dangzhang = Document.model_validate(data[0])
    notice = _with_sentence(data[1], "art-1.s2", text)
    found = [(r.target_doc, r.target) for r in cross_references([notice, dangzhang]) if r.doc == notice.id]
    assert found == ([target] if target else [])


def test_a_citation_by_number_finds_the_held_document(data):
    notice = Document.model_validate(data[1])
    dangzhang = _with_sentence(data[0], "art-55.p1.s3", "按《推进基层组织建设年进一步加强基层党建工作的意见》（常委[2012]5号）第9条办理。")
    [ref] = [r for r in cross_references([notice, dangzhang]) if r.sentence == "art-55.p1.s3"]
    assert (ref.target_doc, ref.target) == ("changde-2012-5", "art-9")


def test_the_library_page_links_the_citation_and_lists_what_cites(repo_site):
    page = repo_site / "library" / "dangzhang-2017" / "text.html"
    html = page.read_text(encoding="utf-8")
    assert '<a class="hb-xref" href="text.html#art-3" title="见《中国共产党章程》第三条">本章程第三条</a>' in html
    article = html[html.index('id="art-3"'):html.index('id="art-4"')]
    assert '<p class="hb-citedby">被以下条文引用：<a href="text.html#art-36.p1.s1">第三十六条</a></p>' in article
    assert "hb-xref" not in (repo_site / "library" / "dangzhang-2017" / "print.html").read_text(encoding="utf-8")
    assert {"art-3", "art-36.p1.s1"} <= parse(page).ids
