"""Decision search over a real index of every layout (generated) plus the real sample: each hit is
one decision; selections, query fields, filters and facet counts agree with brute force over the
parsed records; decision hits belong to meeting hits; exports hold every decision of a search."""

import csv
import io
import json
import random
import re

import pytest
from helpers import hit_ids, minutes
from variants import SAMPLE

from indexer.analysis import fold
from indexer.build import index_paths
from indexer.models import decision_id, decision_summary, decision_text, decisions_of
from indexer.parse import parse_file
from indexer.query import SearchIndex, SearchRequest, search, search_decisions
from indexer.query.decisions import decision_rows
from indexer.synth import generate


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("decision-archive")
    files = generate(100, root / "docs", seed=19, layout="mixed")
    (root / "docs" / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    files.append(root / "docs" / SAMPLE.name)
    report = index_paths([root / "docs"], root / "ix")
    assert not report.failed, report.failed
    records = [parse_file(f) for f in files]
    return SearchIndex(root / "ix"), {r.id: r for r in records}, root


def decision_ids(index, q="", **filters) -> list[str]:
    """Every decision hit of a search, in order, page by page."""
    ids, page = [], 1
    while True:
        result = search_decisions(index, SearchRequest(q=q, page=page, page_size=100, **filters))
        ids += [h.id for h in result.hits]
        if page * 100 >= result.total:
            return ids
        page += 1


def _squeeze(text: str) -> str:
    return fold(re.sub(r"\s+", "", text))


def every_decision(records):
    """(record, item, n, details, what it records as stored) of every decision."""
    for r in records.values():
        for item, n, d in decisions_of(r):
            yield r, item, n, d, decision_summary(r, item, n, d)


def brute(records, words=(), where=lambda r, item, n, d, s: True) -> set[str]:
    """Decisions of the meetings holding every word, holding one of them, and meeting `where`."""
    out = set()
    for r, item, n, d, s in every_decision(records):
        meeting_text = _squeeze(r.text + (r.title or ""))
        own = _squeeze(item.title + decision_text(item, n))
        if all(w in meeting_text for w in words) and (not words or any(w in own for w in words)):
            if where(r, item, n, d, s):
                out.add(decision_id(r.id, item.number, n))
    return out


def test_the_archive_has_decisions_of_every_kind_and_layout(archive):
    index, records, _ = archive
    kinds = {k for *_, s in every_decision(records) for k in s["kinds"]}
    assert kinds == {"同意", "传达", "听取", "部署", "暂缓"}
    assert {r.layout for r in records.values()} == {"suzhou", "district", "report", "labelled", "office"}
    total = sum(1 for _ in every_decision(records))
    assert search_decisions(index, SearchRequest()).total == total > 500


def test_text_queries_select_the_decisions_holding_a_word_of_matching_meetings(archive):
    index, records, _ = archive
    rng = random.Random(3)
    texts = [_squeeze(decision_text(item, n)) for _, item, n, _, _ in every_decision(records)]
    queries = ["审计", "市应急局 发文", "整改 年底前", "政府工作报告", "安全生产 专项"]
    for _ in range(25):  # words taken from real decisions, one or two at a time
        words = []
        for _ in range(rng.choice((1, 2))):
            t = rng.choice(texts)
            start = rng.randrange(0, max(1, len(t) - 4))
            words.append(t[start : start + rng.randint(2, 4)])
        queries.append(" ".join(w for w in words if re.fullmatch(r"[\u4e00-\u9fff]+", w)) or "会议")
    for q in queries:
        words = tuple(_squeeze(w) for w in q.split())
        assert set(decision_ids(index, q)) == brute(records, words), q


def test_the_decision_holding_every_word_comes_first(archive):
    index, records, _ = archive
    rng = random.Random(8)
    texts = [_squeeze(decision_text(item, n)) for _, item, n, _, _ in every_decision(records)]
    queries = []
    while len(queries) < 8:  # two words of one decision, far apart
        t = rng.choice(texts)
        if len(t) >= 40:
            a, b = rng.randrange(0, 10), rng.randrange(len(t) - 14, len(t) - 4)
            first, second = t[a : a + 3], t[b : b + 3]
            if re.fullmatch(r"[\u4e00-\u9fff]{3}", first) and re.fullmatch(r"[\u4e00-\u9fff]{3}", second):
                queries.append(f"{first} {second}")
    for q in queries:
        words = [_squeeze(w) for w in q.split()]
        hits = search_decisions(index, SearchRequest(q=q, page_size=100)).hits
        held = [sum(w in _squeeze(h.item_title + h.text) for w in words) for h in hits]
        assert held and held == sorted(held, reverse=True), q  # every word before some
        assert held[0] == len(words), q


@pytest.mark.parametrize(
    ("query", "where"),
    [
        ("类型:同意", lambda r, item, n, d, s: "同意" in s["kinds"]),
        ("类型:暂缓", lambda r, item, n, d, s: "暂缓" in s["kinds"]),
        ("决定类型:部署", lambda r, item, n, d, s: "部署" in s["kinds"]),
        ("汇报:市卫生健康委", lambda r, item, n, d, s: "市卫生健康委" in s["presenters"]),
        ("汇报单位:市发改委", lambda r, item, n, d, s: "市发改委" in s["presenters"]),
        ("牵头:市政府办公室", lambda r, item, n, d, s: "市政府办公室" in s["leads"]),
        ("负责:市税务局", lambda r, item, n, d, s: "市税务局" in s["responsible"]),
        ("負責:市稅務局", lambda r, item, n, d, s: "市税务局" in s["responsible"]),  # traditional
        ("文件状态:送审稿", lambda r, item, n, d, s: "送审稿" in s["docstatus"]),
        ("文件:专项规划", lambda r, item, n, d, s: any("专项规划" in _squeeze(x.title) for x in d.documents)),
        ("文件：“若干措施”", lambda r, item, n, d, s: any("若干措施" in _squeeze(x.title) for x in d.documents)),
        ("期限:1996", lambda r, item, n, d, s: any(x.date and x.date[:4] == "1996" for x in d.deadlines)),
        ("期限:年底前", lambda r, item, n, d, s: any(x.text == "年底前" for x in d.deadlines)),
        (
            "类型:同意 NOT 汇报:市发改委",
            lambda r, item, n, d, s: (
                "同意" in s["kinds"]
                and "市发改委" not in s["presenters"]
                and all("市发改委" not in x["presenters"] for *_, x in _decisions_of(r))
            ),
        ),
    ],
)
def test_decision_fields_agree_with_brute_force(archive, query, where):
    index, records, _ = archive
    expected = brute(records, where=where)
    got = decision_ids(index, query)
    assert len(got) == len(set(got))
    assert set(got) == expected, query
    if "NOT" not in query:
        assert expected, f"{query}: the archive should hold such decisions"


def _decisions_of(record):
    return [(item, n, d, decision_summary(record, item, n, d)) for item, n, d in decisions_of(record)]


def test_meeting_fields_and_words_combine_with_decision_fields(archive):
    index, records, _ = archive
    city = next(r.city for r in records.values() if r.layout == "district")
    expected = brute(records, ("要",), lambda r, item, n, d, s: r.city == city and "部署" in s["kinds"])
    assert set(decision_ids(index, f"城市:{city} 类型:部署 要")) == expected and expected
    # 类型 with a meeting's type still means the meeting's type
    types = {r.meeting_type for r in records.values() if r.meeting_type}
    some = sorted(types)[0]
    assert set(decision_ids(index, f"类型:{some}")) == brute(records, where=lambda r, *_: r.meeting_type == some)


def test_every_facet_count_equals_what_selecting_it_gives(archive):
    index, _, _ = archive
    for q in ("", "要", "类型:同意"):
        result = search_decisions(index, SearchRequest(q=q, facet_limit=10000))
        assert all(result.facets[name] for name in ("kind", "year", "city", "presenter")), q
        for name, values in result.facets.items():
            for v in values[:8]:
                selected = search_decisions(index, SearchRequest(q=q, **{name: [v.value]}))
                assert selected.total == v.count, (q, name, v.value)


def test_filters_agree_with_brute_force(archive):
    index, records, _ = archive
    cases = [
        ({"kind": ["听取"]}, lambda r, item, n, d, s: "听取" in s["kinds"]),
        ({"kind": ["同意", "暂缓"]}, lambda r, item, n, d, s: bool({"同意", "暂缓"} & set(s["kinds"]))),
        ({"presenter": ["市国资委"]}, lambda r, item, n, d, s: "市国资委" in s["presenters"]),
        (
            {"responsible": ["市生态环境局"], "kind": ["部署"]},
            lambda r, item, n, d, s: "市生态环境局" in s["responsible"] and "部署" in s["kinds"],
        ),
        ({"docstatus": ["草案"]}, lambda r, item, n, d, s: "草案" in s["docstatus"]),
        ({"year": ["2020"]}, lambda r, item, n, d, s: (r.date or "")[:4] == "2020"),
    ]
    for filters, where in cases:
        assert set(decision_ids(index, **filters)) == brute(records, where=where), filters
    sz = "苏州市"
    got = decision_ids(index, "审计", city=[sz], presenter=[f"市发改委（{sz}）"])
    assert set(got) == brute(
        records, ("审计",), lambda r, item, n, d, s: r.city == sz and "市发改委" in s["presenters"]
    )


def test_every_decision_hit_belongs_to_a_meeting_hit_of_the_same_query(archive):
    index, _, _ = archive
    for q in (
        "审计",
        "市应急局 发文",
        "类型:同意",
        "要 NOT 整改",
        "汇报:市发改委 OR 牵头:市政府办公室",
        "出席:王* 部署",
        "111",
    ):
        meetings = set(hit_ids(index, q))
        decisions = search_decisions(index, SearchRequest(q=q, page_size=100))
        assert {h.meeting for h in decisions.hits} <= meetings, q
        rows = list(decision_rows(index, SearchRequest(q=q)))
        assert {h.meeting for h in rows} <= meetings and len(rows) == decisions.total, q


def test_a_search_with_no_decision_says_why(archive):
    index, _, _ = archive
    none = search_decisions(index, SearchRequest(q="没有这样的文字出现"))
    assert none.total == 0 and none.notes and "没有这样的文字出现" in none.notes[0]
    wide = search_decisions(index, SearchRequest(q="苏州市人民政府 出席:王翔 整改", kind=["暂缓"]))
    assert wide.total == 0 and wide.notes


def test_meeting_111_decisions_are_found_and_cited(archive):
    index, records, _ = archive
    result = search_decisions(index, SearchRequest(q="审计整改 市政府督查室"))
    top = result.hits[0]
    assert top.meeting == "苏州市-2020-09-14-111" and "市政府督查室" in top.text and "审计整改" in _squeeze(top.text)
    assert top.citation.startswith("苏州市人民政府第111次常务会议纪要（2020年9月14日）第")
    assert top.anchor == f"item-{top.item}-{top.decision}"
    # the meeting's hit lists that decision first too
    hit = next(h for h in search(index, SearchRequest(q="审计整改 市政府督查室")).hits if h.id == top.meeting)
    assert (hit.items[0].number, hit.items[0].decision) == (top.item, top.decision)


def test_exports_hold_every_decision_with_its_fields(archive):
    index, records, _ = archive
    q = "类型:部署"
    total = search_decisions(index, SearchRequest(q=q)).total
    ix = str(archive[2] / "ix")
    out = minutes("search", q, "--index", ix, "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == total and all("部署" in r["kinds"] for r in rows)
    by_id = {r["id"]: r for r in rows}
    for r, item, n, d, _ in every_decision(records):
        row = by_id.get(decision_id(r.id, item.number, n))
        if row is None:
            continue
        assert row["responsible"] == [{"department": x.department, "role": x.role} for x in d.responsible]
        assert row["deadlines"] == [{"text": x.text, "date": x.date} for x in d.deadlines]
        assert row["documents"] == [{"title": x.title, "status": x.status, "action": x.action} for x in d.documents]
        assert row["text"] == decision_text(item, n) and row["city"] == r.city and row["number"] == r.number
    table = minutes("search", q, "--index", ix, "--format", "csv")
    parsed = list(csv.reader(io.StringIO(table.stdout)))
    assert parsed[0][:4] == ["城市", "机构", "会议次数", "日期"] and len(parsed) == total + 1
    as_json = json.loads(minutes("search", q, "--index", ix, "--decisions", "--json").stdout)
    assert as_json["total"] == total and as_json["hits"][0]["kinds"]


def test_the_web_app_answers_the_same_and_streams_its_exports(archive):
    from webapp import create_app

    index, _, root = archive
    client = create_app({"INDEX_DIR": str(root / "ix"), "TESTING": True}).test_client()
    q = "类型:同意 审计"
    twin = client.get("/api/decisions", query_string={"q": q, "size": 100}).get_json()
    direct = search_decisions(index, SearchRequest(q=q, page_size=100)).to_json()
    assert twin["total"] == direct["total"] > 0 and [h["id"] for h in twin["hits"]] == [h["id"] for h in direct["hits"]]
    html = client.get("/decisions", query_string={"q": q}).get_data(as_text=True)
    assert f'<strong id="total">{direct["total"]}</strong> 条决定' in html
    for kind in ("csv", "jsonl"):
        response = client.get(f"/export/decisions.{kind}", query_string={"q": q})
        assert response.is_streamed and response.status_code == 200
        body = response.get_data(as_text=True)
        lines = [line for line in body.splitlines() if line.strip()]
        assert len(lines) == direct["total"] + (1 if kind == "csv" else 0), kind
    box = client.get("/api/decision-facets/presenter", query_string={"q": q, "contains": "市"}).get_json()
    for v in box["values"]:
        assert search_decisions(index, SearchRequest(q=q, presenter=[v["value"]])).total == v["count"]
    assert client.get("/export/decisions.csv", query_string={"q": "("}).status_code == 400
    assert client.get("/api/decision-facets/attendee").status_code == 404


def test_a_department_page_lists_per_year_what_it_presented_and_was_tasked_with(archive):
    from collections import Counter

    from indexer.catalog import department_profile

    index, records, _ = archive
    presented, tasked = Counter(), Counter()
    for r, _item, _n, _d, s in every_decision(records):
        for dept in s["presenters"]:
            presented[(r.city, dept, (r.date or "")[:4])] += 1
        for dept in s["responsible"]:
            tasked[(r.city, dept, (r.date or "")[:4])] += 1
    checked = 0
    for city, dept in {(c, d) for c, d, _ in [*presented, *tasked]}:
        profile = department_profile(index, dept, city)
        if profile is None:  # named only in decisions, never at a meeting's table: no page of its own
            continue
        got = {
            y.year: (y.presented_total, y.tasked_total) for y in profile.years if y.presented_total or y.tasked_total
        }
        assert all(y.meetings == profile.by_year.get(y.year, 0) for y in profile.years)  # the timeline's meetings
        assert {y.year for y in profile.years} >= {y for y in profile.by_year if y.isdigit()}
        years = {y for c, d, y in [*presented, *tasked] if (c, d) == (city, dept)}
        assert got == {y: (presented[(city, dept, y)], tasked[(city, dept, y)]) for y in years}, (city, dept)
        for y in profile.years:
            assert all(
                dept in records[ref.meeting_id].items[ref.item - 1].details[ref.decision - 1].presenters
                for ref in y.presented
            )
            assert [ref.date for ref in y.tasked] == sorted((ref.date for ref in y.tasked), reverse=True)
        checked += 1
    assert checked > 20


def test_a_person_page_lists_per_year_what_they_were_part_of(archive):
    """A person's timeline: their meetings by main role, and the decisions the department they sat
    in for presented or was tasked with at those meetings (each decision once), as brute force
    over the records counts them."""
    from collections import Counter

    from indexer.catalog import person_profile

    index, records, _ = archive
    presented, tasked, seen = Counter(), Counter(), set()
    for r, _item, _n, _d, s in every_decision(records):
        for person in {p.name for p in r.observers}:
            depts = {o.department for o in r.observers if o.name == person and o.department}
            year = (r.date or "")[:4]
            presented[(r.city, person, year)] += bool(depts & set(s["presenters"]))
            tasked[(r.city, person, year)] += bool(depts & set(s["responsible"]))
            seen.add((r.city, person))
    busy = sorted(cp for cp in seen if any(presented[(*cp, y)] for y in {y for _, _, y in presented}))
    checked = 0
    for city, person in busy[:40] + sorted(seen - set(busy))[:20]:
        profile = person_profile(index, person, city)
        assert profile is not None, (city, person)
        got = {y.year: (y.presented_total, y.tasked_total) for y in profile.years}
        want = {
            y: (presented[(c, p, y)], tasked[(c, p, y)])
            for c, p, y in [*presented, *tasked]
            if (c, p) == (city, person)
        }
        assert {y: v for y, v in got.items() if any(v)} == {y: v for y, v in want.items() if any(v)}, (city, person)
        assert {y.year: y.roles for y in profile.years if y.roles} == profile.by_year
        for y in profile.years:
            assert y.meetings == sum(profile.by_year.get(y.year, {}).values())
            for ref in y.presented:
                record = records[ref.meeting_id]
                assert any(o.name == person and o.department == ref.department for o in record.observers)
        checked += bool(any(y.presented_total for y in profile.years))
    assert checked > 10


def test_or_and_not_judge_each_decision_by_itself(archive):
    """`审计 OR 类型:暂缓` finds the deferrals without 审计 too; NOT NOT is the query itself; a NOT on
    a decision field keeps the decision hits inside the meeting hits (meetings with none such)."""
    index, records, _ = archive

    def decisions_where(meeting_ok, decision_ok) -> set[str]:
        out = set()
        for r in records.values():
            pairs = _decisions_of(r)
            if meeting_ok(r, pairs):
                out |= {decision_id(r.id, item.number, n) for item, n, d, s in pairs if decision_ok(r, item, n, d, s)}
        return out

    def holds(item, n, word):
        return word in _squeeze(item.title + decision_text(item, n))

    def meeting_holds(r, word):
        return word in _squeeze(r.text + (r.title or ""))

    expected = decisions_where(
        lambda r, pairs: meeting_holds(r, "审计") or any("暂缓" in s["kinds"] for *_, s in pairs),
        lambda r, item, n, d, s: holds(item, n, "审计") or "暂缓" in s["kinds"],
    )
    got = set(decision_ids(index, "审计 OR 类型:暂缓"))
    assert got == expected
    assert got > set(decision_ids(index, "审计"))
    assert set(decision_ids(index, "NOT NOT 审计")) == set(decision_ids(index, "审计"))
    not_approving = decisions_where(
        lambda r, pairs: all("同意" not in s["kinds"] for *_, s in pairs),
        lambda r, item, n, d, s: "同意" not in s["kinds"],
    )
    assert set(decision_ids(index, "-类型:同意")) == not_approving and not_approving
    keyed = decisions_where(
        lambda r, pairs: r.city == "苏州市",
        lambda r, item, n, d, s: "市发改委" in s["presenters"],
    )
    assert set(decision_ids(index, "汇报:市发改委（苏州市）")) == keyed and keyed


def test_a_cut_copy_and_its_complete_copy_in_one_run_hold_the_meeting_once(tmp_path):
    """The complete copy replaces the incomplete one admitted earlier in the same batch: one
    meeting, its decisions once (they were doubled: a writer's deletions miss what it added)."""
    text = SAMPLE.read_text(encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a-cut.txt").write_text(text[: text.index("市交通局陆文华")], encoding="utf-8")
    (docs / "b-full.txt").write_text(text, encoding="utf-8")
    assert parse_file(docs / "a-cut.txt").id != parse_file(docs / "b-full.txt").id  # the cut one has no city
    report = index_paths([docs], tmp_path / "ix")
    assert report.added == 1 and any("a-cut.txt" in path for path, _ in report.skipped), report
    index = SearchIndex(tmp_path / "ix")
    full = parse_file(docs / "b-full.txt")
    assert hit_ids(index) == [full.id]
    assert search_decisions(index, SearchRequest()).total == sum(1 for _ in decisions_of(full))
    again = index_paths([docs], tmp_path / "ix")
    assert again.added == 0 and hit_ids(SearchIndex(tmp_path / "ix")) == [full.id]
