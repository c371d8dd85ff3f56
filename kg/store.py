"""Stage: the on-disk Oxigraph store, one named graph per source file, written atomically.

What was built from which file is kept in the store itself (the build graph, in PROV-O
terms), so the store is the only state: a build reads it to decide what to skip, and every
write of a document's graph and of its build record happens in ONE transaction. A build
killed at any point therefore leaves each document either fully old or fully new.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

from pyoxigraph import Literal, NamedNode, RdfFormat, Store, serialize

from .errors import UnkgError
from .triples import PROV, UNKG, XSD, Iris

VOID_TRIPLES = NamedNode("http://rdfs.org/ns/void#triples")
_P = {name: NamedNode(UNKG + name) for name in ("sha256", "pipeline", "contentHash")}
_DERIVED, _GENERATED_AT = NamedNode(PROV + "wasDerivedFrom"), NamedNode(PROV + "generatedAtTime")


def open_store(path: Path, *, read_only: bool = False) -> Store:
    """Opens (or creates) the store; a locked or foreign directory is a one-line error."""
    path = Path(path)
    if read_only and not path.is_dir():
        raise UnkgError(f"no store at {path}: build one with `unkg build --store {path}`")
    try:
        return Store.read_only(str(path)) if read_only else Store(str(path))
    except OSError as e:
        reason = "it is in use by another process" if "lock" in str(e).lower() else str(e).splitlines()[0]
        raise UnkgError(f"cannot open the store {path}: {reason}") from None


@dataclass(frozen=True)
class Record:
    """What the store holds for one named graph: where it came from and which content."""

    graph: NamedNode
    source: Path | None  # None for graphs not built from a file (the ontology)
    sha256: str  # of the source bytes (or of the ontology files)
    pipeline: str  # fingerprint of the code and data that turned the source into triples
    content_hash: str  # of the graph's sorted N-Triples: what publish compares
    triples: int


def graph_for(path: Path, iris: Iris) -> NamedNode:
    """A stable graph name per source file: its name (readable) plus a hash of its full path."""
    resolved = str(Path(path).resolve())
    digest = hashlib.sha256(resolved.encode()).hexdigest()[:12]
    return iris.graph(f"source/{quote(Path(path).name, safe='')}-{digest}")


def build_graph(iris: Iris) -> NamedNode:
    return iris.graph("build")


def stored_iris(store: Store) -> Iris | None:
    """The IRI base a store was built with, read from its build graph's name."""
    for g in store.named_graphs():
        if isinstance(g, NamedNode) and g.value.endswith("/graph/build"):
            return Iris(g.value.removesuffix("graph/build"))
    return None


def check_base(store: Store, iris: Iris) -> None:
    """Refuses to mix bases in one store: its IRIs would no longer link up."""
    stored = stored_iris(store)
    if stored is not None and stored != iris:
        raise UnkgError(f"this store was built with base {stored.base}, not {iris.base}; use that base or a new store")


def records(store: Store, iris: Iris) -> dict[NamedNode, Record]:
    """Every built graph's record, from the build graph."""
    rows = store.query(
        f"""SELECT ?g ?src ?sha ?pipe ?hash ?n WHERE {{ GRAPH {build_graph(iris)} {{
              ?g unkg:sha256 ?sha ; unkg:pipeline ?pipe ; unkg:contentHash ?hash ; void:triples ?n .
              OPTIONAL {{ ?g prov:wasDerivedFrom ?src }} }} }}""",
        prefixes={"unkg": UNKG, "prov": PROV, "void": "http://rdfs.org/ns/void#"},
    )
    out = {}
    for row in rows:
        src = row["src"]
        out[row["g"]] = Record(
            row["g"],
            Path(unquote(urlparse(src.value).path)) if src is not None else None,
            row["sha"].value,
            row["pipe"].value,
            row["hash"].value,
            int(row["n"].value),
        )
    return out


def canonical_ntriples(triples: Iterable) -> tuple[str, str, int]:
    """Sorted, de-duplicated N-Triples of a graph, its SHA-256 and its triple count.

    Sorting makes the hash a property of the graph's content, not of emission order.
    """
    lines = sorted(set(serialize(list(triples), format=RdfFormat.N_TRIPLES).decode().splitlines()))
    body = "\n".join(lines) + "\n" if lines else ""
    return body, hashlib.sha256(body.encode()).hexdigest(), len(lines)


def _record_ntriples(record: Record) -> str:
    g = record.graph
    quads = [
        (_P["sha256"], Literal(record.sha256)),
        (_P["pipeline"], Literal(record.pipeline)),
        (_P["contentHash"], Literal(record.content_hash)),
        (VOID_TRIPLES, Literal(str(record.triples), datatype=NamedNode(XSD + "integer"))),
        (_GENERATED_AT, Literal(datetime.now(UTC).isoformat(), datatype=NamedNode(XSD + "dateTime"))),
    ]
    if record.source is not None:
        quads.append((_DERIVED, NamedNode(record.source.resolve().as_uri())))
    return "".join(f"{g} {p} {o} .\n" for p, o in quads)


def write_graph(store: Store, iris: Iris, record: Record, ntriples: str, *, replace: bool) -> None:
    """Writes one graph and its build record in a single transaction.

    A new graph goes through the TriG loader (the fast path); a graph that exists is dropped
    and re-inserted by one SPARQL update, so readers never see it half replaced.
    """
    g, meta = record.graph, build_graph(iris)
    rec = _record_ntriples(record)
    if replace:
        store.update(
            f"DROP SILENT GRAPH {g} ;\n"
            f"DELETE WHERE {{ GRAPH {meta} {{ {g} ?p ?o }} }} ;\n"
            f"INSERT DATA {{ GRAPH {g} {{\n{ntriples}}}\nGRAPH {meta} {{\n{rec}}} }}"
        )
    else:
        store.load(f"{g} {{\n{ntriples}}}\n{meta} {{\n{rec}}}\n".encode(), format=RdfFormat.TRIG)


def remove_graph(store: Store, iris: Iris, graph: NamedNode) -> None:
    """Drops a graph and its build record together."""
    store.update(
        f"DROP SILENT GRAPH {graph} ;\nDELETE WHERE {{ GRAPH {build_graph(iris)} {{ {graph} ?p ?o }} }}"
    )


def document_graphs(store: Store, iris: Iris) -> list[NamedNode]:
    """The named graphs built from source files (not the ontology, build or publish graphs)."""
    prefix = iris.graph("source/").value
    return sorted((g for g in store.named_graphs() if isinstance(g, NamedNode) and g.value.startswith(prefix)), key=str)
