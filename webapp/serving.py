"""Serving the app with waitress; the responses waitress makes itself (400, 413, 431 …) carry the
same security headers as the app's own."""
from __future__ import annotations

from waitress import create_server
from waitress.channel import HTTPChannel
from waitress.task import ErrorTask

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class _ErrorTask(ErrorTask):
    def execute(self):
        self.response_headers.extend(SECURITY_HEADERS.items())
        super().execute()


class _Channel(HTTPChannel):
    error_task_class = _ErrorTask


def serve(app, host: str, port: int, threads: int) -> None:
    server = create_server(app, host=host, port=port, threads=threads, ident="minutes")
    server.channel_class = _Channel
    server.run()
