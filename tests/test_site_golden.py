"""Golden pages for the minimal fixture project.

These are what the templates produce before mkdocs (Markdown) or before the
site's frame (the units index and dashboards, written without mkdocs); a
change to a template or a view shows up here as a reviewable diff.
Regenerate with --regen-golden.
"""

from __future__ import annotations

import pytest

from conftest import MINIMAL, TESTS, check_golden
from generator import pipeline
from generator.render.site import write_pages
from generator.views.site import site_views

GOLDEN = TESTS / "golden" / "minimal-site"


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    project, _ = pipeline.checked_project(MINIMAL)
    out = tmp_path_factory.mktemp("pages")
    written = write_pages(project, site_views(project, "demo-1"), out)
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in written}


def test_page_set_is_stable(pages, regen):
    check_golden(GOLDEN / "_pages.txt", "\n".join(sorted(pages)) + "\n", regen)


@pytest.mark.parametrize("name", ["index.md", "notice.md", "articles/art-1.md", "articles/art-3.md", "glossary.md",
                                  "indicators.md", "calendar.md", "unit-types/village.md", "bodies.md",
                                  "downloads/calendar.ics", "downloads/demo-1.txt"])
def test_page_matches_golden(pages, name, regen):
    golden = GOLDEN / name
    golden.parent.mkdir(parents=True, exist_ok=True)
    check_golden(golden, pages[name], regen)


@pytest.fixture(scope="module")
def overview_pages():
    """The pages written without mkdocs (units index, dashboards): their content before the frame."""
    from generator.render.overview import overview_pages
    from generator.views.dashboards import overview

    project, _ = pipeline.checked_project(MINIMAL)
    return {path: content for path, _, content in overview_pages(overview(project, "demo-1"))}


@pytest.mark.parametrize("name", ["units.html", "dashboards/city.html", "dashboards/counties/county-a.html"])
def test_overview_page_matches_golden(overview_pages, name, regen):
    golden = GOLDEN / name
    golden.parent.mkdir(parents=True, exist_ok=True)
    check_golden(golden, overview_pages[name], regen)


def test_article_page_keeps_sentences_verbatim_and_anchored(pages):
    page = pages["articles/art-1.md"]
    assert '<span class="hb-s" id="art-1.s2">全市村级运转经费提高到6万元以上;</span>' in page
    assert "常委" not in page and "示委〔2012〕1号《示例意见》第1条" in page
