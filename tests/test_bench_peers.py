"""The benchmark's equal-work peers (bench/equal.py: tantivy over bigrams, SQLite FTS5 with
trigrams, the numpy floor) answer the benchmark's own query mix as this project does: the same
total, the same values and counts on every sidebar facet and the same number of distinct values,
for every query they can express; and every probed substring is found where it is. Their timings
mean something only if this holds."""

from __future__ import annotations

import importlib.util

import pytest

from bench.__main__ import _text_of, substrings
from bench.equal import (
    PEERS,
    Corpus,
    _bigrams,
    _in_order,
    _key_of,
    _ours,
    _pair_keys,
    _same,
    make_peers,
    query_mix,
    request_of,
    runnable,
)
from indexer.analysis import BigramTokenizer
from indexer.build import index_paths
from indexer.query import SearchIndex
from indexer.synth import generate

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("bench-peers")
    generate(200, root / "a", seed=3, layout="mixed")
    report = index_paths([root / "a"], root / "ix")
    assert not report.failed
    index = SearchIndex(root / "ix")
    docs = [_text_of(str(p)) for p in sorted((root / "a").rglob("*.txt"))]
    return root, index, Corpus(index, workers=1), docs


def _peers(corpus, folder):
    if importlib.util.find_spec("tantivy") is None:
        pytest.skip("tantivy is not installed (the optional `bench` extra)")
    return make_peers(PEERS, corpus, folder)


def test_every_meeting_is_the_peers_too(built):
    _, index, corpus, docs = built
    assert len(corpus) == len(docs) == index.snapshot().columns.live_count


def test_peers_count_what_we_count_on_the_bench_mix(built, tmp_path):
    _, index, corpus, docs = built
    peers = _peers(corpus, tmp_path)
    mix = query_mix(docs, seed=1)
    runs = [q for q in mix if runnable(q)]
    assert {q["name"] for q in mix} - {q["name"] for q in runs} == {"decision kind + term", "responsible + deadline"}
    extra = [
        {"name": "one character", "q": "审"},
        {"name": "two characters, newest", "q": "会议", "sort": "newest"},
        {"name": "nothing", "q": "没有这种说法吧"},
    ]
    assert sum(_ours(index, q)[0] > 0 for q in runs) >= len(runs) - 1
    for q in runs + extra:
        ours = _ours(index, q)
        for peer in peers:
            theirs = peer.run(q, request_of(q))
            assert _same(ours, theirs) == [], (peer.name, q["name"])
            assert len(theirs[2]) == len(ours[2])  # as many hits rendered


def test_peers_find_every_probe(built, tmp_path):
    _, _, corpus, docs = built
    peers = _peers(corpus, tmp_path)
    by_id = {corpus.snap.columns.summaries.ids[d]: int(d) for d in corpus.docnums.tolist()}
    for doc_id, sub in substrings(docs, 60, seed=3):
        for peer in peers:
            assert peer.holds(by_id[doc_id], sub), (peer.name, sub)


def test_peers_cut_the_bigrams_our_tokenizer_cuts(built):
    corpus = built[2]
    for text in corpus.texts[:50] + ["Ａ 蘇州\u3000市 ab", "x", ""]:
        ours = _in_order(BigramTokenizer.term_positions(text))
        assert _bigrams(text) == ours
        assert _pair_keys(text).tolist() == [_key_of(g) for g in ours]


def test_peers_option():
    from bench.__main__ import ALL_PEERS, chosen_peers

    def chosen(*argv):
        import argparse

        ap = argparse.ArgumentParser()
        ap.add_argument("--peers", default="all")
        ap.add_argument("--skip-peers", action="store_true")
        ap.add_argument("--skip-naive", action="store_true")
        ap.add_argument("--equal-peers", default=None)
        return chosen_peers(ap.parse_args(argv))

    assert chosen() == list(ALL_PEERS)
    assert chosen("--skip-naive") == [p for p in ALL_PEERS if p != "naive-whoosh"]
    assert chosen("--peers", "tantivy-bigram") == ["tantivy-bigram"]
    assert chosen("--peers", "") == chosen("--skip-peers") == []
    assert chosen("--skip-peers", "--equal-peers", "tantivy-bigram") == ["tantivy-bigram"]
    with pytest.raises(SystemExit):
        chosen("--peers", "elastic")


def test_a_peer_that_counts_otherwise_is_not_equal_work(built, tmp_path):
    from bench.__main__ import equal_table

    _, index, corpus, docs = built
    q = query_mix(docs, seed=1)[0]
    ours = _ours(index, q)
    (floor,) = make_peers(["floor"], corpus, tmp_path)
    total, facets, hits, totals = floor.run(q, request_of(q))
    year = facets["year"]
    year[0].count += 1
    problems = _same(ours, (total + 1, facets, hits, totals))
    assert problems[0].startswith("total: ours") and any(p.startswith("year:") for p in problems)
    timing = {"p50_ms": 1.0, "p95_ms": 2.0, "per_query_p50_ms": {"common term": 1.0}}
    r = {
        "meetings": 200,
        "ours": {**timing, "build_s": 9.0},
        "equal": {
            "queries": ["common term"],
            "parse_s": 1.0,
            "ours": timing,
            "tantivy-bigram": {**timing, "build_s": 1.0, "recall": 1.0, "mismatches": problems, "equal_work": False},
            "numpy floor": {**timing, "build_s": 1.0, "recall": 1.0, "mismatches": [], "equal_work": True},
        },
    }
    text = "\n".join(equal_table(r))
    assert "tantivy-bigram (NOT equal work)" in text and "NOT equal work, 2 mismatches" in text
    assert "| 200: query mix | 1.0 / 2.0 | 1.0 / 2.0 | 1.00 / 1.00 | – | – | 1.0, nan |" in text
