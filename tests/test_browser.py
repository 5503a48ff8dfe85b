"""The handbook site in a real headless browser (Debian's chromium via Playwright):
served from 127.0.0.1 and opened from a file:// copy, searched in Chinese,
followed from article to term to article, with every network request recorded."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

from conftest import TESTS
from generator.serve import make_server

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = TESTS / "_artifacts" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]
# query → the article page that must be among the first three pages found
SEARCHES = {
    "四议两公开": "art-24.html",
    "第一书记": "art-9.html",
    "养老保险": "art-18.html",
    "村干部的工资": "art-17.html",
}


@pytest.fixture(scope="module")
def built_site(repo_site) -> Path:
    return repo_site


@pytest.fixture(scope="module")
def served(built_site):
    server = make_server(built_site, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def usb_copy(built_site, tmp_path_factory) -> str:
    """The site copied to a folder with a Chinese name, as on a USB stick."""
    target = tmp_path_factory.mktemp("usb") / "党建工作手册"
    shutil.copytree(built_site, target)
    return target.as_uri() + "/"


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), "需要 Debian 的 chromium：请用 scripts/test.sh 运行测试（会自动安装）"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


class Session:
    """One browser context that remembers every request it made."""

    def __init__(self, browser, base: str) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        self.requests: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.page = self.context.new_page()

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")

    def search(self, query: str) -> list[str]:
        """Type into the site's search box; the pages of the hits, in order."""
        hrefs = self.search_hits(query)
        pages: list[str] = []
        for href in hrefs:
            name = href.split("?")[0].split("#")[0].rsplit("/", 1)[-1]
            if name not in pages:
                pages.append(name)
        return pages

    def search_hits(self, query: str, selector: str = ".hb-hit__link") -> list[str]:
        """Type into the site's search box; the links of the hits (after the first answer)."""
        page = self.page
        box = page.locator(".hb-search__input").first
        if not box.is_visible():
            page.click(".hb-search__open")  # phones: the box opens full screen
        box.click()
        box.fill(query)
        page.wait_for_function("q => { const l = document.querySelector('.hb-search__list');"
                               " return l && l.getAttribute('data-query') === q; }", arg=query, timeout=10_000)
        return page.eval_on_selector_all(f".hb-search__list {selector}", "els => els.map(e => e.href)")

    def outside_requests(self) -> list[str]:
        local = ("data:", "blob:", "about:", self.base)
        return [url for url in self.requests if not url.startswith(local)]

    def close(self) -> None:
        self.context.close()


@pytest.fixture(params=["served", "file"])
def session(request, browser, served, usb_copy):
    base = served if request.param == "served" else usb_copy
    s = Session(browser, base)
    s.how = request.param  # "served" or "file": screenshots are named by it
    yield s
    s.close()
    assert s.outside_requests() == [], "requests left the site"


@pytest.mark.parametrize("query, expected", SEARCHES.items())
def test_search_finds_the_article(session, query, expected):
    session.open("index.html")
    found = session.search(query)
    assert expected in found[:3], f"{query}: {found[:8]}"


def test_article_term_article_path(session):
    page = session.page
    session.open("articles/art-6.html")
    page.click("#art-6\\.s2 a.hb-term:has-text('分类定级')")
    page.wait_for_url("**/glossary.html#fen-lei-ding-ji")
    entry = page.locator("h2#fen-lei-ding-ji")
    assert entry.is_visible()
    # the entry lists where the term is used; follow it to article 7
    page.locator("a[href$='art-7.html#art-7.s2']").first.click()
    page.wait_for_url("**/articles/art-7.html#art-7.s2")
    assert page.locator("[id='art-7.s2']").inner_text().startswith("全市基层党组织按")
    assert page.title().startswith("第7条")


def test_term_tooltip_explains_on_hover(session):
    session.open("articles/art-24.html")
    link = session.page.locator("a.hb-term:has-text('四议两公开')").first
    assert "村" in (link.get_attribute("title") or "")


def test_screenshots_for_review(browser, served):
    SHOTS.mkdir(parents=True, exist_ok=True)
    s = Session(browser, served)
    s.open("index.html")
    s.page.screenshot(path=str(SHOTS / "home.png"))
    s.open("articles/art-9.html")
    s.page.screenshot(path=str(SHOTS / "article-9.png"))
    s.open("index.html")
    s.search("四议两公开")
    s.page.screenshot(path=str(SHOTS / "search-si-yi-liang-gong-kai.png"))
    s.close()
    assert all((SHOTS / name).stat().st_size > 10_000 for name in ("home.png", "article-9.png", "search-si-yi-liang-gong-kai.png"))
    assert s.outside_requests() == []


def test_unit_page_links_to_its_sentence(session):
    page = session.page
    session.open("units/sample-jinshi-v-lianhe.html")
    assert page.title().startswith("示例联合村")
    item = page.locator("li#village-develop-member")
    assert "今年至少发展一名党员" in item.inner_text()
    item.locator("blockquote a").click()
    page.wait_for_url("**/articles/art-11.html#art-11.s6")
    assert "连续两年以上未发展党员的村" in page.locator("[id='art-11.s6']").inner_text()


def test_dashboard_chart_renders(session):
    session.open("dashboards/counties/jinshi.html")
    chart = session.page.locator("figure.hb-chart").first
    assert chart.is_visible()
    assert "晋位升级率" in chart.text_content()
    assert session.page.locator(".hb-bar__fill").first.bounding_box()["width"] > 0  # bars are drawn


@pytest.fixture(scope="module")
def served_with_api(repo_site, tmp_path_factory):
    from conftest import REPO
    from generator import pipeline

    project, _ = pipeline.checked_project(REPO)
    folder = tmp_path_factory.mktemp("browser-index") / "index"
    pipeline.update_search_index(project, folder)
    server = make_server(repo_site, 0, folder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_advanced_search_page_uses_the_service(browser, served_with_api):
    s = Session(browser, served_with_api)
    s.open("search.html")
    s.page.fill("#hb-q", "村支书工资怎么定")
    s.page.select_option("#hb-kind", "article")
    s.page.click("#hb-search button")
    s.page.wait_for_selector(".hb-hit")
    first = s.page.locator(".hb-hit a").first
    assert first.get_attribute("href").endswith("/articles/art-17.html#art-17.s2")
    assert s.page.locator(".hb-hit mark").count() > 0
    assert "由手册服务检索" in s.page.inner_text("#hb-search-status")
    SHOTS.mkdir(parents=True, exist_ok=True)
    s.page.screenshot(path=str(SHOTS / "advanced-search.png"))
    s.close()
    assert s.outside_requests() == []


def test_advanced_search_works_from_file_with_filters(browser, usb_copy):
    s = Session(browser, usb_copy)
    page = s.page
    s.open("search.html")
    page.fill("#hb-q", "经费")
    page.select_option("#hb-kind", "term")
    page.click("#hb-search button")
    page.wait_for_selector(".hb-hit")
    assert {c.split()[-1] for c in page.eval_on_selector_all(".hb-hit", "els => els.map(e => e.className)")} == {"hb-hit--term"}
    page.select_option("#hb-kind", "article")
    page.select_option("#hb-section", "六、保障激励")
    page.wait_for_function("() => document.querySelector('.hb-hit') && document.querySelector('.hb-hit').className.includes('article')")
    hrefs = page.eval_on_selector_all(".hb-hit a", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs and all(any(f"art-{n}.html#" in h for n in range(16, 24)) for h in hrefs), hrefs
    assert "找到" in page.inner_text("#hb-search-status") and "手册服务" not in page.inner_text("#hb-search-status")
    s.close()
    assert s.outside_requests() == []


def test_quiz_draws_fresh_sets_scores_by_type_and_links_each_explanation(browser, usb_copy):
    s = Session(browser, usb_copy)
    page = s.page
    s.open("training/quiz.html")
    items = {i["id"]: i for i in json.loads(page.inner_text("#hb-quiz-data"))}
    page.select_option("#hb-quiz-role", "村")
    page.select_option("#hb-quiz-count", "10")
    page.click("#hb-quiz-start")

    def drawn() -> list[str]:
        return [li.get_attribute("data-id") for li in page.locator(".hb-quiz-item").all()]

    draws = [drawn()]
    for _ in range(3):
        page.click("#hb-quiz-again")
        draws.append(drawn())
    village = [i for i in items.values() if "村" in i["roles"]]
    assert all(len(d) == 10 and {items[x]["id"] for x in d} <= {i["id"] for i in village} for d in draws)
    assert len({tuple(d) for d in draws}) == 4  # a fresh random set each time (4 equal draws of 10 from 40+: never)

    page.select_option("#hb-quiz-count", "0")
    page.click("#hb-quiz-start")
    ids = drawn()
    fill = next(k for k, x in enumerate(ids) if items[x]["type"] == "fill")
    box = page.locator(f'input[name="q{fill}"]')
    size = box.bounding_box()
    assert size["width"] > 150 and size["height"] > 20
    assert box.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"  # a visible box, not a bare line
    first = items[ids[0]]
    if first["type"] == "fill":
        page.fill('input[name="q0"]', first["answer"])
    else:
        for answer in first["answers"] or [first["answer"]]:
            page.check(f'input[name="q0"][value="{answer}"]')
    page.click("#hb-quiz-submit")
    results = page.locator(".hb-quiz-result")
    assert results.nth(0).inner_text().startswith("✓ 正确") and results.nth(1).inner_text().startswith("未作答")
    score = page.inner_text("#hb-quiz-score")
    kinds = {items[x]["type"] for x in ids}
    assert score.startswith(f"得分：1 / {len(ids)}")
    for kind, name in (("choice", "单选题"), ("multi", "多选题"), ("judge", "判断题"), ("fill", "填空题")):
        assert (name in score) == (kind in kinds), name
    for k in (0, 1, len(ids) - 1):
        link = results.nth(k).locator(".hb-quiz-explanation a.hb-quiz-source")
        item = items[ids[k]]
        assert link.get_attribute("href").endswith(f"#{item['sentence']}")
        assert link.inner_text().startswith("原文：第")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator(".hb-quiz-item").nth(fill).screenshot(path=str(SHOTS / "quiz-fill-phone.png"))
    results.nth(0).locator("a.hb-quiz-source").click()
    page.wait_for_url("**/" + first["url"].removeprefix("../"))
    assert page.locator(f'[id="{first["sentence"]}"]').count() == 1
    s.close()
    assert s.outside_requests() == []
