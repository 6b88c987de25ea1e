"""The equal-work peers of the benchmark (bench/equal.py) answer the query mix as this project
does: the same totals and the same facet values and counts on every sidebar facet, and every
probed substring found. Their timings mean something only if this holds."""

from __future__ import annotations

import random

import pytest

from bench.equal import Corpus, Floor, TantivyBigram, _ours, _same, request_of
from indexer.build import index_paths
from indexer.query import SearchIndex
from indexer.synth import generate

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("equal")
    generate(300, root / "a", seed=7, layout="mixed")
    report = index_paths([root / "a"], root / "ix")
    assert not report.failed
    index = SearchIndex(root / "ix")
    return root, index, Corpus(index)


def _mix(corpus: Corpus) -> list[dict]:
    snap = corpus.snap
    people = snap.columns.columns["attendee"]
    busiest = people.values[int(people.total.argmax())].split("（")[0]
    years = snap.columns.columns["year"].values
    return [
        {"name": "common term", "q": "工作"},
        {"name": "phrase", "q": '"加快推进"'},
        {"name": "nothing", "q": "没有这种说法吧"},
        {"name": "person", "attendee": busiest},
        {"name": "term + person", "q": "会议", "attendee": busiest},
        {"name": "department + year", "department": "市审计局", "year": sorted(years)[len(years) // 2]},
        {"name": "newest", "q": "安全", "sort": "newest"},
    ]


def test_peers_count_what_we_count(built, tmp_path):
    _, index, corpus = built
    peers = [TantivyBigram(corpus, tmp_path / "tantivy"), Floor(corpus)]
    mix = _mix(corpus)
    assert sum(_ours(index, q)[0] > 0 for q in mix) >= len(mix) - 1  # only "nothing" finds nothing
    for q in mix:
        ours = _ours(index, q)
        for peer in peers:
            assert _same(ours, peer.run(q, request_of(q))) == [], (peer.name, q["name"])
    rng = random.Random(3)
    for _ in range(40):  # every substring of a meeting is found in it
        i = rng.randrange(len(corpus.texts))
        text = "".join(corpus.texts[i].split())
        start = rng.randrange(len(text) - 6)
        sub = text[start : start + rng.randint(2, 6)]
        assert all(peer.holds(int(corpus.docnums[i]), sub) for peer in peers), sub
