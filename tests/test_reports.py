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
        article = FURNITURE.sub("", fragment)
        assert article[-12:] in record.text.replace("\n", "")
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
