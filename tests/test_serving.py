"""A real server answering while a real indexer commits: every request reads one version."""
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from urllib.parse import quote

from indexer.index import index_paths
from indexer.synth import generate
from servers import serving
from variants import SAMPLE

SAMPLE_ID = "苏州市-2020-09-14-111"


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_no_5xx_while_an_indexer_commits_small_batches(tmp_path):
    docs = tmp_path / "docs"
    files = generate(90, docs, seed=4)
    shutil.copy(SAMPLE, docs / SAMPLE.name)
    ix = tmp_path / "ix"
    assert not index_paths([docs / SAMPLE.name, *files[:10]], ix).failed
    paths = ["/meetings/" + quote(SAMPLE_ID), "/api/meetings/" + quote(SAMPLE_ID), "/api/search?q=" + quote("审计"),
             "/?q=" + quote("审计整改") + "&year=2020", "/people/" + quote("王翔"), "/browse", "/api/people",
             "/trends?q=" + quote("审计"), "/departments/" + quote("市审计局"), "/export/search.csv?q=" + quote("工作")]
    statuses: list[tuple[str, int]] = []
    done = threading.Event()

    with serving(ix, "--threads", "8") as url:
        def hammer(offset: int) -> None:
            n = offset
            while not done.is_set():
                path = paths[n % len(paths)]
                statuses.append((path, _get(url + path)))
                n += 1

        threads = [threading.Thread(target=hammer, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        try:
            cmd = [sys.executable, "-m", "indexer", "index", str(docs), "--index", str(ix), "--workers", "1"]
            first = subprocess.run(cmd + ["--batch-size", "4"], capture_output=True, text=True)
            for f in files[10:40]:  # changed files: deletions and re-additions in the same commits
                f.write_text(f.read_text(encoding="utf-8").replace("会议议定以下意见", "会议议定以下意见：") , encoding="utf-8")
            for f in files[40:50]:
                f.unlink()
            second = subprocess.run(cmd + ["--batch-size", "3", "--prune"], capture_output=True, text=True)
        finally:
            done.set()
            for t in threads:
                t.join()
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert "30 updated" in second.stdout and "10 pruned" in second.stdout
    errors = [(p, s) for p, s in statuses if s >= 500]
    assert errors == []
    assert len(statuses) > 100 and {s for _, s in statuses} <= {200}
