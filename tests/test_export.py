"""Every export format is read back by a second, independent parser and gives the same graph:
pyoxigraph writes → rdflib reads; rdflib writes → pyoxigraph reads; the JSON-LD expanded by
pyld gives the same triples. The JSON-LD reads as plain JSON."""

from __future__ import annotations

import io
import json

import pytest
import rdflib
from graph_support import build_seeds, source_graphs
from pyld import jsonld
from pyoxigraph import Literal, NamedNode, RdfFormat, Store, parse
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from unkg.kg.cli import app
from unkg.kg.export import EXPORT_FORMATS, export, format_by_name, format_name

RDFLIB_NAMES = {
    RdfFormat.TURTLE: "turtle", RdfFormat.TRIG: "trig", RdfFormat.N_QUADS: "nquads",
    RdfFormat.N_TRIPLES: "nt", RdfFormat.JSON_LD: "json-ld", RdfFormat.RDF_XML: "xml",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    return build_seeds(tmp_path_factory.mktemp("export") / "store", jobs=2)


def _rdflib_term(t):
    if isinstance(t, NamedNode):
        return rdflib.URIRef(t.value)
    if isinstance(t, Literal):
        plain = t.language or t.datatype.value == str(rdflib.XSD.string)
        return rdflib.Literal(t.value, lang=t.language, datatype=None if plain else rdflib.URIRef(t.datatype.value))
    raise AssertionError(f"unexpected term {t!r}")


def _expected(store: Store, fmt: RdfFormat, graph: NamedNode | None) -> dict[str, rdflib.Graph]:
    """What the export must hold, per graph name ('' for the default graph)."""
    out: dict[str, rdflib.Graph] = {}
    for q in store.quads_for_pattern(None, None, None, graph):
        keep_names = (fmt.supports_datasets and fmt != RdfFormat.JSON_LD) or (fmt == RdfFormat.JSON_LD and graph is None)
        name = q.graph_name.value if keep_names and isinstance(q.graph_name, NamedNode) else ""
        out.setdefault(name, rdflib.Graph()).add(tuple(_rdflib_term(t) for t in (q.subject, q.predicate, q.object)))
    return out


def _read_with_rdflib(data: bytes, fmt: RdfFormat) -> dict[str, rdflib.Graph]:
    ds = rdflib.Dataset()
    ds.parse(data=data.decode("utf-8"), format=RDFLIB_NAMES[fmt])
    out: dict[str, rdflib.Graph] = {}
    for s, p, o, g in ds.quads():
        name = "" if g is None or g == rdflib.Dataset().default_graph.identifier or str(g).startswith("urn:x-rdflib:") else str(g)
        out.setdefault(name, rdflib.Graph()).add((s, p, o))
    return out


def _graphs_equal(a: dict[str, rdflib.Graph], b: dict[str, rdflib.Graph]) -> None:
    assert set(a) == set(b)
    for name in a:
        assert len(a[name]) == len(b[name]), name
        assert isomorphic(a[name], b[name]), name


@pytest.mark.parametrize("whole", [True, False], ids=["store", "one-graph"])
@pytest.mark.parametrize("fmt", EXPORT_FORMATS, ids=format_name)
def test_what_pyoxigraph_writes_rdflib_reads_back_isomorphic(store, fmt, whole):
    graph = None if whole else source_graphs(store)[0]
    buffer = io.BytesIO()
    export(store, fmt, buffer, graph=graph)
    _graphs_equal(_read_with_rdflib(buffer.getvalue(), fmt), _expected(store, fmt, graph))


@pytest.mark.parametrize("fmt", [f for f in EXPORT_FORMATS if f != RdfFormat.JSON_LD], ids=format_name)
def test_what_rdflib_writes_pyoxigraph_reads_back_identical(store, fmt):
    buffer = io.BytesIO()
    export(store, RdfFormat.N_QUADS, buffer)
    ds = rdflib.Dataset()
    ds.parse(data=buffer.getvalue().decode(), format="nquads")
    if not fmt.supports_datasets:  # a triple format holds the union of the graphs
        union = rdflib.Graph()
        for s, p, o, _ in ds.quads():
            union.add((s, p, o))
        ds = union
    written = ds.serialize(format=RDFLIB_NAMES[fmt], encoding="utf-8")
    # rdflib rewrites xsd:dateTime "...Z" as "...+00:00"; a pyoxigraph store holds both as
    # the same value, so compare what the two give once stored.
    normalised = Store()
    normalised.extend(parse(written, format=fmt))
    read = {(q.subject, q.predicate, q.object, q.graph_name if fmt.supports_datasets else None) for q in normalised}
    expected = {(q.subject, q.predicate, q.object, q.graph_name if fmt.supports_datasets else None) for q in store}
    assert read == expected


def test_json_ld_expanded_by_pyld_gives_the_same_triples(store):
    buffer = io.BytesIO()
    export(store, RdfFormat.JSON_LD, buffer)
    document = json.loads(buffer.getvalue())
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    assert set(parse(nquads.encode(), format=RdfFormat.N_QUADS)) == set(store)
    expanded = jsonld.expand(document)
    assert len(expanded) == len(list(store.named_graphs()))


def test_json_ld_reads_as_plain_json(store):
    buffer = io.BytesIO()
    export(store, RdfFormat.JSON_LD, buffer, graph=source_graphs(store)[2])
    nodes = {n["id"]: n for n in json.loads(buffer.getvalue())["graph"]}
    resolution = nodes["https://undocs.org/A/RES/74/175"]
    assert resolution["type"] == "GAResolution"
    assert resolution["symbol"] == "A/RES/74/175"
    assert resolution["session"] == 74 and resolution["date"] == "2019-12-18"
    assert resolution["title"]["fr"].startswith("Assistance technique")
    assert "https://undocs.org/A/RES/72/194" in resolution["recalls"]
    selector = next(n for n in nodes.values() if n.get("type") == "TextPositionSelector")
    assert isinstance(selector["start"], int) and selector["start"] < selector["end"]


def test_turtle_uses_the_ontology_prefixes(store):
    buffer = io.BytesIO()
    export(store, RdfFormat.TURTLE, buffer, graph=source_graphs(store)[0])
    head = buffer.getvalue().decode()[:3000]
    assert "@prefix unkg: <https://w3id.org/unkg/ontology#>" in head and "unkg:symbol" in buffer.getvalue().decode()


def test_format_names_come_from_the_format_objects():
    assert [format_name(f) for f in EXPORT_FORMATS] == ["turtle", "trig", "nquads", "ntriples", "jsonld", "rdfxml"]
    assert format_by_name("JSONLD") is RdfFormat.JSON_LD


def test_cli_export_to_a_file_guesses_the_format_and_reports_errors_on_one_line(store, tmp_path):
    runner = CliRunner()
    location = tmp_path / "copy"
    store.backup(str(location))
    out = tmp_path / "seeds.ttl"
    result = runner.invoke(app, ["export", "--store", str(location), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sum(1 for _ in parse(path=str(out))) > 1000
    result = runner.invoke(app, ["export", "--store", str(location), "--graph", "https://example.org/none"])
    assert result.exit_code == 1 and isinstance(result.exception, Exception)
    assert "has no graph" in str(result.exception)
