"""Every route and its JSON twin through Flask's test client, over a real index."""

import csv
import io
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import quote

import pytest

SAMPLE_ID = "苏州市-2020-09-14-111"


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.scripts_inline, self.styles_inline = [], 0, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag == "script" and "src" not in attrs:
            self.scripts_inline += 1
        if "style" in attrs:
            self.styles_inline += 1


def parse(html: str) -> Links:
    p = Links()
    p.feed(html)
    return p


def test_search_page_and_json_twin_agree(client):
    page = client.get("/?q=审计&year=2020")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    api = client.get("/api/search?q=审计&year=2020").get_json()
    assert api["total"] == 1 and set(api) == {"query", "total", "page", "page_size", "hits", "facets", "notes"}
    assert f'<strong id="total">{api["total"]}</strong>' in html
    assert api["hits"][0]["title"] in html
    assert "<mark>审计</mark>" in html
    assert "年份：2020" in html  # the active filter as a removable chip
    links = parse(html)
    assert links.scripts_inline == 0 and links.styles_inline == 0


def test_api_search_matches_cli_contract(client):
    data = client.get("/api/search?attendee=王翔&size=5").get_json()
    assert data["total"] == 1 and data["page_size"] == 5
    hit = data["hits"][0]
    assert set(hit) == {"id", "city", "number", "date", "title", "chair", "snippet", "items"}
    assert set(data["facets"]) == {
        "city",
        "body",
        "meeting_type",
        "year",
        "chair",
        "attendee",
        "observer",
        "department",
    }


def test_facet_links_toggle_filters(client, records):
    html = client.get("/?q=审计").get_data(as_text=True)
    year_links = [h for h in parse(html).links if "year=" in h]
    assert year_links
    narrowed = client.get(year_links[0]).get_data(as_text=True)
    assert 'aria-current="true"' in narrowed


def test_permalinks_use_cli_option_names(client):
    data = client.get("/api/search?q=审计&from=2020-09-14&to=2020-09-14&sort=newest&page=1").get_json()
    assert data["total"] == 1
    data = client.get("/api/search?person=黄戟&department=市资源规划局&chair=李亚平").get_json()
    assert data["total"] == 1 and data["hits"][0]["id"] == SAMPLE_ID


@pytest.mark.parametrize(
    "url,reason",
    [
        ("/?q=%22审计", "引号没有配对"),
        ("/api/search?q=foo:bar", "未知字段 foo"),
        ("/api/search?from=2020-13-45", "不是日历上的日期"),
        ("/api/search?to=2021-02-29", "不是日历上的日期"),
        ("/api/search?from=last+week", "YYYY-MM-DD"),
        ("/api/search?page=0", "页码"),
        ("/api/search?size=abc", "size"),
        ("/api/search?sort=random", "排序"),
    ],
)
def test_malformed_requests_are_400_with_reason(client, url, reason):
    response = client.get(url)
    assert response.status_code == 400
    assert reason in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "q,code",
    [
        ("审" * 100_000, "too_long"),  # answered at once, not after the highlighting pattern is built
        ("(" * 194 + "审计" + ")" * 194, "too_deep"),
        ("NOT " * 200 + "审计", "too_deep"),
        ("（" * 40 + "审计" + "）" * 40, "too_deep"),
    ],
)
def test_hostile_queries_get_a_message_not_a_500(client, q, code):
    for url in ("/api/search", "/"):
        response = client.get(url, query_string={"q": q})
        assert response.status_code == 400, url
        if url.startswith("/api/"):
            assert response.get_json()["code"] == code


def test_a_meeting_number_beyond_any_meeting_finds_none(client):
    data = client.get("/api/search", query_string={"q": "次数:99999999999"}).get_json()
    assert data["total"] == 0 and data["notes"]


def test_page_size_is_bounded(client):
    data = client.get("/api/search?size=100000").get_json()
    assert data["page_size"] == 100


def test_meeting_page_and_twin(client, records):
    html = client.get(f"/meetings/{quote(SAMPLE_ID)}?q=审计").get_data(as_text=True)
    for text in ("第111次常务会议", "李亚平", "市发改委", "夏文", "栗涛", "<mark>审计</mark>", "源文件"):
        assert text in html
    data = client.get(f"/api/meetings/{quote(SAMPLE_ID)}").get_json()
    assert data["number"] == 111 and data["attendees"][1] == "王翔"
    real = records[SAMPLE_ID]  # neighbours: the same city's same body, in (date, number) order
    same = sorted(
        (r for r in records.values() if (r.city, r.body) == (real.city, real.body)), key=lambda r: (r.date, r.number)
    )
    at = [r.id for r in same].index(SAMPLE_ID)
    previous = same[at - 1].id if at > 0 else None
    following = same[at + 1].id if at + 1 < len(same) else None
    assert previous or following  # a neighbour to check exists
    assert (data["previous"], data["next"]) == (previous, following)
    links = parse(html).links
    assert any(link.startswith("/people/") for link in links)
    assert any(link.startswith("/departments/") for link in links)


def test_meeting_source(client):
    response = client.get(f"/source/{quote(SAMPLE_ID)}")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert "主持召开市政府第 111" in response.get_data(as_text=True)


def test_person_page_twin_and_csv(client):
    lookup = client.get("/people/黄戟")  # in one city only: straight to that city's page
    assert lookup.status_code == 302 and lookup.headers["Location"].endswith(quote("/people/苏州市/黄戟"))
    html = client.get("/people/苏州市/黄戟").get_data(as_text=True)
    assert "市公安局" in html and "市资源规划局" in html and "<svg" in html and "<title>黄戟（苏州市）" in html
    data = client.get("/api/people/苏州市/黄戟").get_json()
    assert data["city"] == "苏州市" and data["meetings"] == 1
    assert [d["name"] for d in data["departments"]] == ["市公安局", "市资源规划局"]
    assert client.get("/api/people/黄戟").get_json()["cities"][0]["city"] == "苏州市"
    rows = list(csv.reader(io.StringIO(client.get("/people/苏州市/黄戟.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["城市", "日期", "第几次会议", "角色", "部门", "标题", "网址", "会议标识"]
    assert len(rows) == 2 and rows[1][:5] == ["苏州市", "2020-09-14", "第111次", "列席", "市公安局、市资源规划局"]


def test_department_page_and_twin(client, records):
    lookup = client.get("/departments/市审计局")  # every city has one: a page listing them
    cities = {r.city for r in records.values() if "市审计局" in r.departments}
    assert lookup.status_code == 200 and len(cities) > 1
    assert all(f"市审计局（{c}）" in lookup.get_data(as_text=True) for c in cities)
    html = client.get("/departments/苏州市/市审计局").get_data(as_text=True)
    assert "顾浩" in html and "负责的议定事项" in html
    data = client.get("/api/departments/苏州市/市审计局").get_json()
    assert any(r["meeting_id"] == SAMPLE_ID for r in data["responsibilities"])
    assert any(t["name"] == "顾浩" for t in data["representatives"])
    assert {m["city"] for m in data["meetings"]} == {"苏州市"}  # never another city's audit bureau
    assert {c["city"] for c in client.get("/api/departments/市审计局").get_json()["cities"]} == cities


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/nope",
        "/api/meetings/nope",
        "/people/不存在的人",
        "/api/people/不存在的人",
        "/people/苏州市/不存在的人",
        "/api/people/南通市/黄戟",
        "/departments/不存在局",
        "/api/departments/不存在局",
        "/departments/苏州市/不存在局",
        "/nowhere",
    ],
)
def test_unknown_things_are_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    if url.startswith("/api/"):
        assert response.get_json()["status"] == 404


def test_trends_and_twin(client, records):
    data = client.get("/api/trends?q=审计").get_json()
    expected = sum(1 for r in records.values() if "审计" in r.text)
    assert data["total"] == expected == sum(data["years"].values())
    assert "<svg" in client.get("/trends?q=审计").get_data(as_text=True)


def test_browse_people_departments(client, records):
    assert str(len(records)) in client.get("/browse").get_data(as_text=True)
    assert client.get("/api/browse").get_json()["stats"]["meetings"] == len(records)
    people = client.get("/api/people").get_json()
    assert {"name": "黄戟", "city": "苏州市", "meetings": 1} in people
    assert "黄戟" in client.get("/people").get_data(as_text=True)
    assert any(d["name"] == "市审计局" for d in client.get("/api/departments").get_json())
    assert "市审计局" in client.get("/departments").get_data(as_text=True)


def test_search_csv_respects_filters(client, records):
    text = client.get("/export/search.csv?q=审计&year=2020").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["城市", "日期", "第几次会议", "标题", "主持人", "网址", "匹配的议定事项", "摘要", "会议标识"]
    assert rows[1][0] == "苏州市" and rows[1][2] == "第111次" and rows[1][8] == SAMPLE_ID and len(rows) == 2
    assert rows[1][5].endswith(f"/meetings/{SAMPLE_ID}")  # readable, not percent-encoded
    assert "三、关于2019年度审计工作报告查出问题整改布置" in rows[1][6] and "审计" in rows[1][7]
    assert "<mark>" not in rows[1][7]
    everything = list(csv.reader(io.StringIO(client.get("/export/search.csv").get_data(as_text=True))))
    assert len(everything) == len(records) + 1


def test_atom_feed(client):
    response = client.get("/feed.atom?q=审计")
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.get_data())
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert 0 < len(entries) <= 20
    dates = [e.find("{http://www.w3.org/2005/Atom}updated").text for e in entries]
    assert dates == sorted(dates, reverse=True)
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.find(f"{atom}author/{atom}name").text  # RFC 4287: a feed without authors in every entry needs one
    landing = [link for link in root.findall(f"{atom}link") if link.get("rel") == "alternate"]
    assert landing and landing[0].get("type") == "text/html" and "q=" in landing[0].get("href")


def test_long_name_lists_are_grouped_by_initial(client):
    page = client.get("/people").get_data(as_text=True)
    assert 'id="initial-H"' in page and page.index('id="initial-H"') < page.index(">黄戟<")
    assert page.index(">黄戟<") < page.index('id="initial-J"') if 'id="initial-J"' in page else True


def test_escaping_of_query_and_text(client):
    html = client.get("/?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_missing_index_is_a_clear_503(tmp_path):
    from webapp import create_app

    client = create_app({"INDEX_DIR": str(tmp_path / "none"), "TESTING": True}).test_client()
    response = client.get("/api/search?q=审计")
    assert response.status_code == 503 and "minutes index" in response.get_json()["message"]
    assert response.get_json()["code"] == "index_unavailable"
    for r in (response, client.get("/?q=审计")):
        assert str(tmp_path) not in r.get_data(as_text=True)  # no server paths in what users see


def test_rebuilt_index_is_picked_up_without_restart(tmp_path):
    import shutil

    from variants import SAMPLE

    from indexer.build import index_paths
    from webapp import create_app

    docs = tmp_path / "docs"
    docs.mkdir()
    index_paths([docs], tmp_path / "ix")
    client = create_app({"INDEX_DIR": str(tmp_path / "ix"), "TESTING": True}).test_client()
    assert client.get("/api/search").get_json()["total"] == 0
    shutil.copy(SAMPLE, docs / SAMPLE.name)
    index_paths([docs], tmp_path / "ix")
    assert client.get("/api/search").get_json()["total"] == 1


def test_settings_are_documented():
    from pathlib import Path

    from webapp.settings import SETTINGS

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"MINUTES_{setting.name}" in readme, setting.name


def test_charts_show_empty_years_and_readable_labels():
    from webapp.charts import bar_chart

    svg = bar_chart({"1990": 3, "1993": 5}, label="每年会议数")
    assert svg.count("<rect") == 2 and 'aria-label="每年会议数"' in svg
    labels = [y for y in ("1990", "1991", "1992", "1993") if f">{y}</text>" in svg]
    assert labels == ["1990", "1992"]  # 1991 and 1993 exist as slots, every other year labelled


def test_zero_hits_are_explained_on_the_page(client):
    page = client.get("/?q=审计工作报告&attendee=查无此人").get_data(as_text=True)
    assert "没有找到匹配的会议" in page
    assert "筛选条件「出席：查无此人」在索引中没有任何会议" in page and "去掉筛选条件后有 1 条结果" in page


def test_source_with_a_chinese_name_and_a_newline(tmp_path):
    import shutil

    from variants import SAMPLE

    from indexer.build import index_paths
    from webapp import create_app

    docs = tmp_path / "docs"
    docs.mkdir()
    name = "苏州市政府第111次\n常务会议纪要.txt"
    shutil.copy(SAMPLE, docs / name)
    assert not index_paths([docs], tmp_path / "ix").failed
    client = create_app({"INDEX_DIR": str(tmp_path / "ix"), "TESTING": True}).test_client()
    response = client.get(f"/source/{quote(SAMPLE_ID)}")
    assert response.status_code == 200 and "李亚平" in response.get_data(as_text=True)
    disposition = response.headers["Content-Disposition"]
    assert "\n" not in disposition and disposition.isascii()
    assert f"filename*=UTF-8''{quote(name, safe='')}" in disposition


def test_csv_cells_never_run_as_formulas(tmp_path):
    from helpers import index_of

    from indexer.models import Minutes
    from webapp import create_app

    base = dict(
        city="测试市",
        body="测试市人民政府",
        meeting_type="常务会议",
        chair="=cmd|' /C calc'!A0",
        chair_title="市长",
        text="会议研究了审计工作。",
    )
    docs = [
        Minutes(source=f"{i}.txt", number=i, date=f"2021-01-0{i}", title=title, **base)
        for i, title in enumerate(['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "正常标题"], 1)
    ]
    index_of(docs, tmp_path / "ix")
    client = create_app({"INDEX_DIR": str(tmp_path / "ix"), "TESTING": True}).test_client()
    rows = list(
        csv.reader(io.StringIO(client.get("/export/search.csv?q=审计").get_data(as_text=True).lstrip("\ufeff")))
    )
    cells = [c for row in rows[1:] for c in row]
    assert len(rows) == 6
    assert not [c for c in cells if c and c[0] in "=+-@"]
    assert '\'=HYPERLINK("http://x")' in cells and "'+1+1" in cells and "正常标题" in cells
    assert all(d.count("-") == 2 for d in (row[1] for row in rows[1:]))  # dates stay dates


def test_time_budget_is_a_setting(index_dir):
    from webapp import create_app

    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True, "QUERY_TIMEOUT": 1e-9}).test_client()
    response = client.get("/api/search?q=" + quote('"加快补齐短板弱项"'))
    assert response.status_code == 400 and response.get_json()["code"] == "timeout"


def test_responses_waitress_makes_itself_carry_the_security_headers(index_dir):
    import http.client

    from helpers import serving

    with serving(index_dir) as url:
        host, port = url.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.putrequest("GET", "/")
        conn.putheader("X-Big", "a" * 300_000)
        conn.endheaders()
        response = conn.getresponse()
        assert response.status == 431
        assert response.getheader("X-Content-Type-Options") == "nosniff"
        assert "default-src 'self'" in response.getheader("Content-Security-Policy")


def test_errors_are_in_chinese_and_keep_the_query(client):
    bad = client.get("/?q=" + quote('"审计 AND'))
    page = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "引号没有配对" in page
    assert 'value="&#34;审计 AND"' in page or 'value="&quot;审计 AND"' in page  # the query stays in the box
    missing = client.get("/nowhere").get_data(as_text=True)
    assert "找不到页面" in missing and "not found" not in missing.lower() and 'name="q"' in missing
    data = client.get("/api/nowhere").get_json()
    assert data["code"] == "http_404" and data["message"].startswith("没有这个页面")
    warnings = client.get(f"/meetings/{quote(SAMPLE_ID)}").get_data(as_text=True)
    assert "黄戟 在 2 个部门下列出" in warnings


def test_attendance_csv(client, records):
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/meetings/{quote(SAMPLE_ID)}/attendance.csv").get_data(as_text=True).lstrip("\ufeff")
            )
        )
    )
    record = records[SAMPLE_ID]
    assert rows[0] == ["角色", "部门", "姓名"]
    assert [r[2] for r in rows if r[0] == "出席"] == record.attendees
    assert [(r[1], r[2]) for r in rows if r[0] == "列席"] == [(o.department or "", o.name) for o in record.observers]
    assert ["列席", "市发改委", "夏文"] in rows and ["记录", "", record.recorder] in rows


def test_trends_carry_shares_and_every_month(client, records):
    data = client.get("/api/trends?q=审计整改").get_json()
    for year, n in data["years"].items():
        base = sum(r.date[:4] == year for r in records.values())
        assert data["meetings"][year] == base
        assert data["shares"][year] == (round(100 * n / base, 1) if base else 0.0)
    months = list(data["months"])
    for a, b in zip(months, months[1:]):  # no month is skipped, empty ones are 0
        y, m = map(int, a.split("-"))
        assert b == (f"{y + 1}-01" if m == 12 else f"{y}-{m + 1:02d}")
    assert sum(data["months"].values()) == data["total"]


def test_links_to_another_page_do_not_carry_this_pages_path(app):
    from webapp.views import url_with

    with app.test_request_context("/people/苏州市/黄戟?year=2020"):
        assert url_with("minutes.search_page") == "/?year=2020"
        assert url_with("minutes.person_page", page="2").startswith(f"/people/{quote('苏州市')}/{quote('黄戟')}?")


def test_links_that_leave_the_site_never_take_a_forged_host(client, app):
    """Feeds, CSV rows and citations carry the site's address: a loopback or listed Host, else
    the PUBLIC_URL setting or the address the server is bound to, never a Host header alone."""
    forged = {"Host": "evil.example"}
    for url in ("/feed.atom?q=审计", "/export/search.csv?q=审计", f"/meetings/{quote(SAMPLE_ID)}"):
        body = client.get(url, headers=forged).get_data(as_text=True)
        assert "evil.example" not in body, url
        assert "localhost" in client.get(url).get_data(as_text=True), url  # the test client's own host
    app.config.update(PUBLIC_URL="https://minutes.example.org")
    try:
        feed = client.get("/feed.atom?q=审计", headers=forged).get_data(as_text=True)
        assert "https://minutes.example.org/meetings/" in feed and "evil.example" not in feed
    finally:
        app.config.update(PUBLIC_URL="")
    app.config.update(HOSTS="minutes.example.net")
    try:
        listed = client.get("/feed.atom?q=审计", headers={"Host": "minutes.example.net"}).get_data(as_text=True)
        assert "http://minutes.example.net/meetings/" in listed
    finally:
        app.config.update(HOSTS="")


def test_the_feed_is_xml_whatever_the_query_holds(client):
    from xml.etree import ElementTree

    for q in ("审计\x01", "\x00审计", "审计\ufffe", "审计<&>"):
        response = client.get("/feed.atom", query_string={"q": q})
        assert response.status_code == 200
        ElementTree.fromstring(response.get_data())  # parses


def test_the_source_of_a_meeting_read_from_a_pdf_is_the_pdf(tmp_path):
    from helpers import PDF_SAMPLE

    from indexer.build import index_paths
    from webapp import create_app

    shutil.copy(PDF_SAMPLE, tmp_path / PDF_SAMPLE.name)
    index_paths([tmp_path / PDF_SAMPLE.name], tmp_path / "ix")
    client = create_app({"INDEX_DIR": str(tmp_path / "ix"), "TESTING": True}).test_client()
    response = client.get(f"/source/{quote(SAMPLE_ID)}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.get_data() == PDF_SAMPLE.read_bytes()


def test_a_demo_archive_says_so_on_every_page(index_dir):
    """`make demo` serves generated meetings with MINUTES_DEMO=1: every page carries the banner;
    a real archive's pages never do."""
    from webapp import create_app

    banner = "示例数据：以下会议为程序生成，并非真实记录"
    demo = create_app({"INDEX_DIR": str(index_dir), "TESTING": True, "DEMO": True}).test_client()
    real = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    for path in ("/", "/?q=审计", "/decisions", "/people", "/departments", "/documents", "/trends", "/browse", "/x"):
        assert banner in demo.get(path).get_data(as_text=True), path
        assert banner not in real.get(path).get_data(as_text=True), path
