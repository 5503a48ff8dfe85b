"""The handbook site as built from the repository: pages, anchors, links,
offline assets, the search box on every page, calendar, determinism, atomic output."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from icalendar import Calendar

from conftest import REPO
from generator import pipeline
from generator.errors import InvalidInput
from generator.model.document import Document
from site_helpers import parse, tree_digest, visible_text

DOC = "changde-2012-5"


@pytest.fixture(scope="module")
def site(repo_site) -> Path:
    return repo_site


@pytest.fixture(scope="module")
def document() -> Document:
    project, _ = pipeline.checked_project(REPO)
    return project.document(DOC)


def test_every_article_has_a_page_and_anchors(site, document):
    notice = parse(site / "notice.html")
    for article in document.articles:
        page = site / "articles" / f"art-{article.number}.html"
        assert page.exists()
        ids = parse(page).ids
        assert article.anchor in notice.ids and article.anchor in ids
        for sentence in article.sentences:
            assert sentence.id in notice.ids and sentence.id in ids


def test_pages_show_the_verbatim_text(site, document):
    notice_text = visible_text((site / "notice.html").read_text(encoding="utf-8"))
    for article in document.articles:
        line = article.label + "".join(s.text for s in article.sentences)
        assert line in notice_text
        page_text = visible_text((site / "articles" / f"art-{article.number}.html").read_text(encoding="utf-8"))
        assert line in page_text


def test_lead_sentence_is_emphasised(site):
    html = (site / "articles" / "art-9.html").read_text(encoding="utf-8")
    assert '<strong class="hb-lead hb-s" id="art-9.s1">' in html
    start = html.index('id="art-9.s1">')
    assert visible_text(html[start + len('id="art-9.s1">'): html.index("</strong>", start)]) == "开展整顿实行晋位升级。"


def test_citation_and_explanatory_marking(site):
    html = (site / "articles" / "art-24.html").read_text(encoding="utf-8")
    assert "常委〔2012〕5号《推进基层组织建设年进一步加强基层党建工作的意见》第24条" in html
    assert 'class="hb-ours"' in html  # the summary is marked as ours
    assert 'class="hb-term"' in html and "glossary.html#si-yi-liang-gong-kai" in html


def test_nothing_is_fetched_from_outside(site):
    for page in site.rglob("*.html"):
        for ref in parse(page).refs:
            scheme = urlsplit(ref).scheme
            assert scheme in ("", "mailto") or ref.startswith("#"), f"{page.name}: {ref}"
    for text_file in [*site.rglob("*.html"), *site.rglob("*.css")]:
        content = text_file.read_text(encoding="utf-8")
        for host in ("fonts.googleapis", "fonts.gstatic", "unpkg.com", "cdn.jsdelivr"):
            assert host not in content, f"{text_file.name} mentions {host}"


def test_internal_links_and_anchors_resolve(site):
    ids = {p: parse(p).ids for p in site.rglob("*.html") if p.name != "404.html"}  # 404 is for servers
    broken = []
    for page, page_ids in ids.items():
        for ref in parse(page).refs:
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith("mailto:"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.exists():
                broken.append(f"{page.relative_to(site)} → {ref}")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids.get(target, set()):
                broken.append(f"{page.relative_to(site)} → {ref} (anchor)")
    assert not broken, broken[:10]


def test_every_page_has_the_search_box_and_its_data_is_local(site):
    pages = [p for p in site.rglob("*.html") if 'class="md-header' in p.read_text(encoding="utf-8")]  # mkdocs' pages
    assert len(pages) > 40
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "handbook-search.js" in html and "handbook-search.css" in html, page
        assert "md-search" not in html and "search_index" not in html, page  # no second, built-in box
    assert (site / "search" / "index.js").read_text(encoding="utf-8").startswith('(self.handbookSearchData=self.handbookSearchData||{})["index"]=')
    assert not (site / "search" / "search_index.json").exists()


def test_calendar_file(site):
    cal = Calendar.from_ical((site / "downloads" / "calendar.ics").read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) >= 20
    assert len({str(e["uid"]) for e in events}) == len(events)
    deadlines = [e for e in events if "rrule" not in e]
    assert {e.decoded("dtstart").isoformat() for e in deadlines} == {"2012-12-31"}
    quarterly = [e for e in events if "rrule" in e and e["rrule"]["FREQ"] == ["MONTHLY"] and e["rrule"].get("INTERVAL") == [3]]
    assert len(quarterly) == 1 and "第28条" in str(quarterly[0]["summary"])  # the standing committee's quarterly study
    assert "未规定具体日期" in str(quarterly[0]["description"])  # the reminder date is ours, and says so


def test_source_download_equals_seed(site):
    seed = (REPO / "tests" / "data" / "seed-changde-2012-5.txt").read_bytes()
    assert (site / "downloads" / f"{DOC}.txt").read_bytes().rstrip(b"\n") == seed.rstrip(b"\n")


def test_two_builds_are_byte_identical(site, tmp_path):
    again = tmp_path / "again"
    pipeline.build(REPO, again)
    first, second = tree_digest(site), tree_digest(again)
    assert first.keys() == second.keys()
    # the load cache is the build's own state, not an output: pickles whose bytes follow the
    # process's hash seed (sets) and how many references each location has (marshal); what it holds
    # is compared by the incremental tests (a build from it equals a build from scratch)
    differing = [name for name in first if first[name] != second[name] and not name.startswith(".build/cache/")]
    assert not differing


def test_failed_build_keeps_previous_site(minimal_project):
    out = minimal_project / "site"
    pipeline.build(minimal_project, out)
    before = tree_digest(out)
    (minimal_project / "data" / "broken.yaml").write_text("units: [\n", encoding="utf-8")
    with pytest.raises(InvalidInput):
        pipeline.build(minimal_project, out)
    assert tree_digest(out) == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".site.") and p.name != ".site.lock"]


def test_build_never_modifies_sources(minimal_project):
    sources = {p: p.read_bytes() for p in minimal_project.rglob("*") if p.is_file()}
    pipeline.build(minimal_project, minimal_project / "site")
    assert all(p.read_bytes() == b for p, b in sources.items())


def _section(html: str, anchor: str) -> str:
    start = html.find(f'id="{anchor}"')
    return "" if start < 0 else visible_text(html[start: html.find("<h2", start + 10) if "<h2" in html[start + 10:] else None])


def test_who_acts_is_named_or_our_reading_never_empty(site, document):
    """No article says 谁来做（无）: the notice's named bodies, or whom its sentences address as we read
    them (marked 本手册的理解), or no such row at all."""
    project, _ = pipeline.checked_project(REPO)
    coverage = project.coverage_for(DOC)
    named = {a.article for a in project.annotations_for(DOC).articles if a.responsible}
    for article in document.articles:
        html = (site / "articles" / f"art-{article.number}.html").read_text(encoding="utf-8")
        who = _section(html, "responsible")
        addressed = [c for c in coverage.sentences if c.sentence.startswith(f"{article.anchor}.") and c.addresses]
        assert "（无）" not in who, article.number
        if article.number in named:
            assert "本手册的理解" not in who
        elif addressed:
            assert who.count("本手册的理解") >= 1 and all("、".join(c.addresses) in who for c in addressed), article.number
        else:
            assert who == "", article.number


def test_unit_type_pages_list_titles_and_what_they_ask(site, document):
    from generator.projection import public_projection

    project = public_projection(pipeline.checked_project(REPO)[0])  # what the public site is made from
    html = (site / "unit-types" / "village.html").read_text(encoding="utf-8")
    text = visible_text(html)
    village_rules = [r for r in project.rules_for(DOC).rules if "村" in r.unit_types]
    for number in sorted({r.article for r in village_rules}):
        title = f"第{number}条 {document.article(number).lead.text.rstrip('。')}"
        assert title in text, title
    assert all(r.duty in text for r in village_rules)  # what each asks of a village, our summary marked as such
    assert text.count("概括") >= len({r.duty for r in village_rules})
    assert "../articles/art-17.html#art-17.s2" in html  # each requirement cites its sentence


def test_overview_pages_are_rewritten_alone_without_mkdocs(minimal_project, monkeypatch):
    """The units index and dashboards depend on unit data only: after a change in the data they are
    written again from the project, in the frame the last build left, and mkdocs never runs."""
    import generator.render.site as site_module
    from generator.render.overview import write_overview
    from generator.views.dashboards import overview

    pipeline.build(minimal_project)
    out = minimal_project / "site"
    before = (out / "dashboards" / "counties" / "county-a.html").read_text(encoding="utf-8")
    units = minimal_project / "data" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("funds: {2012: 6.5}", "funds: {2012: 4.5}"), encoding="utf-8")
    monkeypatch.setattr(site_module, "_run_mkdocs", lambda *a, **k: pytest.fail("mkdocs ran"))
    project, _ = pipeline.checked_project(minimal_project)
    written = write_overview(overview(project, "demo-1"), out)
    after = (out / "dashboards" / "counties" / "county-a.html").read_text(encoding="utf-8")
    assert "6.5万元" in before and "4.5万元" in after and "未达到目标" in after
    assert {p.relative_to(out).as_posix() for p in written} >= {"units.html", "dashboards/city.html", "dashboards/counties/county-a.html"}
    assert after.count("<header class=\"md-header") == 1 and "../../units/_nav.js" in after  # the frame, its links from two folders down
    assert 'href="../../index.html"' in after or 'href="../../."' in after
