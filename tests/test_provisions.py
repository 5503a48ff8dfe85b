"""Provision ids and official citations of both documents; document metadata rules
(发文字号, dates, 文种) shared by the importer and the checks."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
import yaml

from conftest import MINIMAL, REPO
from generator import pipeline
from generator.model.base import PART_ID, SENTENCE_ID
from generator.model.document import Document
from generator.model.metadata import DocNumber, date_line, find_dates, find_doc_number, kind_from_title, parse_doc_number
from generator.model.provisions import UnknownProvision, citation, provision_index, provisions
from generator.numbers import int_to_chinese


def load(doc_id: str) -> Document:
    path = REPO / "content" / "documents" / doc_id / "document.yaml"
    return Document.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def notice() -> Document:
    return load("changde-2012-5")


@pytest.fixture(scope="module")
def dangzhang() -> Document:
    return load("dangzhang-2017")


@pytest.mark.parametrize("pid, expected", [
    ("art-32", "《中国共产党章程》第三十二条"),
    ("art-32.p1.i6", "《中国共产党章程》第三十二条第（六）项"),
    ("art-32.p1.i6.s1", "《中国共产党章程》第三十二条第（六）项第一句"),
    ("art-5.p2", "《中国共产党章程》第五条第二款"),
    ("art-4.p1.i8", "《中国共产党章程》第四条第一款第（八）项"),
    ("art-4.p2.s1", "《中国共产党章程》第四条第二款第一句"),
    ("art-1.p1.s1", "《中国共产党章程》第一条第一句"),
    ("chap-5", "《中国共产党章程》第五章"),
    ("preamble", "《中国共产党章程》总纲"),
    ("preamble.p3.s2", "《中国共产党章程》总纲第三段第二句"),
    ("preamble.p24.i1", "《中国共产党章程》总纲第二十四段第一项"),
])
def test_dangzhang_citations(dangzhang, pid, expected):
    assert citation(dangzhang, pid) == expected


@pytest.mark.parametrize("pid, expected", [
    ("art-9", "常委〔2012〕5号第9条"),
    ("art-9.s2", "常委〔2012〕5号第9条第2句"),
    ("preamble.s1", "常委〔2012〕5号引言第1句"),
    ("sec-2", "常委〔2012〕5号第二部分"),
])
def test_notice_citations_keep_the_handbooks_style(notice, pid, expected):
    assert citation(notice, pid) == expected


def test_notice_sentence_citations_are_those_the_site_and_forms_print(notice):
    """search/corpus.py and views/forms.py write 常委〔2012〕5号第N条第K句 themselves."""
    index = provision_index(notice)
    for article in notice.articles:
        for k, sentence in enumerate(article.sentences, start=1):
            assert citation(notice, sentence.id, index) == f"{notice.number}第{article.number}条第{k}句"


def test_every_provision_has_a_unique_well_formed_id(notice, dangzhang):
    for doc in (notice, dangzhang):
        found = list(provisions(doc))
        ids = [p.id for p in found]
        assert len(ids) == len(set(ids))
        for p in found:
            if p.kind == "sentence":
                assert re.match(SENTENCE_ID, p.id), p.id
            elif p.kind in ("paragraph", "item"):
                assert re.match(PART_ID, p.id), p.id
    counts = {kind: sum(1 for p in provisions(dangzhang) if p.kind == kind) for kind in ("chapter", "article", "item", "sentence")}
    assert counts == {"chapter": 11, "article": 55, "item": 51, "sentence": 417}
    assert [s.id for s in dangzhang.sentences()] == [p.id for p in provisions(dangzhang) if p.kind == "sentence"]


def test_provision_text_is_the_verbatim_words(dangzhang):
    index = provision_index(dangzhang)
    assert index["art-32.p1.i6"].text.startswith("对要求入党的积极分子进行教育和培养")
    assert index["chap-5"].text == "第五章　党的基层组织"
    with pytest.raises(UnknownProvision):
        citation(dangzhang, "art-56")


def test_dangzhang_metadata_and_status(dangzhang):
    assert (dangzhang.kind, dangzhang.number, dangzhang.date, dangzhang.issuer) == (
        "章程", None, dt.date(2017, 10, 24), "中国共产党第十九次全国代表大会")
    assert dangzhang.status.state == "已修订" and dangzhang.status.as_of is None
    assert "党的二十大" in dangzhang.status.replaced_by and dangzhang.status.basis.startswith("收录说明：")  # shown on the site: no file paths
    assert not dangzhang.has_notice_layout


# --- metadata rules ------------------------------------------------------------------------


@pytest.mark.parametrize("written", [
    "常委〔2012〕5号", "常委[2012]5号", "常委(2012)5号", "常委（2012）5号", "常委［2012］5号", "常委【2012】5号",
    "常委2012 5号", "常委20125号", "常委〔２０１２〕５号", "常委［２０１２］５号", "常委〔2012〕第5号", " 常委〔2012〕5号 ",
])
def test_document_number_forms(written):
    assert parse_doc_number(written) == DocNumber("常委", 2012, 5)
    assert str(parse_doc_number(written)) == "常委〔2012〕5号"


@pytest.mark.parametrize("not_a_number", ["常委〔12〕5号", "2012年6月20日", "中共常德市委", "第五条　发展党员", "常委〔2012〕", ""])
def test_not_document_numbers(not_a_number):
    assert parse_doc_number(not_a_number) is None


def test_numbers_in_longer_lines_and_other_agencies():
    assert find_doc_number("常发〔2009〕7号　　签发人：张三") == DocNumber("常发", 2009, 7)
    assert parse_doc_number("中办发〔2018〕19号") == DocNumber("中办发", 2018, 19)


def test_dates_in_every_writing():
    assert date_line("2012年6月20日") == date_line("２０１２年６月２０日") == date_line("二〇一二年六月二十日") == dt.date(2012, 6, 20)
    assert date_line("2012年2月30日") is None and date_line("2012年6月20日印发") is None
    assert find_dates("（2015年10月12日审议通过 2015年10月18日发布）") == [dt.date(2015, 10, 12), dt.date(2015, 10, 18)]


@pytest.mark.parametrize("title, kind", [
    ("中共常德市委关于印发《推进基层组织建设年进一步加强基层党建工作的意见》的通知", "通知"),
    ("中国共产党章程", "章程"), ("中国共产党纪律处分条例", "条例"), ("关于加强党员教育管理的实施意见", "意见"),
    ("XX管理办法（试行）", "办法"), ("会议纪要", "纪要"), ("中国共产党党内法规制定条例实施细则", "细则"), ("致全市党员的一封信", None),
])
def test_kind_from_title(title, kind):
    assert kind_from_title(title) == kind


def test_chinese_numerals_both_ways():
    assert [int_to_chinese(n) for n in (1, 10, 11, 20, 32, 55, 100, 101, 110)] == ["一", "十", "十一", "二十", "三十二", "五十五", "一百", "一百零一", "一百一十"]


# --- the project -----------------------------------------------------------------------------


def test_explicit_order_keeps_the_default_document(tmp_path):
    """The library's first document is the site's default; path order does not decide."""
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    demo = root / "content" / "documents" / "demo-1" / "document.yaml"
    first = root / "content" / "documents" / "a-first"
    first.mkdir()
    (first / "document.yaml").write_text(demo.read_text(encoding="utf-8").replace("id: demo-1", "id: a-first\norder: 2"), encoding="utf-8")
    assert [d.id for d in pipeline.check(root).project.documents] == ["a-first", "demo-1"]
    demo.write_text(demo.read_text(encoding="utf-8").replace("id: demo-1", "id: demo-1\norder: 1"), encoding="utf-8")
    result = pipeline.check(root)
    assert [d.id for d in result.project.documents] == ["demo-1", "a-first"] and result.ok


def test_repo_lists_the_notice_first(notice):
    project = pipeline.check(REPO).project
    assert [d.id for d in project.documents] == ["changde-2012-5", "dangzhang-2017"]
