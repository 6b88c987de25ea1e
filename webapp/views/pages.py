"""A page and its JSON twin from one function, as Datasette renders every page and its `.json`
from one `data()`: the function reads the request and returns a `Page`; the HTML view renders its
template with `context()`, the twin returns `json()`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, jsonify, redirect, render_template

bp = Blueprint("minutes", __name__)


@dataclass
class Page:
    json: Callable[[], Any]  # the JSON twin's body
    context: Callable[[], dict[str, Any]] = field(default=dict)  # the template's variables (HTML only)
    redirect: str | None = None  # where the HTML page sends the browser instead (the twin still answers)


def page(name: str, rule: str, api_rule: str, template: str) -> Callable[[Callable[..., Page]], Callable[..., Page]]:
    """Register `fn(**path arguments) -> Page` as `minutes.<name>_page` at `rule` (HTML) and
    `minutes.<name>_api` at `api_rule` (JSON)."""

    def register(fn: Callable[..., Page]) -> Callable[..., Page]:
        def html_view(**args: str):
            answer = fn(**args)
            if answer.redirect:
                return redirect(answer.redirect)
            return render_template(template, **answer.context())

        def json_view(**args: str):
            return jsonify(fn(**args).json())

        bp.add_url_rule(rule, f"{name}_page", html_view, methods=["GET"])
        bp.add_url_rule(api_rule, f"{name}_api", json_view, methods=["GET"])
        return fn

    return register
