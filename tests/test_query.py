"""Search over a real Whoosh index of the sample plus a generated archive: recall, filters, facets."""

import random
import re
from collections import Counter

import numpy as np
import pytest
from helpers import hit_ids

from indexer import analysis, store
from indexer.catalog import person_appearances, stats
from indexer.query import QueryError, SearchIndex, SearchRequest, parse_query, search
from indexer.query.matching import match_mask


def phrase_ids(index: SearchIndex, text: str) -> set[str]:
    """Meeting ids a query string matches (all of them, not one page): the query's match set,
    before any filter, ranking or paging (the bigram fields are read from the packs alone, which
    Whoosh's own matchers do not read)."""
    snap = index.snapshot()
    q = parse_query(text, snap.searcher()).query
    matched = np.flatnonzero(match_mask(q, snap) & snap.columns.live)
    return {snap.summaries[docnum]["id"] for docnum in matched.tolist() if snap.summaries[docnum]}


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.slow
def test_phrase_recall_on_1000_random_substrings(search_index, records):
    rng = random.Random(5)
    ids = sorted(records)
    missed = []
    for _ in range(1000):
        rec = records[rng.choice(ids)]
        text = rec.text
        n = rng.randint(2, 8)
        start = rng.randrange(0, len(text) - n)
        sub = text[start : start + n]
        if '"' in sub or not sub.strip():
            continue
        if rec.id not in phrase_ids(search_index, f'"{sub}"'):
            missed.append(sub)
    assert missed == []


def test_absent_phrases_find_nothing(search_index, records):
    rng = random.Random(9)
    corpus = "\n".join(_squeeze(r.text) for r in records.values())
    alphabet = sorted(set(corpus) - set('"'))
    tried = 0
    while tried < 200:
        sub = "".join(rng.choice(alphabet) for _ in range(rng.randint(2, 6)))
        if sub in corpus:
            continue
        tried += 1
        assert phrase_ids(search_index, f'"{sub}"') == set(), sub


def test_unquoted_chinese_run_is_an_exact_substring(search_index, records):
    for term in ("市政府", "审计整改", "政府督查室"):
        expected = {r.id for r in records.values() if term in _squeeze(r.text)}
        assert expected and phrase_ids(search_index, term) == expected


def test_phrases_find_exactly_the_meetings_holding_them(search_index, records):
    """Random runs of 3 to 9 characters (the phrase matcher intersects document lists, then reads
    the positions of the documents left): the meetings found are those whose text holds the run."""
    rng = random.Random(13)
    texts = {r.id: _squeeze(r.text) for r in records.values()}
    ids = sorted(texts)
    for _ in range(60):
        text = texts[rng.choice(ids)]
        n = rng.randint(3, 9)
        start = rng.randrange(0, len(text) - n)
        sub = text[start : start + n]
        if '"' in sub:
            continue
        assert phrase_ids(search_index, f'"{sub}"') == {i for i, t in texts.items() if sub in t}, sub


def test_single_character_query(search_index, records):
    expected = {r.id for r in records.values() if "审" in r.text}
    assert phrase_ids(search_index, "审") == expected


def test_boolean_syntax(search_index, records):
    def having(*terms):
        return {r.id for r in records.values() if all(t in _squeeze(r.text) for t in terms)}

    a, b = "安全生产", "乡村振兴"
    assert phrase_ids(search_index, f"{a} {b}") == having(a, b)  # AND by default
    assert phrase_ids(search_index, f"{a} OR {b}") == having(a) | having(b)
    assert phrase_ids(search_index, f"{a} NOT {b}") == having(a) - having(b)
    assert phrase_ids(search_index, f"({a} OR {b}) 审计") == (having(a) | having(b)) & having("审计")
    assert having(a, b) and having(a) - having(b)


def test_field_queries(search_index, records):
    rec = records["苏州市-2020-09-14-111"]
    assert phrase_ids(search_index, "attendee:王翔") == {r.id for r in records.values() if "王翔" in r.attendees}
    assert rec.id in phrase_ids(search_index, "observer:黄戟 department:市资源规划局")
    assert phrase_ids(search_index, "出席:王翔") == phrase_ids(search_index, "attendee:王翔")
    assert phrase_ids(search_index, "year:2020") == {r.id for r in records.values() if r.date.startswith("2020")}


def test_an_unpaired_quote_suggests_the_query_without_it(search_index, records):
    for typed, plain in (("“审计", "审计"), ('"审计', "审计"), ("安全 「审计", "安全 审计")):
        with pytest.raises(QueryError) as err:
            search(search_index, SearchRequest(q=typed))
        assert err.value.suggestion == plain
    assert search(search_index, SearchRequest(q="审计")).total == sum("审计" in r.text for r in records.values())
    # a quote inside a word is text, and a closed one a phrase
    assert search(search_index, SearchRequest(q="“审计”")).total == search(search_index, SearchRequest(q="审计")).total


@pytest.mark.parametrize(
    "bad,code,reason",
    [
        ('"审计', "unbalanced_quote", "引号没有配对"),
        ("“审计", "unbalanced_quote", "引号没有配对"),  # as the ASCII form, not the text “审计
        ("安全 「审计", "unbalanced_quote", "「 缺少对应的结束引号"),
        ("『审计整改", "unbalanced_quote", "引号没有配对"),
        ("(审计 OR 教育", "unbalanced_parenthesis", "括号没有配对"),
        ("审计)", "unbalanced_parenthesis", "多了一个 \\)"),
        ("foo:审计", "unknown_field", "未知字段 foo"),
        ("审计 AND", "missing_term", "AND 后面缺少"),
        ("OR 审计", "missing_term", "前面缺少"),
        ("审计 NOT", "missing_term", "要排除的词"),
        ("出席:", "missing_value", "出席"),
        ("()", "empty_group", "括号里"),
        ("date:2020-13-45", "bad_date", "不是日历上的日期"),
        ("year:20", "bad_value", "四位数字"),
    ],
)
def test_malformed_query_is_a_clear_error(search_index, bad, code, reason):
    with pytest.raises(QueryError, match=reason) as err:
        search(search_index, SearchRequest(q=bad))
    assert err.value.code == code
    assert "ngrams" not in str(err.value) and "words" not in str(err.value)


def test_person_and_department_filters_match_records(search_index, records):
    rng = random.Random(3)
    recs = list(records.values())
    attendees = Counter(a for r in recs for a in r.attendees)
    observers = Counter(o.name for r in recs for o in r.observers)
    departments = Counter(d for r in recs for d in r.departments)
    for name in rng.sample(sorted(attendees), 8):
        assert sorted(hit_ids(search_index, attendee=[name])) == sorted(r.id for r in recs if name in r.attendees)
    for name in rng.sample(sorted(observers), 8):
        expected = sorted(r.id for r in recs if any(o.name == name for o in r.observers))
        assert sorted(hit_ids(search_index, observer=[name])) == expected
        assert sorted(hit_ids(search_index, person=[name])) == sorted(r.id for r in recs if name in r.people)
    for dept in rng.sample(sorted(departments), 8):
        assert sorted(hit_ids(search_index, department=[dept])) == sorted(r.id for r in recs if dept in r.departments)
    chair = recs[0].chair
    assert sorted(hit_ids(search_index, chair=[chair])) == sorted(r.id for r in recs if r.chair == chair)


def test_facet_counts_equal_counts_from_records(search_index, records):
    recs = list(records.values())
    year = sorted({r.date[:4] for r in recs})[1]
    result = search(search_index, SearchRequest(q="审计", year=[year], facet_limit=10000))
    hits = [r for r in recs if "审计" in _squeeze(r.text)]
    in_year = [r for r in hits if r.date[:4] == year]
    assert result.total == len(in_year)

    # A facet's counts ignore its own selection (multi-select) and apply the others; people and
    # departments are counted per (city, name), written name（city） where the name is in several cities.
    def per_city(values_of):
        cities: dict[str, set] = {}
        for r in recs:
            for v in values_of(r):
                cities.setdefault(v, set()).add(r.city)
        return Counter(f"{v}（{r.city}）" if len(cities[v]) > 1 else v for r in in_year for v in set(values_of(r)))

    assert {v.value: v.count for v in result.facets["year"]} == Counter(r.date[:4] for r in hits)
    assert {v.value: v.count for v in result.facets["city"]} == Counter(r.city for r in in_year)
    assert {v.value: v.count for v in result.facets["chair"]} == per_city(lambda r: [r.chair])
    assert {v.value: v.count for v in result.facets["attendee"]} == per_city(lambda r: r.attendees)
    assert {v.value: v.count for v in result.facets["observer"]} == per_city(lambda r: [o.name for o in r.observers])
    assert {v.value: v.count for v in result.facets["department"]} == per_city(lambda r: r.departments)
    assert [v.value for v in result.facets["year"] if v.selected] == [year]


@pytest.mark.parametrize("q", ["会议", "审计 OR 会议", "纪要"])
def test_facet_counts_of_most_meetings_equal_counts_from_records(search_index, records, q):
    """Most meetings selected (the columns count the others and subtract them from the totals);
    a short facet list's values and counts are the head of the long one's."""
    recs = list(records.values())
    hits = [r for r in recs if any(t in _squeeze(r.text) for t in q.split(" OR "))]
    result = search(search_index, SearchRequest(q=q, facet_limit=10000))
    assert result.total == len(hits) > len(recs) / 2
    assert {v.value: v.count for v in result.facets["year"]} == Counter(r.date[:4] for r in hits)
    assert {v.value: v.count for v in result.facets["city"]} == Counter(r.city for r in hits)
    attendees = sum(v.count for v in result.facets["attendee"])
    assert attendees == sum(len(set(r.attendees)) for r in hits)
    short = search(search_index, SearchRequest(q=q, facet_limit=3))
    for name, values in short.facets.items():  # (labels name a city where the shown names repeat)
        assert [(v.value, v.count) for v in values] == [(v.value, v.count) for v in result.facets[name][:3]], name


def test_date_range_bounds_are_inclusive(search_index, records):
    dates = sorted({r.date for r in records.values()})
    lo, hi = dates[10], dates[20]
    expected = sorted(r.id for r in records.values() if lo <= r.date <= hi)
    assert sorted(hit_ids(search_index, date_from=lo, date_to=hi)) == expected
    assert len(hit_ids(search_index, date_from=lo, date_to=lo)) == sum(r.date == lo for r in records.values())


def test_sort_and_paging(search_index, records):
    newest = search(search_index, SearchRequest(q="审计", sort="newest", page_size=5))
    oldest = search(search_index, SearchRequest(q="审计", sort="oldest", page_size=5))
    assert [h.date for h in newest.hits] == sorted((h.date for h in newest.hits), reverse=True)
    assert newest.hits[0].date == max(r.date for r in records.values() if "审计" in r.text)
    assert oldest.hits[0].date == min(r.date for r in records.values() if "审计" in r.text)
    page2 = search(search_index, SearchRequest(q="审计", sort="newest", page=2, page_size=5))
    assert not {h.id for h in page2.hits} & {h.id for h in newest.hits}
    with pytest.raises(QueryError):
        search(search_index, SearchRequest(q="审计", page_size=1000))


def test_hits_carry_escaped_snippets_and_matching_items(search_index):
    result = search(search_index, SearchRequest(q='"市政府督查室要定期"'))
    assert result.total == 1
    hit = result.hits[0]
    assert (hit.number, hit.date, hit.chair) == (111, "2020-09-14", "李亚平")
    assert hit.snippet.matches() == ["市政府督查室要定期"]
    assert "<mark>市政府督查室要定期</mark>" in hit.snippet.tagged()  # the JSON contract's form
    assert [i.number for i in hit.items] == [3]
    assert hit.items[0].snippet.text.startswith("（二）")
    weird = search(search_index, SearchRequest(q='"<script>"'))
    assert weird.total == 0


def test_empty_query_with_filters_lists_meetings_newest_first(search_index, records):
    result = search(search_index, SearchRequest(person=["李亚平"]))
    assert result.total == 1 and result.hits[0].id == "苏州市-2020-09-14-111"
    everything = search(search_index, SearchRequest())
    assert everything.total == len(records)
    assert everything.hits[0].date == max(r.date for r in records.values())


def test_user_dictionary_keeps_names_whole(index_dir, records):
    store.load_index_dictionary(index_dir)
    rec = records["苏州市-2020-09-14-111"]
    for o in rec.observers[-20:]:
        tokens = analysis.words(f"{o.department}{o.name}参加会议")
        assert o.name in tokens
        # jieba splits words at punctuation, so 市“331”专班 cannot be one token (filters still work).
        if re.fullmatch(r"[\u4e00-\u9fff]+", o.department):
            assert o.department in tokens


def test_stats_and_person(search_index, records):
    st = stats(search_index)
    assert st.meetings == len(records)
    assert st.first_date == min(r.date for r in records.values())
    assert st.people == len({(r.city, p) for r in records.values() for p in r.people})  # who they are in one city
    assert st.cities == dict(Counter(r.city for r in records.values()))
    found = person_appearances(search_index, "黄戟")
    assert [(a.role, a.department) for a in found] == [("列席", "市公安局"), ("列席", "市资源规划局")]
    chair = person_appearances(search_index, "李亚平")
    assert {a.role for a in chair} == {"主持", "出席"}
