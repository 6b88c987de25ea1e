"""PDF and Word documents read as published: the real meeting 111 in both forms, generated
meetings in every form, and every way a PDF or .docx can be unreadable."""

import io
import json
import random
import re

import pytest
from helpers import as_generated, assert_matches_golden, minutes
from variants import GOLDEN

from indexer.build import index_paths
from indexer.errors import SourceError
from indexer.parse import parse_file
from indexer.query import SearchIndex, SearchRequest, search
from indexer.synth import PDF_PAGE_LINES, generate, pdf_lines

PDF = GOLDEN.parent / "suzhou-2020-111.pdf"
DOCX = GOLDEN.parent / "suzhou-2020-111.docx"


@pytest.mark.parametrize("path", [PDF, DOCX], ids=["pdf", "docx"])
def test_meeting_111_as_published_matches_golden(path, golden):
    assert_matches_golden(parse_file(path).to_dict(), golden)
    out = minutes("parse", path, "--json")
    assert out.returncode == 0, out.stderr
    assert_matches_golden(json.loads(out.stdout), golden)


@pytest.fixture(scope="module", params=["html", "docx", "pdf"])
def generated(request, tmp_path_factory):
    fmt = request.param
    folder = tmp_path_factory.mktemp(fmt)
    return fmt, folder, generate(40 if fmt == "pdf" else 80, folder, seed=13, fmt=fmt)


@pytest.mark.slow
def test_generated_meetings_in_every_form_parse_to_their_records(generated):
    fmt, folder, files = generated
    mismatches = []
    for path in files:
        expected = json.loads((folder / "expected" / f"{path.stem}.json").read_text(encoding="utf-8"))
        record = as_generated(parse_file(path).to_dict())
        mismatches += [(path.name, key) for key, value in expected.items() if record[key] != value]
    assert mismatches == []


def test_pdfs_come_in_both_producer_styles(tmp_path):
    from pdfminer.high_level import extract_text

    office, typeset = generate(2, tmp_path, seed=2, fmt="pdf")
    assert "  " in extract_text(office)  # space glyphs between entries
    dump = extract_text(typeset)
    assert "出席：" in dump and not re.search(r"[\u4e00-\u9fff]  [\u4e00-\u9fff]", dump)  # no space glyphs


@pytest.mark.slow
def test_a_folder_of_pdfs_is_indexed_and_every_phrase_found(tmp_path):
    folder = tmp_path / "pdfs"
    files = generate(24, folder, seed=17, fmt="pdf")
    report = index_paths([folder], tmp_path / "ix")
    assert (report.added, report.failed) == (24, [])
    assert index_paths([folder], tmp_path / "ix").unchanged == 24  # incremental, by hash
    index = SearchIndex(tmp_path / "ix")
    rng = random.Random(3)
    checked = 0
    for path in files:
        record = parse_file(path)
        decisions = [d for item in record.items for d in item.decisions]
        for _ in range(10):  # phrases anywhere in the decisions: many cross a printed line
            d = rng.choice(decisions)
            n = rng.randint(2, 10)
            start = rng.randrange(0, max(1, len(d) - n))
            phrase = d[start : start + n]
            hits = search(index, SearchRequest(q=f'"{phrase}"', page_size=100))
            assert record.id in {h.id for h in hits.hits}, phrase
            checked += 1
        # The phrase broken across the first page break, exactly as printed.
        lines = [line.text.strip() for line in pdf_lines(record, positioned=int(path.stem[-1]) % 2 == 1)]
        before, after = lines[PDF_PAGE_LINES - 1], lines[PDF_PAGE_LINES]
        if before and after:
            phrase = re.sub(r"\s+", "", before)[-3:] + re.sub(r"\s+", "", after)[:3]
            hits = search(index, SearchRequest(q=f'"{phrase}"', page_size=100))
            assert record.id in {h.id for h in hits.hits}, phrase
            checked += 1
    assert checked >= 250


# ---------------------------------------------------------------- unreadable documents


def _pdf(draw, **kwargs) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, **kwargs)
    draw(c)
    c.showPage()
    c.save()
    return out.getvalue()


def _scanned(c):  # a page image and no text, as a scanner makes it
    c.setFillGray(0.3)
    for y in range(100, 700, 30):
        c.rect(80, y, 400, 12, fill=1, stroke=0)


def _encrypted(c):
    c.setFont("Helvetica", 12)
    c.drawString(80, 700, "2020")


@pytest.mark.parametrize(
    "name,data,reason",
    [
        ("scan.pdf", lambda: _pdf(_scanned), "scanned PDF without a text layer"),
        ("locked.pdf", lambda: _pdf(_encrypted, encrypt="secret"), "encrypted PDF"),
        ("cut.pdf", lambda: PDF.read_bytes()[:3000], "broken PDF"),
        ("junk.pdf", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 20, "PDF"),
        ("old.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old binary Word (.doc)"),
        ("broken.docx", lambda: DOCX.read_bytes()[:2000], "broken Word document"),
        ("empty.docx", lambda: _empty_docx(), "no text"),
    ],
)
def test_unreadable_documents_get_one_line_and_never_stop_the_others(tmp_path, name, data, reason):
    path = tmp_path / "docs" / name
    path.parent.mkdir()
    path.write_bytes(data())
    with pytest.raises(SourceError, match=re.escape(reason)):
        parse_file(path)
    out = minutes("parse", path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and name in out.stderr and reason in out.stderr
    (tmp_path / "docs" / "good.pdf").write_bytes(PDF.read_bytes())
    report = index_paths([tmp_path / "docs"], tmp_path / "ix")
    assert report.added == 1 and [p for p, _ in report.failed] == [str(path.resolve())]
    assert search(SearchIndex(tmp_path / "ix"), SearchRequest(q="市政府督查室要定期")).total == 1


def _empty_docx() -> bytes:
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


@pytest.mark.slow
def test_synth_cli_writes_every_format(tmp_path):
    for fmt in ("txt", "html", "pdf", "docx"):
        out = minutes("synth", "--count", "2", "--out", tmp_path / fmt, "--format", fmt)
        assert out.returncode == 0, out.stderr
        assert len(list((tmp_path / fmt).rglob(f"*.{fmt}"))) == 2
