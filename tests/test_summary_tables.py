"""The summary tables written beside each segment (`summary_tables`) hold what a snapshot needs of
every meeting and decision: checked against the stored fields of the live documents, over several
segments, with deletions, and with a segment whose table is missing or damaged."""

from __future__ import annotations

import json
import pickle
import shutil

import numpy as np
import pytest

from indexer.build import index_paths
from indexer.query import SearchIndex
from indexer.summary_tables import DECISION_LISTS, SUFFIX, SummaryTable, merge
from indexer.synth import generate


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("tables")
    generate(60, root / "a", seed=21, layout="mixed")
    return root


def _plain(value):
    return json.loads(json.dumps(value, ensure_ascii=False))


def _expected(reader):
    """(meetings, decisions) as the live documents' stored fields have them."""
    stored = dict(reader.iter_docs())
    meetings = {d: s["summary"] for d, s in stored.items() if "summary" in s}
    doc_of = {s["id"]: d for d, s in sorted(meetings.items())}
    decisions = {}
    for d, s in stored.items():
        if "dsummary" in s:
            ds = s["dsummary"]
            decisions[d] = {
                "meeting": doc_of[ds["meeting"]],
                "item": ds["item"],
                "at": ds.get("at", 0),
                "n": ds["n"],
                "chars": float(np.float32(ds["chars"])),
                **{name: list(ds.get(name) or []) for name in DECISION_LISTS},
            }
    return meetings, decisions


def _held(snap):
    """(meetings, decisions) as the snapshot holds them."""
    summaries = snap.summaries
    meetings = {int(d): summaries.at(d) for d in np.flatnonzero(summaries.live)}
    ds = snap.decisions.summaries
    decisions = {}
    for d in np.flatnonzero(ds.live).tolist():
        lists = {}
        for name in DECISION_LISTS:
            o = ds.offsets[name]
            lists[name] = [ds.strings[c] for c in ds.codes[name][o[d] : o[d + 1]].tolist()]
        decisions[d] = {
            "meeting": int(ds.meeting[d]),
            "item": int(ds.item[d]),
            "at": int(ds.at[d]),
            "n": int(ds.n_in_item[d]),
            "chars": float(ds.chars[d]),
            **lists,
        }
    return meetings, decisions


def _check(snap):
    reader = snap.searcher().reader()
    want_meetings, want_decisions = _expected(reader)
    got_meetings, got_decisions = _held(snap)
    assert sorted(got_meetings) == sorted(want_meetings) and len(want_meetings) > 50
    for d, got in got_meetings.items():
        want = want_meetings[d]
        assert _plain(got) == _plain({key: want.get(key) for key in got}), d
    assert got_decisions == want_decisions and len(want_decisions) > 100
    live = np.zeros(reader.doc_count_all(), bool)
    live[list(want_meetings)] = True
    assert (snap.summaries.live == live).all()


@pytest.fixture
def index(archive, tmp_path):
    """Several segments, then a re-indexed meeting (its old documents deleted)."""
    folder = tmp_path / "a"
    shutil.copytree(archive / "a", folder)
    ix = tmp_path / "ix"
    index_paths([folder], ix, batch_size=15)
    changed = sorted(folder.rglob("*.txt"))[7]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    assert index_paths([folder], ix).updated == 1
    return ix


def test_a_snapshot_holds_what_every_live_document_stores(index):
    snap = SearchIndex(index).snapshot()
    assert snap.searcher().reader().has_deletions()
    assert len(list(index.glob(f"*{SUFFIX}"))) >= 4
    _check(snap)


@pytest.mark.parametrize("damage", ["missing", "truncated", "another segment's"])
def test_a_segment_whose_table_is_missing_or_damaged_is_read_from_its_stored_fields(index, damage):
    before = _held(SearchIndex(index).snapshot())
    tables = sorted(index.glob(f"*{SUFFIX}"))
    if damage == "missing":
        tables[0].unlink()
    elif damage == "truncated":
        tables[0].write_bytes(tables[0].read_bytes()[:100])
    else:  # a whole table of as many documents, but another segment's
        with open(tables[0], "rb") as f:
            n = pickle.load(f)[2]
        SummaryTable.of_rows([], n).write(str(tables[0]), "MAIN_another")
    snap = SearchIndex(index).snapshot()
    _check(snap)
    assert _held(snap) == before


def test_merging_codes_each_string_once_and_drops_deleted_documents():
    one = SummaryTable.of_rows(
        [
            (0, "summary", _summary("m1", "2020-01-02", ["张三", "李四"])),
            (1, "dsummary", _decision("m1", ["市财政局"])),
            (2, "summary", _summary("m2", "2020-02-03", ["李四"])),
            (3, "dsummary", _decision("m2", ["市教育局", "市财政局"])),
        ],
        4,
    )
    two = SummaryTable.of_rows(
        [(0, "summary", _summary("m3", "2020-01-02", ["王五", "张三"])), (1, "dsummary", _decision("m2", ["x"]))], 2
    )
    merged = merge([(one, np.array([2])), (two, None)])
    assert merged.n == 6 and len(merged.strings) == len(set(merged.strings))
    assert merged["m.live"].tolist() == [True, False, False, False, True, False]
    # m2 was deleted: its decision (3) and the other segment's decision of m2 (5) are not live
    assert merged["d.live"].tolist() == [False, True, False, False, False, False]
    assert merged["d.meeting"][1] == 0
    o = merged.offsets("m:attendees")
    people = [[merged.strings[c] for c in merged["m:attendees"][o[d] : o[d + 1]]] for d in range(6)]
    assert people == [["张三", "李四"], [], [], [], ["王五", "张三"], []]
    o = merged.offsets("d:responsible")
    assert [merged.strings[c] for c in merged["d:responsible"][o[1] : o[2]]] == ["市财政局"]
    assert merged["d:responsible"].size == 1


def _summary(meeting_id, date, attendees):
    return {
        "id": meeting_id,
        "number": 1,
        "date": date,
        "title": meeting_id,
        "city": "苏州市",
        "body": None,
        "meeting_type": None,
        "chair": None,
        "attendees": attendees,
        "observers": [("赵六", None)],
        "departments": [],
        "responsible": [],
        "recorder": None,
        "chars": 100,
    }


def _decision(meeting_id, responsible):
    return {"meeting": meeting_id, "item": 1, "at": 0, "n": 1, "chars": 10, "responsible": responsible}
