"""What a worker process does with the store: evaluate, then serialize under the caps.

Each job is a small picklable value sent to a worker (see ``workers.py``); its ``run``
evaluates *and* serializes in that process, because pyoxigraph's result iterators cannot
leave the thread that made them, and returns a :class:`Reply` holding bytes. Content
negotiation happens here too, once the kind of result (solutions, boolean, triples) is known.

Caps: at most ``max_rows`` rows (or triples, or quads) and ``max_bytes`` of body. A result
that hits a cap is cut at a row boundary — the body stays a valid document — and the reply
names the cap that bit, which the app turns into a response header.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from itertools import islice

from pyoxigraph import (
    DefaultGraph,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    Variable,
    parse,
    parse_query_results,
    serialize,
)

from . import negotiation
from .description import service_description
from .errors import BadRequest, NotFound

TSV = QueryResultsFormat.TSV


@dataclass(frozen=True)
class Limits:
    max_rows: int
    max_bytes: int


@dataclass(frozen=True)
class Reply:
    body: bytes
    media_type: str
    truncated: str | None = None  # the cap that cut the result, e.g. "max-rows=1000"
    status: int = 200


@dataclass(frozen=True)
class Negotiation:
    """What the client asked for, resolved in the worker once the result kind is known."""

    accept: str | None
    format: str | None

    def pick(self, candidates: Sequence[negotiation.Format], what: str) -> negotiation.Format:
        return negotiation.require(self.accept, self.format, candidates, what)


def _syntax_error(error: SyntaxError, what: str) -> BadRequest:
    # pyoxigraph lists every token it expected, character classes included: keep the start.
    message = str(error).splitlines()[0]
    if len(message) > 300:
        message = message[:300] + " …"
    return BadRequest(f"{what} syntax error: {message}")


class _Full(Exception):
    """Raised by :class:`_RowCollector` to stop serialization once a cap is reached."""


class _RowCollector:
    """A write-only file that keeps the TSV header and at most ``max_rows + 1`` rows.

    TSV has exactly one line per solution, so serializing to it and counting lines cuts a
    result at a row boundary; pyoxigraph then converts the kept rows to the format asked for.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.lines: list[bytes] = []
        self.pending = b""
        self.size = 0
        self.full = False

    def write(self, chunk: bytes) -> int:
        if self.full:  # pyoxigraph may retry a failed write: keep nothing twice
            raise _Full
        self.size += len(chunk)
        *complete, self.pending = (self.pending + chunk).split(b"\n")
        self.lines.extend(line + b"\n" for line in complete)
        if len(self.lines) > self.limits.max_rows + 1 or self.size > self.limits.max_bytes:
            self.full = True
            raise _Full
        return len(chunk)

    def flush(self) -> None:
        pass


def _fit(
    count: int, render: Callable[[int], bytes], limits: Limits, truncated: str | None
) -> tuple[bytes, str | None]:
    """Render the first ``count`` rows, dropping rows until the body fits ``max_bytes``."""
    body = render(count)
    while len(body) > limits.max_bytes and count > 0:
        count = min(count - 1, int(count * limits.max_bytes / len(body) * 0.95))
        body = render(count)
        truncated = f"max-response-bytes={limits.max_bytes}"
    return body, truncated


def _solutions(results: QuerySolutions, fmt: QueryResultsFormat, limits: Limits) -> Reply:
    rows = _RowCollector(limits)
    with suppress(_Full):
        results.serialize(rows, format=TSV)
    header, lines = rows.lines[0], rows.lines[1:]
    truncated = None
    if len(lines) > limits.max_rows:
        lines, truncated = lines[: limits.max_rows], f"max-rows={limits.max_rows}"
    elif rows.size > limits.max_bytes:
        truncated = f"max-response-bytes={limits.max_bytes}"

    def render(count: int) -> bytes:
        tsv = header + b"".join(lines[:count])
        return tsv if fmt == TSV else parse_query_results(tsv, format=TSV).serialize(format=fmt)

    body, truncated = _fit(len(lines), render, limits, truncated)
    return Reply(body, fmt.media_type, truncated)


def _statements(items: Iterable, fmt: RdfFormat, limits: Limits) -> Reply:
    """Serialize triples or quads, at most ``max_rows`` of them."""
    kept = list(islice(items, limits.max_rows + 1))
    truncated = None
    if len(kept) > limits.max_rows:
        kept, truncated = kept[: limits.max_rows], f"max-rows={limits.max_rows}"
    body, truncated = _fit(
        len(kept), lambda count: serialize(kept[:count], format=fmt), limits, truncated
    )
    return Reply(body, fmt.media_type, truncated)


@dataclass(frozen=True)
class QueryJob:
    """A SPARQL query with its protocol dataset.

    With neither ``default_graphs`` nor ``named_graphs`` and no FROM clause (``union``), the
    default graph is the union of all graphs.
    """

    text: str
    base_iri: str  # the endpoint's URL: relative IRIs in the query resolve against it
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    union: bool
    wants: Negotiation
    # Values bound to variables as RDF terms (pyoxigraph's SEP-0007 substitutions): how the
    # named queries of /queries take parameters without pasting them into the text.
    substitutions: tuple[tuple[str, NamedNode | Literal], ...] = ()

    def run(self, store: Store, limits: Limits) -> Reply:
        options: dict = {"base_iri": self.base_iri}
        if self.substitutions:
            options["substitutions"] = {Variable(n): t for n, t in self.substitutions}
        if self.default_graphs is not None or self.named_graphs is not None:
            options["default_graph"] = [NamedNode(g) for g in self.default_graphs or ()]
            options["named_graphs"] = [NamedNode(g) for g in self.named_graphs or ()]
        elif self.union:
            options["use_default_graph_as_union"] = True
        try:
            result = store.query(self.text, **options)
        except SyntaxError as e:
            raise _syntax_error(e, "SPARQL query") from None
        if isinstance(result, QueryBoolean):
            fmt = self.wants.pick(negotiation.RESULT_FORMATS, "an ASK result")
            return Reply(result.serialize(format=fmt), fmt.media_type)
        if isinstance(result, QuerySolutions):
            fmt = self.wants.pick(negotiation.RESULT_FORMATS, "SELECT results")
            return _solutions(result, fmt, limits)
        fmt = self.wants.pick(negotiation.GRAPH_FORMATS, "a CONSTRUCT or DESCRIBE result")
        return _statements(result, fmt, limits)


@dataclass(frozen=True)
class Target:
    """A Graph Store Protocol target: one named graph, the default graph, or the dataset."""

    graph: str | None = None  # an IRI, or None for the default graph
    dataset: bool = False

    def node(self) -> NamedNode | DefaultGraph:
        return NamedNode(self.graph) if self.graph else DefaultGraph()

    def describe(self) -> str:
        return (
            "the dataset"
            if self.dataset
            else f"graph <{self.graph}>"
            if self.graph
            else "the default graph"
        )


@dataclass(frozen=True)
class GraphReadJob:
    target: Target
    wants: Negotiation

    def run(self, store: Store, limits: Limits) -> Reply:
        if self.target.dataset:
            fmt = self.wants.pick(negotiation.DATASET_FORMATS, "the whole dataset")
            return _statements(store.quads_for_pattern(None, None, None), fmt, limits)
        node = self.target.node()
        if isinstance(node, NamedNode) and not store.contains_named_graph(node):
            raise NotFound(
                f"the store has no graph <{self.target.graph}>; GET /store lists every graph in TriG"
            )
        fmt = self.wants.pick(negotiation.GRAPH_FORMATS, self.target.describe())
        quads = store.quads_for_pattern(None, None, None, node)
        items = quads if fmt.supports_datasets else (q.triple for q in quads)
        return _statements(items, fmt, limits)


@dataclass(frozen=True)
class DescriptionJob:
    """The SPARQL 1.1 Service Description of this endpoint, listing the store's graphs."""

    endpoint: str
    updates: bool
    wants: Negotiation

    def run(self, store: Store, limits: Limits) -> Reply:
        fmt = self.wants.pick(negotiation.GRAPH_FORMATS, "the service description")
        triples = service_description(store, self.endpoint, updates=self.updates)
        return _statements(triples, fmt, limits)


@dataclass(frozen=True)
class UpdateJob:
    text: str
    base_iri: str

    def run(self, store: Store, limits: Limits) -> Reply:
        try:
            store.update(self.text, base_iri=self.base_iri)
        except SyntaxError as e:
            raise _syntax_error(e, "SPARQL update") from None
        return Reply(b"", "text/plain", status=204)


@dataclass(frozen=True)
class GraphWriteJob:
    """A Graph Store write: PUT replaces the target, POST adds to it, DELETE (no body) drops it."""

    target: Target
    method: str
    body: bytes = b""
    media_type: str = ""

    def run(self, store: Store, limits: Limits) -> Reply:
        node = self.target.node()
        existed = (
            self.target.dataset
            or not isinstance(node, NamedNode)
            or store.contains_named_graph(node)
        )
        if self.method == "DELETE":
            if not existed:
                raise NotFound(f"the store has no graph <{self.target.graph}>")
            store.update("DROP ALL" if self.target.dataset else f"DROP {_graph_ref(self.target)}")
            return Reply(b"", "text/plain", status=204)
        fmt = RdfFormat.from_media_type(self.media_type)
        try:
            if self.method == "POST":
                if self.target.dataset:
                    store.load(self.body, fmt)
                else:
                    store.load(self.body, fmt, to_graph=node)
            else:
                self._replace(store, fmt)
        except SyntaxError as e:
            raise BadRequest(f"cannot read the {fmt.name} body: {e}") from None
        return Reply(b"", "text/plain", status=204 if existed else 201)

    def _replace(self, store: Store, fmt: RdfFormat) -> None:
        """Drop and insert in one update, so that readers see the old or the new graph, never neither."""
        if self.target.dataset:
            raise BadRequest(
                "PUT replaces one graph: add ?graph=IRI or ?default (POST /store adds a dataset)"
            )
        quads = parse(self.body, fmt, without_named_graphs=True)
        triples = serialize((q.triple for q in quads), format=RdfFormat.N_TRIPLES).decode()
        ref = _graph_ref(self.target)
        inner = f"GRAPH <{self.target.graph}> {{ {triples} }}" if self.target.graph else triples
        store.update(f"DROP SILENT {ref} ; INSERT DATA {{ {inner} }}")


@dataclass(frozen=True)
class SnapshotJob:
    """The writer's checkpoint of the store (hard links, so cheap) for readers to open."""

    target: str

    def run(self, store: Store, limits: Limits) -> Reply:
        store.backup(self.target)
        return Reply(b"", "text/plain", status=204)


def _graph_ref(target: Target) -> str:
    return f"GRAPH <{target.graph}>" if target.graph else "DEFAULT"
