"""The named-query library on the store the real pipeline builds from the seeds.

Every expected answer is computed here from the gold file (``tests/data/gold/seeds.json``),
never pasted from a run; the extractor reproduces the gold on the seeds, so the two agree.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import pytest
from graph_support import GOLD, RECALL_FAMILY, documents_by_source, gold_by_symbol, seed_files
from pyoxigraph import QuerySolutions, RdfFormat, Store, parse
from typer.testing import CliRunner

from unkg.kg import queries as lib
from unkg.kg.build import build
from unkg.kg.cli import app
from unkg.kg.triples import DOCUMENT_CLASSES, EDGES, ENTITY_CLASSES, RELATIONS, Iris

RESOLUTION_TYPES = {"ga-resolution", "sc-resolution", "ecosoc-resolution", "other-resolution"}
CORPUS_SYMBOLS = {g["document"]["symbol"] for g in GOLD if g["document"]["symbol"]}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seeds") / "store"
    assert build(seed_files(), path, progress=False, jobs=2).ok
    return path


@pytest.fixture(scope="module")
def store(store_path) -> Store:
    return Store.read_only(str(store_path))


@pytest.fixture(scope="module")
def doc_of(store) -> dict[str, str]:
    """Document IRI → gold ``doc`` (file name), so drafts without a symbol can be compared."""
    return documents_by_source(store)


def ask(store: Store, name: str, **params) -> list[dict]:
    """Rows of a named query as {column: str | None}, parameters bound as the CLI binds them."""
    query = lib.library()[name]
    result = lib.run(store, query, lib.bind(query, {k: str(v) for k, v in params.items()}, Iris()))
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


# --- answers from the gold file ------------------------------------------------------------


def year(g: dict) -> int | None:
    """Adoption year, else the General Assembly session's (the 78th opened in 2023)."""
    d = g["document"]
    if d["adopted"]:
        return int(d["adopted"][:4])
    return 1945 + d["session"] if d["session"] else None


def kind(ref: dict) -> str:
    return {**DOCUMENT_CLASSES, **ENTITY_CLASSES}[ref["type"]]


def relation(ref: dict) -> str:
    return EDGES[ref["type"]] if ref["type"] in EDGES else RELATIONS[ref.get("relation") or "cites"]


def cited_ids(g: dict) -> set[str]:
    return {r["id"] for r in g["references"] if r["type"] in RESOLUTION_TYPES | {"document"}}


def citing_docs(symbol: str) -> dict[str, bool]:
    """Gold documents citing ``symbol`` directly or through corpus documents → whether directly."""
    by_symbol = {g["document"]["symbol"]: g for g in GOLD if g["document"]["symbol"]}
    found = {}
    for g in GOLD:
        seen, todo = set(), set(cited_ids(g))
        while todo:
            target = todo.pop()
            seen.add(target)
            if target in by_symbol:
                todo |= cited_ids(by_symbol[target]) - seen
        if symbol in seen:
            found[g["doc"]] = symbol in cited_ids(g)
    return found


def resolution_refs(g: dict) -> set[str]:
    return {r["id"] for r in g["references"] if r["type"] in RESOLUTION_TYPES}


# --- the library ----------------------------------------------------------------------------


def test_library_has_fifteen_queries_with_complete_headers():
    library = lib.library()
    assert len(library) >= 15
    for q in library.values():
        assert q.title and q.description and q.columns, q.name
        for p in q.parameters:
            assert p.default is not None and p.help, (q.name, p.name)
            assert p.name in q.columns or "CONSTRUCT" in q.text, (q.name, p.name)  # SEP-0007


def test_every_query_runs_with_its_defaults_and_returns_its_declared_columns(store):
    for q in lib.library().values():
        result = lib.run(store, q, lib.bind(q, {}, Iris()))
        if isinstance(result, QuerySolutions):
            assert tuple(v.value for v in result.variables) == q.columns, q.name
            assert list(result), f"{q.name} answers nothing on the seeds"
        else:
            assert list(result), q.name


def test_every_query_has_a_test_of_its_answer():
    tested = Path(__file__).read_text() + (Path(__file__).parent / "test_graph_queries.py").read_text()
    untested = [n for n in lib.library() if f'"{n}' not in tested]
    assert not untested


def test_header_format_errors_are_one_line():
    with pytest.raises(lib.QueryError, match="cannot read the header line"):
        lib.parse_header("bad", "# title: t\n# param x (colour, default red): nope\nSELECT * {}")
    with pytest.raises(lib.QueryError, match="no '# title:' line"):
        lib.parse_header("bad", "# columns: a\nSELECT ?a {}")


# --- each query's answer --------------------------------------------------------------------


@pytest.mark.parametrize("symbol", ["A/RES/74/175", "A/RES/58/136", "A/RES/64/177"])
def test_cites_by_kind(store, symbol):
    expected = {(kind(r), r["id"], relation(r)) for r in gold_by_symbol(symbol)["references"] if r["type"] != "body"}
    rows = ask(store, "cites-by-kind", resolution=symbol)
    assert {(r["kind"], r["target"], r["relation"]) for r in rows} == expected
    assert all(r["paragraphs"] and r["resolution"] == Iris().document(symbol).value for r in rows)


@pytest.mark.parametrize("symbol", ["A/RES/71/291", "A/RES/72/194", "A/RES/60/288"])
def test_cited_by_directly_and_transitively(store, doc_of, symbol):
    by_doc = {g["doc"]: g for g in GOLD}
    expected = {(doc, year(by_doc[doc]), direct) for doc, direct in citing_docs(symbol).items()}
    rows = ask(store, "cited-by", resolution=symbol)
    got = {(doc_of[r["citing"]], int(r["year"]) if r["year"] else None, r["direct"] == "true") for r in rows}
    assert got == expected
    assert any(not direct for _, _, direct in got) == (symbol == "A/RES/71/291")  # 2023 draft → 74/175 → 71/291


@pytest.mark.parametrize("words", ["assistance technique", "Prévention du crime"])
def test_series_lineage(store, doc_of, words):
    series = [g for g in GOLD if words.casefold() in g["document"]["title"].casefold()]
    expected = {
        (g["doc"], year(g), r["id"], RELATIONS[r["relation"]], r["id"] in CORPUS_SYMBOLS)
        for g in series
        for r in g["references"]
        if r.get("relation") in RECALL_FAMILY
    }
    rows = ask(store, "series-lineage", words=words)
    got = {
        (doc_of[r["document"]], int(r["year"]) if r["year"] else None, r["predecessor"], r["relation"], r["inCorpus"] == "true")
        for r in rows
    }
    assert got == expected
    dated = [int(r["year"]) for r in rows if r["year"]]
    assert dated == sorted(dated)


def test_sc_resolutions_cited_by_the_general_assembly(store):
    citing: dict[str, list[int]] = defaultdict(list)
    for g in GOLD:
        if g["document"]["kind"] in ("ga-resolution", "ga-draft-resolution"):
            for r in g["references"]:
                if r["type"] == "sc-resolution":
                    citing[r["id"]].append(year(g))
    expected = {sc: (len(years), min(years)) for sc, years in citing.items()}
    rows = ask(store, "sc-cited-by-ga")
    assert {r["sc"]: (int(r["documents"]), int(r["since"])) for r in rows} == expected


def test_bodies_each_document_addresses(store, doc_of):
    expected = {(g["doc"], r["id"]) for g in GOLD for r in g["references"] if r["type"] == "body" and r["addressed"]}
    assert {(doc_of[r["document"]], r["body"]) for r in ask(store, "bodies-addressed")} == expected


@pytest.mark.parametrize("body", ["unodc", "ccpcj", "secretary-general"])
def test_what_was_asked_of_a_body(store, doc_of, body):
    addressing = {g["doc"]: g for g in GOLD if any(r["id"] == body and r.get("addressed") for r in g["references"])}
    rows = ask(store, "asked-of-body", body=body)
    assert {doc_of[r["document"]] for r in rows} == set(addressing)
    for r in rows:
        doc = doc_of[r["document"]]
        assert r["year"] == (str(year(addressing[doc])) if year(addressing[doc]) else None)
        assert r["text"].startswith(f"{r['paragraph']}.")  # the operative paragraph, numbered
        assert r["verb"] in r["text"]  # the verb as printed in it


def test_treaties_and_instruments_per_year(store):
    expected = Counter(
        (year(g), kind(r), r["id"]) for g in GOLD for r in g["references"] if r["type"] in ("treaty", "instrument")
    )
    rows = ask(store, "references-per-year")
    assert {(int(r["year"]) if r["year"] else None, r["kind"], r["slug"]): int(r["documents"]) for r in rows} == expected


@pytest.mark.parametrize("least", [1, 2])
def test_co_citation(store, least):
    pairs = Counter(pair for g in GOLD for pair in combinations(sorted(resolution_refs(g)), 2))
    expected = {pair: n for pair, n in pairs.items() if n >= least}
    rows = ask(store, "co-citation", min_together=least)
    assert {(r["first"], r["second"]): int(r["documents"]) for r in rows} == expected


@pytest.mark.parametrize("least", [1, 2])
def test_most_cited(store, least):
    counts = Counter(ident for g in GOLD for ident in resolution_refs(g))
    expected = {ident: n for ident, n in counts.items() if n >= least}
    rows = ask(store, "most-cited", min_citing=least)
    assert {r["symbol"]: int(r["documents"]) for r in rows} == expected
    assert [int(r["documents"]) for r in rows] == sorted((int(r["documents"]) for r in rows), reverse=True)


def test_most_addressed_bodies(store):
    bodies = [r for g in GOLD for r in g["references"] if r["type"] == "body"]
    naming, addressing = Counter(r["id"] for r in bodies), Counter(r["id"] for r in bodies if r["addressed"])
    expected = {slug: (n, naming[slug]) for slug, n in addressing.items()}
    rows = ask(store, "most-addressed-bodies")
    assert {r["body"]: (int(r["addressing"]), int(r["naming"])) for r in rows} == expected


def test_references_missing_from_the_corpus(store):
    refs = [r for g in GOLD for r in g["references"] if r["type"] in RESOLUTION_TYPES | {"document"}]
    counts = Counter((r["id"], kind(r)) for r in refs if r["id"] not in CORPUS_SYMBOLS)
    rows = ask(store, "outside-corpus")
    assert {(r["symbol"], r["kind"]): int(r["documents"]) for r in rows} == counts
    assert not CORPUS_SYMBOLS & {r["symbol"] for r in rows}


def test_documents_of_the_corpus(store, doc_of):
    expected = {
        (g["doc"], g["document"]["symbol"], DOCUMENT_CLASSES[g["document"]["kind"]], year(g), len(g["references"]))
        for g in GOLD
    }
    rows = ask(store, "documents")
    got = {
        (r["source"], r["symbol"], r["kind"], int(r["year"]) if r["year"] else None, int(r["references"]))
        for r in rows
    }
    assert got == expected
    assert all(doc_of[r["document"]] == r["source"] for r in rows)


def test_neighbourhood_construct(store, doc_of):
    symbol = "A/RES/74/175"
    centre = Iris().document(symbol)
    query = lib.library()["neighbourhood"]
    triples = set(lib.run(store, query, lib.bind(query, {"resolution": symbol}, Iris())))
    iris = Iris()
    refs = gold_by_symbol(symbol)["references"]
    expected_out = {(iris.reference(r["type"], r["id"]).value, relation(r) if r["type"] != "body" else ("addresses" if r["addressed"] else "mentions")) for r in refs}
    out = {(t.object.value, t.predicate.value.rsplit("#", 1)[-1]) for t in triples if t.subject == centre and t.predicate.value.startswith("https://w3id.org/unkg/ontology#")}
    assert out == expected_out
    incoming = {doc_of[t.subject.value] for t in triples if t.object == centre}
    assert incoming == {g["doc"] for g in GOLD if symbol in cited_ids(g)}
    labelled = {t.subject for t in triples if t.predicate.value.endswith("#label")}
    assert {t.object for t in triples if t.subject == centre and t.predicate.value.startswith("https://w3id.org/unkg/ontology#")} <= labelled


# --- parameters cannot change a query -----------------------------------------------------

HOSTILE = [
    'A/RES/74/175> } UNION { ?s ?p ?o } #',
    '" ) } ; DROP ALL ; SELECT * { ?s ?p ?o } #',
    "A/RES/74/175> ?p ?o . ?s ?p ?o } #",
    "unodc> ; ?p ?o } UNION { ?document ?p ?o",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_parameter_is_one_term_and_matches_nothing(store, value):
    before = len(store)
    assert ask(store, "cites-by-kind", resolution=value) == []
    assert ask(store, "series-lineage", words=value) == []
    assert ask(store, "asked-of-body", body=value) == []
    assert len(store) == before


def test_bad_parameters_are_one_line_errors(store):
    q = lib.library()["most-cited"]
    with pytest.raises(lib.QueryError, match="has no parameter 'top'"):
        lib.bind(q, {"top": "3"}, Iris())
    with pytest.raises(lib.QueryError, match="not a valid integer"):
        lib.bind(q, {"min_citing": "3; DROP ALL"}, Iris())
    with pytest.raises(lib.QueryError, match="not a valid resolution"):
        lib.bind(lib.library()["cited-by"], {"resolution": "http://x> } UNION {"}, Iris())


def test_symbols_slugs_and_iris_name_the_same_node():
    q = lib.library()["cited-by"]
    by_symbol = lib.bind(q, {"resolution": "S/RES/1373 (2001)"}, Iris())
    by_iri = lib.bind(q, {"resolution": "https://undocs.org/S/RES/1373(2001)"}, Iris())
    assert by_symbol == by_iri
    body = lib.bind(lib.library()["asked-of-body"], {"body": "UNODC"}, Iris())
    assert list(body.values()) == [Iris().entity("body", "unodc")]


# --- the command line -----------------------------------------------------------------------


def run_cli(*args: str):
    return CliRunner().invoke(app, ["query", *args], env={"COLUMNS": "200"}, terminal_width=200)


def test_cli_list_shows_every_query():
    result = run_cli("--list")
    assert result.exit_code == 0
    assert all(name in result.output for name in lib.library())


def test_cli_json_is_w3c_sparql_results(store_path):
    result = run_cli("most-cited", "--param", "min_citing=2", "--store", str(store_path), "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["head"]["vars"] == ["min_citing", "symbol", "kind", "documents"]
    counts = Counter(ident for g in GOLD for ident in resolution_refs(g))
    got = {b["symbol"]["value"]: int(b["documents"]["value"]) for b in doc["results"]["bindings"]}
    assert got == {i: n for i, n in counts.items() if n >= 2}


def test_cli_table_csv_file_and_text(store_path, tmp_path):
    table = run_cli("cites-by-kind", "-p", "resolution=A/RES/58/136", "-s", str(store_path))
    assert table.exit_code == 0 and "S/RES/1373 (2001)" in table.output
    csv = run_cli("bodies-addressed", "-s", str(store_path), "-f", "csv")
    assert csv.stdout.splitlines()[0].strip() == "document,symbol,body,name"
    rq = tmp_path / "mine.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?d <https://w3id.org/unkg/ontology#addresses> ?b }")
    from_file = run_cli(str(rq), "-s", str(store_path), "-f", "tsv")
    addressed = sum(1 for g in GOLD for r in g["references"] if r["type"] == "body" and r["addressed"])
    assert from_file.stdout.splitlines()[1].strip() == str(addressed)
    text = run_cli("ASK { ?d <https://w3id.org/unkg/ontology#recalls> ?r }", "-s", str(store_path))
    assert "yes" in text.output


def test_cli_construct_as_turtle_and_jsonld(store_path):
    turtle = run_cli("neighbourhood", "-s", str(store_path), "-f", "turtle")
    assert turtle.exit_code == 0
    triples = list(parse(turtle.stdout_bytes, format=RdfFormat.TURTLE))
    assert any(t.subject.value == "https://undocs.org/A/RES/74/175" for t in triples)
    jsonld = run_cli("neighbourhood", "-s", str(store_path), "-f", "jsonld")
    assert any(n["id"] == "https://undocs.org/A/RES/74/175" for n in json.loads(jsonld.stdout)["graph"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-query"], "no query named 'no-such-query'"),
        (["most-cited", "-p", "top=3"], "has no parameter 'top'"),
        (["most-cited", "-p", "min_citing"], "write a parameter as name=value"),
        (["SELECT * WHERE { ?s ?p }"], "SPARQL syntax error"),
        (["most-cited", "-f", "xml"], "unknown format 'xml'"),
        (["neighbourhood", "-f", "csv"], "a CONSTRUCT result is RDF"),
        (["missing.rq"], "no query file missing.rq"),
    ],
)
def test_cli_errors_are_one_line(store_path, args, message):
    result = run_cli(*args, "-s", str(store_path))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.output
