"""Earlier meetings cited by number, measured: a later decision that cites a meeting of its own
place, body and kind (`按照市政府第111次常务会议确定的工作要求`, `根据管委会2022年第4次主任办公会议定
事项`, `经区政府第5次常务会议审议通过的《…》`) is linked to that meeting (`indexer.meetingcites`, the
read side in `indexer.query.threads`): 引用 on the citing decision (`Thread.cited`), 此后 on the
cited meeting's decisions (`via == "meeting"`).

Over a generated archive of every layout, whose citations are planted with their truth (the
meeting each means, `DIR/chains/<name>.json` `cites`; `indexer.synth.decisions.Scene.citation`)
beside near misses that must not link (a higher or another body's meeting, another kind of the
same body's), the links the index makes are compared with the planted ones: precision and recall
of (citing decision, cited meeting) pairs; `pytest -s` prints the figures.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from indexer import doctitles, documents
from indexer.build import index_paths
from indexer.meetingcites import cite_keys
from indexer.models import decision_id
from indexer.query import SearchIndex
from indexer.synth import generate

MEETINGS = 2_000  # mixed: 400 of each layout
BAR = {"precision": 0.98, "recall": 0.95}
Link = tuple[str, str]  # (citing decision id, cited meeting id)


def _meeting_id(place: str, date: str, number: int) -> str:
    return f"{place}-{date}-{number}"  # `Minutes.id` of a dated, numbered meeting


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("meeting-cites")
    files = generate(MEETINGS, root / "mixed", seed=31, layout="mixed")
    report = index_paths([root / "mixed"], root / "ix")
    assert not report.failed, report.failed
    return root / "mixed", files, SearchIndex(root / "ix")


def _planted(folder: Path, files: list[Path]) -> tuple[dict[str, dict], set[Link]]:
    """Every generated meeting (id → expected record) and the planted links."""
    meetings: dict[str, dict] = {}
    links: set[Link] = set()
    for path in files:
        expected = json.loads((folder / "expected" / f"{path.stem}.json").read_text(encoding="utf-8"))
        chains = json.loads((folder / "chains" / f"{path.stem}.json").read_text(encoding="utf-8"))
        assert chains["place"] == expected["city"]
        meeting = _meeting_id(expected["city"], expected["date"], expected["number"])
        meetings[meeting] = expected
        assert len(chains["cites"]) == len(expected["items"]), path.name
        for item, cites in zip(expected["items"], chains["cites"]):
            assert len(cites) == len(item["decisions"]), (path.name, item["number"])
            for n, cited in enumerate(cites, 1):
                for c in cited:
                    links.add(
                        (decision_id(meeting, item["number"], n), _meeting_id(chains["place"], c["date"], c["number"]))
                    )
    return meetings, links


@pytest.fixture(scope="module")
def measured(archive):
    """(meetings, planted links, the index's links, the index's threads of the cited meetings)."""
    folder, files, index = archive
    meetings, planted = _planted(folder, files)
    linked: set[Link] = set()
    for meeting in meetings:
        for (item, n), thread in documents.meeting_threads(index, meeting).items():
            linked |= {(decision_id(meeting, item, n), c.meeting_id) for c in thread.cited}
    return meetings, planted, linked


def _figures(planted: set[Link], linked: set[Link]) -> dict:
    both = len(planted & linked)
    return {
        "planted": len(planted),
        "linked": len(linked),
        "precision": both / len(linked) if linked else 1.0,
        "recall": both / len(planted) if planted else 1.0,
    }


def _examples(links: set[Link], meetings: dict[str, dict]) -> list[tuple[str, str, str]]:
    """(citing decision, cited meeting, the citing text) of a few links."""
    out = []
    for did, cited in sorted(links)[:10]:
        meeting, at = did.rsplit("/", 1)
        item, n = (int(x) for x in at.split("."))
        record = meetings.get(meeting)
        text = ""
        if record:
            it = next((i for i in record["items"] if i["number"] == item), None)
            text = it["decisions"][n - 1] if it and 0 < n <= len(it["decisions"]) else ""
        out.append((did, cited, text[:160]))
    return out


def test_meeting_citations_link_with_the_precision_and_recall_asked(measured):
    meetings, planted, linked = measured
    figures = _figures(planted, linked)
    by_layout = {
        layout: _figures(
            {x for x in planted if meetings[x[0].rsplit("/", 1)[0]]["layout"] == layout},
            {x for x in linked if meetings.get(x[0].rsplit("/", 1)[0], {}).get("layout") == layout},
        )
        for layout in sorted({m["layout"] for m in meetings.values()})
    }
    decisions = sum(len(i["decisions"]) for m in meetings.values() for i in m["items"])
    citing = len({d for d, _ in planted})
    print(
        f"\n{len(meetings)} generated meetings (mixed layouts), {decisions} decisions, {citing} citing earlier"
        f" meetings ({len(planted)} citations planted), {figures['linked']} linked by the index:"
        f" precision {figures['precision']:.4f}, recall {figures['recall']:.4f}"
    )
    for layout, f in by_layout.items():
        print(
            f"  {layout:9} planted {f['planted']:4}  linked {f['linked']:4}"
            f"  precision {f['precision']:.4f}  recall {f['recall']:.4f}"
        )
    assert len(meetings) == MEETINGS and citing >= decisions / 30
    assert figures["precision"] >= BAR["precision"], _examples(linked - planted, meetings)
    assert figures["recall"] >= BAR["recall"], _examples(planted - linked, meetings)


def test_a_cited_meetings_decisions_show_the_citing_ones_after_them(archive, measured):
    """此后 of every decision of a cited meeting (one with decisions): every decision citing it is
    there, and the entries linked `via == "meeting"` are decisions that cite it (one also linked
    by a document it names shows as that document's)."""
    _, _, index = archive
    meetings, planted, _ = measured
    citers: dict[str, set[str]] = {}
    for did, cited in planted:
        citers.setdefault(cited, set()).add(did)
    shown = wrong = missed = expected = 0
    for cited, dids in sorted(citers.items()):
        if not any(i["decisions"] or i["documents"] for i in meetings[cited]["items"]):
            continue  # a report of items only (研究…, 调度当前重点工作): no decision to show 此后 on
        threads = documents.meeting_threads(index, cited, limit=1_000_000)
        assert threads, cited
        for thread in threads.values():
            via = {e.id for e in thread.after if e.via == "meeting"}
            shown += len(via)
            wrong += len(via - dids)
            expected += len(dids)
            missed += len(dids - {e.id for e in thread.after})
    print(
        f"\n  此后 of the decisions of {len(citers)} cited meetings: {expected} citing decisions to show,"
        f" {missed} missing; {shown} shown as citing (via meeting), {wrong} of them not citing"
    )
    assert shown and wrong / shown <= 1 - BAR["precision"]
    assert missed / expected <= 1 - BAR["recall"]


def test_every_phrasing_and_near_miss_is_planted(measured):
    """What the figures cover: citations in every layout, with a year and without, of two
    meetings at once, in Chinese numerals, naming a document the meeting approved; near misses of
    higher and other bodies and of another kind beside them."""
    meetings, planted, _ = measured
    texts = [(m["layout"], m["meeting_type"], d) for m in meetings.values() for i in m["items"] for d in i["decisions"]]
    assert {meetings[d.rsplit("/", 1)[0]]["layout"] for d, _ in planted} == {m["layout"] for m in meetings.values()}
    counts = {
        "year": sum(
            bool(re.search(r"\d{4}年度?第[^次]{1,6}次(?:常务会议|主任办公会|市长办公会议|专题会议)", t))
            for _, _, t in texts
        ),
        "chinese": sum(
            bool(re.search(r"第[一二三四五六七八九十百]+次(?:常务会议|主任办公会)", t)) for _, _, t in texts
        ),
        "two": sum(n > 1 for n in _per_decision(planted).values()),
        "document": sum(bool(re.search(r"次[^，。]{2,8}审议通过的《", t)) for _, _, t in texts),
        "higher": sum(bool(re.search(r"(?:省政府|国务院)第[^次]{1,6}次常务会议|常委会第", t)) for _, _, t in texts),
        "other kind": sum(bool(re.search(r"第[^次]{1,6}次全体会议", t)) for _, _, t in texts)
        + sum(k == "市长办公会议" and bool(re.search(r"第[^次]{1,6}次常务会议", t)) for _, k, t in texts),
    }
    print(f"\n  planted: {counts}")
    assert min(counts.values()) >= 20, counts


def _per_decision(links: set[Link]) -> dict[str, int]:
    out: dict[str, int] = {}
    for did, _ in links:
        out[did] = out.get(did, 0) + 1
    return out


# ---------------------------------------------------------------- the rule on its own


CASES = [  # (place, its meeting_type, text, the keys it cites)
    ("苏州市", "常务会议", "按照市政府第111次常务会议确定的工作要求，扎实推进各项工作。", ["常务会议//111"]),
    ("武进区", "常务会议", "落实区政府第5次常务会议精神，抓好各项任务落实。", ["常务会议//5"]),
    ("滨海新区", "主任办公会", "根据管委会2022年第4次主任办公会议定事项，持续推动工作。", ["主任办公会/2022/4"]),
    ("滨海新区", "主任办公会", "按照滨海新区管委会第4次主任办公会议确定的工作要求，抓好落实。", ["主任办公会//4"]),
    (
        "苏州市",
        "常务会议",
        "按照苏州市人民政府第十二次常务会议确定的工作要求，扎实推进各项工作。",
        ["常务会议//12"],
    ),
    ("苏州市", "常务会议", "苏州市政府第一百零五次常务会议研究议定的事项要抓紧落实到位。", ["常务会议//105"]),
    ("苏州市", "常务会议", "根据市政府第7次常务会议议定事项，扎实推进各项工作。", ["常务会议//7"]),
    ("无锡市", "市长办公会议", "根据第八次市长办公会议研究议定的事项，扎实推进各项工作。", ["市长办公会议//8"]),
    ("无锡市", "专题会议", "对照市政府第三次专题会议明确的目标任务，扎实推进各项工作。", ["专题会议//3"]),
    (
        "苏州市",
        "常务会议",
        "要抓紧推进经市政府2021年度第3次常务会议审议通过的《城市更新实施方案》各项任务落实。",
        ["常务会议/2021/3"],
    ),
    (
        "苏州市",
        "常务会议",
        "按照市政府第10次常务会议和第12次常务会议确定的工作要求，扎实推进各项工作。",
        ["常务会议//10", "常务会议//12"],
    ),
    (
        "苏州市",
        "常务会议",
        "根据第10次常务会议、2023年第2次常务会议研究议定的事项，抓好落实。",
        ["常务会议//10", "常务会议/2023/2"],
    ),
    # near misses: higher or other bodies, another kind of the same body's
    ("苏州市", "常务会议", "会议传达了省政府第3次常务会议精神。", []),
    ("苏州市", "常务会议", "传达学习了国务院第15次常务会议精神，扎实推进各项工作。", []),
    ("苏州市", "常务会议", "按照国务院第15次常务会议确定的工作要求，扎实推进各项工作。", []),
    ("苏州市", "常务会议", "落实市委常委会第5次会议精神，扎实推进各项工作。", []),
    ("苏州市", "常务会议", "按照省委常委会第5次会议确定的工作要求，扎实推进各项工作。", []),
    ("睢宁县", "常务会议", "按照县十八届人大常委会第三次会议精神，扎实推进各项工作。", []),
    ("武进区", "常务会议", "按照区政府第2次全体会议确定的工作要求，扎实推进各项工作。", []),
    ("滨海新区", "主任办公会", "按照党工委2022年第3次会议确定的工作要求，扎实推进各项工作。", []),
    ("滨海新区", "主任办公会", "按照管委会第3次全体会议确定的工作要求，扎实推进各项工作。", []),
    ("无锡市", "市长办公会议", "按照市政府第3次常务会议确定的工作要求，扎实推进各项工作。", []),
    ("无锡市", "专题会议", "按照第3次市长办公会议确定的工作要求，扎实推进各项工作。", []),
    ("无锡市", "市长办公会议", "按照市政府第6次专题会议确定的工作要求，扎实推进各项工作。", []),
]


@pytest.mark.parametrize(
    "place,kind,text,keys", CASES, ids=[f"{'cites' if c[3] else 'no-link'}-{i}" for i, c in enumerate(CASES)]
)
def test_cite_keys_take_the_meetings_own_body_and_kind_only(place, kind, text, keys):
    assert cite_keys(text, kind, doctitles.place_names(place, None)) == keys
