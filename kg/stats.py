"""What a store holds, for ``unkg stats``: documents, triples, references by type, most cited.

Counts go through the ontology (``rdfs:subPropertyOf*``), so they are also a check that the
ontology graph is loaded and links every edge property to ``unkg:cites`` or ``dcterms:references``.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Store

from .store import document_graphs
from .triples import Iris

_PREFIXES = {
    "unkg": "https://w3id.org/unkg/ontology#",
    "cito": "http://purl.org/spar/cito/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "dcterms": "http://purl.org/dc/terms/",
}


@dataclass(frozen=True)
class Stats:
    documents: int  # source files built
    graphs: int  # named graphs, ontology and build records included
    triples: int  # quads in the store
    references: list[tuple[str, int]]  # (edge property, citations) by property
    top_cited: list[tuple[str, int]]  # (symbol, citing documents)


def store_stats(store: Store, iris: Iris, *, top: int = 10) -> Stats:
    references = [
        (row["p"].value.rpartition("#")[2], int(row["n"].value))
        for row in store.query(
            """SELECT ?p (COUNT(?c) AS ?n) WHERE {
                 GRAPH ?g { ?c a unkg:Citation ; cito:hasCitationCharacterization ?p }
               } GROUP BY ?p ORDER BY DESC(?n) ?p""",
            prefixes=_PREFIXES,
        )
    ]
    top_cited = [
        (row["symbol"].value, int(row["n"].value))
        for row in store.query(
            f"""SELECT ?symbol (COUNT(DISTINCT ?doc) AS ?n) WHERE {{
                  GRAPH ?o {{ ?p rdfs:subPropertyOf* unkg:cites }}
                  GRAPH ?g {{ ?doc ?p ?r . ?r unkg:symbol ?symbol }}
                }} GROUP BY ?symbol ORDER BY DESC(?n) ?symbol LIMIT {int(top)}""",
            prefixes=_PREFIXES,
        )
    ]
    return Stats(
        documents=len(document_graphs(store, iris)),
        graphs=sum(1 for _ in store.named_graphs()),
        triples=len(store),
        references=references,
        top_cited=top_cited,
    )
