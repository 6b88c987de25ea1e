"""The index seam: one SearchIndex per process, opened on first use (like flask's `get_db`).

SearchIndex keeps a searcher per thread and reopens when the index on disk changes, so a rebuild
is picked up without restarting the app.
"""

from __future__ import annotations

import threading

from flask import Flask, current_app

from indexer.query import SearchIndex

_KEY = "minutes_index"
_lock = threading.Lock()


def get_index() -> SearchIndex:
    ext = current_app.extensions
    if _KEY not in ext:
        with _lock:
            if _KEY not in ext:
                ext[_KEY] = SearchIndex(
                    current_app.config["INDEX_DIR"], time_budget=float(current_app.config["QUERY_TIMEOUT"])
                )
    return ext[_KEY]


def init_app(app: Flask) -> None:
    app.extensions.pop(_KEY, None)
