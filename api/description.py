"""The SPARQL 1.1 Service Description (https://www.w3.org/TR/sparql11-service-description/).

Built as RDF from the same format objects content negotiation uses, so it advertises exactly
what the endpoint serves, and it states that the default graph is the union of all graphs.
"""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, Store, Triple

from . import negotiation

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_COMMENT = NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")


def _sd(name: str) -> NamedNode:
    return NamedNode(SD + name)


def service_description(store: Store, endpoint: str, *, updates: bool) -> list[Triple]:
    service = NamedNode(endpoint)
    triples = [
        Triple(service, RDF_TYPE, _sd("Service")),
        Triple(service, _sd("endpoint"), service),
        Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
    ]
    if updates:
        triples.append(Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    formats = negotiation.RESULT_FORMATS + negotiation.GRAPH_FORMATS
    triples += [Triple(service, _sd("resultFormat"), NamedNode(f.iri)) for f in formats]

    dataset, default_graph = BlankNode(), BlankNode()
    triples += [
        Triple(service, _sd("defaultDataset"), dataset),
        Triple(dataset, RDF_TYPE, _sd("Dataset")),
        Triple(dataset, _sd("defaultGraph"), default_graph),
        Triple(default_graph, RDF_TYPE, _sd("Graph")),
        Triple(
            default_graph,
            RDFS_COMMENT,
            Literal(
                "The union of all the named graphs: a query that names no dataset "
                "(no FROM, no default-graph-uri) sees every graph."
            ),
        ),
    ]
    for graph in sorted(store.named_graphs(), key=str):
        named = BlankNode()
        triples += [
            Triple(dataset, _sd("namedGraph"), named),
            Triple(named, RDF_TYPE, _sd("NamedGraph")),
            Triple(named, _sd("name"), graph),
        ]
    return triples
