"""Files a user downloads: CSV a spreadsheet opens safely, and names that survive every browser."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote, unquote

from flask import Response, request, url_for


def disposition(kind: str, filename: str) -> str:
    """RFC 6266/5987: an ASCII fallback and the real (UTF-8, percent-encoded) name."""
    fallback = re.sub(r"[^A-Za-z0-9._-]", "_", filename) or "download"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run: text starting like a formula gets a leading '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Response:
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return Response(
        out.getvalue(), mimetype="text/csv", headers={"Content-Disposition": disposition("attachment", filename)}
    )


def meeting_address(meeting_id: str) -> str:
    """A meeting page's full address, readable (not percent-encoded), as rows and citations give it."""
    return unquote(request.host_url.rstrip("/") + url_for("minutes.meeting_page", meeting_id=meeting_id))
