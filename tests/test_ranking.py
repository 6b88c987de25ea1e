"""Ranking in tiers: the exact string in a title, then BM25 over its exact occurrences in the
text, then whole-word matches; and the numpy BM25 equals Whoosh's BM25F."""

import re

import numpy as np
import pytest
from helpers import index_of, stock_index
from whoosh import query as wq
from whoosh.scoring import BM25F

from indexer.models import AgendaItem, Minutes
from indexer.parse import parse_file
from indexer.query import SearchRequest, ranking, search
from indexer.synth import generate

# Judged set: for each query, where the phrase is placed (meeting index → place) and the order the
# meetings must come first in. "title" = in an agenda item's title; "text×k" = k times in a
# decision; "long×1" = once, in a meeting made four times longer.
JUDGED = {
    "海绵城市试点": ({3: "text×1", 7: "title", 11: "text×6", 15: "long×1"}, [7, 11, 3, 15]),
    "低空经济": ({2: "text×3", 5: "text×1", 9: "title", 12: "title"}, None),
    "数据要素市场化配置": ({4: "long×1", 8: "text×2", 13: "text×1"}, [8, 13, 4]),
}


def _place(record: Minutes, place: str, phrase: str, filler: str) -> None:
    if place == "title":
        record.items.append(AgendaItem(len(record.items) + 1, f"研究{phrase}有关事项", ["原则同意。"]))
        record.text += f"\n研究{phrase}有关事项\n原则同意。"
        return
    kind, times = place.split("×")
    decision = "。".join([f"要推进{phrase}相关工作"] * int(times)) + "。"
    record.items[0].decisions.append(decision)
    record.text += "\n" + decision
    if kind == "long":
        record.text += ("\n" + filler) * 3


@pytest.fixture(scope="module")
def judged_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("judged")
    files = generate(20, root / "docs", seed=21)
    records = [parse_file(f) for f in sorted(files)]
    originals = [r.text for r in records]
    for phrase, (places, _) in JUDGED.items():
        for i, place in places.items():
            _place(records[i], place, phrase, originals[(i + 1) % len(records)])
    return index_of(records, root / "ix"), records


@pytest.mark.parametrize("phrase", sorted(JUDGED))
def test_judged_queries_rank_in_tiers(judged_index, phrase):
    index, records = judged_index
    places, expected = JUDGED[phrase]
    hits = search(index, SearchRequest(q=phrase, page_size=50)).hits
    ranked = [next(i for i, r in enumerate(records) if r.id == h.id) for h in hits]
    assert sorted(ranked) == sorted(places)  # exactly the meetings holding the phrase
    titles = [i for i in places if places[i] == "title"]
    assert sorted(ranked[: len(titles)]) == sorted(titles)  # title matches first
    if expected:
        assert ranked == expected


def test_more_exact_occurrences_rank_higher_in_equal_length(tmp_path):
    """Two meetings of exactly equal length: the one holding the phrase three times comes first,
    although it is the older (newest first would put it second)."""
    base = dict(city="测试市", body="测试市人民政府", meeting_type="常务会议", chair="张三", chair_title="市长")
    filler = "会议研究了有关工作。" * 20
    phrase, other = "要推进低空经济相关工作。", "要推进其他产业相关工作。"
    docs = [
        Minutes(source="a.txt", number=1, date="2021-01-01", text=filler + phrase * 3, **base),
        Minutes(source="b.txt", number=2, date="2021-01-02", text=filler + phrase + other * 2, **base),
    ]
    assert len(docs[0].text) == len(docs[1].text)
    index = index_of(docs, tmp_path / "ix")
    assert [h.number for h in search(index, SearchRequest(q="低空经济")).hits] == [1, 2]


def test_title_then_exact_then_whole_word(tmp_path):
    """农业: a title match first; at equal exact counts and lengths, the whole word before the
    string inside a longer word (中国农业发展银行)."""
    base = dict(city="测试市", body="测试市人民政府", meeting_type="常务会议", chair="张三", chair_title="市长")
    docs = [
        Minutes(source="a.txt", number=1, date="2021-01-03", text="会议研究中国农业发展银行事项。", **base),
        Minutes(source="b.txt", number=2, date="2021-01-01", text="会议研究加快农业发展的新事项。", **base),
        Minutes(
            source="c.txt",
            number=3,
            date="2021-01-02",
            text="会议听取了汇报。",
            items=[AgendaItem(1, "关于农业生产的汇报", ["原则同意。"])],
            **base,
        ),
    ]
    assert len(docs[0].text) == len(docs[1].text)
    for d in docs:
        d.text += "\n" + "\n".join(i.title for i in d.items)
    index = index_of(docs, tmp_path / "ix")
    assert [h.number for h in search(index, SearchRequest(q="农业")).hits] == [3, 2, 1]


def test_real_meeting_leads_for_a_phrase_it_holds_eight_times(search_index, records):
    """审计整改 is eight times in meeting 111: every meeting ranked above it has it in a title or
    holds it at least half as often (BM25 over the exact string, normalised by length)."""
    real = records["苏州市-2020-09-14-111"]

    def count(r) -> int:
        return re.sub(r"\s+", "", r.text).count("审计整改")

    assert count(real) == 8
    hits = search(search_index, SearchRequest(q="审计整改", page_size=100)).hits
    ids = [h.id for h in hits]
    in_title = {
        r.id for r in records.values() if any("审计整改" in t for t in [r.display_title, *(i.title for i in r.items)])
    }
    assert real.id in ids
    above = ids[: ids.index(real.id)]
    assert all(i in in_title or count(records[i]) >= count(real) / 2 for i in above), [
        (i, count(records[i])) for i in above
    ]


@pytest.fixture(scope="module")
def stock(search_index, tmp_path_factory):
    return stock_index(search_index.snapshot().searcher().reader(), tmp_path_factory.mktemp("stock"))


@pytest.mark.parametrize(
    "field,text", [("words", "审计"), ("words", "整改"), ("words", "工作"), ("title", "汇报"), ("title", "审计")]
)
def test_numpy_bm25_equals_whoosh_bm25f(search_index, stock, field, text):
    """Over the packs' postings and the index's lengths, as Whoosh's BM25F scores the same
    documents written by stock Whoosh (`stock_index`)."""
    snap = search_index.snapshot()
    ids, ours = ranking.words_bm25(snap.searcher(), field, text, snap.lengths)
    assert len(ids) > 3
    with stock.searcher() as s:
        theirs = {hit.docnum: hit.score for hit in s.search(wq.Term(field, text), limit=None)}
        assert isinstance(s.weighting, BM25F)
    assert set(theirs) == set(ids.tolist())
    np.testing.assert_allclose([theirs[d] for d in ids.tolist()], ours, rtol=1e-5)


@pytest.mark.parametrize("typed", ["111", "第111次", "第一百一十一次"])
def test_a_bare_meeting_number_ranks_that_meeting_first(search_index, records, typed):
    hits = search(search_index, SearchRequest(q=typed, page_size=20)).hits
    numbered = sorted(r.id for r in records.values() if r.number == 111)
    assert numbered and sorted(h.id for h in hits[: len(numbered)]) == numbered
    assert all(h.number == 111 for h in hits[: len(numbered)])


@pytest.mark.parametrize("seed", range(6))
def test_top_orders_as_lexsort_over_every_key(seed):
    """`top` reads later keys only for the tied documents; the page is what a full lexsort gives."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    docnums = np.sort(rng.choice(5000, size=n, replace=False))
    arrays = [rng.integers(0, int(rng.integers(1, 4)), 5000).astype(np.float32) for _ in range(4)]
    read: list[int] = []

    def key(a):
        def values(d):
            read.append(d.size)
            return a[d]

        return values

    expected = docnums[np.lexsort(tuple(-a[docnums] for a in reversed(arrays)))]
    for limit in (1, 5, 20, n, n + 3):
        read.clear()
        got = ranking.top(docnums, [key(a) for a in arrays], limit)
        assert got.tolist() == expected[:limit].tolist()
        assert read[0] == n


def test_words_tier_is_scored_only_for_the_tied_meetings(search_index):
    """A page of a common word's hits equals the order of every matched meeting scored in full."""
    from indexer.query.matching import select

    snap = search_index.snapshot()
    cols = snap.columns
    for q in ("工作", "审计 整改", "会议 -审计"):
        req = SearchRequest(q=q)
        m = select(snap, req)
        docnums = np.flatnonzero(m.final)
        s = ranking.scores(m.parsed, snap.searcher(), cols, snap.lengths)
        words = s.words(docnums)
        full = docnums[
            np.lexsort((-cols.date[docnums], -words, -s.exact[docnums], -s.title[docnums], -s.number[docnums]))
        ]
        assert len(docnums) > 20 and np.count_nonzero(words) > 3
        scored: list[int] = []
        s.words = lambda d, score=s.words, seen=scored: seen.append(d.size) or score(d)  # type: ignore[method-assign]
        assert s.order(docnums, cols.date, 20).tolist() == full[:20].tolist()
        assert sum(scored) < len(docnums)
        page = search(search_index, req).hits
        assert [h.id for h in page] == [snap.stored(int(d))["id"] for d in full[: req.page_size]]
