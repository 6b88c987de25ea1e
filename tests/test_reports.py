"""The 35 real news-style reports of 平潭综合实验区管委会主任办公会 (read from ../shared, never copied
here) parse to what `golden/pingtan/reports.json` says each records; the 5 portal pages give the
same records as the crawler's text; every report is found by a phrase of its own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from indexer.parse import parse_file

SHARED = Path(__file__).resolve().parents[2] / "shared"
REPORTS = SHARED / "minutes" / "pingtan"
GOLDEN = SHARED / "golden" / "pingtan" / "reports.json"

pytestmark = pytest.mark.skipif(
    not (REPORTS.is_dir() and GOLDEN.is_file()),
    reason=f"the real Pingtan reports are read from {REPORTS} (public archive material, not copied into "
    "the repository), which is absent here",
)

# Portal furniture the crawler's text keeps after the article; the golden file's closing fragments
# were cut from that text, but a record's text never holds furniture.
FURNITURE = re.compile(r"来源：平潭网附件下载.*$|\"laydate_click.*$")


def _golden() -> dict[str, dict]:
    return json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.is_file() else {}


def _reading(record) -> dict:
    return {
        "source_url": record.source_url,
        "body": record.body,
        "meeting_type": record.meeting_type,
        "number": record.number,
        "date": record.date,
        "chair": record.chair,
        "people": [
            {k: v for k, v in (("name", p.name), ("department", p.department), ("title", p.title)) if v}
            for p in record.positions
        ],
        "documents_reviewed": [d for item in record.items for d in item.documents],
        "documents_approved": [d for item in record.items for d in item.approved],
    }


@pytest.mark.parametrize("name", sorted(_golden()) or ["none"])
def test_every_real_report_reads_as_the_golden_file_says(name):
    want = _golden()[name]
    record = parse_file(REPORTS / name)
    got = _reading(record)
    assert got == {key: want[key] for key in got}
    assert record.layout == "report"
    assert record.year == want["year_in_title"]
    assert [p.name for p in record.positions] == record.attendees  # 参加会议: all attended
    assert record.warnings == []
    for fragment in want["text_contains"]:
        article = FURNITURE.sub("", fragment)  # empty where the fragment is all furniture (2023-13)
        assert not article or (len(article) >= 20 and article in record.text.replace("\n", ""))
    assert not re.search(r"来源：|附件下载|QQ空间|当前位置|laydate", record.text)


def test_the_portal_pages_give_the_same_records_as_their_text():
    pages = sorted(REPORTS.glob("*.html"))
    assert len(pages) == 5
    for page in pages:
        from_page = parse_file(page).to_dict()
        from_text = parse_file(page.with_suffix(".txt")).to_dict()
        for key in from_text:
            if key in ("source", "text"):
                continue
            assert from_page[key] == from_text[key], (page.name, key)
        assert from_page["text"].replace("\n", "") == from_text["text"].replace("\n", "")


def test_a_day_alone_takes_month_and_year_from_the_publication_date():
    """`4日` published 2022-11-04 is 2022-11-04; a byline's date is the publication's and the
    meeting's day follows it (平潭网8月26日讯…25日)."""
    golden = _golden()
    for name in ("pingtan-2022-24.txt", "pingtan-2023-15.txt", "pingtan-2023-14.txt"):
        record = parse_file(REPORTS / name)
        assert record.date == golden[name]["date"]
        assert record.published is not None and record.published >= record.date


def test_decisions_are_the_passages_under_the_item_they_speak_of():
    record = parse_file(REPORTS / "pingtan-2023-15.txt")
    funeral, approved = record.items
    assert funeral.title == "研究实验区殡葬服务管理工作" and funeral.approved == []
    assert funeral.decisions[0].startswith("会议指出，推进殡葬管理改革")
    assert len(approved.approved) == 4
    assert [d[:4] for d in approved.decisions] == ["会议强调", "会议指出"]
    assert "会议还研究了其他事项" not in "".join(d for item in record.items for d in item.decisions)


# ---------------------------------------------------------------- indexed and served


@pytest.fixture(scope="module")
def report_index(tmp_path_factory):
    from indexer.build import index_paths

    ix = tmp_path_factory.mktemp("reports") / "ix"
    report = index_paths(sorted(REPORTS.glob("*.txt")), ix)
    assert (report.added, report.failed, report.skipped) == (35, [], [])
    return ix


def _phrase(record) -> str:
    """Ten characters from the middle of a report's text, between two punctuation marks."""
    text = record.text.replace("\n", "")
    runs = [m for m in re.finditer(r"[\u4e00-\u9fff]{10,}", text)]
    middle = min(runs, key=lambda m: abs(m.start() - len(text) // 2))
    return middle.group()[:10]


def test_a_phrase_from_every_report_finds_it(report_index):
    from helpers import hit_ids

    from indexer.query import SearchIndex

    index = SearchIndex(report_index)
    for path in sorted(REPORTS.glob("*.txt")):
        record = parse_file(path)
        phrase = _phrase(record)
        brute = [p.name for p in REPORTS.glob("*.txt") if phrase in parse_file(p).text.replace("\n", "")]
        ids = hit_ids(index, f"“{phrase}”")
        assert record.id in ids and len(ids) == len(brute), (path.name, phrase)


def test_body_and_meeting_type_are_facets_and_people_keep_their_place(report_index):
    from indexer.query import SearchIndex, SearchRequest, search

    index = SearchIndex(report_index)
    result = search(index, SearchRequest(q="", facet_limit=100))
    facets = {name: {v.value: v.count for v in values} for name, values in result.facets.items()}
    assert facets["body"] == {"平潭综合实验区管委会": 35}
    assert facets["meeting_type"] == {"主任办公会": 35}
    assert facets["city"] == {"平潭综合实验区": 35}
    golden = _golden()
    times = sum(any(p["name"] == "郑晓东" for p in r["people"]) for r in golden.values())
    assert facets["attendee"]["郑晓东"] == times
    only = search(index, SearchRequest(q="", meeting_type=["主任办公会"], year=["2023"]))
    assert only.total == sum(r["date"].startswith("2023") for r in golden.values())


def test_the_meeting_page_links_the_original_and_cites_it(report_index):
    import json as json_module
    from urllib.parse import quote
    from urllib.request import urlopen

    from helpers import serving

    record = parse_file(REPORTS / "pingtan-2022-13.txt")
    with serving(report_index) as base:
        page = urlopen(f"{base}/meetings/{quote(record.id)}").read().decode()
        data = json_module.loads(urlopen(f"{base}/api/meetings/{quote(record.id)}").read())
    assert f'href="{record.source_url}"' in page and "会议报道" in page
    assert "自然资源部海岛研究中心</a>副主任" in page  # 丰爱平's organisation and title
    assert "（通过）" in page
    assert "第一项第（一）段" in page  # a passage of prose is cited as 段
    assert f"原文：{record.source_url}" in page
    assert data["source_url"] == record.source_url and data["layout"] == "report"
    assert {"name": "丰爱平", "title": "副主任", "department": "自然资源部海岛研究中心"} in data["positions"]


@pytest.mark.browser
def test_a_report_page_fits_a_phone(report_index, open_page):
    """Its original address is one long unbroken string: it wraps instead of widening the page."""
    from urllib.parse import quote

    from helpers import serving

    record = parse_file(REPORTS / "pingtan-2022-13.txt")
    with serving(report_index) as base:
        page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True)
        page.goto(f"{base}/meetings/{quote(record.id)}")
        assert page.locator("a.original").inner_text() == record.source_url
        assert page.evaluate("document.documentElement.scrollWidth") <= 400
