"""The web front end: faceted search, meeting, person and department pages, each with a JSON twin."""

from __future__ import annotations

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from .settings import SETTINGS


class _JSON(DefaultJSONProvider):
    ensure_ascii = False  # Chinese as it is written
    sort_keys = False  # keys in the order the data gives them


def create_app(test_config: dict | None = None) -> Flask:
    """App factory: defaults, then MINUTES_* environment variables, then `test_config`."""
    app = Flask(__name__)
    app.json = _JSON(app)
    app.config.from_mapping({s.name: s.default() for s in SETTINGS})
    app.config.from_prefixed_env("MINUTES")
    if test_config:
        app.config.update(test_config)

    from . import searcher, views

    searcher.init_app(app)
    views.init_app(app)
    return app
