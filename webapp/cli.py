"""`minutes serve`: the web app's command, added to the `minutes` CLI through the
`minutes.commands` entry point (the indexer never imports the web app)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable

from indexer.errors import MinutesError
from indexer.vocabulary import INDEX_DIR_ENV


def add_command(sub, add_index_option: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("serve", help="serve the web app (waitress)")
    add_index_option(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--threads", type=int, default=8, help="request threads per process (default: 8)")
    p.add_argument(
        "--workers", type=int, default=1, help="processes sharing the port, to use more than one core (default: 1)"
    )
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the web app with waitress (a production WSGI server), printing the address."""
    if args.index:
        os.environ[INDEX_DIR_ENV] = str(args.index)
    if args.workers < 1 or args.threads < 1:
        raise MinutesError("serve", "--workers and --threads must be at least 1")
    from . import create_app
    from .searcher import get_index
    from .serving import serve

    def make_app():
        app = create_app()
        with app.app_context():
            get_index()  # open the index and load the dictionary once, before the first request
        return app

    index_dir = create_app().config["INDEX_DIR"]

    def ready() -> None:
        workers = f", {args.workers} worker processes" if args.workers > 1 else ""
        print(f"serving {index_dir} at http://{args.host}:{args.port}/{workers}  (Ctrl-C to stop)", flush=True)

    return serve(make_app, host=args.host, port=args.port, threads=args.threads, workers=args.workers, on_ready=ready)
