"""The index folder as the read side sees it: its file names, which generation is committed, how
a meeting's full record is stored, and opening one for reading.

Both sides stand on this module: the builder (`indexer.build`) writes what is described here, the
query side, the catalog and the web app only read it, and none of them imports the builder, the
parser or the document readers.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from . import analysis, lexicon
from .atomic import tmp_name
from .errors import MinutesError
from .models import Minutes
from .schema import build_schema, schema_signature
from .vocabulary import INDEX_DIR_ENV

DEFAULT_INDEX_DIR = Path(__file__).resolve().parent.parent / "data" / "index"

# ---------------------------------------------------------------- the folder's files

INDEX_NAME = "MAIN"  # Whoosh's files: MAIN_*.seg, _MAIN_<generation>.toc, MAIN_WRITELOCK
META_NAME = "minutes-meta.json"  # the schema and dictionary signature the index was built with
MANIFEST_NAME = "minutes-manifest.json"  # what the index holds, by source file (`build.manifest`)
USERDICT_NAME = "userdict.txt"  # names and departments added to jieba's dictionary
OWN_NAMES = (META_NAME, MANIFEST_NAME, USERDICT_NAME)

# Every file an index folder holds that we made (and so may delete): Whoosh's, ours, their
# temporary names (`userdict.tmp` as older versions wrote it). Nothing else is ever deleted.
OWN_FILE = re.compile(
    rf"^(_?{INDEX_NAME}_[\w.-]+|{'|'.join(re.escape(n) + '(' + re.escape(tmp_name('')) + ')?' for n in OWN_NAMES)}"
    rf"|userdict\.tmp)$"
)


def default_index_dir() -> Path:
    return Path(os.environ.get(INDEX_DIR_ENV) or DEFAULT_INDEX_DIR)


def read_meta(index_dir: Path) -> dict:
    try:
        return json.loads((index_dir / META_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def is_current(index_dir: Path) -> bool:
    """Whether the folder's index was built with today's schema and dictionary."""
    return read_meta(index_dir).get("signature") == schema_signature()


def holds_index(folder: Path) -> bool:
    return (folder / META_NAME).exists() or whoosh_index.exists_in(str(folder), INDEX_NAME)


def index_generation(index_dir: str | Path) -> int:
    """The last committed generation (-1 when there is no index): bumps at every commit."""
    gens = [
        int(m.group(1))
        for p in Path(index_dir).glob(f"_{INDEX_NAME}_*.toc")
        if (m := re.fullmatch(rf"_{INDEX_NAME}_(\d+)\.toc", p.name))
    ]
    return max(gens, default=-1)


# ---------------------------------------------------------------- the dictionary


def read_userdict(index_dir: str | Path) -> list[str]:
    path = Path(index_dir) / USERDICT_NAME
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_index_dictionary(index_dir: str | Path) -> None:
    """Load the known departments and the index's own user dictionary into jieba."""
    analysis.load_user_words(lexicon.known_departments())
    analysis.load_user_words(read_userdict(index_dir))


# ---------------------------------------------------------------- records


def encode_record(record: Minutes) -> bytes:
    """A meeting's whole record as it is stored: zlib-compressed JSON (read for shown hits only)."""
    return zlib.compress(json.dumps(record.to_dict(), ensure_ascii=False).encode("utf-8"), 1)


def load_record(stored: dict) -> Minutes:
    """The record of a document's stored fields."""
    return Minutes.from_dict(json.loads(zlib.decompress(stored["record"]).decode("utf-8")))


# ---------------------------------------------------------------- opening


def open_index(index_dir: str | Path) -> whoosh_index.FileIndex:
    """Open an existing index for reading, loading its dictionary into jieba."""
    index_dir = Path(index_dir)
    if not whoosh_index.exists_in(str(index_dir), INDEX_NAME):
        raise MinutesError(str(index_dir), "no index here; build one with `minutes index PATH`")
    if not is_current(index_dir):
        raise MinutesError(
            str(index_dir), "index was built with another schema or dictionary; run `minutes index` to rebuild it"
        )
    load_index_dictionary(index_dir)
    # Plain reads instead of mmap: a serving process should not hold the whole index in its RSS.
    storage = FileStorage(str(index_dir), supports_mmap=False)
    return storage.open_index(INDEX_NAME, schema=build_schema())


def meeting_count(ix) -> int:
    """Meetings an index holds (its other documents are their decisions)."""
    with ix.searcher() as s:
        decisions = 0
        for leaf, _ in s.reader().leaf_readers():
            if ("doctype", "decision") not in leaf:
                continue
            if leaf.has_deletions():  # only those still live, read posting by posting
                decisions += sum(1 for _ in leaf.postings("doctype", "decision").all_ids())
            else:  # every posting is live: the term's count says it
                decisions += leaf.doc_frequency("doctype", "decision")
        return s.doc_count() - decisions
