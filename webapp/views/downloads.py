"""Files a user downloads: CSV a spreadsheet opens safely, and names that survive every browser."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote, unquote

from flask import Response, current_app, request, url_for


def disposition(kind: str, filename: str) -> str:
    """RFC 6266/5987: an ASCII fallback and the real (UTF-8, percent-encoded) name."""
    fallback = re.sub(r"[^A-Za-z0-9._-]", "_", filename) or "download"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run: text starting like a formula gets a leading '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Response:
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([cell(v) for v in row] for row in rows)
    return Response(
        out.getvalue(), mimetype="text/csv", headers={"Content-Disposition": disposition("attachment", filename)}
    )


LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def base_url() -> str:
    """Where the site lives, for links that leave it (feeds, CSV files, citations): the PUBLIC_URL
    setting; else the request's own address when its host is loopback or listed in HOSTS; else the
    address the server is bound to. A Host header never decides it alone (a forged one would put
    its links into every feed and citation)."""
    configured = str(current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if configured:
        return configured
    host = request.host.rsplit(":", 1)[0].strip("[]") if not request.host.endswith("]") else request.host.strip("[]")
    listed = {h.strip() for h in str(current_app.config.get("HOSTS") or "").split(",") if h.strip()}
    if host in LOOPBACK or host in listed:
        return request.host_url.rstrip("/")
    server = request.environ.get("SERVER_NAME") or "127.0.0.1"
    server = "127.0.0.1" if server in ("0.0.0.0", "::", "") else server
    return f"{request.scheme}://{server}:{request.environ.get('SERVER_PORT', '80')}"


def meeting_address(meeting_id: str) -> str:
    """A meeting page's full address, readable (not percent-encoded), as rows and citations give it."""
    return unquote(base_url() + url_for("minutes.meeting_page", meeting_id=meeting_id))
