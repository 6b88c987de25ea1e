"""The synthetic archive: deterministic, in the PDF layout, and parsed back to its ground truth."""

import json
import re

from helpers import as_generated

from indexer.parse import parse_file
from indexer.synth import SYNTHETIC_NOTE, generate


def test_parser_recovers_every_expected_record(corpus_dir):
    folder = corpus_dir / "synth"
    files = sorted(folder.rglob("*.txt"))
    assert len(files) >= 300
    mismatches = []
    departments_of: dict[str, set] = {}
    for path in files:
        record = as_generated(parse_file(path).to_dict())
        for o in record["observers"]:
            if o["department"]:
                departments_of.setdefault(o["name"], set()).add(o["department"])
        expected = json.loads((folder / "expected" / f"{path.stem}.json").read_text(encoding="utf-8"))
        for key, value in expected.items():
            if record[key] != value:
                mismatches.append((path.name, key))
    assert mismatches == []
    assert any(len(d) > 1 for d in departments_of.values())  # people move between departments


def test_generator_is_deterministic_and_realistic(tmp_path):
    a = generate(30, tmp_path / "a", seed=4)
    b = generate(30, tmp_path / "b", seed=4)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    c = generate(30, tmp_path / "c", seed=5)
    assert [p.read_bytes() for p in a] != [p.read_bytes() for p in c]
    for path in a:
        text = path.read_text(encoding="utf-8")
        assert SYNTHETIC_NOTE in text  # says it is synthetic
        assert 2_000 <= len(text.encode("utf-8")) <= 10_000
        assert "\n\n" in text and re.search(r"\d \s*年 ", text)  # PDF layout: blank lines, spaced digits
    numbers = [
        json.loads(p.read_text(encoding="utf-8"))["number"]
        for p in sorted((tmp_path / "a" / "expected").glob("*.json"))
    ]
    assert numbers[:8] == [1] * 8 and numbers[8:16] == [2] * 8  # eight cities, numbers progress per city
