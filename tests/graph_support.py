"""Shared by the graph, store and export tests: the seed store built by the real pipeline,
the gold answers, and conversions to rdflib for the independent-parser checks."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import rdflib
from pyoxigraph import NamedNode, RdfFormat, Store

from unkg.kg.build import build
from unkg.kg.store import build_graph, document_graphs
from unkg.kg.triples import Iris

GOLD = json.loads((Path(__file__).parent / "data" / "gold" / "seeds.json").read_text(encoding="utf-8"))
QUERIES = files("unkg.queries")
# The questions of the knowledge-graph issue (queries/ also holds the endpoint's examples).
DONE_WHEN_QUERIES = (
    "recalled-by-74-175.rq",
    "sc-resolutions-cited-by-58-136.rq",
    "bodies-addressed-by-64-177.rq",
    "treaties-of-the-2023-draft.rq",
    "documents-referring-to-60-288.rq",
)
RECALL_FAMILY = {"recalls", "reaffirms", "bears-in-mind", "takes-note", "welcomes"}


def seed_files() -> list[Path]:
    corpus = Path(str(files("unkg.kg.sample_corpus")))
    return sorted(p for p in corpus.glob("*.txt"))


def gold(doc: str) -> dict:
    return next(g for g in GOLD if g["doc"] == doc)


def gold_by_symbol(symbol: str) -> dict:
    return next(g for g in GOLD if g["document"]["symbol"] == symbol)


def build_seeds(path: Path, **kwargs) -> Store:
    """Builds the bundled seeds with the real extractor and opens the result."""
    summary = build(seed_files(), path, progress=False, **kwargs)
    assert summary.ok, summary.failed
    return Store(str(path))


def query(store: Store, name: str) -> list[dict[str, str]]:
    """Runs a saved query of ``queries/`` and returns its rows as {variable: value} strings."""
    solutions = store.query((QUERIES / name).read_text(encoding="utf-8"))
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


def documents_by_source(store: Store) -> dict[str, str]:
    """Document IRI → the gold ``doc`` name of the file it was read from."""
    return {
        row["d"].value: row["name"].value
        for row in store.query(
            "SELECT ?d ?name WHERE { GRAPH ?g { ?t <http://data.europa.eu/eli/ontology#realizes> ?d ; "
            "<https://w3id.org/unkg/ontology#sourceName> ?name } }"
        )
    }


def content_quads(store: Store) -> set[str]:
    """Every quad outside the build and publish graphs, as N-Quads lines (the built content)."""
    iris = Iris()
    skip = {build_graph(iris), iris.graph("publish")}
    return {str(q) for g in store.named_graphs() if g not in skip for q in store.quads_for_pattern(None, None, None, g)}


def source_graphs(store: Store) -> list[NamedNode]:
    return document_graphs(store, Iris())


def to_rdflib(store: Store) -> rdflib.Dataset:
    """The store as an rdflib Dataset, through N-Quads (rdflib's parser, not pyoxigraph's)."""
    ds = rdflib.Dataset()
    ds.parse(data=store.dump(format=RdfFormat.N_QUADS).decode(), format="nquads")
    return ds


def union_graph(store: Store) -> rdflib.Graph:
    g = rdflib.Graph()
    for s, p, o, _ in to_rdflib(store).quads():
        g.add((s, p, o))
    return g
