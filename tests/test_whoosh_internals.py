"""Every use of Whoosh's private internals (indexer/whoosh_internals.py), against the installed
version: a Whoosh upgrade that breaks one fails here, by name."""

from importlib.metadata import version

import numpy as np
from whoosh import query as wq

from indexer.build import WriteLock, create_index
from indexer.packs import MAX_TERM_BYTES, PACK_ONLY, POSITIONAL
from indexer.store import INDEX_NAME, index_generation
from indexer.whoosh_internals import (
    PINNED,
    ArrayLeafMatcher,
    doc_lengths,
    expand,
    searcher_at,
    subsearcher_offset,
    term_arrays,
    unlocked_writer,
)


def test_the_pinned_whoosh_is_installed():
    assert version("whoosh-reloaded") == PINNED


def _public_postings(reader, field, text):
    """(global document, weight, value) of every posting, through Whoosh's public matcher."""
    out = []
    for leaf, offset in reader.leaf_readers():
        if (field, text) in leaf:
            m = leaf.postings(field, text)
            while m.is_active():
                out.append((m.id() + offset, m.weight(), (m.value() or b"") if field in POSITIONAL else None))
                m.next()
    return out


def _as_items(t, field: str) -> list:
    """(document, weight, value) of each posting of `term_arrays`' result, values as Whoosh
    encodes them for a positional field (ArrayPositions) and Whoosh's own for the others."""
    if field not in POSITIONAL:
        return list(zip(t.docs.tolist(), t.weights.tolist(), [None] * t.docs.size))
    ends = np.cumsum(t.counts).tolist()
    values = [t.positions[a:b].astype("<u4").tobytes() for a, b in zip([0] + ends[:-1], ends)]
    return list(zip(t.docs.tolist(), t.weights.tolist(), values))


def test_term_arrays_equal_the_public_matcher(search_index):
    """For the fields Whoosh holds postings of (the searched ones are in the packs alone:
    test_packs and test_analysis compare them with the text and with a stock-written index)."""
    reader = search_index.snapshot().searcher().reader()
    leaf, _ = reader.leaf_readers()[0]
    assert isinstance(getattr(m := leaf.postings("doctype", "decision"), "child", m), ArrayLeafMatcher)
    meeting = next(t for f, t in reader.all_terms() if f == "meeting").decode("utf-8")
    for field, text in (("doctype", "decision"), ("meeting", meeting)):
        t = term_arrays(reader, field, text, positions=True)
        assert t.docs.size and _as_items(t, field) == _public_postings(reader, field, text), (field, text)
    assert not any(field in PACK_ONLY and len(t) <= MAX_TERM_BYTES for field, t in reader.all_terms())
    assert term_arrays(reader, "words", "审计").docs.size and term_arrays(reader, "attendee", "王翔").docs.size
    assert term_arrays(reader, "ngrams", "审计").docs.size and term_arrays(reader, "ngrams", "没有").docs.size == 0


def test_a_searcher_stays_on_its_generation_and_writers_leave_the_lock_to_the_caller(tmp_path):
    from indexer.build import document_of
    from indexer.models import Minutes

    folder = tmp_path / "ix"
    ix = create_index(folder)
    base = dict(city="测试市", body="测试市人民政府", meeting_type="常务会议", chair="张三", chair_title="市长")
    with WriteLock(folder):  # the caller holds the lock; the writer must not try to take it
        for n in (1, 2):
            w = unlocked_writer(ix)
            w.add_document(
                **document_of(
                    Minutes(source=f"{n}.txt", number=n, date=f"2021-01-0{n}", text=f"第{n}次会议审议事项。", **base),
                    str(tmp_path / f"{n}.txt"),
                    "0",
                )
            )
            w.commit(merge=False)
            if n == 1:
                first = searcher_at(ix.storage, INDEX_NAME, index_generation(folder), ix.schema)
    latest = searcher_at(ix.storage, INDEX_NAME, index_generation(folder), ix.schema)
    assert (first.doc_count(), latest.doc_count()) == (1, 2)  # the first still sees its own version
    names = list(expand(wq.Prefix("chair", "张"), latest.reader()))
    assert names == ["张三"]
    subs = latest.subsearchers if latest.subsearchers else [(latest, 0)]
    assert [subsearcher_offset(latest, sub) if sub is not latest else 0 for sub, _ in subs] == [o for _, o in subs]


def test_doc_lengths_equal_whoosh_s_own(search_index):
    reader = search_index.snapshot().searcher().reader()
    for leaf, _ in reader.leaf_readers():
        for field in ("words", "title", "ngrams"):
            got = doc_lengths(leaf, field).tolist()
            want = [leaf.doc_field_length(d, field, 0) or 0 for d in range(leaf.doc_count_all())]  # None: none
            assert got == want, field
            assert field == "ngrams" or any(got)  # unscored fields have none
