"""Graph-tool exports of the seed store: each file is read back (networkx for GraphML, GEXF,
Cytoscape.js JSON, DOT via pydot; csv) and its nodes, edges and attributes compared with
counts asked of the store in SPARQL, from the direct edges rather than the citation nodes
the exporter reads.

GraphML and GEXF are also checked as XML with lxml: the official XSDs are not on PyPI and
the tests use no network, so instead of schema validation they check well-formedness, the
namespace, that every key/attribute is declared once with a valid type, and that every
value refers to a declared key of its element's domain (what readers fail on, networkx#3167).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import networkx as nx
import pydot
import pytest
from graph_support import build_seeds
from lxml import etree
from pyoxigraph import Store
from typer.testing import CliRunner

from unkg.kg.cli import app
from unkg.kg.graphview import (
    GRAPH_FORMATS,
    VIEWS,
    build_view,
    cytoscape_elements,
    graph_format,
    slugs,
)

UNKG = "https://w3id.org/unkg/ontology#"
# The relations of each view, spelled out here as the spec (the exporter derives them from
# the ontology's property hierarchy).
RECALLS = ("recalls", "reaffirms", "bearsInMind", "takesNoteOf", "welcomes")
RELATIONS = {
    "citations": ("cites", *RECALLS, "referencesDocument"),
    "bodies": ("mentions", "addresses"),
    "treaties": ("referencesTreaty", "referencesInstrument"),
}
RELATIONS["all"] = tuple(r for v in RELATIONS.values() for r in v)
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://www.gexf.net/1.2draft"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    return build_seeds(tmp_path_factory.mktemp("graphview") / "store", jobs=2)


def store_edges(store: Store, view: str) -> set[tuple[str, str, str]]:
    values = " ".join(f"<{UNKG}{r}>" for r in RELATIONS[view])
    rows = store.query(f"SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ VALUES ?p {{ {values} }} ?s ?p ?o }} }}")
    return {(r["s"].value, r["p"].value.removeprefix(UNKG), r["o"].value) for r in rows}


@pytest.mark.parametrize("view", list(VIEWS))
def test_view_has_the_stores_nodes_and_edges(store, view):
    g = build_view(store, view)
    expected = store_edges(store, view)
    assert expected, f"the seeds have no {view} edges"
    assert {(s, k, t) for s, t, k in g.edges(keys=True)} == expected
    assert set(g.nodes) == {s for s, _, _ in expected} | {o for _, _, o in expected}
    for _, _, a in g.edges(data=True):
        assert a["weight"] >= 1 and isinstance(a["weight"], float)


def test_resolution_attributes_match_the_store(store):
    g = build_view(store, "citations")
    rows = store.query(
        "PREFIX unkg: <https://w3id.org/unkg/ontology#> PREFIX eli: <http://data.europa.eu/eli/ontology#> "
        "SELECT ?d ?symbol ?date ?session WHERE { GRAPH ?g { ?t eli:realizes ?d . ?d unkg:symbol ?symbol ; "
        "eli:date_document ?date . OPTIONAL { ?d unkg:session ?session } } }"
    )
    checked = 0
    for r in rows:
        a = g.nodes[r["d"].value]
        assert a["in_corpus"] is True and a["symbol"] == r["symbol"].value
        assert a["label"].startswith(r["symbol"].value + " — ")
        assert a["adopted"] == r["date"].value and a["year"] == int(r["date"].value[:4])
        if r["session"] is not None:
            assert a["session"] == int(r["session"].value)
        checked += 1
    assert checked >= 3
    cited_only = [a for _, a in g.nodes(data=True) if not a["in_corpus"]]
    assert cited_only and all(a["label"] for a in cited_only)
    assert {a["kind"] for _, a in g.nodes(data=True)} >= {"GAResolution", "SCResolution"}
    for a in (a for _, a in g.nodes(data=True) if a["kind"] == "SCResolution"):
        assert a["organ"] == "security-council"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_body_names_in_the_language_asked(store, lang):
    g = build_view(store, "bodies", lang)
    names = {
        r["b"].value: r["name"].value
        for r in store.query(
            "SELECT ?b ?name WHERE { GRAPH ?g { ?b a <https://w3id.org/unkg/ontology#Body> ; "
            f'<http://www.w3.org/2004/02/skos/core#prefLabel> ?name FILTER(lang(?name) = "{lang}") }} }}'
        )
    }
    bodies = [(n, a) for n, a in g.nodes(data=True) if a["kind"] == "Body"]
    assert bodies
    named = [(n, a) for n, a in bodies if n in names]
    assert len(named) >= len(bodies) // 2
    for n, a in named:
        assert a["label"] == names[n]


def write(store, name: str, view: str = "all") -> tuple[nx.MultiDiGraph, bytes]:
    g = build_view(store, view, "fr")
    out = io.BytesIO()
    graph_format(name).write(g, out)
    return g, out.getvalue()


def _same(g: nx.MultiDiGraph, h: nx.MultiDiGraph, *, node_id=lambda n: n, drop=("start",)) -> None:
    assert h.number_of_nodes() == g.number_of_nodes() and h.number_of_edges() == g.number_of_edges()
    for n, a in g.nodes(data=True):
        got = h.nodes[node_id(n)]
        for k, v in a.items():
            if k not in drop:
                assert got[k] == v, (n, k)
    read_edges = sorted((s, t, d["relation"], float(d["weight"])) for s, t, d in h.edges(data=True))
    assert read_edges == sorted((node_id(s), node_id(t), d["relation"], d["weight"]) for s, t, d in g.edges(data=True))


def test_graphml_reads_back_with_every_attribute(store):
    g, data = write(store, "graphml")
    _same(g, nx.read_graphml(io.BytesIO(data), force_multigraph=True))
    root = etree.fromstring(data)
    assert root.tag == f"{{{GRAPHML_NS}}}graphml"
    keys = {k.get("id"): k for k in root.iter(f"{{{GRAPHML_NS}}}key")}
    assert len(keys) == len(root.findall(f"{{{GRAPHML_NS}}}key")), "key ids must be unique"
    names = [(k.get("for"), k.get("attr.name")) for k in keys.values()]
    assert len(names) == len(set(names)), "one key per attribute name and domain"
    assert {k.get("attr.type") for k in keys.values()} <= {"boolean", "int", "long", "float", "double", "string"}
    for element in ("node", "edge"):
        for el in root.iter(f"{{{GRAPHML_NS}}}{element}"):
            for d in el.findall(f"{{{GRAPHML_NS}}}data"):
                assert keys[d.get("key")].get("for") == element
    edge_ids = [e.get("id") for e in root.iter(f"{{{GRAPHML_NS}}}edge")]
    assert len(edge_ids) == len(set(edge_ids))
    label_keys = {k.get("for") for k in keys.values() if k.get("attr.name") == "label"}
    assert "node" in label_keys


def test_gexf_reads_back_with_dates_for_the_timeline(store):
    g, data = write(store, "gexf")
    h = nx.read_gexf(io.BytesIO(data))
    assert h.number_of_nodes() == g.number_of_nodes() and h.number_of_edges() == g.number_of_edges()
    for n, a in g.nodes(data=True):
        assert h.nodes[n]["label"] == a["label"] and h.nodes[n]["kind"] == a["kind"]
    root = etree.fromstring(data)
    assert root.tag == f"{{{GEXF_NS}}}gexf" and root.get("version") == "1.2"
    graph = root.find(f"{{{GEXF_NS}}}graph")
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    declared = {
        (attrs.get("class"), a.get("id")): a.get("type")
        for attrs in graph.findall(f"{{{GEXF_NS}}}attributes")
        for a in attrs.findall(f"{{{GEXF_NS}}}attribute")
    }
    assert set(declared.values()) <= {"integer", "long", "double", "float", "boolean", "string", "liststring", "anyURI"}
    dated = 0
    for element in ("node", "edge"):
        for el in graph.iter(f"{{{GEXF_NS}}}{element}"):
            for v in el.iter(f"{{{GEXF_NS}}}attvalue"):
                assert (element, v.get("for")) in declared
            if element == "node" and el.get("start"):
                assert re.fullmatch(r"\d{4}-\d\d-\d\d", el.get("start"))
                assert el.get("start") == g.nodes[el.get("id")]["adopted"]
                dated += 1
    assert dated == sum(1 for _, a in g.nodes(data=True) if "adopted" in a) > 0
    edge_ids = [e.get("id") for e in graph.iter(f"{{{GEXF_NS}}}edge")]
    assert len(edge_ids) == len(set(edge_ids))


def test_cytoscape_json_has_elements_with_string_ids(store):
    g, data = write(store, "cytoscape")
    doc = json.loads(data)
    nodes, edges = doc["elements"]["nodes"], doc["elements"]["edges"]
    ids = [n["data"]["id"] for n in nodes]
    assert all(isinstance(i, str) for i in ids) and len(ids) == len(set(ids)) == g.number_of_nodes()
    edge_ids = [e["data"]["id"] for e in edges]
    assert len(edge_ids) == len(set(edge_ids)) == g.number_of_edges()
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert all(n["data"]["name"] == n["data"]["label"] for n in nodes)
    _same(g, nx.cytoscape_graph(doc))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pydot's own use of pyparsing
def test_dot_uses_slugs_and_keeps_the_iri(store):
    g, data = write(store, "dot")
    ids = slugs(g.nodes)
    assert all(re.fullmatch(r"\w+", s, re.ASCII) for s in ids.values())
    (parsed,) = pydot.graph_from_dot_data(data.decode("utf-8"))
    h = nx.nx_pydot.from_pydot(parsed)
    assert h.number_of_nodes() == g.number_of_nodes() and h.number_of_edges() == g.number_of_edges()
    for n, a in g.nodes(data=True):
        got = h.nodes[ids[n]]
        assert got["iri"].strip('"') == n
        assert got["label"].strip('"').replace('\\"', '"') == a["label"]
    relations = sorted(d["relation"].strip('"') for _, _, d in h.edges(data=True))
    assert relations == sorted(d["relation"] for _, _, d in g.edges(data=True))


def test_csv_zip_is_a_node_list_and_an_edge_list(store):
    g, data = write(store, "csv")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert sorted(z.namelist()) == ["edges.csv", "nodes.csv"]
        nodes = list(csv.DictReader(io.StringIO(z.read("nodes.csv").decode("utf-8"))))
        edges = list(csv.DictReader(io.StringIO(z.read("edges.csv").decode("utf-8"))))
    assert {n["Id"]: n["Label"] for n in nodes} == {n: a["label"] for n, a in g.nodes(data=True)}
    assert sorted((e["Source"], e["Target"], e["relation"]) for e in edges) == sorted(
        (s, t, k) for s, t, k in g.edges(keys=True)
    )
    assert {e["Type"] for e in edges} == {"Directed"}


def test_formats_by_name_and_extension():
    assert [f.name for f in GRAPH_FORMATS] == ["graphml", "gexf", "cytoscape", "dot", "csv"]
    assert graph_format(extension=".gv").name == "dot" and graph_format(extension="ttl") is None
    assert graph_format("turtle") is None


def test_cli_writes_each_format_and_says_what_is_wrong(store, tmp_path):
    path = tmp_path / "copy"
    store.backup(str(path))  # the module's store stays open; the CLI opens a copy
    runner = CliRunner()
    out = tmp_path / "bodies.graphml"
    result = runner.invoke(app, ["export", "--store", str(path), "--view", "bodies", "--lang", "fr", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert nx.read_graphml(out, force_multigraph=True).number_of_edges() == len(store_edges(store, "bodies"))
    result = runner.invoke(app, ["export", "--store", str(path), "-f", "csv", "-o", str(tmp_path / "tables")])
    assert result.exit_code == 0 and sorted(p.name for p in (tmp_path / "tables").iterdir()) == ["edges.csv", "nodes.csv"]
    result = runner.invoke(app, ["export", "--store", str(path), "-f", "cytoscape", "--view", "treaties"])
    assert result.exit_code == 0 and json.loads(result.stdout)["elements"]["edges"]
    for args, message in (
        (["-f", "csv"], "give -o DIR"),
        (["-f", "turtle", "--view", "bodies"], "--view applies to the graph-tool formats"),
        (["-f", "gexf", "--graph", "https://example.org/g"], "--graph applies to RDF formats"),
    ):
        result = runner.invoke(app, ["export", "--store", str(path), *args])
        assert result.exit_code == 1 and message in result.output, result.output
    result = runner.invoke(app, ["export", "--store", str(path), "-f", "dot", "--view", "nope"])
    assert result.exit_code == 1 and "unknown view 'nope'" in str(result.exception)


def test_page_data_carries_evidence(store):
    from unkg.kg.graphview import evidence

    g = build_view(store, "citations")
    quotes = evidence(store, "citations")
    doc = cytoscape_elements(g, quotes)
    with_quotes = [e["data"] for e in doc["elements"]["edges"] if e["data"]["evidence"]]
    assert len(with_quotes) == g.number_of_edges()
    assert all(q["quote"] and q["paragraph"] for e in with_quotes for q in e["evidence"])
