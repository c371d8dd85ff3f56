"""``/queries`` on the real app served by uvicorn over the seed store: the list, answers equal to
the gold-derived ones of ``test_queries``, content negotiation, caps and one-line refusals."""

from __future__ import annotations

import csv
import io
from collections import Counter

import httpx
import pytest
from api_support import served
from graph_support import GOLD, seed_files
from test_queries import HOSTILE, resolution_refs

from unkg.api.app import TRUNCATED_HEADER
from unkg.kg.build import build
from unkg.kg.queries import library

MOST_CITED = Counter(ident for g in GOLD for ident in resolution_refs(g))


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("seeds") / "store"
    assert build(seed_files(), path, progress=False, jobs=2).ok
    return path


@pytest.fixture(scope="module")
def url(store_path):
    with served(store_path, max_rows=10) as base:
        yield base


def test_list_as_json_and_html(url):
    listed = httpx.get(f"{url}/queries").json()
    assert [q["name"] for q in listed] == list(library())
    cited_by = next(q for q in listed if q["name"] == "cited-by")
    assert cited_by["parameters"][0]["name"] == "resolution" and cited_by["url"].endswith("/queries/cited-by")
    page = httpx.get(f"{url}/queries", headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    assert all(f">{name}</a>" in page.text for name in library())


def test_run_with_a_parameter_answers_as_sparql_json(url):
    r = httpx.get(f"{url}/queries/most-cited", params={"min_citing": "2"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+json")
    got = {b["symbol"]["value"]: int(b["documents"]["value"]) for b in r.json()["results"]["bindings"]}
    assert got == {i: n for i, n in MOST_CITED.items() if n >= 2}


def test_content_negotiation_and_format(url):
    as_csv = httpx.get(f"{url}/queries/most-cited", params={"min_citing": "2"}, headers={"Accept": "text/csv"})
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert {r["symbol"] for r in rows} == {i for i, n in MOST_CITED.items() if n >= 2}
    tsv = httpx.get(f"{url}/queries/most-cited", params={"format": "tsv"})
    assert tsv.headers["content-type"].startswith("text/tab-separated-values")
    turtle = httpx.get(f"{url}/queries/neighbourhood", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and "<https://undocs.org/A/RES/74/175>" in turtle.text
    refused = httpx.get(f"{url}/queries/neighbourhood", headers={"Accept": "text/csv"})
    assert refused.status_code == 406


def test_the_endpoint_row_cap_applies(url):
    r = httpx.get(f"{url}/queries/most-cited", params={"min_citing": "1"})
    assert len(r.json()["results"]["bindings"]) == 10 < len(MOST_CITED)
    assert r.headers[TRUNCATED_HEADER] == "max-rows=10"


@pytest.mark.parametrize(
    ("path", "params", "status", "message"),
    [
        ("/queries/nope", {}, 404, "no query named 'nope'"),
        ("/queries/most-cited", {"top": "3"}, 400, "has no parameter 'top'"),
        ("/queries/most-cited", {"min_citing": "two"}, 400, "not a valid integer"),
        ("/queries/most-cited", {"format": "rdfxml"}, 406, "cannot serve SELECT results"),
    ],
)
def test_refusals_are_one_line(url, path, params, status, message):
    r = httpx.get(url + path, params=params)
    assert r.status_code == status and message in r.text and len(r.text.strip().splitlines()) == 1


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_parameters_match_nothing(url, value):
    r = httpx.get(f"{url}/queries/cites-by-kind", params={"resolution": value})
    assert r.status_code == 200 and r.json()["results"]["bindings"] == []
