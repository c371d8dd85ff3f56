"""The graph views over HTTP: graph-tool dumps under ``/store`` and the ``/graph`` page.

``GET /store?format=graphml|gexf|cytoscape|dot|csv&view=…&lang=…`` is the same export as
``unkg export``; ``GET /graph`` is the interactive citation graph (Cytoscape.js, vendored
from npm by ``api/vendor.py``), fed by ``GET /graph/data.json``, which adds each link's
quoted evidence. Like every read, the work runs in a worker process as a job.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from importlib.resources import files
from string import Template

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pyoxigraph import Store
from starlette.datastructures import MultiDict

from unkg.kg import graphview
from unkg.kg.errors import UnkgError

from . import page
from .errors import BadRequest
from .jobs import Limits, Reply
from .vendor import missing_message


def is_graph_format(name: str | None) -> bool:
    return graphview.graph_format(name) is not None if name else False


def _fit(body: bytes, media_type: str, limits: Limits, what: str) -> Reply:
    """A graph file cut short would be unreadable: refuse it whole instead."""
    if len(body) > limits.max_bytes:
        raise BadRequest(
            f"the {what} is {len(body):,} bytes, over this server's response cap of "
            f"{limits.max_bytes:,}; run `unkg export` on the store instead"
        )
    return Reply(body, media_type)


@dataclass(frozen=True)
class GraphExportJob:
    view: str
    format: str
    lang: str

    def run(self, store: Store, limits: Limits) -> Reply:
        fmt = graphview.graph_format(self.format)
        out = io.BytesIO()
        try:
            graphview.export_graph(store, fmt, out, view=self.view, lang=self.lang)
        except UnkgError as e:
            raise BadRequest(str(e)) from None
        return _fit(out.getvalue(), fmt.media_type, limits, f"{self.format} export")


@dataclass(frozen=True)
class PageDataJob:
    """The citation graph as Cytoscape.js elements, each edge with its quoted evidence."""

    view: str
    lang: str

    def run(self, store: Store, limits: Limits) -> Reply:
        try:
            g = graphview.build_view(store, self.view, self.lang)
        except UnkgError as e:
            raise BadRequest(str(e)) from None
        doc = graphview.cytoscape_elements(g, graphview.evidence(store, self.view))
        body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
        return _fit(body, "application/json", limits, "graph")


def _option(params: MultiDict, name: str, default: str) -> str:
    values = params.getlist(name)
    if len(values) > 1:
        raise BadRequest(f"give one '{name}' parameter, not {len(values)}")
    return values[0] if values else default


def _send(reply: Reply, filename: str | None = None) -> Response:
    headers = {"X-Content-Type-Options": "nosniff"}
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(reply.body, reply.status, headers, media_type=reply.media_type)


async def export(request: Request, params: MultiDict) -> Response:
    """``GET /store?format=<graph format>``: a view for graph tools, as a download."""
    if "graph" in params or "default" in params:
        raise BadRequest("graph-tool formats export a view of every graph; drop ?graph / ?default")
    fmt = graphview.graph_format(_option(params, "format", ""))
    view = _option(params, "view", "citations")
    job = GraphExportJob(view, fmt.name, _option(params, "lang", "en"))
    return _send(await request.app.state.backend.read(job), f"unkg-{view}.{fmt.extension}")


async def data(request: Request) -> Response:
    """``GET /graph/data.json``: what the ``/graph`` page draws."""
    params = MultiDict(request.query_params.multi_items())
    job = PageDataJob(_option(params, "view", "citations"), _option(params, "lang", "en"))
    return _send(await request.app.state.backend.read(job))


async def graph_page(request: Request) -> HTMLResponse:
    """``GET /graph``: the page, or how to get Cytoscape.js when it has not been vendored."""
    template = Template(files("unkg.api").joinpath("templates/graph.html").read_text(encoding="utf-8"))
    missing = missing_message("cytoscape")
    html = template.substitute(
        missing=f'<p class="missing" id="missing">{missing}</p>' if missing else "",
        script="" if missing else '<script src="/static/vendor/cytoscape/cytoscape.min.js" defer></script>',
    )
    return HTMLResponse(html, headers=page.HTML_HEADERS | {"X-Content-Type-Options": "nosniff"})


def add_routes(app) -> None:
    app.add_route("/graph", graph_page, methods=["GET"])
    app.add_route("/graph/data.json", data, methods=["GET"])
