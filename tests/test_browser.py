"""Real-browser tests: Debian's Chromium driven by Playwright against `minutes serve`."""

import pytest
from helpers import SHOTS

pytestmark = pytest.mark.browser


def _total(page) -> int:
    return int(page.locator("#total").inner_text())


def test_search_facet_chip_meeting_person_department(server, open_page):
    page = open_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/")
    page.fill("#q", "审计")
    page.press("#q", "Enter")
    page.wait_for_url("**/?q=*")
    everything = _total(page)
    assert everything > 1
    page.screenshot(path=str(SHOTS / "1-search.png"), full_page=False)

    # Click the second year in the facet: the result count narrows to that facet's count.
    year = page.locator('section.facet[data-facet="year"] li a').nth(1)
    expected = int(year.locator(".count").inner_text())
    chosen = year.locator(".value").inner_text()
    year.click()
    page.wait_for_url("**year=*")
    assert _total(page) == expected < everything
    chip = page.locator("ul.chips a.chip").first
    assert chosen in chip.inner_text()
    page.screenshot(path=str(SHOTS / "2-facet.png"), full_page=False)

    # Remove the chip: back to every match.
    chip.click()
    page.wait_for_load_state()
    assert _total(page) == everything
    assert page.locator("ul.chips a.chip").count() == 0

    # Open a meeting, then a person from it, then a department.
    page.goto(server + "/?q=" + "审计&year=2020")
    page.locator("li.hit h3 a").first.click()
    page.wait_for_url("**/meetings/**")
    assert "第111次" in page.inner_text("main")
    assert page.locator("mark").count() > 0  # query terms highlighted on arrival from search
    page.screenshot(path=str(SHOTS / "3-meeting.png"), full_page=False)
    page.get_by_role("link", name="王翔").first.click()
    page.wait_for_url("**/people/**")
    assert page.locator("h1").inner_text().split() == ["王翔", "苏州市"]  # a person is who they are in one city
    assert page.locator("svg.chart").count() == 1
    page.screenshot(path=str(SHOTS / "4-person.png"), full_page=True)
    page.go_back()
    page.locator('a[href^="/departments/"]').first.click()
    page.wait_for_url("**/departments/**")
    # The department's page: the one in the meeting's city, with what its JSON twin holds.
    twin = page.request.get(page.url.replace("/departments/", "/api/departments/", 1)).json()
    assert twin["city"] == "苏州市"
    assert page.locator("h1").inner_text().split() == [twin["name"], "苏州市"]
    assert f"出现在 {len(twin['meetings'])} 次会议中" in page.inner_text("main")
    assert page.locator("ul.responsibilities > li").count() == len(twin["responsibilities"])
    page.screenshot(path=str(SHOTS / "5-department.png"), full_page=False)


def test_facet_filter_box_and_keyboard(server, open_page):
    page = open_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/")
    # Keyboard: the first stop skips to the results (it used to take 91 Tabs, through the facets),
    # the second to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到结果"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#hits'", timeout=5000)  # the jump is asynchronous
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('li.hit h3') !== null")  # the first result
    # and without the skip link, the results still come before the facets
    page.goto(server + "/")
    order = page.evaluate(
        "[...document.querySelectorAll('a[href], input, select, button')].findIndex(e => e.closest('li.hit'))"
        " < [...document.querySelectorAll('a[href], input, select, button')].findIndex(e => e.closest('#facets'))"
    )
    assert order
    box_left = page.locator("#facets").bounding_box()["x"] < page.locator("#results").bounding_box()["x"]
    assert box_left  # the facets stay on the left on a desktop
    facet = page.locator('section.facet[data-facet="observer"]')
    box = facet.locator("input.facet-filter")
    assert box.is_visible()  # shown by the script for long facets
    name = facet.locator("details.more li .value").first.inner_text()
    box.fill(name)
    visible = [li for li in facet.locator("li").all() if li.is_visible()]
    assert visible and all(name in li.inner_text() for li in visible)


def test_phone_width(server, open_page):
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(server + "/?q=审计")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # nothing forces horizontal scrolling
    page.screenshot(path=str(SHOTS / "6-phone.png"), full_page=False)
