"""The web front end: faceted search, meeting, person and department pages, each with a JSON twin.

Importing the package is cheap (the `minutes` CLI loads `webapp.cli` for every command): Flask,
the settings and the views are imported by `create_app`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """App factory: defaults, then MINUTES_* environment variables, then `test_config`."""
    from flask import Flask
    from flask.json.provider import DefaultJSONProvider

    from . import searcher, views
    from .settings import SETTINGS

    class JSON(DefaultJSONProvider):
        ensure_ascii = False  # Chinese as it is written
        sort_keys = False  # keys in the order the data gives them

    app = Flask(__name__)
    app.json = JSON(app)
    app.config.from_mapping({s.name: s.default() for s in SETTINGS})
    app.config.from_prefixed_env("MINUTES")
    if test_config:
        app.config.update(test_config)
    searcher.init_app(app)
    views.init_app(app)
    return app
