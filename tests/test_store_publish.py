"""Publishing to a real Graph Store Protocol endpoint: ``oxigraph serve`` from PyPI on
127.0.0.1 and a free port. The second publish sends nothing; a changed graph alone is sent
again; the remote answers the saved questions as the local store does."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator

import httpx
import pytest
from api_support import free_port, stop
from graph_support import DONE_WHEN_QUERIES, QUERIES, build_seeds, seed_files
from pyoxigraph import QueryResultsFormat, Store, parse_query_results

from unkg.kg.build import build
from unkg.kg.errors import UnkgError
from unkg.kg.publish import publish

pytestmark = pytest.mark.skipif(shutil.which("oxigraph") is None, reason="the `oxigraph` server (pip install oxigraph) is not installed")


@pytest.fixture
def server(tmp_path) -> Iterator[str]:
    """An in-memory ``oxigraph serve`` bound to 127.0.0.1, stopped when the test ends."""
    port = free_port()
    proc = subprocess.Popen(["oxigraph", "serve", "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{base}/query", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        stop(proc)


def _ask_remote(base: str, name: str) -> list[dict[str, str]]:
    response = httpx.post(
        f"{base}/query",
        content=(QUERIES / name).read_text(encoding="utf-8"),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    response.raise_for_status()
    solutions = parse_query_results(response.content, QueryResultsFormat.JSON)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


def _ask_local(store, name: str) -> list[dict[str, str]]:
    solutions = store.query((QUERIES / name).read_text(encoding="utf-8"))
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


def test_publish_twice_sends_only_what_changed_and_the_remote_answers_alike(server, tmp_path):
    store = build_seeds(tmp_path / "s", jobs=1)
    graphs = len(list(store.named_graphs())) - 1  # all but the build graph
    first = publish(store, f"{server}/store")
    assert first.ok and len(first.sent) == graphs and first.unchanged == 0
    second = publish(store, f"{server}/store")
    assert second.ok and second.sent == [] and second.unchanged == graphs
    for name in DONE_WHEN_QUERIES:
        assert _normalised(_ask_remote(server, name)) == _normalised(_ask_local(store, name)), name


def _normalised(rows: list[dict[str, str]]) -> list:
    """Rows as sorted tuples; GROUP_CONCAT lists are sets (their order is not defined)."""
    return sorted(tuple(sorted((k, ", ".join(sorted(v.split(", ")))) for k, v in r.items())) for r in rows)


def test_a_changed_document_alone_is_sent_again_and_a_vanished_one_deleted(server, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in seed_files():
        shutil.copy(path, corpus / path.name)
    build([corpus], tmp_path / "s", jobs=1, progress=False)
    publish(Store(str(tmp_path / "s")), f"{server}/store")
    changed, gone = corpus / seed_files()[1].name, corpus / seed_files()[4].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    gone.unlink()
    build([corpus], tmp_path / "s", jobs=1, progress=False)
    summary = publish(Store(str(tmp_path / "s")), f"{server}/store")
    assert len(summary.sent) == 1 and changed.name in summary.sent[0]
    assert len(summary.deleted) == 1 and gone.name in summary.deleted[0]
    remote = httpx.get(f"{server}/store", params={"graph": summary.deleted[0]})
    assert remote.status_code == 404


def test_an_unreachable_endpoint_is_one_line(tmp_path):
    store = build_seeds(tmp_path / "s", jobs=1)
    with pytest.raises(UnkgError, match="cannot reach"):
        publish(store, f"http://127.0.0.1:{free_port()}/store")
