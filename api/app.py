"""The SPARQL endpoint as a FastAPI app: ``create_app(settings)`` is the one way to build it.

Handlers only parse the request (SPARQL 1.1 Protocol and Graph Store Protocol), refuse what
must not run, and hand a job to the worker processes (``workers.py``); no store access and no
serialization happens on the event loop. Every refusal is an ``ApiError`` rendered by one
handler; anything else is a logged 500.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pyoxigraph import NamedNode
from starlette.datastructures import MultiDict
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware

from unkg.kg.errors import UnkgError

from . import graphs, negotiation, page
from .errors import (
    ApiError,
    BadRequest,
    Forbidden,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    Unauthorized,
    UnsupportedMediaType,
)
from .jobs import (
    DescriptionJob,
    GraphReadJob,
    GraphWriteJob,
    Limits,
    Negotiation,
    QueryJob,
    Reply,
    Target,
    UpdateJob,
)
from .keywords import OUTBOUND, bare_words
from .settings import Settings
from .workers import Backend

log = logging.getLogger("unkg.api")

TRUNCATED_HEADER = "Unkg-Truncated"
QUERY_TYPE, UPDATE_TYPE, FORM_TYPE = (
    "application/sparql-query",
    "application/sparql-update",
    "application/x-www-form-urlencoded",
)


def create_app(settings: Settings) -> FastAPI:
    """The endpoint over ``settings.store`` (which must already exist)."""
    if settings.store is None or not settings.store.is_dir():
        raise UnkgError(
            f"no store at {settings.store}: build one first (`unkg serve` does it for you)"
        )
    backend = Backend(
        settings.store,
        workers=settings.workers,
        timeout=settings.timeout,
        limits=Limits(settings.max_rows, settings.max_response_bytes),
        max_pending=settings.max_pending,
        writable=settings.update_token is not None,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await backend.start()
        try:
            yield
        finally:
            await backend.close()

    app = FastAPI(
        title="unkg SPARQL endpoint",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.settings, app.state.backend = settings, backend
    app.add_exception_handler(ApiError, _render_error)
    app.add_exception_handler(HTTPException, _render_http_error)
    app.add_exception_handler(Exception, _render_crash)
    if settings.allowed_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.allowed_origins,
            allow_methods=["GET", "POST", "PUT", "DELETE"],
            allow_headers=["Accept", "Authorization", "Content-Type"],
            expose_headers=[TRUNCATED_HEADER],
            max_age=600,
        )
    # One route per path, so that a wrong method gets a 405 listing every allowed one.
    # Plain Starlette routes: the handlers parse requests themselves, so FastAPI's
    # dependency solving would only add time to every query.
    for path in ("/sparql", "/sparql/"):
        app.add_route(path, sparql, methods=["GET", "POST"])
    app.add_route("/store", store, methods=["GET", "PUT", "POST", "DELETE"])
    app.add_route("/", home, methods=["GET"])
    from .queries import add_routes as add_query_routes  # it imports this module's helpers

    add_query_routes(app)
    graphs.add_routes(app)  # /graph, the graph view, and its data
    app.mount(
        "/static", StaticFiles(directory=str(files("unkg.api").joinpath("static"))), name="static"
    )
    return app


# --- errors -------------------------------------------------------------------------------


async def _render_error(request: Request, error: ApiError) -> Response:
    return PlainTextResponse(f"{error}\n", error.status, headers=error.headers)


async def _render_http_error(request: Request, error: HTTPException) -> Response:
    """Routing errors (unknown path, wrong method) in the same plain form as every other."""
    if error.status_code == 405:
        allowed = (error.headers or {}).get("Allow", "")
        return await _render_error(
            request,
            MethodNotAllowed(
                f"{request.method} is not allowed on {request.url.path}; use {allowed or 'GET'}",
                {"Allow": allowed} if allowed else None,
            ),
        )
    if error.status_code == 404:
        return await _render_error(
            request, NotFound(f"nothing at {request.url.path}; the SPARQL endpoint is /sparql")
        )
    return PlainTextResponse(f"{error.detail}\n", error.status_code, headers=error.headers)


async def _render_crash(request: Request, error: Exception) -> Response:
    log.error("internal error on %s %s", request.method, request.url.path, exc_info=error)
    return PlainTextResponse("internal server error; the server log has the details\n", 500)


# --- request parsing ----------------------------------------------------------------------


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _backend(request: Request) -> Backend:
    return request.app.state.backend


def _url_params(request: Request) -> MultiDict:
    limit = _settings(request).max_request_bytes
    if len(request.scope["query_string"]) > limit:
        raise PayloadTooLarge(
            f"the query string is longer than {limit} bytes; POST the query instead"
        )
    return MultiDict(request.query_params.multi_items())


def _one(params: MultiDict, name: str) -> str | None:
    values = params.getlist(name)
    if len(values) > 1:
        raise BadRequest(f"give one '{name}' parameter, not {len(values)}")
    return values[0] if values else None


def _iris(params: MultiDict, name: str) -> tuple[str, ...] | None:
    """IRIs of the protocol dataset: names of graphs in the store, never fetched."""
    values = params.getlist(name)
    for value in values:
        try:
            NamedNode(value)
        except ValueError:
            raise BadRequest(f"{name}={value!r} is not an absolute IRI") from None
    return tuple(values) if values else None


def _content_type(request: Request) -> tuple[str, str | None]:
    header = request.headers.get("content-type", "")
    charset = next(
        (
            p.split("=", 1)[1].strip().strip('"').lower()
            for p in header.split(";")[1:]
            if p.strip().lower().startswith("charset=")
        ),
        None,
    )
    return negotiation.essence(header) if header else "", charset


async def _body(request: Request) -> bytes:
    limit = _settings(request).max_request_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"the request body is {declared} bytes; the limit is {limit}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"the request body is over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _text(body: bytes, charset: str | None) -> str:
    if charset not in (None, "utf-8", "utf8"):
        raise UnsupportedMediaType(f"send the request as UTF-8, not {charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BadRequest(f"the request body is not valid UTF-8 (byte {e.start})") from None


def _wants(request: Request, params: MultiDict) -> Negotiation:
    return Negotiation(request.headers.get("accept"), _one(params, "format"))


def _authorize(request: Request) -> None:
    """Writes need the server's update token as a bearer token."""
    token = _settings(request).update_token
    if token is None:
        raise Forbidden(
            "this endpoint is read-only; start it with --update-token TOKEN to accept writes"
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise Unauthorized("writes need the header 'Authorization: Bearer TOKEN'")
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise Forbidden("wrong update token")


def _refuse_outbound(words: frozenset[str]) -> None:
    found = sorted(OUTBOUND & words)
    if found:
        raise BadRequest(
            f"{' and '.join(found)} refused: this endpoint never fetches data from the network "
            f"(federated queries and LOAD are disabled)"
        )


def _endpoint(request: Request) -> str:
    return str(request.url.replace(query=""))


def _respond(reply: Reply) -> Response:
    headers = {"Vary": "Accept", "X-Content-Type-Options": "nosniff"}
    if reply.truncated:
        headers[TRUNCATED_HEADER] = reply.truncated
    return Response(reply.body or None, reply.status, headers, media_type=reply.media_type)


# --- SPARQL protocol ----------------------------------------------------------------------


async def _query(request: Request, text: str, params: MultiDict) -> Response:
    words = bare_words(text)
    _refuse_outbound(words)
    default, named = _iris(params, "default-graph-uri"), _iris(params, "named-graph-uri")
    job = QueryJob(
        text,
        _endpoint(request),
        default,
        named,
        union=default is None
        and named is None
        and "FROM" not in words,  # a FROM clause names its own dataset
        wants=_wants(request, params),
    )
    return _respond(await _backend(request).read(job))


async def _update(request: Request, text: str, params: MultiDict) -> Response:
    _authorize(request)
    for name in ("using-graph-uri", "using-named-graph-uri"):
        if name in params:
            raise BadRequest(
                f"'{name}' is not supported; put USING / USING NAMED in the update itself"
            )
    _refuse_outbound(bare_words(text))
    return _respond(await _backend(request).write(UpdateJob(text, _endpoint(request))))


async def sparql(request: Request) -> Response:
    return await (sparql_get(request) if request.method == "GET" else sparql_post(request))


async def sparql_get(request: Request) -> Response:
    params = _url_params(request)
    if "update" in params:
        raise BadRequest("updates must be sent with POST (application/sparql-update or a form)")
    query = _one(params, "query")
    if query is not None:
        return await _query(request, query, params)
    accept = request.headers.get("accept")
    if negotiation.prefers_html(accept) and "format" not in params:
        html = page.render("/sparql", updates=_settings(request).update_token is not None)
        return HTMLResponse(html, headers=page.HTML_HEADERS | {"X-Content-Type-Options": "nosniff"})
    job = DescriptionJob(
        _endpoint(request),
        _settings(request).update_token is not None,
        _wants(request, params),
    )
    return _respond(await _backend(request).read(job))


async def sparql_post(request: Request) -> Response:
    ctype, charset = _content_type(request)
    url = _url_params(request)
    if ctype == FORM_TYPE:
        body = _text(await _body(request), charset)
        try:
            form = MultiDict(
                parse_qsl(body, keep_blank_values=True, strict_parsing=False, errors="strict")
            )
        except UnicodeDecodeError:
            raise BadRequest("the form is not valid UTF-8 once percent-decoded") from None
        params = MultiDict(url.multi_items() + form.multi_items())
        query, update = _one(params, "query"), _one(params, "update")
        if query is not None and update is not None:
            raise BadRequest("send either 'query' or 'update', not both")
        if query is not None:
            return await _query(request, query, params)
        if update is not None:
            return await _update(request, update, params)
        raise BadRequest("the form has no 'query' or 'update' field")
    if ctype == QUERY_TYPE:
        return await _query(request, _text(await _body(request), charset), url)
    if ctype == UPDATE_TYPE:
        return await _update(request, _text(await _body(request), charset), url)
    raise UnsupportedMediaType(
        f"POST a query as {QUERY_TYPE}, an update as {UPDATE_TYPE}, or either as a "
        f"{FORM_TYPE} form; got {ctype or 'no Content-Type'}"
    )


# --- Graph Store Protocol -----------------------------------------------------------------


def _target(params: MultiDict) -> Target:
    graph = _one(params, "graph")
    if graph is not None and "default" in params:
        raise BadRequest("give either ?graph=IRI or ?default, not both")
    if graph is not None:
        iris = _iris(params, "graph")
        return Target(graph=iris[0] if iris else None)
    return Target() if "default" in params else Target(dataset=True)


async def store(request: Request) -> Response:
    params = _url_params(request)
    if request.method == "GET" and graphs.is_graph_format(params.get("format")):
        return await graphs.export(request, params)  # graphml, gexf, cytoscape, dot, csv
    target = _target(params)
    if request.method == "GET":
        return _respond(await _backend(request).read(GraphReadJob(target, _wants(request, params))))
    _authorize(request)
    if request.method == "DELETE":
        return _respond(await _backend(request).write(GraphWriteJob(target, "DELETE")))
    fmt = negotiation.upload_format(request.headers.get("content-type"))
    body = await _body(request)
    return _respond(
        await _backend(request).write(GraphWriteJob(target, request.method, body, fmt.media_type))
    )


async def home(request: Request) -> Response:
    return RedirectResponse("/sparql")
