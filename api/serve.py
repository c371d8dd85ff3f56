"""``unkg serve``: make sure there is a store, then run the app under uvicorn.

With no ``--store``, the bundled corpus is built once into the user's data directory and
reused on later starts; ``--corpus DIR`` (re)builds that folder into the store first.
"""

from __future__ import annotations

import shutil
import socket
from dataclasses import replace
from importlib.resources import as_file, files
from pathlib import Path

import platformdirs
import uvicorn
from rich.console import Console

from unkg.kg.errors import UnkgError

from .app import create_app
from .settings import Settings

EXAMPLE_QUERY = "SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def default_store() -> Path:
    return platformdirs.user_data_path("unkg") / "store"


def _build(sources: list[Path], store: Path) -> None:
    from unkg.kg.build import build

    summary = build(sources, store)
    for failure in summary.failed:
        Console(stderr=True).print(f"[yellow]warning:[/] {failure}", highlight=False)


def prepare_store(settings: Settings) -> Settings:
    """The settings with ``store`` set to a store that exists (building it if needed)."""
    store = settings.store or default_store()
    if settings.corpus is not None:
        _build([settings.corpus], store)
    elif not store.is_dir():
        if settings.store is not None:
            raise UnkgError(f"no store at {store}: give --corpus DIR to build one there")
        # First start: build into a temporary directory, then rename, so that an
        # interrupted build is never mistaken for a finished store.
        partial = store.with_name(store.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.parent.mkdir(parents=True, exist_ok=True)
        with as_file(files("unkg.kg.sample_corpus")) as corpus:
            _build([corpus], partial)
        partial.rename(store)
    return replace(settings, store=store)


def _listen(host: str, port: int) -> socket.socket:
    """A bound TCP socket (port 0 picks one), so the URL printed is the URL served.

    Created with the protocol from getaddrinfo: asyncio only sets TCP_NODELAY on sockets whose
    proto is IPPROTO_TCP, and without it every keep-alive response waits ~40 ms (Nagle).
    """
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(address)
    return sock


def run(settings: Settings) -> None:
    settings = prepare_store(settings)
    app = create_app(settings)
    try:
        sock = _listen(settings.host, settings.port)
    except OSError as e:
        raise UnkgError(f"cannot listen on {settings.host}:{settings.port}: {e.strerror}") from None
    host, port = sock.getsockname()[:2]
    url = f"http://{host}:{port}/sparql"
    out = Console()
    out.print(f"Serving {settings.store} at [bold]{url}[/] (query page: open it in a browser)")
    out.print(
        f"Try: curl -H 'Accept: text/csv' --data-urlencode 'query={EXAMPLE_QUERY}' {url}",
        highlight=False,
        soft_wrap=True,
    )
    config = uvicorn.Config(
        app, log_level="info", access_log=settings.access_log, timeout_graceful_shutdown=5
    )
    uvicorn.Server(config).run(sockets=[sock])
