"""The glossary of several documents in real headless Chromium, served and from a file://
copy: a term marked on the 党章's text page leads to its entry and back, the filter shows one
document's terms (and the contents follow), and the page reads well on a desktop and a phone.
Screenshots go to tests/_artifacts/screenshots/glossary/."""

from __future__ import annotations

import pytest

from conftest import REPO
from generator import pipeline
from readability import page_problems
from test_browser import SHOTS, Session, browser, built_site, served, session, usb_copy  # noqa: F401 (fixtures)

GLOSSARY_SHOTS = SHOTS / "glossary"
TEXT = "library/dangzhang-2017/text.html"


@pytest.fixture(scope="module")
def counts():
    project, _ = pipeline.checked_project(REPO)
    return {d.id: sum(1 for t in project.terms if d.id in t.documents) for d in project.documents}, len(project.terms)


def shot(session, name: str) -> None:
    GLOSSARY_SHOTS.mkdir(parents=True, exist_ok=True)
    session.page.screenshot(path=str(GLOSSARY_SHOTS / f"{name}-{session.how}.png"))


def test_a_term_on_the_dangzhang_leads_to_its_entry_and_back(session):
    page = session.page
    session.open(f"{TEXT}#art-6")
    link = page.locator("#art-6 a.hb-term", has_text="预备党员")
    assert link.get_attribute("title").startswith("支部大会通过、上级党组织批准入党")  # the explanation on hover
    link.click()
    page.wait_for_url("**/glossary.html#yu-bei-dang-yuan")
    entry = page.locator(".hb-gloss-entry", has=page.locator("h2#yu-bei-dang-yuan"))
    assert entry.is_visible()
    assert "中国共产党章程（2017年版，已修订）：" in entry.locator(".hb-uses").inner_text()
    shot(session, "entry")
    entry.locator(".hb-uses a", has_text="第七条第二款").first.click()
    page.wait_for_url("**/library/dangzhang-2017/text.html#art-7.p2.s1")
    assert page.locator("[id='art-7.p2.s1']").inner_text().startswith("预备党员的义务同正式党员一样")


def test_a_term_that_means_different_things_quotes_both_texts(session):
    page = session.page
    session.open("glossary.html#chuang-xian-zheng-you")
    senses = page.locator(".hb-gloss-entry", has=page.locator("h2#chuang-xian-zheng-you")).locator(".hb-senses--differ")
    assert senses.is_visible()
    text = senses.inner_text()
    assert text.startswith("在两份文件中的含义不同")
    assert "常委〔2012〕5号" in text and "中国共产党章程（2017年版，已修订）" in text
    assert "积极创先争优" in text and "创先争优活动先进对象" in text
    shot(session, "differ")
    senses.locator("a", has_text="第三十二条第（一）项").click()
    page.wait_for_url("**/library/dangzhang-2017/text.html#art-32.p1.i1.s1")


def test_the_filter_shows_one_documents_terms(session, counts):
    per_doc, total = counts
    page = session.page
    session.open("glossary.html")
    visible = page.locator(".hb-gloss-entry:visible")
    assert visible.count() == total
    page.click(".hb-gloss-button[data-doc='dangzhang-2017']")
    assert visible.count() == per_doc["dangzhang-2017"]
    assert page.locator("h2#min-zhu-ji-zhong-zhi").is_visible()
    assert not page.locator("h2#ji-ceng-zu-zhi-jian-she-nian").is_visible()  # the notice's only
    assert page.locator(".hb-gloss-button[data-doc='dangzhang-2017']").get_attribute("aria-pressed") == "true"
    assert page.locator(".hb-gloss-status").inner_text() == \
        f"只显示中国共产党章程（2017年版，已修订）中的 {per_doc['dangzhang-2017']} 个术语"
    toc = page.locator(".md-nav--secondary a.md-nav__link[href='#ji-ceng-zu-zhi-jian-she-nian']")
    assert toc.count() >= 1 and all(not toc.nth(i).is_visible() for i in range(toc.count()))  # the contents follow
    assert page.locator(".md-nav--secondary a.md-nav__link[href='#min-zhu-ji-zhong-zhi']:visible").count() == 1
    shot(session, "filter")
    page.click(".hb-gloss-button[data-doc='changde-2012-5']")
    assert visible.count() == per_doc["changde-2012-5"]
    page.click(".hb-gloss-button[data-doc='']")
    assert visible.count() == total
    session.open("glossary.html?doc=dangzhang-2017")  # a link can open one document's terms
    assert visible.count() == per_doc["dangzhang-2017"]


def test_without_the_script_the_terms_are_grouped_by_document(browser, built_site, counts):
    per_doc, _ = counts
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(built_site.as_uri() + "/glossary.html")
        assert not page.locator(".hb-gloss-buttons").is_visible()
        group = page.locator("details.hb-gloss-list[data-doc='dangzhang-2017']")
        group.locator("summary").click()
        assert group.locator("a").count() == per_doc["dangzhang-2017"]
        assert group.locator("a", has_text="民主集中制").get_attribute("href") == "glossary.html#min-zhu-ji-zhong-zhi"
    finally:
        context.close()


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("path", ["glossary.html", "glossary.html#chuang-xian-zheng-you", f"{TEXT}#art-7"])
def test_glossary_pages_read_well(browser, built_site, size, path):
    shot = GLOSSARY_SHOTS / f"{path.replace('/', '_').replace('#', '@')}-{size}.png"
    assert page_problems(browser, built_site.as_uri() + "/" + path, size, shot) == {}
