"""The builder: documents in, a committed index out (`index_paths`). Only the CLI and tests import
it; the query side, the catalog and the web app read the index through `indexer.store`."""

from .documents import document_of, user_words
from .folders import WriteLock, create_index
from .run import IndexReport, index_paths

__all__ = ["IndexReport", "WriteLock", "create_index", "document_of", "index_paths", "user_words"]
