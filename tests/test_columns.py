"""The compact summaries and facet columns agree with the records the parser produced."""

import numpy as np

from indexer.build import document_of
from indexer.facets import FACETS, values_of
from indexer.identity import Identity


def test_summaries_rebuild_each_meeting_and_columns_hold_its_keyed_values(search_index, records):
    snap = search_index.snapshot()
    cols = snap.columns
    by_id = {s["id"]: (d, s) for d, s in snap.live()}
    assert set(by_id) == set(records)
    for record in list(records.values())[:60]:
        d, s = by_id[record.id]
        expected = document_of(record, record.source, "0")["summary"]  # as the builder stores it
        assert s["title"] == expected["title"] and s["date"] == expected["date"] and s["chair"] == expected["chair"]
        assert list(s["attendees"]) == expected["attendees"] and list(s["departments"]) == expected["departments"]
        assert [list(o) for o in s["observers"]] == expected["observers"]
        for facet in FACETS:
            column = cols.columns[facet.name]
            held = {column.values[c] for c in column.codes[column.rows == d]}
            values = values_of(facet, expected)
            wanted = {Identity.of(v, record.city).key for v in values} if facet.per_city else set(values)
            assert held == wanted, (record.id, facet.name)


def test_facet_counts_equal_a_count_over_every_entry(search_index):
    cols = search_index.snapshot().columns
    rng = np.random.default_rng(3)
    for share in (0.0, 0.01, 0.3, 0.5, 0.7, 1.0):  # every way of counting: searched, flagged, subtracted
        docs = (rng.random(cols.n_docs) < share) & cols.live
        for column in cols.columns.values():
            naive = np.bincount(column.codes[docs[column.rows]], minlength=len(column.values))
            assert np.array_equal(column.counts(docs), naive)
