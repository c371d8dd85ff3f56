"""Shared by the endpoint tests: a small store and the app served by uvicorn on 127.0.0.1.

The store is built directly with pyoxigraph — resolution-like triples in a few named graphs,
plus the graphs the W3C protocol tests name — because the endpoint must not depend on the
graph's vocabulary.
"""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from pyoxigraph import Literal, NamedNode, Quad, Store

from unkg.api.app import create_app
from unkg.api.settings import Settings

ELI = "http://data.europa.eu/eli/ontology#"
DOC = "https://undocs.org/"
GRAPH = "https://w3id.org/unkg/graph/source/"
KASEI = "http://kasei.us/2009/09/sparql/data/"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
FOAF_DOCUMENT = NamedNode("http://xmlns.com/foaf/0.1/Document")

# (symbol, year, cited symbols): three resolutions citing each other, one graph each.
RESOLUTIONS = [
    ("A/RES/78/1", 2023, []),
    ("A/RES/79/2", 2024, ["A/RES/78/1"]),
    ("A/RES/80/3", 2025, ["A/RES/78/1", "A/RES/79/2"]),
]


def make_store(path: Path) -> Path:
    store = Store(str(path))
    quads = []
    for symbol, year, cited in RESOLUTIONS:
        graph = NamedNode(GRAPH + symbol.replace("/", "_"))
        doc = NamedNode(DOC + symbol)
        quads += [
            Quad(doc, RDF_TYPE, NamedNode(ELI + "LegalResource"), graph),
            Quad(doc, NamedNode(ELI + "id_local"), Literal(symbol), graph),
            Quad(doc, NamedNode(ELI + "date_document"), Literal(f"{year}-10-01", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date")), graph),
            *(Quad(doc, NamedNode(ELI + "cites"), NamedNode(DOC + c), graph) for c in cited),
        ]
    # The W3C protocol tests' data: graph dataN.rdf holds "<dataN.rdf> a foaf:Document".
    for n in (1, 2, 3):
        iri = NamedNode(f"{KASEI}data{n}.rdf")
        quads.append(Quad(iri, RDF_TYPE, FOAF_DOCUMENT, iri))
    store.extend(quads)
    store.flush()
    del store  # release the lock: the app opens the store in its own processes
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen, grace: float = 10) -> None:
    """Stop a server process a test started: politely, then for good."""
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def served(store: Path, **settings) -> Iterator[str]:
    """Serve ``create_app`` with uvicorn on 127.0.0.1 in a thread; yields the base URL."""
    port = free_port()
    app = create_app(Settings(store=store, port=port, **settings))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
