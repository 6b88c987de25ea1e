"""Decisions as data: each decision's kinds, presenters, responsible departments with roles,
deadlines and documents, read in every layout (issue 19's first part: the model and the reading).
Meeting 111's decisions equal `golden/suzhou-2020-111.decisions.json`."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from indexer import lexicon
from indexer.models import Deadline, DocumentRef, Minutes, Responsible
from indexer.parse import parse_file
from indexer.parse.decisions import read_decision
from indexer.synth import generate

GOLDEN = Path(__file__).resolve().parents[2] / "shared" / "golden" / "suzhou-2020-111.decisions.json"
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "minutes" / "suzhou-2020-111.txt"
KNOWN = set(lexicon.known_departments())


@pytest.mark.skipif(not GOLDEN.is_file(), reason=f"the golden decisions are read from {GOLDEN}, absent here")
def test_meeting_111s_decisions_equal_the_golden_file():
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    record = parse_file(SAMPLE)
    assert record.id == golden["meeting"]
    assert sum(len(item.details) for item in record.items) == len(golden["decisions"])
    for want in golden["decisions"]:
        item = record.items[want["item"] - 1]
        assert len(item.details) == len(item.decisions)
        got = item.details[want["decision"] - 1]
        assert (got.kinds or None) == want["kinds"], want
        assert got.presenters == want["presenters"], want
        assert [r.department for r in got.responsible] == want["responsible"], want
        assert [{"text": d.text, "date": d.date} for d in got.deadlines] == want["deadlines"], want
        assert [d.title for d in got.documents] == want["documents"], want


@pytest.mark.parametrize("layout", ["suzhou", "district", "report", "labelled", "office"])
def test_a_record_s_dict_is_dataclasses_asdict(tmp_path, layout):
    """`to_dict` (what the index stores) walks the model itself: the same as `asdict`."""
    files = [SAMPLE, *generate(12, tmp_path, seed=5, layout=layout)]
    for path in files:
        record = parse_file(path)
        want = asdict(record)
        assert record.to_dict() == {key: want[key] for key in Minutes.JSON_KEYS}, path


def test_decisions_survive_the_stored_record():
    record = parse_file(SAMPLE)
    again = Minutes.from_dict(json.loads(json.dumps(record.to_dict())))
    assert [i.details for i in again.items] == [i.details for i in record.items]


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("原则同意市发改委关于全市经济运行情况的汇报。", ["同意"]),
        ("会议传达了省政府常务会议精神，原则同意市安委办关于下一步工作打算的汇报。", ["传达", "同意"]),
        ("听取了市审计局关于审计整改情况的汇报。", ["听取"]),
        ("各地各部门要加强组织领导。", ["部署"]),
        ("会议不同意《甲方案》，待进一步论证后再议。", ["暂缓"]),
        ("在看到成绩的同时，我们也要保持清醒的头脑。", []),
    ],
)
def test_kinds(text, kinds):
    assert read_decision(text, "2020-09-14", KNOWN).kinds == kinds


def test_presenters_responsible_roles_and_addressees():
    d = read_decision(
        "原则同意市住建局关于城市更新工作的汇报。由市发改委牵头，会同市财政局抓紧制定实施方案；各地各部门要积极配合。",
        "2020-09-14",
        KNOWN,
    )
    assert d.presenters == ["市住建局"]
    assert d.responsible == [Responsible("市发改委", "牵头"), Responsible("市财政局", "会同")]
    assert d.addressees == ["各地各部门"]


@pytest.mark.parametrize(
    "text, deadline",
    [
        ("10月底前完成", Deadline("10月底前", "2020-10-31")),
        ("年底前完成", Deadline("年底前", "2020-12-31")),
        ("3月底前完成", Deadline("3月底前", "2021-03-31")),  # a month already past: next year's
        ("一季度前完成", Deadline("一季度前", "2021-03-31")),
        ("2021年6月30日前完成", Deadline("2021年6月30日前", "2021-06-30")),
        ("确保年内完成", Deadline("年内", "2020-12-31")),
    ],
)
def test_deadlines_as_written_and_as_dates(text, deadline):
    assert read_decision(text, "2020-09-14", KNOWN).deadlines == [deadline]
    assert read_decision(text, None, KNOWN).deadlines == [Deadline(deadline.text, None)]


def test_a_quarter_being_fought_for_is_no_deadline():
    assert read_decision("冲刺三季度、决胜四季度，全力完成全年各项目标任务。", "2020-09-14", KNOWN).deadlines == []


def test_documents_normalised_with_status_and_what_was_done_to_them():
    d = read_decision(
        "会议审议并原则通过《苏州市城市 更新实施方案（送审稿)》，审议《关于〈A〉的报告（草案）》，要求落实《国务院通知》。",
        "2020-09-14",
        KNOWN,
    )
    assert d.documents == [
        DocumentRef("苏州市城市更新实施方案", "送审稿", "approved"),
        DocumentRef("关于〈A〉的报告", "草案", "reviewed"),
        DocumentRef("国务院通知", None, "mentioned"),
    ]
