"""Stage: store → RDF file, streaming (memory stays flat however large the store).

Formats are pyoxigraph's own ``RdfFormat`` objects; their CLI names are derived from the
format names (``N-Quads`` → ``nquads``). Turtle, N-Triples and RDF/XML hold one graph: without
``--graph`` they get the union of all graphs. JSON-LD is written compacted against
``ontology/context.jsonld``, node by node, so it reads as plain JSON without a JSON-LD library.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import cache
from importlib.resources import files
from itertools import groupby
from typing import BinaryIO

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    RdfFormat,
    Store,
    serialize,
)

from .errors import UnkgError
from .triples import RDF, XSD, ontology_prefixes

EXPORT_FORMATS = (
    RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.N_QUADS, RdfFormat.N_TRIPLES, RdfFormat.JSON_LD, RdfFormat.RDF_XML,
)


def format_name(fmt: RdfFormat) -> str:
    """The CLI name of a format: its name lowercased, letters only."""
    return re.sub(r"[^a-z]", "", fmt.name.lower())


def format_by_name(name: str) -> RdfFormat:
    for fmt in EXPORT_FORMATS:
        if format_name(fmt) == name.lower():
            return fmt
    raise UnkgError(f"unknown format {name!r}; choose one of {', '.join(format_name(f) for f in EXPORT_FORMATS)}")


def export(store: Store, fmt: RdfFormat, output: BinaryIO, *, graph: NamedNode | None = None) -> None:
    """Writes the store (or one named graph of it) to ``output`` in ``fmt``."""
    if graph is not None and not store.contains_named_graph(graph):
        raise UnkgError(f"the store has no graph {graph.value}; `unkg stats` lists the documents")
    prefixes = ontology_prefixes()
    if fmt == RdfFormat.JSON_LD:
        quads = store.quads_for_pattern(None, None, None, graph) if graph else _by_graph(store)
        write_jsonld(quads, output, named=graph is None)
    elif graph is None and fmt.supports_datasets:
        store.dump(output, fmt, prefixes=prefixes)
    elif graph is None:
        serialize((q.triple for q in store), output, fmt, prefixes=prefixes)
    elif fmt.supports_datasets:
        serialize(store.quads_for_pattern(None, None, None, graph), output, fmt, prefixes=prefixes)
    else:
        store.dump(output, fmt, from_graph=graph, prefixes=prefixes)


def _by_graph(store: Store) -> Iterator[Quad]:
    """All quads, the default graph first, then named graphs in IRI order (each grouped by subject)."""
    yield from store.quads_for_pattern(None, None, None, DefaultGraph())
    for g in sorted(store.named_graphs(), key=str):
        yield from store.quads_for_pattern(None, None, None, g)


@cache
def context() -> dict:
    return json.loads((files("unkg.ontology") / "context.jsonld").read_text(encoding="utf-8"))


@cache
def _terms() -> tuple[dict[str, tuple[str, str, str | None]], dict[str, str]]:
    """From the context: property IRI → (term, kind, datatype) and class IRI → term.

    kind is ``id`` (IRI values), ``lang`` (a language map), ``typed`` (literals of one
    datatype) or ``plain`` (xsd:string literals).
    """
    ctx = context()["@context"]
    prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and v.endswith(("/", "#"))}

    def expand(curie: str) -> str:
        prefix, _, local = curie.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else curie

    props: dict[str, tuple[str, str, str | None]] = {}
    classes: dict[str, str] = {}
    for term, d in ctx.items():
        if term.startswith("@") or term in prefixes or d in ("@id", "@type", "@graph"):
            continue
        if isinstance(d, str):
            classes.setdefault(expand(d), term)
            props.setdefault(expand(d), (term, "plain", None))
        elif d.get("@container") == "@language":
            props.setdefault(expand(d["@id"]), (term, "lang", None))
        elif d.get("@type") == "@id":
            props.setdefault(expand(d["@id"]), (term, "id", None))
        else:
            props.setdefault(expand(d["@id"]), (term, "typed", expand(d["@type"])))
    return props, classes


_XSD_STRING, _XSD_INTEGER = XSD + "string", XSD + "integer"
_RDF_TYPE = RDF + "type"


def _id(node: NamedNode | BlankNode) -> str:
    return node.value if isinstance(node, NamedNode) else f"_:{node.value}"


def _expanded(o) -> dict:
    """A value in JSON-LD's expanded form: always correct, whatever the context says."""
    if isinstance(o, NamedNode | BlankNode):
        return {"@id": _id(o)}
    if o.language:
        return {"@value": o.value, "@language": o.language}
    if o.datatype.value == _XSD_STRING:
        return {"@value": o.value}
    return {"@value": o.value, "@type": o.datatype.value}


def compact_node(subject: NamedNode | BlankNode, pairs: Iterable[tuple[NamedNode, NamedNode | Literal]]) -> dict:
    """One subject's triples as a compact node object; values the context cannot express
    keep their full IRI key and expanded form, so the JSON-LD always means the same triples."""
    props, classes = _terms()
    node: dict = {"id": _id(subject)}
    types: list[str] = []
    values: dict[str, list] = {}
    lang_maps: dict[str, dict[str, list]] = {}
    for p, o in pairs:
        if p.value == _RDF_TYPE and isinstance(o, NamedNode):
            types.append(classes.get(o.value, o.value))
            continue
        term, kind, datatype = props.get(p.value, (None, None, None))
        if kind == "id" and isinstance(o, NamedNode):
            values.setdefault(term, []).append(o.value)
        elif kind == "lang" and isinstance(o, Literal) and (o.language or o.datatype.value == _XSD_STRING):
            lang_maps.setdefault(term, {}).setdefault(o.language or "@none", []).append(o.value)
        elif kind == "plain" and isinstance(o, Literal) and not o.language and o.datatype.value == _XSD_STRING:
            values.setdefault(term, []).append(o.value)
        elif kind == "typed" and isinstance(o, Literal) and not o.language and o.datatype.value == datatype:
            native = datatype == _XSD_INTEGER and re.fullmatch(r"-?(0|[1-9][0-9]*)", o.value)
            values.setdefault(term, []).append(int(o.value) if native else o.value)
        else:
            values.setdefault(p.value, []).append(_expanded(o))
    if types:
        node["type"] = types[0] if len(types) == 1 else types
    for key, vs in values.items():
        node[key] = vs[0] if len(vs) == 1 else vs
    for key, langs in lang_maps.items():
        node[key] = {lang: vs[0] if len(vs) == 1 else vs for lang, vs in langs.items()}
    return node


def write_jsonld(quads: Iterable[Quad], output: BinaryIO, *, named: bool) -> None:
    """Streams quads (grouped by graph, then subject) as one compacted JSON-LD document.

    ``named`` keeps named graphs as ``{"id": graph, "graph": [...]}`` objects; otherwise all
    triples are written as the default graph (the single-graph export).
    """
    output.write(b'{"@context": ' + json.dumps(context()["@context"], ensure_ascii=False).encode() + b',\n"graph": [')
    first_item = True

    def item(text: str, indent: str) -> None:
        nonlocal first_item
        output.write((("" if first_item else ",") + "\n" + indent + text).encode())
        first_item = False

    for graph, in_graph in groupby(quads, key=lambda q: q.graph_name):
        nested = named and not isinstance(graph, DefaultGraph)
        if nested:
            item(f'{{"id": {json.dumps(_id(graph))}, "graph": [', "")
            first_item = True
        for subject, triples in groupby(in_graph, key=lambda q: q.subject):
            node = compact_node(subject, ((q.predicate, q.object) for q in triples))
            item(json.dumps(node, ensure_ascii=False), "  " if nested else "")
        if nested:
            output.write(b"\n]}")
            first_item = False
    output.write(b"\n]}\n")
