"""``/queries``: the named-query library over HTTP.

``GET /queries`` lists the library (JSON, or an HTML page for a browser);
``GET /queries/{name}?param=value`` runs one. A named query is an ordinary SPARQL query with
its parameters bound as RDF terms, so it takes the same path as ``/sparql``: a ``QueryJob`` in
a worker process, with the endpoint's content negotiation, time limit and row/byte caps.
"""

from __future__ import annotations

import html
from dataclasses import asdict

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from unkg.kg.queries import NamedQuery, QueryError, bind, library
from unkg.kg.triples import Iris

from . import negotiation, page
from .app import _backend, _endpoint, _one, _respond, _url_params, _wants
from .errors import BadRequest, NotFound
from .jobs import QueryJob

RESERVED = {"format"}  # protocol parameters, never query parameters


def add_routes(app: FastAPI) -> None:
    app.add_route("/queries", list_queries, methods=["GET"])
    app.add_route("/queries/{name}", run_query, methods=["GET"])


def _describe(query: NamedQuery, base: str) -> dict:
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "parameters": [asdict(p) for p in query.parameters],
        "columns": list(query.columns),
        "url": f"{base}/{query.name}",
    }


async def list_queries(request: Request) -> Response:
    params = _url_params(request)
    base = _endpoint(request).rstrip("/")
    described = [_describe(q, base) for q in library().values()]
    if negotiation.prefers_html(request.headers.get("accept")) and "format" not in params:
        return HTMLResponse(_html(described), headers=page.HTML_HEADERS | {"Vary": "Accept"})
    return JSONResponse(described, headers={"Vary": "Accept"})


async def run_query(request: Request) -> Response:
    name = request.path_params["name"]
    query = library().get(name)
    if query is None:
        raise NotFound(f"no query named {name!r}; GET /queries lists them")
    params = _url_params(request)
    values = {key: _one(params, key) for key in params if key not in RESERVED}
    try:
        # Slugs resolve under the default base; a store built with another --base takes full IRIs.
        substitutions = bind(query, values, Iris())
    except QueryError as e:
        raise BadRequest(str(e)) from None
    job = QueryJob(
        query.text,
        _endpoint(request),
        None,
        None,
        union=True,
        wants=_wants(request, params),
        substitutions=tuple((v.value, term) for v, term in substitutions.items()),
    )
    return _respond(await _backend(request).read(job))


def _html(described: list[dict]) -> str:
    rows = []
    for q in described:
        params = ", ".join(f"{p['name']} = {p['default']}" for p in q["parameters"]) or "none"
        rows.append(
            f'<tr><td><a href="{html.escape(q["url"])}">{html.escape(q["name"])}</a></td>'
            f"<td><strong>{html.escape(q['title'])}</strong><br>{html.escape(q['description'])}</td>"
            f"<td>{html.escape(params)}</td><td>{html.escape(' '.join(q['columns']))}</td></tr>"
        )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>unkg named queries</title>'
        '<link rel="stylesheet" href="/static/query.css"></head><body><main><h1>Named queries</h1>'
        "<p>Run one with <code>GET /queries/NAME?parameter=value</code>; the same content "
        'negotiation as <a href="/sparql">/sparql</a> (<code>Accept</code> or <code>format=</code>).</p>'
        "<table><thead><tr><th>name</th><th>question</th><th>parameters (default)</th>"
        f"<th>columns</th></tr></thead><tbody>{''.join(rows)}</tbody></table></main></body></html>"
    )
