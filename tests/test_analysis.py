"""The fast paths (rjieba, FastText, FastKeyword, ArrayCodec) give exactly what the stock paths give."""

import jieba
import numpy as np
import pytest
from variants import SAMPLE
from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, TEXT

from indexer import analysis
from indexer.build.workers import parse_one
from indexer.packs import MAX_TERM_BYTES, PACK_ONLY, POSITIONAL
from indexer.schema import build_schema
from indexer.synth import generate
from indexer.whoosh_internals import ArrayCodec, PackingWriter, pack_sources, term_arrays


def sources(reader) -> bool:
    """Every segment of the reader has its postings pack."""
    return all(source.pack is not None for source in pack_sources(reader))


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    files = generate(40, folder, seed=8) + [SAMPLE]
    parsed = [parse_one((str(f), "0")) for f in files]
    words = set().union(*(p.words for p in parsed))
    analysis.load_user_words(words)
    return parsed, words


@pytest.mark.skipif(analysis.rjieba is None, reason="rjieba not installed: jieba itself is used")
def test_rjieba_segments_like_jieba_with_the_same_dictionary(documents):
    parsed, words = documents
    jieba.initialize()
    for w in analysis._loaded_words:  # exactly the words rjieba was given in this process
        jieba.add_word(w, analysis.USER_WORD_FREQ)
    for p in parsed:
        text = p.fields["words"]
        assert analysis.rjieba.cut(text, True) == list(jieba.cut(text, HMM=True))


def test_fast_index_paths_equal_generic_paths(documents):
    parsed, _ = documents
    schema = build_schema()
    for name in ("words", "ngrams", "title"):
        field = schema[name]
        for p in parsed:
            value = p.fields[name]
            fast = sorted(field.index(value))
            generic = sorted(TEXT.index(field, value))
            assert fast == generic, name


def test_fast_keyword_fields_index_as_whoosh_s_comma_tokenizer_does(documents):
    """Every keyword field's value of the meetings and their decisions, and values with the edge
    cases of a comma-separated field (empty runs, spaces around and inside, a value repeated, case,
    full-width forms): the same terms, frequencies, weights and encoded values."""
    parsed, _ = documents
    schema = build_schema()
    names = [name for name in schema.names() if isinstance(schema[name], analysis.FastKeyword)]
    assert len(names) > 10
    stock = KEYWORD(commas=True, lowercase=False, scorable=False)
    values = [fields[name] for p in parsed for fields in (p.fields, *p.decisions) for name in names if name in fields]
    assert sum(map(bool, values)) > 200
    values += ["", ",", ",,", " ", "a", " a , b,,a,", "王翔,王翔", "A,a", "ＡＢ, 审计局 ,", "x y,x  y", "\t甲\n,乙"]
    for value in values:
        assert list(schema[names[0]].index(value)) == list(stock.index(value)), value


def test_fast_id_fields_index_as_whoosh_s_id_field_does(documents):
    """Every identifying field's value of the meetings and their decisions, and edge cases (empty,
    spaces kept, commas, case, full-width forms): the same term, frequency, weight and value."""
    parsed, _ = documents
    schema = build_schema()
    names = [name for name in schema.names() if isinstance(schema[name], analysis.FastID)]
    assert {"id", "path", "date", "meeting", "source", "doctype"} <= set(names)
    stock = ID()
    values = [fields[name] for p in parsed for fields in (p.fields, *p.decisions) for name in names if name in fields]
    assert len(values) > 200
    values += ["", " ", " a b ", "a,b", "A", "ＡＢ　审计", "苏州市-2020-09-14-111"]
    for value in values:
        for name in names:
            assert list(schema[name].index(value)) == list(stock.index(value)), (name, value)


def test_bigram_keys_are_the_bigrams_in_text_order(documents):
    """The packs' integer keys stand for exactly the bigrams and positions of the tokenizer's
    grouping (and so of its generic path, above), whitespace, full-width forms and traditional
    characters included."""
    parsed, _ = documents
    values = [p.fields[name] for p in parsed for name in sorted(PACK_ONLY) if p.fields.get(name)]
    values += ["", "审", " 審 計\n局 ", "ＡＢ　c", "“城市更新”"]
    for value in values:
        keys = analysis.BigramTokenizer.bigram_keys(value)
        grouped: dict[str, list[int]] = {}
        for i, key in enumerate(keys.tolist()):
            grouped.setdefault(analysis.bigram_text(key), []).append(i)
        assert grouped == dict(analysis.BigramTokenizer.term_positions(value)), value
        texts = [analysis.bigram_text(k).encode("utf-8") for k in sorted(set(keys.tolist()))]
        assert texts == sorted(texts)  # integer order is the terms' byte order


def _dump(ix):
    """Every posting (doc, weight, encoded value), every field length, every stored field."""
    with ix.searcher() as s:
        r = s.reader()
        postings = {(f, t): _items(r, f, t) for f, t in r.all_terms()}
        lengths = {(n, f): r.doc_field_length(n, f) for n in range(r.doc_count_all()) for f in ("words", "title")}
        return postings, lengths, list(r.all_stored_fields())


def _items(reader, fieldname, text):
    m = reader.postings(fieldname, text)
    items = []
    while m.is_active():
        items.append((m.id(), m.weight(), m.value()))
        m.next()
    return items


@pytest.mark.slow
@pytest.mark.parametrize("blocklimit", [512, 3])
def test_array_codec_reads_back_what_the_stock_codec_does(documents, tmp_path, blocklimit):
    """Every posting, length and stored field, through Whoosh's matchers and through `term_arrays`
    (blocks of 3 make every long list span many blocks)."""
    parsed, _ = documents
    dumps = []
    for name, codec in (("stock", None), ("array", ArrayCodec(blocklimit=blocklimit))):
        (tmp_path / name).mkdir()
        ix = whoosh_index.create_in(str(tmp_path / name), build_schema())
        writer = PackingWriter(ix, codec=codec) if codec else ix.writer()
        for p in parsed:
            writer.add_document(**p.fields)
        writer.commit(merge=False)
        dumps.append(_dump(whoosh_index.open_dir(str(tmp_path / name))))
    stock, array = dumps
    # The same postings, lengths and stored fields, but the searched fields', which only the packs
    # hold (all but their terms too long for a pack)
    held = {k: v for k, v in stock[0].items() if k[0] not in PACK_ONLY or len(k[1]) > MAX_TERM_BYTES}
    assert held == array[0] and stock[1:] == array[1:]
    assert len(stock[0]) > 5000 and {f for f, _ in stock[0]} >= PACK_ONLY
    assert all(len(t) > MAX_TERM_BYTES for f, t in array[0] if f in PACK_ONLY)
    with whoosh_index.open_dir(str(tmp_path / "array")).searcher() as s:
        for (field, text), items in dumps[0][0].items():
            t = term_arrays(s.reader(), field, text, positions=True)
            assert sources(s.reader())  # read from the segment's postings pack
            if field in POSITIONAL:
                ends = np.cumsum(t.counts).tolist()
                values = [t.positions[a:b].astype("<u4").tobytes() or None for a, b in zip([0] + ends[:-1], ends)]
            else:
                values = [v for _, _, v in items]
            assert list(zip(t.docs.tolist(), t.weights.tolist(), values)) == items, (field, text)


_CUT_WHILE_ADDING = """
import threading
from indexer import analysis

text = "会议听取了市审计局关于二〇一九年度审计工作报告查出问题整改工作的汇报" * 40
errors = []
stop = threading.Event()

def cutting():
    try:
        while not stop.is_set():
            assert "".join(analysis.cut(text)) == text
    except BaseException as exc:
        errors.append(repr(exc))

threads = [threading.Thread(target=cutting) for _ in range(4)]
for t in threads:
    t.start()
try:
    for i in range(3000):
        analysis.load_user_words([f"测试词{i:04d}甲乙"])
finally:
    stop.set()
    for t in threads:
        t.join()
print(errors)
"""


def test_words_added_while_other_threads_cut_text_fail_none_of_them():
    """A server loads an index's words into the segmenter while its threads tokenize requests:
    neither side fails (rjieba raised "Already borrowed" without the lock). In a process of its
    own: the words it adds would change how this one segments."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", _CUT_WHILE_ADDING], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
