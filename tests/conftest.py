"""Fixtures: the sample and its golden record, a generated corpus of a few hundred meetings with
its index and the parser's records as ground truth, the web app, a real server, a real browser."""

import json
import shutil
from pathlib import Path

import pytest
from helpers import CHROMIUM, SHOTS, serving
from variants import GOLDEN, SAMPLE

from indexer.build import index_paths
from indexer.parse import parse_file
from indexer.query import SearchIndex
from indexer.synth import generate


@pytest.fixture(scope="session")
def golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sample_path():
    return SAMPLE


CORPUS_SIZE = 300


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory):
    """A generated archive of a few hundred meetings plus the real sample."""
    root = tmp_path_factory.mktemp("corpus")
    generate(CORPUS_SIZE, root / "synth", seed=11)
    (root / "real").mkdir()
    shutil.copy(SAMPLE, root / "real" / SAMPLE.name)
    return root


@pytest.fixture(scope="session")
def corpus_files(corpus_dir):
    return sorted(p for p in corpus_dir.rglob("*.txt"))


@pytest.fixture(scope="session")
def records(corpus_files):
    """The parser's records, by meeting id: the ground truth the index must agree with."""
    return {r.id: r for r in (parse_file(p) for p in corpus_files)}


@pytest.fixture(scope="session")
def index_dir(corpus_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("index")
    report = index_paths([corpus_dir / "synth", corpus_dir / "real"], path)
    assert not report.failed, report.failed
    return path


@pytest.fixture(scope="session")
def search_index(index_dir):
    return SearchIndex(index_dir)


@pytest.fixture(scope="session")
def app(index_dir):
    from webapp import create_app

    return create_app({"INDEX_DIR": str(index_dir), "TESTING": True})


@pytest.fixture()
def client(app):
    return app.test_client()


# ---------------------------------------------------------------- a real server and a real browser


@pytest.fixture(scope="session")
def server(index_dir):
    with serving(index_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (skipped, saying why, where it is not installed)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's Chromium is not installed (run `make browser-deps` as root)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    SHOTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--disable-quic",
            ],
        )
        try:
            yield b
        finally:
            b.close()


@pytest.fixture()
def open_page(browser):
    """`open_page(**context options)` opens a page in a new browser context; every context is
    closed when the test ends, whether it passed or not."""
    contexts = []

    def open_(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    try:
        yield open_
    finally:
        for context in contexts:
            context.close()
