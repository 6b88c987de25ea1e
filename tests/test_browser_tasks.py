"""The web app for its three users, in Chromium at desktop (1366×900) and phone (390×844) widths:
staff cite a decision, journalists read who attended, researchers follow a topic over time; and
what everyone meets (errors, phones, paging, facets, forms). Screenshots go to tests/screenshots/."""

import re
from urllib.parse import quote

import pytest
from helpers import SHOTS

pytestmark = pytest.mark.browser

SAMPLE_ID = "苏州市-2020-09-14-111"
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
WIDTHS = pytest.mark.parametrize("size", ["desktop", "phone"])


SIZES = {"desktop": DESKTOP, "phone": PHONE}


# ---------------------------------------------------------------- the three users' tasks


@WIDTHS
def test_staff_cite_item_3_of_meeting_111_from_a_search(server, open_page, size):
    page = open_page(**SIZES[size], permissions=["clipboard-read", "clipboard-write"])
    page.goto(server + "/?q=" + quote("审计整改"))
    hit = page.locator("li.hit", has=page.locator(f'a[href^="/meetings/{quote(SAMPLE_ID)}"]')).first
    item = hit.locator('a.item-link[href*="#item-3"]').first
    assert item.inner_text().startswith("三、")  # the original numbering
    item.click()
    page.wait_for_url(re.compile(r"#item-3(-\d+)?$"))
    section = page.locator("#item-3")
    assert section.locator(".marker").first.inner_text() == "三、"
    assert section.locator(".decisions .marker").nth(1).inner_text() == "（二）"
    assert section.locator("a.permalink").first.get_attribute("href") == "#item-3"
    section.locator(":scope > details.cite summary").click()
    expected = f"苏州市人民政府第111次常务会议纪要（2020年9月14日）第三项 {server}/meetings/{SAMPLE_ID}#item-3"
    assert section.locator(":scope > details.cite .citation").inner_text() == expected  # readable, not percent-encoded
    section.locator(":scope > details.cite button.copy").click()
    assert page.evaluate("navigator.clipboard.readText()") == expected
    decision = page.locator("#item-3-2")
    decision.locator("details.cite summary").click()
    assert (
        decision.locator(".citation")
        .inner_text()
        .startswith("苏州市人民政府第111次常务会议纪要（2020年9月14日）第三项第（二）条 ")
    )
    page.screenshot(path=str(SHOTS / f"task-cite-{size}.png"))
    assert page.locator("p.back a").count() == 1  # and back to the results
    page.locator("p.back a").click()
    page.wait_for_url(re.compile(r"/\?q="))
    assert page.locator("#q").input_value() == "审计整改"


@WIDTHS
def test_journalist_lists_who_sat_in_for_the_ndrc_at_meeting_111(server, open_page, size):
    page = open_page(**SIZES[size])
    page.goto(server + f"/meetings/{quote(SAMPLE_ID)}")
    page.locator("nav.jump a", has_text="列席").click()
    page.wait_for_url(re.compile("#observers$"))
    row = page.locator("#observers + dl.observers .row", has=page.locator("dt", has_text="市发改委"))
    assert row.locator("dd").inner_text() == "夏文"
    height = page.evaluate("document.querySelector('dl.observers').getBoundingClientRect().height")
    screen = 844 if size == "phone" else 900
    assert height / screen < (2.0 if size == "phone" else 1.2), height  # was 3.7 screens on a phone
    assert page.locator("nav.jump a", has_text="出席名单 CSV").count() == 1
    page.screenshot(path=str(SHOTS / f"task-observers-{size}.png"), full_page=False)


@WIDTHS
def test_researcher_sees_audit_rectification_per_year_as_counts_and_shares(server, open_page, size, records):
    page = open_page(**SIZES[size])
    page.goto(server + "/trends?q=" + quote("审计整改") + "&city=" + quote("苏州市"))
    rows = page.locator("table.trend-table tbody tr")
    data = {
        r.locator("td").nth(0).inner_text(): [r.locator("td").nth(i).inner_text() for i in (1, 2, 3)]
        for r in rows.all()
    }
    suzhou = [r for r in records.values() if r.city == "苏州市"]
    for year, (count, meetings, share) in data.items():
        in_year = [r for r in suzhou if r.date[:4] == year]
        matching = [r for r in in_year if "审计整改" in re.sub(r"\s+", "", r.text)]
        assert (int(count), int(meetings)) == (len(matching), len(in_year))
        expected = 100 * len(matching) / len(in_year) if in_year else 0
        assert share.startswith(f"{expected:.1f}%（{len(matching)}/{len(in_year)}）")  # the counts beside
    assert page.locator(".chips").inner_text().count("城市：苏州市") == 1  # the filters that apply
    page.fill("#q", "安全生产")
    page.locator("form.search button").click()
    page.wait_for_url(re.compile("q=%E5%AE%89"))
    assert "city=" in page.url  # kept when the form is resubmitted
    if size == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 400  # only the charts scroll
        svg = page.locator("svg.chart").first
        assert svg.bounding_box()["width"] >= float(svg.get_attribute("width")) - 1  # natural size: legible labels
    page.screenshot(path=str(SHOTS / f"task-trends-{size}.png"), full_page=True)


# ---------------------------------------------------------------- everyone


@WIDTHS
def test_errors_are_chinese_and_the_page_stays_usable(server, open_page, size):
    page = open_page(**SIZES[size])
    response = page.goto(server + "/?q=" + quote('"审计 AND'))
    assert response.status == 400
    assert "引号没有配对" in page.inner_text("main") and page.locator("#q").input_value() == '"审计 AND'
    page.fill("#q", "审计")
    page.locator("form.search button[type=submit]").first.click()
    page.wait_for_load_state()
    assert int(page.locator("#total").inner_text()) > 0
    response = page.goto(server + "/nowhere")
    assert response.status == 404 and "找不到页面" in page.inner_text("main")
    assert "Not Found" not in page.content() and page.locator("#q").count() == 1
    page.goto(server + "/?q=" + quote("审计工作报告") + "&observer=" + quote("黄激"))  # a misspelt name
    notes = page.locator("ul.notes").inner_text()
    assert "是不是要找 黄戟（苏州市）" in notes and "去掉筛选条件后有 1 条结果" in notes
    page.goto(server + f"/meetings/{quote(SAMPLE_ID)}")
    page.locator("details.warnings summary").click()
    assert "黄戟 在 2 个部门下列出" in page.locator("details.warnings").inner_text()


def test_phone_filters_open_above_results_and_tap_targets_are_44px(server, open_page):
    page = open_page(**SIZES["phone"])
    page.goto(server + "/?q=" + quote("审计"))
    facets, button = page.locator("#facets"), page.locator("button.show-filters")
    assert button.is_visible() and not facets.is_visible()
    button.click()
    assert facets.is_visible()
    assert facets.bounding_box()["y"] < page.locator("ol.hits").bounding_box()["y"]  # above the results
    page.screenshot(path=str(SHOTS / "phone-filters.png"))
    small = page.evaluate("""() => [...document.querySelectorAll(
        'button:not([hidden]), select, .top nav a, .facets li a, .pages a, .chip, summary')]
        .filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect().height).filter(h => h < 44).length""")
    assert small == 0


@WIDTHS
def test_pages_are_numbered_and_a_page_past_the_end_says_so(server, open_page, size):
    page = open_page(**SIZES[size])
    page.goto(server + "/?q=" + quote("审计"))
    assert re.search(r"用时 \d+ 毫秒", page.locator("p.summary").inner_text())
    pages = page.locator("nav.pages")
    two = pages.get_by_role("link", name="2", exact=True)
    assert pages.locator(".current").inner_text() == "1" and two.count() == 1
    two.click()
    page.wait_for_url(re.compile("page=2"))
    assert page.locator("nav.pages .current").inner_text() == "2"
    assert page.locator("ol.hits").get_attribute("start") == "11"
    page.goto(server + "/?q=" + quote("审计") + "&page=999")
    assert "第 999 页超出范围" in page.inner_text("main") and "9981." not in page.inner_text("main")
    page.locator("a", has_text="转到最后一页").click()
    assert page.locator("li.hit").count() > 0


@WIDTHS
def test_facet_filter_box_finds_values_beyond_the_page(server, open_page, size):
    page = open_page(**SIZES[size])
    page.goto(server + "/")
    facet = page.locator('section.facet[data-facet="observer"]')
    if size == "phone":
        page.locator("button.show-filters").click()
        facet.locator("button.facet-toggle").click()  # a facet is its heading until opened
    assert "黄戟" not in facet.inner_text()  # not among the values on the page …
    facet.locator("input.facet-filter").fill("黄戟")
    found = facet.locator("ul.found a")
    found.first.wait_for()
    assert found.first.locator(".value").inner_text() == "黄戟" and found.first.locator(".count").inner_text() == "1"
    found.first.click()
    page.wait_for_url(re.compile("observer="))
    assert page.locator("#total").inner_text() == "1"


@WIDTHS
def test_sort_and_dates_apply_without_a_click_and_say_what_they_do(server, open_page, size):
    page = open_page(**SIZES[size])
    page.goto(server + "/")
    select = page.locator("select[name=sort]")
    assert select.locator("option:checked").inner_text() == "默认（最新在前）"  # no query: newest first, and it says so
    assert not page.locator("button.apply").is_visible()
    assert "YYYY-MM-DD" in page.locator("#date-hint").inner_text()
    select.select_option("oldest")
    page.wait_for_url(re.compile("sort=oldest"))
    dates = [t.get_attribute("datetime") for t in page.locator("li.hit time").all()]
    assert dates == sorted(dates)
    if size == "phone":
        page.locator("button.show-filters").click()
        page.locator('section.facet[data-facet="observer"] button.facet-toggle').click()
    more = page.locator('section.facet[data-facet="observer"] details.more summary')
    assert "显示更多" in more.inner_text()
    more.click()
    assert more.inner_text() == "收起"
    if size == "desktop":
        page.keyboard.press("Tab")  # keyboard focus is visible
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"


@WIDTHS
def test_person_page_counts_each_meeting_once_pages_and_filters(server, open_page, records, size):
    chair = max(
        {r.chair for r in records.values() if r.city == "无锡市"},
        key=lambda c: sum(r.chair == c for r in records.values()),
    )
    mine = sorted((r for r in records.values() if r.city == "无锡市" and chair in r.people), key=lambda r: r.date)
    page = open_page(**SIZES[size])
    page.goto(server + f"/people/{quote('无锡市')}/{quote(chair)}")
    assert f"共参加 {len(mine)} 次会议" in page.inner_text("main")
    rows = page.locator("table.appearances tbody tr")
    assert rows.count() == min(len(mine), 50)
    assert rows.first.locator(".role").all_inner_texts()[:2] == ["主持", "出席"]  # one row, both roles
    year = mine[0].date[:4]
    page.locator("select[name=year]").select_option(year)
    page.locator("form.filter button").click()
    page.wait_for_url(re.compile(f"year={year}"))
    assert rows.count() == sum(r.date[:4] == year for r in mine)
    bars = page.evaluate("""() => [...document.querySelectorAll('svg.chart text')].map(t => t.textContent)""")
    assert str(sum(r.date[:4] == year for r in mine)) in bars  # a year's bar counts each meeting once
    page.locator("select[name=role]").select_option("主持")
    page.locator("form.filter button").click()
    page.wait_for_url(re.compile("role="))
    assert rows.count() == sum(r.date[:4] == year and r.chair == chair for r in mine)


@WIDTHS
def test_downloads_feed_and_name_lists(server, open_page, records, size):
    import csv
    import io

    page = open_page(**SIZES[size])
    page.goto(server + f"/meetings/{quote(SAMPLE_ID)}")
    href = page.locator("nav.jump a", has_text="出席名单 CSV").get_attribute("href")
    rows = list(csv.reader(io.StringIO(page.request.get(server + href).text().lstrip("\ufeff"))))
    assert ["列席", "市发改委", "夏文"] in rows
    page.goto(server + "/?q=" + quote("审计整改"))
    href = page.locator("a", has_text="导出 CSV").get_attribute("href")
    rows = list(csv.reader(io.StringIO(page.request.get(server + href).text().lstrip("\ufeff"))))
    assert rows[0][:3] == ["城市", "日期", "第几次会议"] and any(SAMPLE_ID in r for r in rows)
    feed = page.request.get(server + page.locator("a", has_text="订阅 Atom").get_attribute("href")).text()
    assert "<author>" in feed and 'type="text/html"' in feed
    page.goto(server + "/people")
    page.locator("nav.initials a", has_text="H").click()
    page.wait_for_url(re.compile("#initial-H$"))
    assert page.locator("#initial-H").get_by_role("link", name="黄戟").count() == 1
    page.fill("#names-filter", "黄戟")
    same = sum(1 for c in {(r.city, p) for r in records.values() for p in r.people} if c[1] == "黄戟")
    assert page.locator("#names li:not([hidden])").count() == same
    for typed in ("黃戟", "huangji", "ＨＪ"):  # traditional, pinyin, full-width initials
        page.fill("#names-filter", typed)
        assert page.locator("#names li:not([hidden])").count() >= same, typed
        assert page.locator("#names li:not([hidden])", has_text="黄戟").count() == same, typed
    page.screenshot(path=str(SHOTS / f"people-{size}.png"))


@WIDTHS
def test_staff_find_and_cite_the_decision_that_tasked_the_inspection_office(server, open_page, size):
    """Decision search: the decision holding every word comes first, with what it records; its
    citation copies whole, and its link lands on the decision, highlighted."""
    page = open_page(**SIZES[size], permissions=["clipboard-read", "clipboard-write"])
    page.goto(server + "/decisions?q=" + quote("审计整改 市政府督查室"))
    first = page.locator("li.decision-hit").first
    assert first.get_attribute("data-id").startswith(SAMPLE_ID + "/3.")
    assert "市政府督查室" in first.locator(".snippet").inner_text()
    assert first.locator(".decision-facts dd").count() >= 1  # who must act, as data
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= (390 if size == "phone" else 1366), width
    first.locator("details.cite summary").click()
    citation = first.locator(".citation").inner_text()
    assert citation.startswith("苏州市人民政府第111次常务会议纪要（2020年9月14日）第三项第（")
    assert f"{server}/meetings/{SAMPLE_ID}#item-3-" in citation
    first.locator("details.cite button.copy").click()
    assert page.evaluate("navigator.clipboard.readText()") == citation
    page.screenshot(path=str(SHOTS / f"task-decision-{size}.png"))
    first.locator("h3 a").click()
    page.wait_for_url(re.compile(r"#item-3-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    target = page.locator(f"#{anchor}")
    assert "市政府督查室" in target.inner_text()
    background = target.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background  # the landing is highlighted


@pytest.fixture(scope="module")
def pingtan_server(tmp_path_factory):
    """The web app over the real Pingtan reports (read from ../shared, never copied here)."""
    from pathlib import Path

    from helpers import serving

    from indexer.build import index_paths

    reports = Path(__file__).resolve().parents[2] / "shared" / "minutes" / "pingtan"
    if not reports.is_dir():
        pytest.skip(f"the real Pingtan reports are read from {reports}, absent here")
    ix = tmp_path_factory.mktemp("pingtan-web") / "ix"
    index_paths(sorted(reports.glob("*.txt")), ix)
    with serving(ix) as url:
        yield url


@WIDTHS
def test_a_researcher_follows_a_document_to_its_later_approval_and_back(pingtan_server, open_page, size):
    """From the 2022 decision on 粮食风险基金管理办法, 此后 leads to its approval at 2023 meeting 8,
    whose 此前 leads back; the document's page lists both, and fits a phone."""
    page = open_page(**SIZES[size])
    first = "平潭综合实验区-2022-02-21-4"
    page.goto(pingtan_server + f"/meetings/{quote(first)}")
    later = page.locator(".thread a.later", has_text="第8次").first
    assert "2023-05-10" in later.inner_text()
    later.click()
    page.wait_for_url(re.compile(r"2023-05-10-8#item-\d+$"))
    back = page.locator(f'.thread a.earlier[href*="{quote(first)}"]').first
    assert "2022-02-21" in back.inner_text()
    back.click()
    page.wait_for_url(re.compile(r"2022-02-21-4#item-\d+$"))
    page.locator(".thread small a", has_text="粮食风险基金管理办法").first.click()
    page.wait_for_url(re.compile(r"/documents/"))
    rows = page.locator("ol.document-timeline > li")
    assert rows.count() == 2 and "2022-02-21" in rows.nth(0).inner_text() and "2023-05-10" in rows.nth(1).inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= (390 if size == "phone" else 1366), width
    page.screenshot(path=str(SHOTS / f"task-document-{size}.png"))


def test_the_documents_list_filters_by_pinyin_initials(pingtan_server, open_page):
    page = open_page(**DESKTOP)
    page.goto(pingtan_server + "/documents")
    total = page.locator("#names li").count()
    page.fill("#names-filter", "lsfxjj")  # 粮食风险基金
    visible = page.locator("#names li:not([hidden])")
    assert total > 20 and visible.count() == 1 and "粮食风险基金管理办法" in visible.first.inner_text()
    page.fill("#names-filter", "河湖长制")
    assert page.locator("#names li:not([hidden])").count() == 2  # the 2022 and 2023 documents of the series
    page.fill("#names-filter", "河湖長製")  # traditional, as the index folds it
    assert page.locator("#names li:not([hidden])").count() == 2
    assert page.locator("#names-shown").inner_text() == f"筛选出 2 / {total} 项"
    page.fill("#names-filter", "糧食風險基金")
    assert page.locator("#names li:not([hidden])").count() == 1
    page.fill("#names-filter", "没有这种文件")
    assert page.locator("#names li:not([hidden])").count() == 0
    assert "没有符合「没有这种文件」的项" in page.locator("#names-shown").inner_text()
