"""The site as its users walk it, in real headless Chromium at a desktop (1366×900) and a
phone (390×844) size: a new village secretary from the home page to the village course,
to article 17 and to his own village's page; the organization department from the home
page to a county's dashboard. Every step asserts what the reader sees (the menu, titles,
readable sizes, contrast computed from the page's colours, tap targets, no sideways
scrolling; see readability.py) and leaves a screenshot in tests/_artifacts/screenshots/journeys/.
"""

from __future__ import annotations

import pytest

from conftest import REPO
from generator import pipeline
from generator.compute.indicators import indicators
from generator.views.dashboards import goal_text, value_text
from generator.views.policy import annotations_or_empty, article_title
from readability import MIN_CONTRAST, contrast, measure, problems
from test_browser import SHOTS, browser, built_site, served  # noqa: F401 (fixtures)

JOURNEYS = SHOTS / "journeys"
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
DOC = "changde-2012-5"
MENU = ("首页", "通知全文", "逐条详解", "单位清单与看板", "培训", "术语", "下载")  # what leads anywhere
VILLAGE, COUNTY = "示例联合村", "jinshi"


@pytest.fixture(scope="module")
def project():
    from generator.projection import public_projection

    found, _ = pipeline.checked_project(REPO)
    return public_projection(found)


class Walk:
    """One reader in one browser context: every step is measured and photographed."""

    def __init__(self, browser, base: str, size: str, who: str) -> None:
        phone = size == "phone"
        self.base, self.size, self.who, self.phone, self.step = base, size, who, phone, 0
        self.context = browser.new_context(viewport=SIZES[size], locale="zh-CN", is_mobile=phone, has_touch=phone)
        self.requests: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.page = self.context.new_page()

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")

    def arrived(self, path: str, name: str) -> None:
        """The page `path` is open: it reads well, and its picture is taken."""
        self.page.wait_for_url(f"**/{path}*")
        self.page.wait_for_load_state("load")
        self.page.wait_for_timeout(150)  # the theme's script settles the sidebar
        self.step += 1
        shot = JOURNEYS / f"{self.who}-{self.step}-{name}-{self.size}"
        JOURNEYS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=f"{shot}.png")
        self.page.screenshot(path=f"{shot}-full.png", full_page=True)
        reading = measure(self.page)
        assert problems(reading, self.phone) == {}, f"{path} ({self.size})"
        self.colours(reading)

    def colours(self, reading) -> None:
        """The main elements' computed colours, held to 4.5:1 by name: the header bar, the page's text, its links."""
        assert reading.ratio_of(r"md-header__topic|md-ellipsis") >= MIN_CONTRAST
        header = self.page.evaluate("""() => [getComputedStyle(document.querySelector('.md-header')).backgroundColor,
                                             getComputedStyle(document.querySelector('.md-header')).color]""")
        assert contrast(_rgb(header[1]), _rgb(header[0])) >= MIN_CONTRAST, header  # white on the red bar
        link = self.page.evaluate("""() => { const a = document.querySelector('article.md-content__inner a[href]:not(.md-button)');
                                             return a && getComputedStyle(a).color; }""")
        if link:
            assert contrast(_rgb(link), (255, 255, 255)) >= MIN_CONTRAST, link
        body = self.page.evaluate("() => getComputedStyle(document.querySelector('article.md-content__inner')).color")
        assert contrast(_rgb(body), (255, 255, 255)) >= MIN_CONTRAST, body

    def menu_is_there(self, whole: bool) -> None:
        """Desktop: the menu is on the page; with `whole`, every main entry on screen and uncovered
        (elsewhere the theme scrolls the menu to centre the reader's page, which must be uncovered).
        Phone: one tap away (deeper pages open it at their own branch, as the theme does)."""
        page = self.page
        if self.phone:
            page.click("label.md-header__button[for='__drawer']")
            page.wait_for_timeout(400)
        items = ".md-sidebar--primary .md-nav--primary > .md-nav__list > .md-nav__item"
        shown = {t.strip() for t in page.locator(f"{items} > :is(a, label, div)").all_inner_texts()}
        assert set(MENU) <= shown, shown
        entries = [page.locator(f"{items} > :is(a, label, div)", has_text=text).filter(visible=True).first for text in MENU] if whole else []
        entries += page.locator(".md-sidebar--primary a.md-nav__link--active").all() if not self.phone else []
        for entry in entries:
            assert entry.evaluate(UNCOVERED), entry.inner_text()
        if self.phone:  # a tap on the dimmed page beside the menu closes it
            page.touchscreen.tap(SIZES[self.size]["width"] - 20, SIZES[self.size]["height"] // 2)
            page.wait_for_timeout(400)
            assert not page.evaluate("document.getElementById('__drawer').checked")

    def go_home(self, steps: int) -> None:
        """Back to the home page as a reader goes: the menu's 首页 at a desk, the back button on a phone."""
        if self.phone:
            for _ in range(steps):
                self.page.go_back()
        else:
            self.page.locator(".md-sidebar--primary .md-nav--primary > .md-nav__list > .md-nav__item > a", has_text="首页").click()

    def close(self) -> None:
        self.context.close()
        outside = [u for u in self.requests if not u.startswith((self.base, "data:", "blob:", "about:"))]
        assert outside == [], "requests left the site"


# the element is on screen and is what a click at its centre reaches (not under a sticky title, not scrolled away)
UNCOVERED = """e => { const r = e.getBoundingClientRect(); const x = r.left + r.width / 2, y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
  const hit = document.elementFromPoint(x, y); return !!hit && (e.contains(hit) || hit.contains(e)); }"""


def heading(page) -> str:
    """The page's title as read (without the theme's ¶ permalink, which shows on hover)."""
    return page.locator("article h1").inner_text().rstrip("¶").strip()


def _rgb(css: str) -> tuple[float, float, float]:
    parts = css[css.index("(") + 1: css.index(")")].replace("/", " ").replace(",", " ").split()
    return tuple(float(p) for p in parts[:3])


@pytest.mark.parametrize("size", SIZES)
def test_new_village_secretary_finds_course_article_17_and_his_village(browser, served, project, size):
    doc = project.document(DOC)
    module = next(m for c in project.courses for m in c.modules if m.role == "村")
    art17 = f"第17条 {article_title(doc.article(17))}"
    walk = Walk(browser, served, size, "village")
    page = walk.page

    walk.open("index.html")
    walk.arrived("index.html", "home")
    walk.menu_is_there(whole=True)
    path = page.locator("#role-village")
    assert path.locator("h3").inner_text() == "新任村党组织书记"
    course = path.locator("a.hb-path__link", has_text=module.title)
    assert course.is_visible() and course.inner_text() == f"课程：{module.title}"
    assert path.locator("a.hb-path__link", has_text=art17).is_visible()  # article 17 by its title, on the first screen of the path
    assert path.locator(".hb-find input").get_attribute("placeholder").startswith("输入本村名称")

    course.click()
    walk.arrived("training/village.html", "course")
    assert heading(page) == module.title
    listed = page.locator("#articles ~ ul a", has_text=art17)
    assert listed.is_visible()

    listed.click()
    walk.arrived("articles/art-17.html", "article-17")
    assert heading(page).startswith(art17)
    assert page.locator("[id='art-17.s1']").inner_text() == doc.article(17).lead.text
    assert "谁来做（无）" not in page.locator("article").inner_text()

    walk.go_home(steps=2)
    page.wait_for_url("**/index.html*")
    box = page.locator("#role-village .hb-find")
    box.locator("input").click()
    box.locator("input").fill("联合村")
    page.wait_for_function("() => { const l = document.querySelector('#role-village .hb-search__list');"
                           " return l && l.getAttribute('data-query') === '联合村' && l.querySelector('a'); }", timeout=10_000)
    hits = box.locator(".hb-hit__title").all_inner_texts()
    assert VILLAGE in hits and all(k in h for h in hits for k in ("联合",)), hits  # units only, by name
    box.locator(".hb-hit a", has_text=VILLAGE).click()
    walk.arrived("units/sample-jinshi-v-lianhe.html", "village-page")
    assert heading(page).startswith(VILLAGE)
    assert page.locator("#_first").is_visible() and "先办" in page.locator("#_first").inner_text()
    walk.close()


@pytest.mark.parametrize("size", SIZES)
def test_organization_department_reaches_a_county_dashboard(browser, served, project, size):
    county = project.units_by_id[COUNTY]
    year = project.rules_for(DOC).reference_year
    members = [u for u in project.units if u.county == COUNTY]
    ann = annotations_or_empty(project, project.document(DOC))
    expected = indicators(members, year, ann, False, project.vocabulary.rated_types())
    walk = Walk(browser, served, size, "department")
    page = walk.page

    walk.open("index.html")
    walk.arrived("index.html", "home")
    role = page.locator("#role-department")
    assert role.locator("h3").inner_text() == "组织部门"
    role.locator(".u-chips a", has_text=county.name).click()

    walk.arrived(f"dashboards/counties/{COUNTY}.html", "county-dashboard")
    walk.menu_is_there(whole=False)
    assert heading(page) == f"{county.name}指标看板"
    if not walk.phone:  # the frame's menu marks where the reader is
        assert page.locator(".md-nav--primary a.md-nav__link--active").inner_text().strip() == county.name
    bars = page.locator("li.hb-bar")
    assert bars.count() == len(expected)
    for n, indicator in enumerate(expected):
        bar = bars.nth(n)
        label = bar.locator(".hb-bar__label")
        assert label.inner_text() == indicator.label  # the full label ...
        assert label.evaluate("e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight + 1")  # ... none of it cut
        value = bar.locator(".hb-bar__value b").inner_text()
        assert value == value_text(indicator)
        if indicator.value is None:  # not collected: said so, never a 0 and never "否"
            assert not value.startswith("0") and bar.get_attribute("class").endswith("hb-bar--nodata")
        if indicator.target is not None and not isinstance(indicator.target.value, list):
            goal = bar.locator(".hb-bar__goal > span")
            assert goal.is_visible() and goal.inner_text() == f"目标：{goal_text(indicator)}"  # the target value, on the chart
    # a legend entry, in the same colour, for every colour a bar has
    fills = set(page.eval_on_selector_all("li.hb-bar", "els => els.map(e => e.className.match(/hb-bar--\\w+/)[0])"))
    legend = set(page.eval_on_selector_all(".hb-legend .hb-swatch[class*='hb-bar--']",
                                           "els => els.map(e => e.className.match(/hb-bar--\\w+/)[0])"))
    assert fills <= legend, fills - legend
    for state in fills - {"hb-bar--nodata"}:
        drawn = set(page.eval_on_selector_all(f"li.{state} .hb-bar__fill", "els => els.map(e => getComputedStyle(e).backgroundColor)"))
        swatch = page.eval_on_selector(f".hb-legend .hb-swatch.{state}", "e => getComputedStyle(e).backgroundColor")
        assert drawn <= {swatch}, state  # (a bar at 0 draws nothing)
    # each chart is also a table with the same rows
    for figure in page.locator("figure.hb-chart").all():
        labels = figure.locator(".hb-bar__label").all_inner_texts()
        table = figure.locator("xpath=following-sibling::table[1]")
        assert table.locator("tbody th").all_inner_texts() == labels
    walk.close()


PHONE_PAGES = {
    "unit-page": "units/sample-jinshi-v-lianhe.html",
    "enterprise-page": "units/sample-jinshi-fg-fangzhi.html",
    "notice": "notice.html",
    "checklist": f"counties/{COUNTY}.html",
    "city-dashboard": "dashboards/city.html",
    "units-index": "units.html",
    "self-test": "training/quiz.html",
    "unit-types": "unit-types/village.html",
}


@pytest.mark.parametrize("name", PHONE_PAGES)
def test_secretaries_pages_read_well_on_a_phone(browser, served, name):
    """390 px: no sideways scrolling, no text under 12 px, every tap target 40 px, contrast 4.5:1."""
    walk = Walk(browser, served, "phone", "phone")
    walk.open(PHONE_PAGES[name])
    if name == "self-test":
        walk.page.select_option("#hb-quiz-count", "0")
        walk.page.click("#hb-quiz-start")  # every kind of question on the page
        walk.page.click("#hb-quiz-submit")  # and every kind of result
    if name == "unit-page":
        walk.page.locator("details.u-why summary").first.click()
    walk.arrived(PHONE_PAGES[name], name)
    walk.close()
