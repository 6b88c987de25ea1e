"""A query that finds nothing is read again from the index's own names (issue 21): a person's
pinyin or initials, a field's short form, a department written with its place, and traditional
forms of each; the answers are checked against brute force over the parsed records."""

from __future__ import annotations

from collections import defaultdict

from helpers import hit_ids

from indexer.names import readings
from indexer.query import SearchRequest, search


def _people_by_reading(records):
    """full pinyin → {(name, city)} of everyone in the records."""
    out = defaultdict(set)
    for r in records.values():
        for p in r.people:
            out[readings(p)[0]].add((p, r.city))
    return out


def test_a_name_typed_in_pinyin_or_initials_searches_for_that_person(search_index, records):
    by_reading = _people_by_reading(records)
    checked = 0
    for full, people in sorted(by_reading.items()):
        if len(people) != 1 or any(full in r.text for r in records.values()):
            continue
        ((name, city),) = people
        expected = {r.id for r in records.values() if r.city == city and name in r.people}
        for typed in (full, readings(name)[1] if len(readings(name)[1]) > 1 else full):
            result = search(search_index, SearchRequest(q=typed))
            if typed != full and len({p for ps in by_reading.values() for p in ps if readings(p[0])[1] == typed}) > 1:
                assert result.total >= len(expected)  # initials shared by several people: all of them
                continue
            assert result.reread and result.reread["filters"]["person"] == [f"{name}（{city}）"], typed
            assert set(hit_ids(search_index, typed)) == expected, typed
        checked += 1
        if checked == 15:
            break
    assert checked == 15
    literal = search(search_index, SearchRequest(q="huangji"), literal=True)
    assert literal.total == 0 and literal.reread is None


def test_a_field_value_in_short_form_is_read_as_the_name_it_fits(search_index, records):
    with_ndrc = {r.id for r in records.values() if "市发改委" in r.departments}
    result = search(search_index, SearchRequest(q="列席：发改委"))
    assert result.reread and result.reread["q"] == "部门:市发改委"
    assert result.total == len(with_ndrc) and set(hit_ids(search_index, "列席：发改委")) == with_ndrc
    assert search(search_index, SearchRequest(q="部门:发改委")).total == len(with_ndrc)
    suzhou = {r.id for r in records.values() if r.city == "苏州市"}
    for typed in ("城市:苏州", "城市：蘇州"):
        result = search(search_index, SearchRequest(q=typed))
        assert result.reread and result.reread["q"].endswith("苏州市") and result.total == len(suzhou), typed


def test_a_department_written_with_its_place_is_that_department(search_index, records):
    audit = {r.id for r in records.values() if r.city == "苏州市" and "市审计局" in r.departments}
    assert audit
    for typed in ("苏州市审计局", "蘇州市審計局", "苏州审计局"):
        if any(typed in r.text for r in records.values()):
            continue
        result = search(search_index, SearchRequest(q=typed))
        assert result.reread and result.reread["filters"]["department"] == ["市审计局（苏州市）"], typed
        assert set(hit_ids(search_index, typed)) == audit, typed


def test_several_readings_are_offered_and_none_is_guessed(search_index, records):
    surname = "王"
    names = sorted({p for r in records.values() for p in r.attendees if p.startswith(surname)})
    assert len(names) > 1
    result = search(search_index, SearchRequest(q=f"出席:{surname}"))
    assert result.total == 0 and result.reread is None
    assert result.offers and all(o.startswith("出席:王") for o in result.offers)
    for offer in result.offers:
        assert search(search_index, SearchRequest(q=offer)).total > 0, offer
