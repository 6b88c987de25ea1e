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
