"""Real clients against the served endpoint: SPARQLWrapper, rdflib's SPARQLStore, and the
curl examples of docs/endpoint.md exactly as written (host and port aside)."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
from api_support import DOC, ELI, make_store, served
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper

DOCS = Path(__file__).parents[1] / "docs" / "endpoint.md"
TOKEN = "change-me"  # the token the docs' write examples use
CITES = f"SELECT ?cited WHERE {{ <{DOC}A/RES/80/3> <{ELI}cites> ?cited }} ORDER BY ?cited"


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    store = make_store(tmp_path_factory.mktemp("clients") / "store")
    with served(store, update_token=TOKEN) as url:
        yield url


def test_sparqlwrapper(base):
    client = SPARQLWrapper(f"{base}/sparql")
    client.setQuery(CITES)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [r["cited"]["value"] for r in rows] == [f"{DOC}A/RES/78/1", f"{DOC}A/RES/79/2"]

    client.setReturnFormat(XML)
    client.setMethod(POST)
    assert len(client.query().convert().getElementsByTagName("result")) == 2

    client.setQuery(f"ASK {{ <{DOC}A/RES/79/2> <{ELI}cites> <{DOC}A/RES/78/1> }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True

    client.setQuery(f"CONSTRUCT WHERE {{ <{DOC}A/RES/80/3> <{ELI}cites> ?cited }}")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) == 2


def test_sparqlwrapper_update_with_token(base):
    client = SPARQLWrapper(f"{base}/sparql")
    client.setMethod(POST)
    client.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    client.setQuery("INSERT DATA { GRAPH <http://example.org/wrapper> { <http://example.org/a> <http://example.org/b> 1 } }")
    client.query()
    client.setQuery("ASK { <http://example.org/a> <http://example.org/b> 1 }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


def test_rdflib_sparqlstore(base):
    graph = Graph(store=SPARQLStore(f"{base}/sparql"))
    assert [str(row.cited) for row in graph.query(CITES)] == [f"{DOC}A/RES/78/1", f"{DOC}A/RES/79/2"]
    cited = set(graph.objects(URIRef(f"{DOC}A/RES/80/3"), URIRef(f"{ELI}cites")))
    assert cited == {URIRef(f"{DOC}A/RES/78/1"), URIRef(f"{DOC}A/RES/79/2")}
    assert graph.query(f"ASK {{ <{DOC}A/RES/78/1> ?p ?o }}").askAnswer is True


def doc_curl_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.startswith("curl ")]


def test_docs_curl_examples_work(base):
    commands = doc_curl_commands()
    assert len(commands) >= 8
    for command in commands:
        args = shlex.split(command.replace("http://127.0.0.1:8000", base))
        done = subprocess.run([args[0], "-sS", "--fail-with-body", *args[1:]], capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, f"{command}\n{done.stdout}{done.stderr}"
        if "-X DELETE" not in command and "PUT" not in command and "sparql-update" not in command:
            assert done.stdout.strip(), command
