"""The endpoint under a public URL: time limits that really stop queries, no outbound network,
authenticated writes, and caps that say when they bite."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from api_support import KASEI, make_store, served
from pyoxigraph import Store

from unkg.api.keywords import OUTBOUND, bare_words

TOKEN = "s3cret"
QUERY = "application/sparql-query"
# Eight independent patterns over the whole store: ~20^8 solutions to count.
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(8)) + " }"
CHEAP = f"ASK {{ <{KASEI}data1.rdf> ?p ?o }}"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return make_store(tmp_path_factory.mktemp("safety") / "store")


def count(client: httpx.Client) -> int:
    rows = client.get("/sparql", params={"query": COUNT}).json()["results"]["bindings"]
    return int(rows[0]["n"]["value"])


# --- time limit ---------------------------------------------------------------------------


def test_runaway_query_is_stopped_while_cheap_queries_answer(store):
    with served(store, workers=2, timeout=2) as base, httpx.Client(base_url=base, timeout=30) as slow, httpx.Client(base_url=base, timeout=30) as fast:
        with ThreadPoolExecutor(1) as pool:
            started = time.monotonic()
            runaway = pool.submit(slow.post, "/sparql", headers={"content-type": QUERY}, content=EXPLOSIVE)
            time.sleep(0.3)
            t = time.monotonic()
            assert fast.get("/sparql", params={"query": CHEAP}).json()["boolean"] is True
            assert time.monotonic() - t < 1.0
            response = runaway.result()
            elapsed = time.monotonic() - started
        assert response.status_code == 400
        assert "time limit of 2 s" in response.text
        assert 2 <= elapsed < 4, elapsed
        # The killed worker was replaced: every worker answers again.
        for _ in range(6):
            assert fast.get("/sparql", params={"query": CHEAP}).status_code == 200


def test_busy_server_says_retry_later(store):
    with served(store, workers=1, timeout=2, max_pending=0) as base, httpx.Client(base_url=base, timeout=30) as c, httpx.Client(base_url=base, timeout=30) as other, ThreadPoolExecutor(1) as pool:
        runaway = pool.submit(c.post, "/sparql", headers={"content-type": QUERY}, content=EXPLOSIVE)
        time.sleep(0.3)
        busy = other.get("/sparql", params={"query": CHEAP})
        assert busy.status_code == 503 and "Retry-After" in busy.headers
        assert runaway.result().status_code == 400


# --- no outbound network ------------------------------------------------------------------


@contextmanager
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request it receives."""
    seen: list[str] = []

    class Record(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(b'{"head":{"vars":[]},"results":{"bindings":[{}]}}')

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Record)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", seen
    finally:
        server.shutdown()
        server.server_close()


def test_listener_sees_pyoxigraph_service_calls():
    """The control: without the endpoint's check, pyoxigraph really calls out."""
    with listener() as (url, seen):
        with suppress(RuntimeError):  # the listener's answer is not a real result; the call is what counts
            list(Store().query(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"))
        assert seen


def test_service_and_load_never_reach_the_network(store):
    with listener() as (url, seen), served(store, update_token=TOKEN) as base, httpx.Client(base_url=base, timeout=30) as c:
        refused_queries = [
            f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
            f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ VALUES ?u {{ <{url}> }} SERVICE ?u {{ ?s ?p ?o }} }}",
            f"ASK {{ FILTER(?x<'>') SERVICE <{url}> {{ ?s ?p ?o }} FILTER(?x='') }}",
        ]
        for query in refused_queries:
            response = c.post("/sparql", headers={"content-type": QUERY}, content=query)
            assert response.status_code == 400 and "SERVICE refused" in response.text, query
        for update in (f"LOAD <{url}>", f"LOAD SILENT <{url}> INTO GRAPH <http://example.org/g>"):
            response = c.post("/sparql", headers={"content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"}, content=update)
            assert response.status_code == 400 and "LOAD refused" in response.text
        # Graph IRIs in requests name graphs of the store; none is fetched.
        assert c.get("/sparql", params={"query": f"ASK FROM <{url}> {{ ?s ?p ?o }}"}).json()["boolean"] is False
        assert c.get("/sparql", params={"query": "ASK { ?s ?p ?o }", "default-graph-uri": url}).json()["boolean"] is False
        assert c.get("/sparql", params={"query": f"ASK {{ GRAPH <{url}> {{ ?s ?p ?o }} }}", "named-graph-uri": url}).status_code == 200
        assert c.get("/store", params={"graph": url}).status_code == 404
        # Words that merely look like the keywords are fine.
        harmless = f'PREFIX service: <{url}#> SELECT ?load WHERE {{ ?load service:x "SERVICE <{url}>" }} # SERVICE'
        assert c.post("/sparql", headers={"content-type": QUERY}, content=harmless).status_code == 200
    assert seen == []


# --- writes need the token ----------------------------------------------------------------


def test_writes_need_the_token_and_change_nothing_otherwise(store):
    update = "INSERT DATA { GRAPH <http://example.org/new> { <http://example.org/a> <http://example.org/b> 1 } }"
    with served(store, update_token=TOKEN) as base, httpx.Client(base_url=base, timeout=30) as c:
        before = count(c)
        missing = c.post("/sparql", headers={"content-type": "application/sparql-update"}, content=update)
        assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
        wrong = {"authorization": "Bearer nope"}
        assert c.post("/sparql", headers=wrong | {"content-type": "application/sparql-update"}, content=update).status_code == 403
        assert c.post("/sparql", headers=wrong, data={"update": update}).status_code == 403
        assert c.put("/store", params={"graph": f"{KASEI}data1.rdf"}, headers={"content-type": "text/turtle"}, content=b"").status_code == 401
        assert c.delete("/store", params={"graph": f"{KASEI}data1.rdf"}, headers=wrong).status_code == 403
        assert count(c) == before
    with served(store) as base, httpx.Client(base_url=base, timeout=30) as c:  # read-only server
        response = c.post("/sparql", headers={"content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"}, content=update)
        assert response.status_code == 403 and "--update-token" in response.text
        assert count(c) == before


def test_writes_are_seen_by_every_worker(tmp_path):
    store = make_store(tmp_path / "store")
    auth = {"authorization": f"Bearer {TOKEN}"}
    graph = "http://example.org/written"
    ask = f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    with served(store, update_token=TOKEN, workers=3) as base, httpx.Client(base_url=base, timeout=30) as c:

        def everyone_sees() -> set[bool]:
            with ThreadPoolExecutor(6) as pool:
                return set(pool.map(lambda _: c.get("/sparql", params={"query": ask}).json()["boolean"], range(12)))

        assert everyone_sees() == {False}
        created = c.put("/store", params={"graph": graph}, headers=auth | {"content-type": "text/turtle"}, content=b"<http://example.org/a> <http://example.org/b> 1 .")
        assert created.status_code == 201
        assert everyone_sees() == {True}
        added = c.post("/store", params={"graph": graph}, headers=auth | {"content-type": "application/n-triples"}, content=b'<http://example.org/a> <http://example.org/b> "2" .\n')
        assert added.status_code == 204
        assert len(c.get("/store", params={"graph": graph, "format": "nt"}).text.strip().splitlines()) == 2
        replaced = c.put("/store", params={"graph": graph}, headers=auth | {"content-type": "text/turtle"}, content=b"<http://example.org/c> <http://example.org/d> 3 .")
        assert replaced.status_code == 204
        assert c.get("/store", params={"graph": graph, "format": "nt"}).text.count("\n") == 1
        assert c.delete("/store", params={"graph": graph}, headers=auth).status_code == 204
        assert everyone_sees() == {False}
        assert c.delete("/store", params={"graph": graph}, headers=auth).status_code == 404
        bad = c.put("/store", params={"graph": graph}, headers=auth | {"content-type": "text/turtle"}, content=b"not turtle")
        assert bad.status_code == 400
        assert c.put("/store", params={"graph": graph}, headers=auth | {"content-type": "application/pdf"}, content=b"x").status_code == 415


# --- caps ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_row_cap_is_flagged_in_every_format(store, fmt):
    with served(store, max_rows=5) as base, httpx.Client(base_url=base, timeout=30) as c:
        response = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", "format": fmt})
        assert response.headers["unkg-truncated"] == "max-rows=5"
        if fmt == "json":
            assert len(response.json()["results"]["bindings"]) == 5
        elif fmt == "xml":
            assert response.text.count("<result>") == 5
        else:
            assert len(response.text.strip().splitlines()) == 6  # header + 5 rows
        small = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5", "format": fmt})
        assert "unkg-truncated" not in small.headers
        graph = c.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "nt"})
        assert graph.headers["unkg-truncated"] == "max-rows=5" and len(graph.text.strip().splitlines()) == 5


def test_response_and_request_caps(store):
    with served(store, max_response_bytes=700, max_request_bytes=2000) as base, httpx.Client(base_url=base, timeout=30) as c:
        response = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert response.headers["unkg-truncated"] == "max-response-bytes=700"
        assert len(response.content) <= 700
        assert 0 < len(json.loads(response.text)["results"]["bindings"]) < 15
        big = "ASK {} #" + "x" * 3000
        assert c.post("/sparql", headers={"content-type": QUERY}, content=big).status_code == 413
        assert c.get("/sparql", params={"query": big}).status_code == 413


@pytest.mark.parametrize(
    ("text", "outbound"),
    [
        ("SELECT * { SERVICE <http://x> { ?s ?p ?o } }", {"SERVICE"}),
        ("SELECT*{SERVICE<http://x>{}}", {"SERVICE"}),
        ("SELECT * { \\u0053ERVICE <http://x> {} }", {"SERVICE"}),
        ("SELECT * { ?s <http://x/'> ?o . SERVICE <http://x> {} ?s <http://y/'> ?o }", {"SERVICE"}),
        ("LOAD <http://x> INTO GRAPH <http://g>", {"LOAD"}),
        ('SELECT * { ?s <http://x/service> "SERVICE" } # SERVICE', set()),
        ("PREFIX service: <http://x/> SELECT ?load { ?load service:load ?x }", set()),
        ('SELECT * { ?s ?p """a " SERVICE """ ; ?q "x"@service }', set()),
    ],
)
def test_lexer_finds_keywords_only_where_the_grammar_has_them(text, outbound):
    assert OUTBOUND & bare_words(text) == outbound
