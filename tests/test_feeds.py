"""Feeds to follow a search, a person, a department or a document: valid Atom (RFC 4287 elements,
RFC 3339 dates, unique ids), 304 while the index is unchanged, and, for 50 random subscriptions
over a generated archive to which 100 meetings are added, exactly the entries brute force over the
records says, before and after."""

from __future__ import annotations

import random
import re
import shutil
from urllib.parse import quote, unquote

from lxml import etree

from indexer import doctitles
from indexer.analysis import fold
from indexer.build import index_paths
from indexer.citations import anchor
from indexer.models import UNKNOWN_CITY, decision_summary, decisions_of
from indexer.parse import parse_file
from indexer.synth import generate

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")


def entries(client, url: str) -> set[str]:
    """The entry ids of a feed (meeting id and anchor), after checking it is valid Atom."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response.mimetype == "application/atom+xml" and response.headers["ETag"]
    root = etree.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None and root.find(f"{ATOM}{name}").text, (url, name)
    assert RFC3339.match(root.find(f"{ATOM}updated").text)
    assert root.find(f"{ATOM}author/{ATOM}name").text
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "summary"):
            assert entry.find(f"{ATOM}{name}") is not None and entry.find(f"{ATOM}{name}").text, (url, name)
        assert RFC3339.match(entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}link").get("href") == entry.find(f"{ATOM}id").text
        ids.append(unquote(entry.find(f"{ATOM}id").text.split("/meetings/", 1)[1]))
    assert len(ids) == len(set(ids)), url
    return set(ids)


def expected(records, kind: str, key: tuple) -> set[str]:
    out = set()
    for r in records:
        city = r.city or UNKNOWN_CITY
        if kind == "person":
            if city == key[1] and key[0] in r.people:
                out.add(r.id)
        elif kind == "search":
            if key[0] in fold(re.sub(r"\s+", "", r.text + (r.title or ""))):
                out.add(r.id)
        else:
            for item, n, d in decisions_of(r):
                s = decision_summary(r, item, n, d)
                if kind == "department":
                    hit = city == key[1] and (key[0] in s["presenters"] or key[0] in s["responsible"])
                else:
                    places = doctitles.place_names(r.city, r.body)
                    series = {doctitles.series_key(x.title, places) for x in d.documents}
                    hit = city == key[1] and any(doctitles.same(x, key[2]) for x in series)
                if hit:
                    out.add(f"{r.id}#{anchor(item.number, n)}")
    return out


def test_fifty_subscriptions_gain_exactly_their_new_entries(tmp_path):
    from webapp import create_app

    files = generate(200, tmp_path / "all", seed=61, layout="mixed")
    docs = tmp_path / "docs"
    docs.mkdir()
    first, later = files[:100], files[100:]
    for f in first:
        shutil.copy(f, docs / f.name)
    index_paths([docs], tmp_path / "ix")
    records = [parse_file(f) for f in files]
    before = records[:100]
    rng = random.Random(7)
    subscriptions = []
    people = sorted({(p, r.city or UNKNOWN_CITY) for r in records for p in r.people})
    departments = sorted(
        {
            (dept, r.city or UNKNOWN_CITY)
            for r in records
            for item, n, d in decisions_of(r)
            for dept in decision_summary(r, item, n, d)["presenters"] + decision_summary(r, item, n, d)["responsible"]
        }
    )
    titles = sorted(
        {
            (doctitles.document_key(x.title, doctitles.place_names(r.city, r.body)), r.city or UNKNOWN_CITY, r.body)
            for r in records
            for _, _, d in decisions_of(r)
            for x in d.documents
        }
    )
    for _ in range(15):
        subscriptions.append(("person", rng.choice(people)))
        subscriptions.append(("department", rng.choice(departments)))
    for _ in range(15):
        key, city, body = rng.choice(titles)
        subscriptions.append(("document", (key, city, doctitles.series_key(key, []))))
    while len(subscriptions) < 50:  # searches for words of item titles, at most a page of meetings
        record = rng.choice(records)
        title = re.sub(r"[^\u4e00-\u9fff]", "", rng.choice(record.items).title) if record.items else ""
        if len(title) >= 4:
            start = rng.randrange(0, len(title) - 3)
            word = fold(title[start : start + 4])
            if 0 < len(expected(records, "search", (word,))) <= 100:
                subscriptions.append(("search", (word,)))
    assert len(subscriptions) == 50

    def url(kind, key) -> str:
        if kind == "person":
            return f"/people/{quote(key[1])}/{quote(key[0])}.atom"
        if kind == "department":
            return f"/departments/{quote(key[1])}/{quote(key[0])}.atom"
        if kind == "document":
            return f"/documents/{quote(key[1])}/{quote(key[0])}.atom"
        return f"/feed.atom?q={quote(key[0])}"

    client = create_app({"INDEX_DIR": str(tmp_path / "ix"), "TESTING": True, "FEED_SIZE": 100000}).test_client()
    seen = {}
    for kind, key in subscriptions:
        want = expected(before, kind, key)
        if not want:  # a subscription to someone or something the first 100 meetings do not hold
            assert client.get(url(kind, key)).status_code in (200, 404)
            seen[(kind, key)] = set()
            continue
        seen[(kind, key)] = entries(client, url(kind, key))
        assert seen[(kind, key)] == want, (kind, key)
        etag = client.get(url(kind, key)).headers["ETag"]
        assert client.get(url(kind, key), headers={"If-None-Match": etag}).status_code == 304

    for f in later:
        shutil.copy(f, docs / f.name)
    index_paths([docs], tmp_path / "ix")
    gained = 0
    for kind, key in subscriptions:
        want = expected(records, kind, key)
        got = entries(client, url(kind, key)) if want else set()
        assert got == want, (kind, key)
        assert got - seen[(kind, key)] == want - expected(before, kind, key), (kind, key)  # exactly the new ones
        gained += len(got - seen[(kind, key)])
    assert gained > 50
