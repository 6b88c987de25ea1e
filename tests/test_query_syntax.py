"""Queries as they are typed on a Chinese keyboard, checked against the parser's records.

Every expected set is computed from the records (the ground truth), never written down.
"""

import random
import re

import pytest
from helpers import hit_ids, index_of

from indexer.models import Minutes
from indexer.query import QueryError, SearchIndex, SearchRequest, search

REAL = "苏州市-2020-09-14-111"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def having(records):
    texts = {r.id: squeeze(r.text) for r in records.values()}

    def _having(*terms) -> set[str]:
        return {rid for rid, text in texts.items() if all(t in text for t in terms)}

    return _having


@pytest.mark.parametrize(
    "typed",
    [
        "“审计工作报告查出问题整改”",
        "「审计工作报告查出问题整改」",
        "『审计工作报告查出问题整改』",
        '"审计工作报告查出问题整改"',
        '"审计工作报告查出问题整改”',
    ],
)
def test_chinese_quotes_are_phrase_quotes(search_index, having, typed):
    expected = having("审计工作报告查出问题整改")
    assert REAL in expected
    assert set(hit_ids(search_index, typed)) == expected


def test_full_width_colon_after_a_field_name(search_index, records):
    with_wang = {r.id for r in records.values() if "王翔" in r.attendees}
    assert with_wang and set(hit_ids(search_index, "出席：王翔")) == with_wang == set(
        hit_ids(search_index, "attendee:王翔")
    )
    audit = {r.id for r in records.values() if "市审计局" in r.departments}
    assert audit and set(hit_ids(search_index, "部门：市审计局")) == audit
    assert set(hit_ids(search_index, "ｙｅａｒ：２０２０")) == {
        r.id for r in records.values() if r.date.startswith("2020")
    }


def test_full_width_parentheses_and_space(search_index, having):
    expected = (having("城市更新") | having("安全生产")) & having("督查")
    assert expected
    assert set(hit_ids(search_index, "（城市更新 OR 安全生产） 督查")) == expected
    assert set(hit_ids(search_index, "审计\u3000整改")) == having("审计", "整改")


@pytest.mark.parametrize(
    "typed", ["审计 -整改", "审计 NOT 整改", "审计 not 整改", "审计 AND NOT 整改", '审计 NOT "整改"', "审计 -“整改”"]
)
def test_exclusion(search_index, having, typed):
    expected = having("审计") - having("整改")
    assert expected
    assert set(hit_ids(search_index, typed)) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "安全生产 OR 乡村振兴",
        "安全生产 or 乡村振兴",
        "安全生产 Or 乡村振兴",
        "安全生产 | 乡村振兴",
        '"安全生产" OR 乡村振兴',
        '安全生产 OR "乡村振兴"',
    ],
)
def test_or_in_any_case_and_with_phrases(search_index, having, typed):
    assert set(hit_ids(search_index, typed)) == having("安全生产") | having("乡村振兴")


@pytest.mark.parametrize("typed", ['审计 OR "市政府督查室"', '"市政府督查室" AND 审计', '"市政府督查室" and 审计'])
def test_phrases_mixed_with_operators(search_index, having, typed):
    expected = (having("审计") | having("市政府督查室")) if " OR " in typed else having("审计", "市政府督查室")
    assert set(hit_ids(search_index, typed)) == expected


def test_quotes_inside_a_word_are_text(search_index, records):
    """市“331”专班 is a department name, not a phrase followed by a word."""
    expected = {r.id for r in records.values() if "市“331”专班" in squeeze(r.text)}
    assert REAL in expected
    assert set(hit_ids(search_index, "市“331”专班")) == expected


def test_a_field_applies_to_a_group(search_index, records):
    expected = {r.id for r in records.values() if {"王翔", "李亚平"} & set(r.attendees)}
    assert set(hit_ids(search_index, "出席:(王翔 OR 李亚平)")) == expected
    assert set(hit_ids(search_index, "出席：（王翔 OR 李亚平）")) == expected


def test_ranges_and_numbers(search_index, records):
    lo, hi = "2020-01-01", "2020-12-31"
    assert set(hit_ids(search_index, f"date:[{lo} TO {hi}]")) == {r.id for r in records.values() if lo <= r.date <= hi}
    assert set(hit_ids(search_index, f"日期：［{lo} to ］")) == {r.id for r in records.values() if r.date >= lo}
    assert set(hit_ids(search_index, "次数：第111次")) == {r.id for r in records.values() if r.number == 111}


# ---------------------------------------------------------------- every valid combination


def _leaf(rng: random.Random, pools: dict):
    """(query string, evaluator) for one random thing to look for: text in any quote, a person in
    any role, a department, a city, a meeting number, a date, a year, a month, or a range."""
    choice = rng.random()
    if choice < 0.3:
        term = rng.choice(pools["text"])
        quote = rng.choice(["{}", '"{}"', "“{}”", "「{}」", "『{}』"])
        return quote.format(term), lambda s, t=term: t in s["text"]
    if choice < 0.45:
        field, role = rng.choice(
            [("出席:", "attendees"), ("出席：", "attendees"), ("attendee:", "attendees"), ("人员：", "people"),
             ("person:", "people"), ("主持:", "chair"), ("chair:", "chair"), ("列席：", "observers"),
             ("observer:", "observers")]
        )  # fmt: skip
        person = rng.choice(sorted(pools[role]))
        return field + person, lambda s, p=person, r=role: p in s[r]
    if choice < 0.55:
        field, key = rng.choice([("部门:", "departments"), ("department:", "departments"), ("负责：", "responsible")])
        dept = rng.choice(sorted(pools[key]))
        return field + dept, lambda s, d=dept, k=key: d in s[k]
    if choice < 0.6:
        city = rng.choice(sorted(pools["cities"]))
        return rng.choice(["城市:", "city:"]) + city, lambda s, c=city: s["city"] == c
    if choice < 0.75:  # meeting numbers, among them the ones Whoosh's numeric ranges got wrong
        n = rng.choice([3, 7, 11, 12, 37, 111, *rng.sample(sorted(pools["numbers"]), 3)])
        form = rng.choice(["次数:{}", "次数：第{}次", "number:{}", "bare", "次数:[{} TO {}]"])
        if form == "bare" and n >= 10:  # a bare number is the text or that meeting
            return str(n), lambda s, n=n: str(n) in s["text"] or s["number"] == n
        if form.count("{}") == 2:
            hi = n + rng.randint(0, 20)
            return form.format(n, hi), lambda s, lo=n, hi=hi: lo <= s["number"] <= hi
        return form.replace("bare", "次数:{}").format(n), lambda s, n=n: s["number"] == n
    day = rng.choice(sorted(pools["dates"]))
    form = rng.random()
    if form < 0.25:
        return f"日期:{day}", lambda s, d=day: s["date"] == d
    if form < 0.5:
        other = rng.choice(sorted(pools["dates"]))
        lo, hi = sorted((day, other))
        return rng.choice(["date:[{} TO {}]", "日期：［{} to {}］"]).format(
            lo, hi
        ), lambda s, lo=lo, hi=hi: lo <= s["date"] <= hi
    if form < 0.75:
        y = int(day[:4])
        if rng.random() < 0.5:
            return f"年份:{y}", lambda s, y=y: int(s["date"][:4]) == y
        return f"year:[{y} TO {y + 3}]", lambda s, y=y: y <= int(s["date"][:4]) <= y + 3
    return f"月份:{day[:7]}", lambda s, m=day[:7]: s["date"][:7] == m


def _random_query(rng: random.Random, pools: dict, depth=0):
    """(query string, evaluator) for a random valid combination of the syntax."""
    if depth >= 2 or rng.random() < 0.45:
        return _leaf(rng, pools)
    left, fl = _random_query(rng, pools, depth + 1)
    right, fr = _random_query(rng, pools, depth + 1)
    op = rng.choice(["and", "or", "not"])
    if op == "and":
        text = rng.choice(["{} {}", "{} AND {}", "{} and {}", "{}\u3000{}"]).format(left, right)
        fn = lambda s: fl(s) and fr(s)  # noqa: E731
    elif op == "or":
        text = rng.choice(["{} OR {}", "{} or {}", "{} | {}"]).format(left, right)
        fn = lambda s: fl(s) or fr(s)  # noqa: E731
    else:
        if re.search(r"\s", right):
            right = f"({right})"
        text = rng.choice(["{} NOT {}", "{} -{}", "{} not {}"]).format(left, right)
        fn = lambda s: fl(s) and not fr(s)  # noqa: E731
    if depth > 0 or rng.random() < 0.3:
        text = rng.choice(["({})", "（{}）"]).format(text)
    return text, fn


def _states(records) -> dict:
    """What each meeting holds, as the evaluators read it: the brute-force side of the comparison."""
    return {
        r.id: {
            "text": squeeze(r.text),
            "attendees": set(r.attendees),
            "people": set(r.people),
            "chair": {r.chair},
            "observers": {o.name for o in r.observers},
            "departments": set(r.departments),
            "responsible": {d for item in r.items for d in item.departments},
            "city": r.city or "未知",
            "number": r.number,
            "date": r.date,
        }
        for r in records.values()
    }


def _pools(records) -> dict:
    rs = list(records.values())
    return {
        "text": [
            "审计",
            "整改",
            "安全生产",
            "乡村振兴",
            "城市更新",
            "督查",
            "市政府督查室",
            "加快补齐短板弱项",
            "教育",
        ],
        "attendees": sorted({p for r in rs for p in r.attendees})[:40] + ["王翔"],
        "people": sorted({p for r in rs for p in r.people})[:40],
        "chair": {r.chair for r in rs if r.chair},
        "observers": {o.name for r in rs for o in r.observers},
        "departments": {d for r in rs for d in r.departments},
        "responsible": {d for r in rs for item in r.items for d in item.departments},
        "cities": {r.city for r in rs if r.city},
        "numbers": {r.number for r in rs},
        "dates": {r.date for r in rs},
    }


def test_meeting_numbers_match_only_their_meetings(search_index, records):
    """Whoosh's NumericRange("number", 11, 11) matched every meeting; numbers now come from the
    number column and equal brute force, for the numbers that went wrong and the ones that did not."""
    for n in (3, 7, 11, 12, 37, 111):
        numbered = {r.id for r in records.values() if r.number == n}
        assert numbered and len(numbered) < len(records)
        for typed in (f"次数:{n}", f"次数：第{n}次", f"number:{n}"):
            assert set(hit_ids(search_index, typed)) == numbered, typed
        assert set(hit_ids(search_index, f"第{n}次")) == numbered | {
            r.id for r in records.values() if f"第{n}次" in squeeze(r.text)
        }
    assert hit_ids(search_index, "次数:99999999999") == []
    assert set(hit_ids(search_index, "次数:[10 TO 12]")) == {r.id for r in records.values() if 10 <= r.number <= 12}


@pytest.mark.slow
def test_every_valid_combination_works(search_index, records):
    """300 random combinations of every field (text, people in each role, departments, cities,
    numbers, dates, years, months, ranges) and operator, each equal to set algebra over the records."""
    rng = random.Random(8)
    states, pools = _states(records), _pools(records)
    checked = 0
    for _ in range(300):
        text, fn = _random_query(rng, pools)
        expected = {rid for rid, s in states.items() if fn(s)}
        assert set(hit_ids(search_index, text)) == expected, text
        checked += bool(expected)
    assert checked > 100  # most combinations find something, so the comparison means something


# ---------------------------------------------------------------- wildcards and the time budget


def test_wildcards_are_bounded_or_explained(search_index, records, having):
    for typed in ("?*", "*", "审?整改", "*审计"):
        with pytest.raises(QueryError) as err:
            search(search_index, SearchRequest(q=typed))
        assert err.value.code == "wildcard"
    assert set(hit_ids(search_index, "审计*")) == having("审计")  # a trailing * is what substrings do anyway
    wang = {r.id for r in records.values() if any(a.startswith("王") for a in r.attendees)}
    assert wang and set(hit_ids(search_index, "出席:王*")) == wang


def test_a_prefix_standing_for_too_many_names_is_refused(search_index, records, monkeypatch):
    import indexer.query.syntax

    wang = {p for r in records.values() for p in r.people if p.startswith("王")}
    monkeypatch.setattr(indexer.query.syntax, "MAX_EXPANSION", len(wang) - 1)
    with pytest.raises(QueryError) as err:
        search(search_index, SearchRequest(q="人员:王*"))
    assert err.value.code == "too_many_expansions"
    monkeypatch.setattr(indexer.query.syntax, "MAX_EXPANSION", len(wang))
    assert set(hit_ids(search_index, "人员:王*")) == {r.id for r in records.values() if wang & set(r.people)}


def test_every_query_has_a_time_budget(index_dir):
    slow = SearchIndex(index_dir, time_budget=1e-9)
    with pytest.raises(QueryError) as err:
        search(slow, SearchRequest(q='"加快补齐短板弱项" OR 审计'))
    assert err.value.code == "timeout" and "时间限制" in str(err.value)


# ---------------------------------------------------------------- 0 hits, explained


def test_zero_hits_say_which_term_matches_nothing(search_index):
    result = search(search_index, SearchRequest(q="审计 量子纠缠"))
    assert result.total == 0
    assert any("「量子纠缠」" in n and "没有出现" in n for n in result.notes)
    assert not any("「审计」" in n for n in result.notes)


def test_zero_hits_say_how_many_without_the_filters(search_index, records, having):
    hits = having("审计工作报告")
    absent = next(
        a
        for a in sorted({a for r in records.values() for a in r.attendees})
        if not any(a in records[h].attendees for h in hits)
    )
    result = search(search_index, SearchRequest(q="审计工作报告", attendee=[absent]))
    assert result.total == 0
    assert f"去掉筛选条件后有 {len(hits)} 条结果" in result.notes
    nobody = search(search_index, SearchRequest(q="审计", attendee=["查无此人"]))
    assert any("出席：查无此人" in n for n in nobody.notes)


def test_zero_hits_say_when_terms_never_meet(search_index, having):
    a, b = "市“331”专班", "加快补齐短板弱项"
    assert having(a) and having(b) and not having(a, b)
    result = search(search_index, SearchRequest(q=f"{a} {b}"))
    assert result.total == 0 and any("同时满足" in n for n in result.notes)
    excluded = search(search_index, SearchRequest(q=f"{a} -李亚平"))
    assert excluded.total == 0 and any("排除了 「李亚平」" in n for n in excluded.notes)


# ---------------------------------------------------------------- full-width letters and digits


def test_full_width_letters_and_digits_equal_half_width(tmp_path):
    base = dict(city="测试市", body="测试市人民政府", meeting_type="常务会议", chair="张三", chair_title="市长")
    docs = [
        Minutes(source="a.txt", number=1, date="2021-01-01", text="推进ＰＰＰ项目，投资１２０亿元。", **base),
        Minutes(source="b.txt", number=2, date="2021-01-02", text="推进PPP项目，投资120亿元。", **base),
    ]
    index = index_of(docs, tmp_path / "ix")
    for typed in ("ppp项目", "ＰＰＰ项目", "PPP", "１２０亿", "120亿", '"ｐｐｐ"'):
        result = search(index, SearchRequest(q=typed))
        assert result.total == 2, typed
        assert all(h.snippet.matches() for h in result.hits), typed  # highlighted in the text as written
