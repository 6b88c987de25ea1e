"""The pages, by area; each page's HTML and its /api/ twin come from one function (`pages.page`).

search     the search page, the facet filter box, trends
decisions  decision search, its filter box, its CSV and JSONL downloads
documents  one document of one place, the list of documents
meetings   one meeting, its attendance CSV, its source file
people     people and departments, one city's each, and the lists of everyone
browse     every meeting by city and year
exports    a search as CSV
feeds      Atom feeds: a search, a person, a department, a document and its series (ETag, 304)
errors     error pages and JSON, security headers
params     reading the request, writing URLs; pages: the page/twin registration
"""

from __future__ import annotations

from flask import Flask

from indexer.facets import FACETS
from indexer.models import shown_date, shown_number
from indexer.names import readings
from indexer.numerals import marker
from indexer.vocabulary import ACTION_LABELS, ROLES, SORT_LABELS

from . import browse, decisions, documents, errors, exports, feeds, meetings, people, search  # noqa: F401  (each registers its routes)
from .pages import bp
from .params import page_numbers, toggle_url, url_with


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals.update(
        url_with=url_with,
        toggle_url=toggle_url,
        page_numbers=page_numbers,
        FACET_LABELS={facet.name: facet.label for facet in FACETS},
        SORT_LABELS=SORT_LABELS,
        ROLE={role.field: role.word for role in ROLES},  # 出席, 列席 … by the field that holds them
        FACETS=FACETS,
        cn=marker,
        ACTIONS=ACTION_LABELS,  # what a decision did to a document: 通过, 审议, 提及
    )
    # A meeting's date and number as shown; a record may lack either (its warnings say so).
    app.jinja_env.filters["day"] = shown_date
    app.jinja_env.filters["nth"] = shown_number
    # What a list's filter box matches a name by besides its text: its pinyin and initials
    app.jinja_env.filters["match_key"] = lambda name: " ".join(readings(name))
    errors.init_app(app)
