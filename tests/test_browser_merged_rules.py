"""A unit page whose checklist merges the notice's duties with the 党章's, in a real
headless browser, served and from a file:// copy: a 党章 item names its document,
links to its provision on the library's text page, and is marked as taken from a
replaced text (never as current). Screenshots go to tests/_artifacts/screenshots/."""

from __future__ import annotations

from test_browser import SHOTS, Session, browser, built_site, served, session, usb_copy  # noqa: F401 - fixtures

ENTERPRISE = "units/sample-jinshi-fg-fangzhi.html"  # a non-public enterprise with a party organization


def test_a_dangzhang_item_cites_its_document_and_links_to_its_provision(session):
    page = session.page
    session.open(ENTERPRISE)
    item = page.locator("li#dz-basic-task-recruit")
    text = item.inner_text()
    assert "培养入党积极分子" in text
    assert "《中国共产党章程》（2017年版）第三十二条第（六）项" in text
    assert "对要求入党的积极分子进行教育和培养" in text  # the sentence itself
    assert "已修订" in item.locator(".u-caution").inner_text()
    # the whole caution once, at the top of the page, before the items
    notes = page.locator(".u-caution-note")
    assert notes.count() == 1
    note = notes.inner_text()
    assert "已被中国共产党章程（2022年修订，党的二十大部分修改）修订" in note and "请以现行版本为准" in note
    assert notes.bounding_box()["y"] < page.locator("li.u-item").first.bounding_box()["y"]
    # the notice's items name the notice and keep their article pages
    assert "常委〔2012〕5号第2条第3句" in page.locator("li#npe-single-org blockquote").inner_text()
    item.locator("blockquote a").click()
    page.wait_for_url("**/library/dangzhang-2017/text.html#art-32.p1.i6.s1")
    target = page.locator("[id='art-32.p1.i6.s1']")
    assert target.count() == 1 and "对要求入党的积极分子进行教育和培养" in target.inner_text()
    assert target.is_visible()


def test_notice_items_carry_no_caution(session):
    page = session.page
    session.open(ENTERPRISE)
    notice_item = page.locator("li#npe-single-org")
    assert notice_item.count() == 1 and notice_item.locator(".u-caution").count() == 0
    assert page.locator("li.u-item .u-caution").count() == page.locator("li.u-item[id^='dz-']").count() > 0


def test_merged_unit_page_screenshots_for_review(browser, served):
    SHOTS.mkdir(parents=True, exist_ok=True)
    s = Session(browser, served)
    s.open(ENTERPRISE)
    s.page.locator(".u-caution-note").screenshot(path=str(SHOTS / "unit-merged-caution.png"))
    s.page.locator("li#dz-basic-task-recruit").screenshot(path=str(SHOTS / "unit-merged-dangzhang-item.png"))
    s.page.screenshot(path=str(SHOTS / "unit-merged-enterprise.png"), full_page=True)
    s.close()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN")
    p = phone.new_page()
    p.goto(served + ENTERPRISE + "#dz-basic-task-recruit")
    p.wait_for_load_state("load")
    p.screenshot(path=str(SHOTS / "unit-merged-dangzhang-item-phone.png"))
    phone.close()
    assert s.outside_requests() == []
