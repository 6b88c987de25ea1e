"""Documents followed across meetings, as the index answers them: a document's page holds every
decision naming it, a decision's 此前/此后 are exactly the decisions of other meetings of its
place naming its document or series (brute force over the records with the `doctitles` rule), on
the real Pingtan reports (read from ../shared) and on a generated archive."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer import doctitles, documents, meetingcites
from indexer.build import index_paths
from indexer.models import UNKNOWN_CITY, decision_id, decision_text, decisions_of
from indexer.parse import parse_file
from indexer.query import SearchIndex
from indexer.synth import generate

SHARED = Path(__file__).resolve().parents[2] / "shared"
REPORTS = SHARED / "minutes" / "pingtan"
PINGTAN = "平潭综合实验区"
needs_reports = pytest.mark.skipif(
    not REPORTS.is_dir(),
    reason=f"the real Pingtan reports are read from {REPORTS} (public archive material, not copied here), absent here",
)


def _keys(record, details):
    places = doctitles.place_names(record.city, record.body)
    docs = {doctitles.document_key(r.title, places) for r in details.documents}
    return {k for k in docs if k}, {doctitles.series_key(r.title, places) for r in details.documents} - {""}


def brute_cited(records) -> dict[str, list[str]]:
    """decision id → the meetings it cites by number: for each `meetingcites` key of its text, the
    latest meeting of its place with that kind and number (and year) held before it."""
    out: dict[str, list[str]] = {}
    for r in records:
        places = doctitles.place_names(r.city, r.body)
        for item, n, _ in decisions_of(r):
            cited = []
            for key in meetingcites.cite_keys(decision_text(item, n), r.meeting_type, places):
                kind, year, number = key.split("/")
                earlier = [
                    m
                    for m in records
                    if (m.city or UNKNOWN_CITY) == (r.city or UNKNOWN_CITY)
                    and meetingcites.kind_of(m.meeting_type) == kind
                    and m.number == int(number)
                    and m.date
                    and r.date
                    and m.date < r.date
                    and (not year or m.date.startswith(year))
                ]
                if earlier:
                    cited.append(max(earlier, key=lambda m: m.date).id)
            out[decision_id(r.id, item.number, n)] = list(dict.fromkeys(cited))
    return out


def brute_threads(records) -> dict[str, set[str]]:
    """decision id → the decisions of other meetings of its place naming its document or series,
    and the later decisions citing its meeting by number."""
    entries = []
    for r in records:
        for item, n, d in decisions_of(r):
            docs, series = _keys(r, d)
            entries.append((decision_id(r.id, item.number, n), r.id, r.city or UNKNOWN_CITY, docs, series))
    cited = brute_cited(records)
    out = {}
    for did, meeting, place, docs, series in entries:
        out[did] = {
            other for other, m, p, d2, s2 in entries if m != meeting and p == place and (docs & d2 or series & s2)
        } | {other for other, _, _, _, _ in entries if meeting in cited[other]}
    return out


@pytest.fixture(scope="module")
def pingtan(tmp_path_factory):
    if not REPORTS.is_dir():
        pytest.skip(f"the real Pingtan reports are read from {REPORTS}, absent here")
    ix = tmp_path_factory.mktemp("pingtan") / "ix"
    texts = sorted(REPORTS.glob("*.txt"))
    report = index_paths(texts, ix)
    assert not report.failed, report.failed
    return SearchIndex(ix), [parse_file(p) for p in texts]


@needs_reports
def test_a_recurring_document_is_one_page_with_every_decision(pingtan):
    index, _ = pingtan
    doc = documents.document_profile(index, "粮食风险基金管理办法", PINGTAN)
    assert doc is not None
    assert [(m.date, m.number, m.action, m.status) for m in doc.mentions] == [
        ("2022-02-21", 4, "approved", "送审稿"),
        ("2023-05-10", 8, "approved", "送审稿"),
    ]
    assert doc.statuses == [("2022-02-21", "送审稿", "approved"), ("2023-05-10", "送审稿", "approved")]


@needs_reports
def test_yearly_series_are_linked_across_place_prefixes(pingtan):
    index, _ = pingtan
    for first, second in (
        ("2022年河湖长制工作要点", "2023年河湖长制工作要点"),
        ("2022年地方储备粮轮换工作方案", "2023年地方储备粮轮换工作方案"),  # 实验区 / 平潭综合实验区
    ):
        a = documents.document_profile(index, first, PINGTAN)
        b = documents.document_profile(index, second, PINGTAN)
        assert a and b and len(a.mentions) == len(b.mentions) == 1
        assert [t for t, _ in a.series] == [second] and [t for t, _ in b.series] == [first]
        m = a.mentions[0]
        thread = documents.decision_thread(index, m.meeting_id, m.item, m.decision)
        assert thread and [e.meeting_id for e in thread.after] == [b.mentions[0].meeting_id]
        assert thread.after[0].same_document is False  # the next year's: the same series


@needs_reports
def test_real_threads_equal_brute_force(pingtan):
    index, records = pingtan
    expected = brute_threads(records)
    assert sum(bool(v) for v in expected.values()) >= 4
    for r in records:
        for item, n, _ in decisions_of(r):
            t = documents.decision_thread(index, r.id, item.number, n)
            got = {e.id for e in t.before + t.after} if t else set()
            assert got == expected[decision_id(r.id, item.number, n)], (r.id, item.number, n)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("document-archive")
    files = generate(150, root / "docs", seed=23, layout="mixed")
    index_paths([root / "docs"], root / "ix")
    return SearchIndex(root / "ix"), [parse_file(f) for f in files], root


def test_generated_threads_and_document_pages_equal_brute_force(generated):
    index, records, _ = generated
    expected = brute_threads(records)
    by_id = {r.id: r for r in records}
    linked = 0
    for did, others in expected.items():
        meeting_id, rest = did.rsplit("/", 1)
        item, n = (int(x) for x in rest.split("."))
        t = documents.decision_thread(index, meeting_id, item, n)
        assert t is not None
        assert t.before_total + t.after_total == len(others), did
        shown = [e.id for e in t.before + t.after]
        assert set(shown) <= others and len(shown) == min(len(others), len(t.before) + len(t.after))
        dates = [e.date for e in t.after]
        assert dates == sorted(dates) and all(e.date >= by_id[meeting_id].date for e in t.after)
        linked += bool(others)
    assert linked > 0
    pages = documents.document_counts(index)
    mentions: dict[tuple[str, str], int] = {}
    for r in records:
        for _, _, d in decisions_of(r):
            for key in _keys(r, d)[0]:
                mentions[(key, r.city or UNKNOWN_CITY)] = mentions.get((key, r.city or UNKNOWN_CITY), 0) + 1
    assert {(n.name, n.city): n.meetings for n in pages} == mentions


def test_the_web_app_shows_documents_and_threads(generated):
    from webapp import create_app

    index, records, root = generated
    client = create_app({"INDEX_DIR": str(root / "ix"), "TESTING": True}).test_client()
    top = documents.document_counts(index)[0]
    twin = client.get(f"/api/documents/{top.city}/{top.name}").get_json()
    assert twin["title"] == top.name and len(twin["mentions"]) == top.meetings
    page = client.get(f"/documents/{top.city}/{top.name}").get_data(as_text=True)
    assert f"{top.meetings} 条决定提到它" in page
    assert client.get(f"/documents/{top.name}").status_code in (200, 302)
    assert client.get("/documents/没有这份文件").status_code == 404
    listing = client.get("/api/documents").get_json()
    assert {(d["name"], d["city"]) for d in listing} == {(n.name, n.city) for n in documents.document_counts(index)}
    meeting = twin["mentions"][0]["meeting_id"]
    threads = client.get(f"/api/meetings/{meeting}").get_json()["threads"]
    for anchor, t in threads.items():
        assert t["before_total"] + t["after_total"] + len(t["cited"]) > 0, anchor


@needs_reports
def test_the_cli_finds_a_document_as_typed(pingtan):
    import json

    from helpers import minutes

    index, _ = pingtan
    out = minutes("document", "平潭综合实验区粮食风险基金管理办法（送审稿）", "--index", index.dir, "--json")
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)["documents"]
    assert [(d["title"], d["city"], len(d["mentions"])) for d in found] == [("粮食风险基金管理办法", PINGTAN, 2)]
    none = minutes("document", "没有这样的文件", "--index", index.dir)
    assert none.returncode == 1 and "named by no indexed decision" in none.stdout


def _suzhou_variant(text: str, number: int, day: int, sentence: str) -> str:
    """Meeting 111's text as another meeting of the same government: its number and day changed,
    and `sentence` opening its first decision."""
    out = text.replace("第 111\n\n次常务会议", f"第 {number}\n\n次常务会议").replace("9 月 14 日", f"9 月 {day} 日")
    return out.replace("（一）原则同意市发改委", f"（一）{sentence}原则同意市发改委", 1)


def test_a_later_decision_citing_a_meeting_by_number_follows_it(tmp_path, sample_path):
    """`按照市政府第111次常务会议确定的…` links a later decision to meeting 111 (此后 on each of its
    decisions, 引用 on the citing one); a higher body's meeting of the same number does not."""
    text = Path(sample_path).read_text(encoding="utf-8")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "suzhou-2020-111.txt").write_text(text, encoding="utf-8")
    (folder / "suzhou-2020-112.txt").write_text(
        _suzhou_variant(text, 112, 21, "按照市政府第111次常务会议确定的工作要求，"), encoding="utf-8"
    )
    (folder / "suzhou-2020-113.txt").write_text(
        _suzhou_variant(text, 113, 28, "会议传达了省政府第111次常务会议精神，"), encoding="utf-8"
    )
    report = index_paths([folder], tmp_path / "ix")
    assert not report.failed, report.failed
    index = SearchIndex(tmp_path / "ix")
    records = [parse_file(p) for p in sorted(folder.iterdir())]
    ids = {r.number: r.id for r in records}
    citing = documents.decision_thread(index, ids[112], 1, 1)
    assert citing and [(c.meeting_id, c.number) for c in citing.cited] == [(ids[111], 111)]
    assert documents.decision_thread(index, ids[113], 1, 1).cited == []  # the province's meeting
    for item, n, _ in decisions_of(records[0]):
        t = documents.decision_thread(index, ids[111], item.number, n)
        later = [e for e in t.after if e.via == "meeting"]
        assert [(e.meeting_id, e.item, e.decision) for e in later] == [(ids[112], 1, 1)], (item.number, n)
    assert documents.followed_counts(index, ids[111]) == {item.number: 1 for item in records[0].items}
    # the brute force reads the same
    assert brute_cited(records)[decision_id(ids[112], 1, 1)] == [ids[111]]
