"""Unit pages in a real headless browser: the site's own frame (header, search,
menu), 先办 first, 为什么 on every item, no internal ids; served and from a
file:// copy. Screenshots go to tests/_artifacts/screenshots/."""

from __future__ import annotations

import pytest

from conftest import REPO
from test_browser import SHOTS, Session, browser, built_site, served, session, usb_copy  # noqa: F401 - fixtures
from generator import pipeline

POOR_VILLAGE = "units/sample-jinshi-v-lianhe.html"


@pytest.fixture(scope="module")
def internal_ids() -> list[str]:
    project, _ = pipeline.checked_project(REPO)
    return [r.id for rs in project.rule_sets for r in rs.rules] + [u.id for u in project.units]


def test_poor_village_opens_with_first_and_explains_every_item(session, internal_ids):
    page = session.page
    session.open(POOR_VILLAGE)
    assert page.title().startswith("示例联合村")
    assert page.locator("header.md-header").is_visible()
    assert page.locator(".md-nav--primary a:has-text('通知全文')").count() >= 1  # the handbook's menu
    content = page.locator("article.md-content__inner")
    first = content.locator("#_first")
    assert first.is_visible() and "先办" in first.inner_text()
    assert first.bounding_box()["y"] < content.locator("li.u-item").first.bounding_box()["y"]
    listed = first.inner_text()
    for urgent in ("“较差”类年底晋位升级", "村级组织活动场所", "村运转保障经费"):
        assert urgent in listed, urgent
    # the secretary's appraisal is personal data: the public page neither shows it nor decides by it
    assert "调整不胜任的书记" not in content.inner_text() and "不称职" not in content.inner_text()
    items = content.locator("li.u-item")
    assert items.count() >= 20 and content.locator("li.u-item details.u-why").count() == items.count()
    venue = page.locator("li#village-venue details.u-why")
    venue.locator("summary").click()
    why = venue.inner_text()
    assert "活动场所状况" in why and "sample-units.yaml 第" in why and "data/" not in why and "满足" in why  # the file, not a folder
    body = page.locator("body").inner_text()
    shown = [i for i in internal_ids if i in body]
    assert shown == []


def test_search_box_works_on_a_unit_page(session):
    """The handbook's own search box, its hits linking back up from units/ (articles and unit names)."""
    session.open(POOR_VILLAGE)
    found = session.search("四议两公开")
    assert "art-24.html" in found[:3], found[:8]
    hrefs = session.search_hits("示例新河村", ".hb-hit a")
    assert any(h.endswith("/units/sample-jinshi-v-xinhe.html") for h in hrefs), hrefs[:5]
    assert not any("/units/articles/" in h or "/units/units/" in h for h in hrefs)


def test_unit_page_screenshots_for_review(browser, served):
    SHOTS.mkdir(parents=True, exist_ok=True)
    s = Session(browser, served)
    s.open(POOR_VILLAGE)
    s.page.screenshot(path=str(SHOTS / "unit-poor-village.png"))
    s.page.locator("li#village-venue details.u-why summary").click()
    s.page.locator("li#village-venue").screenshot(path=str(SHOTS / "unit-item-why.png"))
    s.open("counties/jinshi.html")
    s.page.screenshot(path=str(SHOTS / "unit-county-list.png"))
    s.open("coverage.html")
    s.page.screenshot(path=str(SHOTS / "coverage.png"))
    s.close()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN")
    p = phone.new_page()
    p.goto(served + POOR_VILLAGE)
    p.wait_for_load_state("load")
    p.screenshot(path=str(SHOTS / "unit-poor-village-phone.png"))
    p.click("label.md-header__button[for='__drawer']")
    p.wait_for_timeout(400)
    assert p.locator(".md-nav--primary a:has-text('通知全文')").first.is_visible()
    p.screenshot(path=str(SHOTS / "unit-menu-phone.png"))
    phone.close()
    assert s.outside_requests() == []
    assert all((SHOTS / n).stat().st_size > 10_000 for n in ("unit-poor-village.png", "unit-item-why.png", "coverage.png"))
