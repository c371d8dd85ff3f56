"""The model: the ontology is complete in both languages, every edge is a dcterms:references,
IRIs follow undocs.org, the same input gives the same triples, and the seed graph the real
pipeline builds conforms to the SHACL shapes."""

from __future__ import annotations

import copy
from importlib.resources import files

import pyshacl
import pytest
import rdflib
from graph_support import GOLD, build_seeds, content_quads, union_graph
from pyoxigraph import BlankNode, NamedNode, RdfFormat, Store, parse

from unkg.kg.triples import EDGES, RELATIONS, UNKG, Iris, entity_rows, report_quads, undocs_path

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
DCTERMS_REFERENCES = NamedNode("http://purl.org/dc/terms/references")


@pytest.fixture(scope="module")
def ontology() -> Store:
    st = Store()
    st.load((files("unkg.ontology") / "unkg.ttl").read_bytes(), format=RdfFormat.TURTLE)
    return st


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    return build_seeds(tmp_path_factory.mktemp("seeds") / "store", jobs=2)


def _with_evidence(report: dict) -> dict:
    """A gold report with one synthetic evidence per reference (gold has none)."""
    report = copy.deepcopy(report)
    for i, ref in enumerate(report["references"]):
        ref["evidence"] = [{"paragraph": f"operative {i + 1}", "start": 10 * i, "end": 10 * i + 5, "quote": ref["id"]}]
    return report


def test_every_term_is_labelled_and_commented_in_english_and_french(ontology):
    terms = {
        row["t"].value
        for row in ontology.query(
            f"SELECT ?t WHERE {{ ?t a ?k VALUES ?k {{ <{OWL}Class> <{OWL}ObjectProperty> <{OWL}DatatypeProperty> }} }}"
        )
    }
    assert len(terms) > 40 and all(t.startswith(UNKG) for t in terms)
    for term in terms:
        for prop in ("label", "comment"):
            langs = {q.object.language for q in ontology.quads_for_pattern(NamedNode(term), NamedNode(RDFS + prop), None)}
            assert {"en", "fr"} <= langs, f"{term} lacks an en/fr rdfs:{prop}"


@pytest.mark.parametrize(
    "local", sorted({*RELATIONS.values(), *EDGES.values(), "addresses", "mentions", "committeeReport"})
)
def test_every_direct_edge_is_a_sub_property_of_dcterms_references(ontology, local):
    assert ontology.query(
        f"ASK {{ <{UNKG}{local}> <{RDFS}subPropertyOf>+ <{DCTERMS_REFERENCES.value}> }}"
    ), local


@pytest.mark.parametrize(
    ("symbol", "iri"),
    [
        ("A/RES/64/177", "https://undocs.org/A/RES/64/177"),
        ("S/RES/1373 (2001)", "https://undocs.org/S/RES/1373(2001)"),
        ("A/RES/3012 (XXVII)", "https://undocs.org/A/RES/3012(XXVII)"),
        ("A/64/440/Corr.1", "https://undocs.org/A/64/440/Corr.1"),
        ("E/CN.15/2019/5", "https://undocs.org/E/CN.15/2019/5"),
        ("A/73/12 (Part II)", "https://undocs.org/A/73/12(Part%20II)"),
    ],
)
def test_documents_are_named_as_undocs_names_them(symbol, iri):
    assert "https://undocs.org/" + undocs_path(symbol) == iri
    assert Iris().document(symbol).value == iri


@pytest.mark.parametrize("report", GOLD, ids=[g["doc"] for g in GOLD])
def test_same_report_same_triples_and_no_blank_nodes(report):
    graph = NamedNode("https://example.org/g")
    first = report_quads(_with_evidence(report), graph, sha256="ab" * 32)
    second = report_quads(_with_evidence(report), graph, sha256="ab" * 32)
    assert first == second
    assert not any(isinstance(t, BlankNode) for q in first for t in (q.subject, q.object))


def test_a_draft_without_symbol_is_named_from_its_content():
    (draft,) = [g for g in GOLD if g["doc"].startswith("004")]
    graph = NamedNode("https://example.org/g")

    def name(sha):
        quads = report_quads(_with_evidence(draft), graph, sha256=sha)
        return {q.subject.value for q in quads if q.object == NamedNode(UNKG + "GADraftResolution")}

    assert name("aa" * 32) == name("aa" * 32) == {"https://w3id.org/unkg/draft/" + "aa" * 8}
    assert name("bb" * 32) != name("aa" * 32)


def test_the_base_is_configurable():
    quads = report_quads(_with_evidence(GOLD[0]), NamedNode("https://example.org/g"), iris=Iris("https://example.org/un/"))
    minted = {t.value for q in quads for t in (q.subject, q.object) if isinstance(t, NamedNode)}
    assert any(v.startswith("https://example.org/un/body/") for v in minted)
    assert not any(v.startswith("https://w3id.org/unkg/") and "/ontology#" not in v for v in minted)


def test_an_entity_missing_from_the_gazetteer_gets_a_labelled_node():
    report = {
        "doc": "x.txt", "lang": "en",
        "document": {"symbol": "A/RES/1/1", "kind": "ga-resolution", "title": "T"},
        "references": [{"type": "body", "id": "no-such-body-xyz", "addressed": True,
                        "evidence": [{"paragraph": "operative 1", "start": 0, "end": 3, "quote": "xyz"}]}],
    }
    node = Iris().entity("body", "no-such-body-xyz")
    quads = report_quads(report, NamedNode("https://example.org/g"))
    labels = {q.object.value for q in quads if q.subject == node and q.predicate.value.endswith("prefLabel")}
    types = {q.object.value for q in quads if q.subject == node and q.predicate.value.endswith("#type")}
    assert labels == {"no-such-body-xyz"} and types == {UNKG + "Body"}


def test_the_seed_graph_conforms_to_the_shapes(seed_store):
    shapes = rdflib.Graph().parse(data=(files("unkg.ontology") / "shapes.ttl").read_text(), format="turtle")
    conforms, _, text = pyshacl.validate(union_graph(seed_store), shacl_graph=shapes, inference="rdfs")
    assert conforms, text[:3000]


def test_bodies_and_treaties_carry_labels_in_both_languages(seed_store):
    rows = entity_rows()
    if not rows:
        pytest.skip("ontology/entities.yaml is not there yet")
    for (kind, slug), entity in rows.items():
        if kind not in ("body", "treaty") or not (entity.row.get("en") and entity.row.get("fr")):
            continue
        node = Iris().entity(kind, slug)
        langs = {q.object.language for q in seed_store.quads_for_pattern(node, NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), None)}
        assert {"en", "fr"} <= langs, slug


def test_the_ontology_loads_with_pyoxigraph_and_rdflib_alike():
    data = (files("unkg.ontology") / "unkg.ttl").read_bytes()
    ox = {str(q.triple) for q in parse(data, format=RdfFormat.TURTLE)}
    rd = rdflib.Graph().parse(data=data, format="turtle")
    assert len(ox) == len(rd)


def test_building_twice_gives_the_same_triples(tmp_path, seed_store):
    again = build_seeds(tmp_path / "again", jobs=1)
    assert content_quads(again) == content_quads(seed_store)
