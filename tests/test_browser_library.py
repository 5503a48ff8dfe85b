"""The 文件库 in real headless Chromium, served and from a file:// copy: the library page
from the home page, a provision's permanent link on the 党章, its citation copied, the
status notice of a replaced text, and each page read at desktop and phone sizes (text
sizes, contrast, tap targets, no sideways scrolling: readability.py). Screenshots go to
tests/_artifacts/screenshots/library/."""

from __future__ import annotations

import pytest

from readability import page_problems
from test_browser import SHOTS, Session, browser, built_site, served, session, usb_copy  # noqa: F401 (fixtures)

LIBRARY_SHOTS = SHOTS / "library"
TEXT = "library/dangzhang-2017/text.html"
CITATION = "《中国共产党章程》第三十二条第（六）项"


def shot(session, name: str) -> None:
    LIBRARY_SHOTS.mkdir(parents=True, exist_ok=True)
    session.page.screenshot(path=str(LIBRARY_SHOTS / f"{name}-{session.how}.png"))


def test_from_the_home_page_to_the_library_and_the_dangzhang(session):
    page = session.page
    session.open("index.html")
    page.click("text=全部文件及其效力状态")
    page.wait_for_url("**/library.html")
    row = page.locator("#doc-dangzhang-2017")
    assert "已修订" in row.inner_text() and "未收录" in row.inner_text()
    notice_row = page.locator("#doc-changde-2012-5")
    assert "常委〔2012〕5号" in notice_row.inner_text()
    shot(session, "library")
    row.locator("a").first.click()
    page.wait_for_url("**/library/dangzhang-2017/index.html")
    status = page.locator(".hb-status")
    box = status.bounding_box()
    assert status.is_visible() and box["y"] < 400  # at the top, on the first screen
    assert "本站未收录修订后的文本" in status.inner_text()
    shot(session, "contents")
    page.click(".hb-contents a[href='text.html#art-32']")
    page.wait_for_url("**/text.html#art-32")
    assert page.locator("#art-32").is_visible()
    assert "已修订" in page.locator(".md-header").inner_text()  # the bar says it even far down the text


def test_a_provision_permalink_opens_on_the_provision_and_marks_it(session):
    page = session.page
    session.open(f"{TEXT}#art-32.p1.i6")
    item = page.locator("#art-32\\.p1\\.i6")
    item.wait_for()
    box = item.bounding_box()
    assert 0 <= box["y"] < 300, box  # scrolled to, below the header
    background = item.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(255, 243, 196)"  # :target
    assert item.locator(".hb-v").inner_text().startswith("（六）对要求入党的积极分子进行教育和培养")
    permalink = item.locator(".hb-permalink")
    assert permalink.get_attribute("href") == "#art-32.p1.i6"
    shot(session, "permalink")


def test_the_citation_is_copied(session):
    session.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = session.page
    session.open(f"{TEXT}#art-32.p1.i6")
    button = page.locator("#art-32\\.p1\\.i6 .hb-cite")
    assert button.inner_text() == "引用本项"
    button.click()
    page.wait_for_function("() => document.querySelector('.hb-cite-status').textContent.includes('已复制')")
    assert page.locator(".hb-cite-status").inner_text() == f"已复制引用：{CITATION}"
    assert page.evaluate("navigator.clipboard.readText()") == CITATION
    shot(session, "citation-copied")


def test_the_citation_is_copied_without_the_clipboard_api(browser, usb_copy):
    """Older browsers (or one that refuses the Clipboard API): a selected text area and copy."""
    s = Session(browser, usb_copy)
    try:
        s.context.grant_permissions(["clipboard-read", "clipboard-write"])
        s.context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});")
        s.open(f"{TEXT}#art-33.p2")
        s.page.click("#art-33\\.p2 .hb-cite")
        s.page.wait_for_function("() => document.querySelector('.hb-cite-status').textContent !== ''")
        assert s.page.locator(".hb-cite-status").inner_text() == "已复制引用：《中国共产党章程》第三十三条第二款"
    finally:
        s.close()


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("path", ["library.html", "library/dangzhang-2017/index.html", f"{TEXT}#art-32", "library/dangzhang-2017/print.html"])
def test_library_pages_read_well(browser, built_site, size, path):
    shot = LIBRARY_SHOTS / f"{path.replace('/', '_').replace('#', '@')}-{size}.png"
    assert page_problems(browser, built_site.as_uri() + "/" + path, size, shot) == {}


def test_the_search_box_finds_the_dangzhang_and_names_it(session):
    page = session.page
    session.open("index.html")
    hrefs = session.search_hits("党员享有哪些权利")
    first = next(h for h in hrefs if "/library/" in h)
    assert first.endswith("/library/dangzhang-2017/text.html#art-4.p1.s1")
    hit = page.locator(".hb-search__list .hb-hit", has=page.locator(f"a[href$='#art-4.p1.s1']"))
    assert hit.locator(".hb-hit__doc").inner_text() == "出自中国共产党章程（2017年版，已修订）"
    assert hit.locator(".hb-hit__cite").inner_text() == "《中国共产党章程》第四条第一款"
    notice_hit = page.locator(".hb-search__list .hb-hit", has=page.locator("a[href*='/articles/']")).first
    assert notice_hit.locator(".hb-hit__doc").count() == 0  # its citation names it: 常委〔2012〕5号第…
    page.wait_for_timeout(300)
    shot(session, "search-box")
    hit.locator("a").click()
    page.wait_for_url("**/library/dangzhang-2017/text.html#art-4.p1.s1")
    assert page.locator("[id='art-4.p1.s1']").evaluate("el => el.matches(':target')")


def test_advanced_search_filters_by_document(session):
    """From file:// the browser's index answers; served, /api/search does (doc=…)."""
    page = session.page
    session.open("search.html")
    options = page.eval_on_selector_all("#hb-doc option", "els => els.map(e => [e.value, e.textContent])")
    assert options == [["", "全部文件"], ["changde-2012-5", "常委〔2012〕5号"], ["dangzhang-2017", "中国共产党章程（2017年版，已修订）"]]
    page.fill("#hb-q", "党员 权利")
    page.select_option("#hb-doc", "dangzhang-2017")
    page.click("#hb-search button[type=submit]")
    page.wait_for_function("() => document.querySelector('#hb-search-status').textContent.startsWith('找到')")
    links = page.eval_on_selector_all("#hb-search-results .hb-hit__link", "els => els.map(e => e.href)")
    # the 党章's provisions, and the glossary's terms only the 党章 uses (预备党员…)
    assert links and all("/library/dangzhang-2017/text.html#" in h or "/glossary.html#" in h for h in links)
    assert any("/library/dangzhang-2017/text.html#" in h for h in links[:3])
    assert set(page.locator("#hb-search-results .hb-hit__doc").all_inner_texts()) == {"出自中国共产党章程（2017年版，已修订）"}
    if session.how == "served":
        assert "由手册服务检索" in page.inner_text("#hb-search-status")
    shot(session, "advanced-search-dangzhang")
    page.select_option("#hb-doc", "changde-2012-5")
    page.wait_for_function("() => [...document.querySelectorAll('#hb-search-results .hb-hit__link')].every(a => !a.href.includes('/library/'))")
    links = page.eval_on_selector_all("#hb-search-results .hb-hit__link", "els => els.map(e => e.href)")
    assert links and all("/library/" not in h and "/units/" not in h and "glossary" not in h for h in links)


def test_a_cross_reference_and_its_cited_by(session):
    page = session.page
    session.open(f"{TEXT}#art-36")
    xref = page.locator("#art-36 a.hb-xref")
    assert xref.inner_text() == "本章程第三条" and xref.get_attribute("title") == "见《中国共产党章程》第三条"
    xref.click()
    page.wait_for_url("**/text.html#art-3")
    assert page.locator("#art-3").evaluate("el => el.matches(':target')")
    cited = page.locator("#art-3 > .hb-citedby")
    assert cited.inner_text() == "被以下条文引用：第三十六条"
    shot(session, "cited-by")
    cited.locator("a").click()
    page.wait_for_url("**/text.html#art-36.p1.s1")
    assert page.locator("[id='art-36.p1.s1']").evaluate("el => el.matches(':target')")
