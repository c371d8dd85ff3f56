"""What the endpoint benchmarks share: a synthetic store shaped like the real one, servers
started as subprocesses on 127.0.0.1 (and always stopped), and their memory."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from pyoxigraph import Literal, NamedNode, Quad, Store

sys.path.insert(0, str(Path(__file__).parents[1]))
from api_support import free_port, stop  # tests/ is not a package: found via the path above

ELI = "http://data.europa.eu/eli/ontology#"
DOC = "https://undocs.org/A/RES/"
GRAPH = "https://w3id.org/unkg/graph/source/"
XSD_DATE = NamedNode("http://www.w3.org/2001/XMLSchema#date")
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

CHEAP = "SELECT ?p ?o WHERE {{ <" + DOC + "{n}> ?p ?o }}"
AGGREGATE = (
    f"SELECT ?cited (COUNT(?citing) AS ?n) WHERE {{ ?citing <{ELI}cites> ?cited }} "
    "GROUP BY ?cited ORDER BY DESC(?n) LIMIT 20"
)
# Eight independent patterns over the whole store: far more solutions than any time limit allows.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(8)) + " }"


def synthetic_store(path: Path, resolutions: int = 2000, seed: int = 1) -> Path:
    """One graph per resolution: type, symbol, date, title, paragraphs and ~5 citations."""
    rng = random.Random(seed)
    store = Store(str(path))
    quads = []
    for n in range(resolutions):
        doc, graph = NamedNode(f"{DOC}{n}"), NamedNode(f"{GRAPH}{n}")
        quads += [
            Quad(doc, RDF_TYPE, NamedNode(ELI + "LegalResource"), graph),
            Quad(doc, NamedNode(ELI + "id_local"), Literal(f"A/RES/{n}"), graph),
            Quad(doc, NamedNode(ELI + "date_document"), Literal(f"{1950 + n % 75}-06-01", datatype=XSD_DATE), graph),
            Quad(doc, NamedNode(ELI + "title"), Literal(f"Resolution {n} on international cooperation", language="en"), graph),
        ]
        for k in range(3):
            para = NamedNode(f"{DOC}{n}#para_{k}")
            quads += [
                Quad(doc, NamedNode(ELI + "has_part"), para, graph),
                Quad(para, NamedNode(ELI + "description"), Literal(f"Paragraph {k} of resolution {n}, which recalls earlier texts."), graph),
            ]
        for cited in rng.sample(range(n), min(n, 5)):
            quads.append(Quad(doc, NamedNode(ELI + "cites"), NamedNode(f"{DOC}{cited}"), graph))
    store.bulk_extend(quads)
    store.flush()
    store.optimize()
    return path


def rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total


@contextmanager
def started(command: list[str], url: str, timeout: float = 120) -> Iterator[subprocess.Popen]:
    """Run a server until the block ends; ready once ``url`` answers."""
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(url, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} did not start")
            time.sleep(0.2)
        yield proc
    finally:
        stop(proc, 15)


def unkg_serve(store: Path, *options: str) -> tuple[list[str], str]:
    port = free_port()
    command = [sys.executable, "-c", "from unkg.kg.cli import main; main()", "serve", "--store", str(store), "--port", str(port), *options]
    return command, f"http://127.0.0.1:{port}/sparql"


def oxigraph_serve(store: Path) -> tuple[list[str], str]:
    port = free_port()
    command = ["oxigraph", "serve", "--location", str(store), "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    return command, f"http://127.0.0.1:{port}/query"
