"""Stage: store → a remote triple store, through the SPARQL 1.1 Graph Store HTTP Protocol.

Any GSP endpoint works (Fuseki, GraphDB, Virtuoso, ``oxigraph serve``'s ``/store``): each
named graph is sent with ``PUT ?graph=IRI``, which replaces it whole. What was sent where is
recorded in the store (the publish graph, one record per target and graph, with the graph's
content hash), so a second run sends only graphs that changed and deletes graphs that left.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

import httpx
from pyoxigraph import Literal, NamedNode, RdfFormat, Store, serialize

from .errors import UnkgError
from .store import records, stored_iris
from .triples import PROV, UNKG, Iris

RETRIES = 3
_RETRY_STATUS = {429, 502, 503, 504}


@dataclass
class PublishSummary:
    target: str
    sent: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def _publish_graph(iris: Iris) -> NamedNode:
    return iris.graph("publish")


def _record_node(iris: Iris, target: str, graph: NamedNode) -> NamedNode:
    key = hashlib.sha256(f"{target}\n{graph.value}".encode()).hexdigest()[:20]
    return NamedNode(f"{iris.base}publication/{key}")


def published(store: Store, iris: Iris, target: str) -> dict[NamedNode, str]:
    """Graph → content hash last sent to ``target``."""
    rows = store.query(
        f"""SELECT ?g ?hash WHERE {{ GRAPH {_publish_graph(iris)} {{
              ?r prov:atLocation <{target}> ; prov:used ?g ; unkg:contentHash ?hash }} }}""",
        prefixes={"prov": PROV, "unkg": UNKG},
    )
    return {row["g"]: row["hash"].value for row in rows}


def _remember(store: Store, iris: Iris, target: str, graph: NamedNode, content_hash: str | None) -> None:
    """Replaces (or, with no hash, deletes) the record of one graph at one target, atomically."""
    node, meta = _record_node(iris, target, graph), _publish_graph(iris)
    insert = ""
    if content_hash is not None:
        insert = (
            f"; INSERT DATA {{ GRAPH {meta} {{ {node} <{PROV}atLocation> <{target}> ; <{PROV}used> {graph} ; "
            f"<{UNKG}contentHash> {Literal(content_hash)} }} }}"
        )
    store.update(f"DELETE WHERE {{ GRAPH {meta} {{ {node} ?p ?o }} }} {insert}")


def _request(client: httpx.Client, method: str, url: str, graph: NamedNode, body: bytes | None = None) -> None:
    """One GSP request with retries on transient failures; raises UnkgError when unreachable."""
    headers = {"Content-Type": RdfFormat.N_TRIPLES.media_type} if body is not None else {}
    for attempt in range(RETRIES):
        try:
            response = client.request(method, url, params={"graph": graph.value}, content=body, headers=headers)
        except httpx.TransportError as e:
            if attempt == RETRIES - 1:
                raise UnkgError(f"cannot reach {url}: {e}") from None
        else:
            if response.status_code not in _RETRY_STATUS or attempt == RETRIES - 1:
                if method == "DELETE" and response.status_code == 404:
                    return
                response.raise_for_status()
                return
        time.sleep(0.5 * 2**attempt)


def publish(store: Store, target: str, *, token: str | None = None, timeout: float = 60.0) -> PublishSummary:
    """Sends every named graph whose content the target does not have yet; removes vanished ones."""
    iris = stored_iris(store)
    if iris is None:
        raise UnkgError("the store holds no build: run `unkg build` first")
    if not target.startswith(("http://", "https://")):
        raise UnkgError(f"--to must be an http(s) URL of a Graph Store Protocol endpoint, not {target!r}")
    summary = PublishSummary(target)
    current = {g: rec.content_hash for g, rec in records(store, iris).items()}
    sent_before = published(store, iris, target)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with httpx.Client(timeout=timeout, headers=headers) as client:
        for graph in sorted(current, key=str):
            if sent_before.get(graph) == current[graph]:
                summary.unchanged += 1
                continue
            body = serialize((q.triple for q in store.quads_for_pattern(None, None, None, graph)), format=RdfFormat.N_TRIPLES)
            try:
                _request(client, "PUT", target, graph, body)
            except httpx.HTTPStatusError as e:
                summary.failed.append((graph.value, f"HTTP {e.response.status_code} {e.response.reason_phrase}"))
                continue
            _remember(store, iris, target, graph, current[graph])
            summary.sent.append(graph.value)
        for graph in sorted(set(sent_before) - set(current), key=str):
            try:
                _request(client, "DELETE", target, graph)
            except httpx.HTTPStatusError as e:
                summary.failed.append((graph.value, f"HTTP {e.response.status_code} {e.response.reason_phrase}"))
                continue
            _remember(store, iris, target, graph, None)
            summary.deleted.append(graph.value)
    return summary
