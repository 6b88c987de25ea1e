"""Damaged documents: every reader and the parser, on real documents mutated at random (bytes
flipped, cut, repeated, inserted), raise nothing but the project's own one-line errors."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from variants import SAMPLE, portal_page, sample_text, web_paragraphs

from indexer.errors import MinutesError
from indexer.parse import parse_file

DATA = SAMPLE.parent.parent.parent / "tests" / "data"
ORIGINALS = {
    "txt": SAMPLE.read_bytes(),
    "html": portal_page(web_paragraphs(sample_text())).encode("utf-8"),
    "docx": (DATA / "suzhou-2020-111.docx").read_bytes(),
    "pdf": (DATA / "suzhou-2020-111.pdf").read_bytes(),
}


def _mutate(data: bytes, seed: int, edits: int) -> bytes:
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(edits):
        if not out:
            break
        at = rng.randrange(len(out))
        kind = rng.random()
        if kind < 0.4:
            out[at] = rng.randrange(256)  # a flipped byte
        elif kind < 0.55:
            del out[at:]  # cut off
        elif kind < 0.7:
            out[at:at] = out[at : at + rng.randint(1, 400)] * rng.randint(1, 5)  # repeated
        elif kind < 0.85:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 50)))  # inserted
        else:
            del out[at : at + rng.randint(1, 2000)]  # a hole
    return bytes(out)


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(ORIGINALS))
@settings(
    max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1), edits=st.integers(1, 12))
def test_a_damaged_document_gets_a_one_line_error_or_a_record(tmp_path, kind, seed, edits):
    path = tmp_path / f"damaged.{kind}"
    path.write_bytes(_mutate(ORIGINALS[kind], seed, edits))
    try:
        record = parse_file(path)
    except MinutesError as exc:
        assert "\n" not in str(exc) and str(path) in str(exc)
    else:
        assert record.date or record.number  # what it indexes is a meeting, with its date or number
        if not (record.date and record.number):  # and the one it lacks is named
            assert any("会议日期" in w or "会议次数" in w for w in record.warnings), record.warnings
