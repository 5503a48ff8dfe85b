"""The site as a library: the 文件库 page, and for every document other than the
notice a contents page, its full text with a permanent link and a citation on every
provision, and a print view; a document not in force says so on each of its pages."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import MINIMAL, REPO, TESTS
from generator import pipeline
from generator.importing import import_text
from generator.model.provisions import citation, provisions
from generator.source import document_text
from site_helpers import parse

DANGZHANG = "dangzhang-2017"
NOTICE_TEXT = (TESTS / "data" / "seed-changde-2012-5.txt").read_text(encoding="utf-8")
DANGZHANG_TEXT = (TESTS / "data" / "library-zhongguo-gongchandang-zhangcheng-2017.txt").read_text(encoding="utf-8")


class VerbatimLines(HTMLParser):
    """The text of every element with class hb-v (one per line of the original), in order,
    and every permanent link and citation button."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.depth = 0  # > 0 inside an hb-v element
        self.citations: dict[str, str] = {}  # anchor → citation, from the tools beside each provision
        self._anchor: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if self.depth:
            self.depth += 1
        elif "hb-v" in classes:
            self.depth = 1
            self.lines.append("")
        if "hb-permalink" in classes:
            self._anchor = attrs["href"].lstrip("#")
        if "hb-cite" in classes:
            self.citations[self._anchor] = attrs["data-cite"]

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.lines[-1] += data


def verbatim(path: Path) -> VerbatimLines:
    reader = VerbatimLines()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader


@pytest.fixture(scope="module")
def site(repo_site) -> Path:
    return repo_site


@pytest.fixture(scope="module")
def project():
    return pipeline.checked_project(REPO)[0]


# --- the 党章 on the repository's site -------------------------------------------------------

def test_every_document_has_its_pages_and_the_library_lists_them(site, project):
    assert len(project.documents) >= 2
    library = (site / "library.html").read_text(encoding="utf-8")
    for doc in project.documents[1:]:
        for name in ("index", "text", "print"):
            assert (site / "library" / doc.id / f"{name}.html").is_file()
        assert f'href="library/{doc.id}/index.html"' in library
    assert 'href="notice.html"' in library  # the notice keeps its own pages
    for old in ("notice.html", "print.html", "articles/art-9.html", "glossary.html", "units.html"):
        assert (site / old).is_file()


@pytest.mark.parametrize("page", ["text", "print"])
def test_library_pages_reproduce_the_text_line_by_line(site, project, page):
    for doc in project.documents[1:]:
        lines = verbatim(site / "library" / doc.id / f"{page}.html").lines
        assert "\n".join(lines) == document_text(doc)
    assert "\n".join(verbatim(site / "library" / DANGZHANG / "text.html").lines) == DANGZHANG_TEXT.rstrip("\n")


def test_plain_text_download_is_the_source(site, project):
    doc = project.document(DANGZHANG)
    assert (site / "library" / DANGZHANG / "source.txt").read_text(encoding="utf-8") == document_text(doc) + "\n"


def test_every_provision_has_an_anchor_and_each_cited_one_its_official_citation(site, project):
    doc = project.document(DANGZHANG)
    page = site / "library" / DANGZHANG / "text.html"
    ids = parse(page).ids
    every = [p.id for p in provisions(doc)]
    assert not [pid for pid in every if pid not in ids]
    cited = verbatim(page).citations
    assert cited["art-32.p1.i6"] == "《中国共产党章程》第三十二条第（六）项"
    assert cited["art-33.p2"] == "《中国共产党章程》第三十三条第二款"
    assert cited["art-1"] == "《中国共产党章程》第一条"
    assert cited["preamble.p24.i2"] == "《中国共产党章程》总纲第二十四段第二项"
    assert all(text == citation(doc, anchor) for anchor, text in cited.items())
    articles = [p.id for p in provisions(doc) if p.kind in ("article", "item")]
    assert set(articles) <= set(cited)
    # a single paragraph (款) is cited as its article, never as 第一款
    single = [a.paragraphs[0].id for a in doc.articles if len(a.paragraphs) == 1]
    assert "art-1.p1" in single and not set(single) & set(cited)


def test_a_replaced_document_says_so_at_the_top_of_each_page_and_is_never_shown_as_current(site):
    for name in ("index", "text", "print"):
        html = (site / "library" / DANGZHANG / f"{name}.html").read_text(encoding="utf-8")
        notice = html.index('class="hb-status hb-status--amended"')
        assert notice < html.index("hb-v") if name != "index" else notice < html.index("<table")
        assert "本文件已被中国共产党章程（2022年修订，党的二十大部分修改）修订，本站未收录修订后的文本；以下为2017年版原文，仅供查考。" in html
        assert "<title>中国共产党章程（2017年版，已修订）" in html
        assert "现行有效" not in html
    library = (site / "library.html").read_text(encoding="utf-8")
    row = library[library.index('id="doc-dangzhang-2017"'):].split("</tr>")[0]
    assert "已修订" in row and "中国共产党章程（2022年修订，党的二十大部分修改）" in row and "未收录" in row
    notice_row = library[library.index('id="doc-changde-2012-5"'):].split("</tr>")[0]
    assert "常委〔2012〕5号" in notice_row and "2012年6月20日" in notice_row and "未记录" in notice_row


def test_menu_and_home_page_lead_to_the_library(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="library.html"' in home and 'href="library/dangzhang-2017/index.html"' in home
    text = (site / "library" / DANGZHANG / "text.html").read_text(encoding="utf-8")
    assert "中国共产党章程（2017年版，已修订）" in text.split('class="md-content"')[0]  # the menu names its state
    assert 'src="../../assets/javascripts/handbook-cite.js"' in text
    assert "handbook-cite.js" not in (site / "library" / DANGZHANG / "print.html").read_text(encoding="utf-8")


def test_contents_page_links_every_chapter_and_article(site, project):
    doc = project.document(DANGZHANG)
    refs = parse(site / "library" / DANGZHANG / "index.html").refs
    wanted = ["text.html#preamble", *(f"text.html#chap-{c.number}" for c in doc.chapters), *(f"text.html#{a.anchor}" for a in doc.articles)]
    assert not [w for w in wanted if w not in refs]


# --- other shapes of documents, and a project of one document --------------------------------

def _statute_like() -> str:
    """A 条例-like text: 序言 without heading line, a chapter with sections, items."""
    lines = DANGZHANG_TEXT.rstrip("\n").split("\n")
    chapter_one = lines[33:72]
    sectioned = [chapter_one[0], "第一节　党员的条件", *chapter_one[1:5], "第二节　党员的义务和权利", *chapter_one[5:]]
    return "\n".join([*lines[0:2], "序　言", *lines[3:6], *sectioned])


def _notice_with_front_and_attachment() -> str:
    lines = NOTICE_TEXT.rstrip("\n").split("\n")
    return "\n".join(["中共常德市委文件", "常委〔2012〕5号", *lines[7:9], "各区县(市)委:", *lines[9:-1], "中共常德市委",
                      "2012年6月20日", "附件1", "基层组织建设年工作安排表", "（一）动员部署阶段。6月底前完成。",
                      "（二）组织实施阶段。7月至11月。", "请各地于12月10日前报送总结。"])


SHAPES_LIBRARY = """\
relations:
  - type: amends
    source: statute
    target: red-head
    basis: 示例说明：示例章程修订了这份通知
"""


@pytest.fixture(scope="module")
def shapes_site(tmp_path_factory):
    """The minimal project with two more documents imported from text: a statute and a red-head
    notice, which the statute amends (as content/library.yaml records)."""
    root = tmp_path_factory.mktemp("shapes") / "project"
    shutil.copytree(MINIMAL, root)
    texts = {"statute": _statute_like(), "red-head": _notice_with_front_and_attachment()}
    for doc_id, text in texts.items():
        folder = root / "content" / "documents" / doc_id
        folder.mkdir(parents=True)
        draft = import_text(text, doc_id).yaml
        if doc_id == "red-head":
            draft = draft.replace("\ntitle:", "\nstatus:\n  state: 已修订\n  replaced_by: 示例章程\n  basis: 示例说明\ntitle:", 1)
        (folder / "document.yaml").write_text(draft, encoding="utf-8")
    (root / "content" / "library.yaml").write_text(SHAPES_LIBRARY, encoding="utf-8")
    out = root / "site"
    pipeline.build(root, out)
    return out, texts


@pytest.mark.parametrize("doc_id", ["statute", "red-head"])
def test_every_shape_of_document_is_reproduced(shapes_site, doc_id):
    out, texts = shapes_site
    for page in ("text", "print"):
        assert "\n".join(verbatim(out / "library" / doc_id / f"{page}.html").lines) == texts[doc_id]


def test_the_state_notice_says_where_the_amending_text_is(shapes_site):
    out, _ = shapes_site
    statute = (out / "library" / "statute" / "text.html").read_text(encoding="utf-8")
    assert 'class="hb-status hb-status--unknown"' in statute and "本站没有记录本文件的效力状态" in statute
    amended = (out / "library" / "red-head" / "text.html").read_text(encoding="utf-8")
    assert "本文件已被示例章程修订，修订后的文本见本站文件库；以下为2012年版原文，仅供查考。" in amended
    contents = (out / "library" / "red-head" / "index.html").read_text(encoding="utf-8")
    row = contents[contents.index('id="relations"'):]
    assert "修订本文件" in row and 'href="../statute/index.html"' in row and "未收录" not in row.split("</table>")[0]


def test_citations_follow_each_documents_style(shapes_site):
    out, _ = shapes_site
    statute = verbatim(out / "library" / "statute" / "text.html").citations
    assert statute["art-4.p1.i3"] == "《中国共产党章程》第四条第一款第（三）项"
    red_head = verbatim(out / "library" / "red-head" / "text.html").citations
    assert red_head["art-9"] == "常委〔2012〕5号第9条"
    assert red_head["att-1.p1.i2"] == "常委〔2012〕5号附件第1段第（二）项"


def test_a_project_of_one_document_has_no_library(minimal_project):
    from generator.views.site import site_views

    project, _ = pipeline.checked_project(minimal_project)
    views = site_views(project, "demo-1")
    assert views.library is None and views.home.library is None
    assert "文件库" not in repr(views.nav())


# --- relations (content/library.yaml) ----------------------------------------------------------

def test_library_page_lists_named_documents_and_every_relation_with_its_words(site, project):
    html = (site / "library.html").read_text(encoding="utf-8")
    for known in project.library.documents:
        row = html[html.index(f'id="doc-{known.id}"'):].split("</tr>")[0]
        assert "未收录" in row and (known.number or known.title) in row
    relations = html[html.index('id="relations"'):]
    assert relations.split("<tbody>")[1].split("</tbody>")[0].count("<tr>") == len(project.library.relations)
    assert 'href="articles/art-17.html#art-17.s3"' in relations and "常委〔2012〕5号第17条第3句" in relations
    assert "按《中共常德市委关于进一步加强农村基层干部队伍建设的意见》(常发〔2009〕7号)规定" in relations
    assert 'href="notice.html#preamble.s1"' in relations  # the preamble's sentence is on the notice's full text


def test_each_document_shows_its_relations_from_its_own_side(site):
    notice = (site / "notice.html").read_text(encoding="utf-8")
    section = notice[notice.index('id="relations"'):]
    assert section.count("本文件贯彻落实") == 2 and section.count("本文件引用") == 1
    assert "湘办〔2012〕31号" in section and 'href="library.html#doc-xiangban-2012-31"' in section
    contents = (site / "library" / DANGZHANG / "index.html").read_text(encoding="utf-8")
    section = contents[contents.index('id="relations"'):]
    assert "修订本文件" in section and "中国共产党章程（2022年版）" in section and "未收录" in section
    assert 'href="../../library.html#doc-dangzhang-2022"' in section


def test_relations_never_link_the_notice_to_the_later_dangzhang(project):
    """The notice (2012) was issued under the 2007 revision: nothing may suggest the 2017
    text was its basis (shared/library/README.md)."""
    pairs = {(r.source, r.target) for r in project.library.relations}
    assert ("changde-2012-5", DANGZHANG) not in pairs and (DANGZHANG, "changde-2012-5") not in pairs


def test_a_relation_to_a_later_document_is_refused_where_it_is_written(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "data", root / "data")
    library = root / "content" / "library.yaml"
    library.write_text(library.read_text(encoding="utf-8") + """
  - type: implements
    source: changde-2012-5
    target: dangzhang-2017
    basis: 写错的关系
""", encoding="utf-8")
    findings = [f for f in pipeline.check(root).findings if f.code == "relation-date"]
    lines = library.read_text(encoding="utf-8").splitlines()
    line = len(lines) - lines[::-1].index("    source: changde-2012-5")
    assert [str(f.location) for f in findings] == [f"content/library.yaml:{line}:13"]
    assert "2012年6月20日" in findings[0].message and "2017年10月24日" in findings[0].message
