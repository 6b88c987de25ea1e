"""Decisions as data, measured: generated meetings of every layout, in their text forms and as
PDFs, plant decisions whose kinds, presenters, responsible departments with roles, addressees,
deadlines and documents are known (`indexer.synth.decisions`); the real parser reads them back
and the accuracy of each field is stated (`pytest -s` prints it) and held to issue 19's bar."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from indexer.models import Decision
from indexer.parse import parse_file
from indexer.synth import LAYOUTS, generate

MEETINGS = {"txt": 40, "pdf": 10}  # of each layout: about 1,500 decisions in all
FIELDS = ("presenters", "responsible", "addressees", "deadlines", "documents")
BAR = {"kinds": 0.97, "presenters": 0.97, "responsible": 0.97, "documents": 0.97, "deadlines": 0.97}


def _facts(decision: Decision, name: str) -> set[tuple]:
    """What a decision records in one field, as comparable facts (department and role; title,
    status and action; text and date)."""
    values = getattr(decision, name)
    if name == "responsible":
        return {(r.department, r.role) for r in values}
    if name == "deadlines":
        return {(d.text, d.date) for d in values}
    if name == "documents":
        return {(d.title, d.status, d.action) for d in values}
    return set(values)


def _pairs(folder: Path, files: list[Path]) -> list[tuple[str, Decision, Decision]]:
    """(where, planted, read) for every generated decision."""
    out = []
    for path in files:
        want = json.loads((folder / "expected" / f"{path.stem}.json").read_text(encoding="utf-8"))
        got = parse_file(path)
        assert len(got.items) == len(want["items"]), path.name
        for item, expected in zip(got.items, want["items"]):
            assert len(item.details) == len(expected["details"]), (path.name, item.number)
            for n, (read, planted) in enumerate(zip(item.details, expected["details"]), 1):
                out.append((f"{path.name} {item.number}.{n}", Decision.from_dict(planted), read))
    return out


def measure(pairs: list[tuple[str, Decision, Decision]]) -> dict[str, float]:
    """Kinds: the share of decisions whose kind set is exactly right; the other fields: micro F1."""
    scores = {"kinds": sum(set(w.kinds) == set(g.kinds) for _, w, g in pairs) / len(pairs)}
    for name in FIELDS:
        counts: Counter = Counter()
        for _, want, got in pairs:
            w, g = _facts(want, name), _facts(got, name)
            counts["tp"] += len(w & g)
            counts["fp"] += len(g - w)
            counts["fn"] += len(w - g)
        wrong = counts["fp"] + counts["fn"]
        scores[name] = 2 * counts["tp"] / (2 * counts["tp"] + wrong) if counts["tp"] + wrong else 1.0
    return scores


def misread(pairs: list[tuple[str, Decision, Decision]], name: str) -> list[tuple[str, set, set]]:
    if name == "kinds":
        return [(where, set(w.kinds), set(g.kinds)) for where, w, g in pairs if set(w.kinds) != set(g.kinds)]
    return [(where, _facts(w, name), _facts(g, name)) for where, w, g in pairs if _facts(w, name) != _facts(g, name)]


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> dict[str, list[tuple[str, Decision, Decision]]]:
    """Every layout's decisions, read back from text and from PDFs, by form."""
    root = tmp_path_factory.mktemp("decisions")
    out: dict[str, list] = {}
    for fmt, count in MEETINGS.items():
        for layout in LAYOUTS:
            folder = root / f"{layout}-{fmt}"
            pairs = _pairs(folder, generate(count, folder, seed=19, fmt=fmt, layout=layout))
            out.setdefault(fmt, []).extend(pairs)
            out.setdefault(layout, []).extend(pairs)
    return out


def test_planted_decisions_are_read_back_as_planted(planted):
    every = planted["txt"] + planted["pdf"]
    assert len(every) >= 1000
    scores = measure(every)
    print(f"\n{len(every)} generated decisions ({len(planted['txt'])} from text, {len(planted['pdf'])} from PDFs)")
    for group in ("txt", "pdf", *LAYOUTS):
        figures = measure(planted[group])
        print(f"  {group:9} {len(planted[group]):5}  " + "  ".join(f"{k} {v:.3f}" for k, v in figures.items()))
    print("  all       " + f"{len(every):5}  " + "  ".join(f"{k} {v:.3f}" for k, v in scores.items()))
    for name, bar in BAR.items():
        assert scores[name] >= bar, (name, scores[name], misread(every, name)[:10])


def test_every_kind_role_status_and_action_is_planted(planted):
    """The generator plants each kind, role, status and action, and a decision of several kinds."""
    every = [want for group in ("txt", "pdf") for _, want, _ in planted[group]]
    assert {k for d in every for k in d.kinds} == {"同意", "传达", "听取", "部署", "暂缓"}
    assert any(len(d.kinds) > 1 for d in every)
    assert {r.role for d in every for r in d.responsible} == {"牵头", "负责", "会同", "配合", None}
    assert {doc.status for d in every for doc in d.documents} >= {"送审稿", "报批稿", "草案", "修订稿", None}
    assert {doc.action for d in every for doc in d.documents} == {"approved", "reviewed", "mentioned"}
    assert any("〈" in doc.title for d in every for doc in d.documents)
    assert any(d.addressees for d in every) and any(d.deadlines for d in every)
