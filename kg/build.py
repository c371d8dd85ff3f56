"""Stage: corpus → store, incrementally, extracting in parallel.

The store decides what to do: a file whose bytes and pipeline fingerprint match its build
record is skipped, a changed one has its graph replaced, a vanished one has its graph
removed. Extraction runs in worker processes; only this process writes, one transaction
per document, so an interrupted build (Ctrl-C, kill -9) loses at most the documents in flight.
"""

from __future__ import annotations

import hashlib
import os
import signal
import time
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from importlib.resources import files
from itertools import islice
from multiprocessing import get_context
from pathlib import Path

from pyoxigraph import NamedNode
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from unkg import __version__

from .errors import UnkgError
from .store import (
    Record,
    canonical_ntriples,
    check_base,
    graph_for,
    open_store,
    records,
    remove_graph,
    write_graph,
)
from .triples import DEFAULT_BASE, Iris, entity_quads, ontology_quads, report_quads


@dataclass(frozen=True)
class Failure:
    path: Path
    reason: str


@dataclass
class BuildSummary:
    """What a build did, file by file; ``ok`` is false when any file failed."""

    store: Path
    added: list[Path] = field(default_factory=list)
    replaced: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    ontology_loaded: bool = False
    triples: int = 0  # triples written by this build
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


def pipeline_fingerprint(iris: Iris) -> str:
    """Hash of what turns a file into triples besides its bytes: version, base, lexicon, gazetteer.

    When it changes (new gazetteer row, new lexicon entry) every document is rebuilt.
    """
    h = hashlib.sha256(f"{__version__}\n{iris.base}\n".encode())
    data = [files("unkg.ontology") / "entities.yaml", *sorted(files("unkg.kg.lexicon").iterdir(), key=lambda p: p.name)]
    for item in data:
        if item.is_file() and item.name.endswith((".yaml", ".tsv")):
            h.update(item.name.encode() + b"\0" + item.read_bytes())
    return h.hexdigest()


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which stops the pool and keeps the store consistent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def extract_ntriples(path: str, graph: str, base: str, sha256: str) -> tuple[str, str, int]:
    """Worker: one file → its graph's canonical N-Triples, content hash and triple count."""
    from .extract import extract_text
    from .read import read_source

    source = read_source(Path(path))
    report = extract_text(source.text, doc=Path(path).name)
    quads = report_quads(report.to_json(), NamedNode(graph), iris=Iris(base), sha256=sha256, text=source.text)
    return canonical_ntriples(q.triple for q in quads)


def build(
    sources: Sequence[Path],
    store: Path,
    *,
    jobs: int | None = None,
    progress: bool = True,
    base: str = DEFAULT_BASE,
    force: bool = False,
) -> BuildSummary:
    """Builds or updates the store at ``store`` from files and folders of resolutions.

    ``jobs`` worker processes extract (default: one per core; 1 runs in this process);
    ``force`` rebuilds files whose record matches. Files that fail are listed in the
    summary with their reason; the others are built.
    """
    from .extract import expand_paths

    started = time.monotonic()
    missing = [str(p) for p in sources if not Path(p).exists()]
    if missing:
        raise UnkgError(f"no such file or folder: {', '.join(missing)}")
    paths = list(dict.fromkeys(p.resolve() for p in expand_paths(Path(s) for s in sources)))
    iris = Iris(base)
    summary = BuildSummary(Path(store))
    st = open_store(Path(store))
    check_base(st, iris)
    summary.ontology_loaded = _ensure_ontology(st, iris)

    known = records(st, iris)
    current = set(paths)
    for rec in sorted(known.values(), key=lambda r: str(r.source)):
        if rec.source is not None and rec.source not in current:
            remove_graph(st, iris, rec.graph)
            summary.removed.append(rec.source)

    fingerprint = pipeline_fingerprint(iris)
    todo: list[tuple[Path, NamedNode, str]] = []
    for path in paths:
        try:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as e:
            summary.failed.append(Failure(path, f"{path.name}: cannot read ({e.strerror})"))
            continue
        graph = graph_for(path, iris)
        rec = known.get(graph)
        if rec and not force and rec.sha256 == sha and rec.pipeline == fingerprint:
            summary.skipped.append(path)
        else:
            todo.append((path, graph, sha))

    def store_result(path: Path, graph: NamedNode, sha: str, result: tuple[str, str, int]) -> None:
        ntriples, content_hash, count = result
        exists = graph in known
        write_graph(st, iris, Record(graph, path, sha, fingerprint, content_hash, count), ntriples, replace=exists)
        (summary.replaced if exists else summary.added).append(path)
        summary.triples += count

    bar = Progress(
        TextColumn("building"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=Console(stderr=True), disable=not progress, transient=False,
    )
    workers = min(jobs or os.cpu_count() or 1, max(len(todo), 1))
    with bar:
        task = bar.add_task("build", total=len(todo))
        if workers == 1:
            for path, graph, sha in todo:
                try:
                    result = extract_ntriples(str(path), graph.value, base, sha)
                except Exception as e:  # an extractor bug must not stop the other files
                    summary.failed.append(_failure(path, e))
                else:
                    store_result(path, graph, sha, result)
                bar.advance(task)
        else:
            _run_pool(todo, workers, base, store_result, summary, lambda: bar.advance(task))
    st.flush()
    if summary.added or summary.replaced or summary.removed:
        st.optimize()  # compaction: the write-ahead logs and overlapping tables take 3x the disk
    summary.seconds = time.monotonic() - started
    return summary


def _run_pool(todo, workers, base, store_result, summary: BuildSummary, advance) -> None:
    """Extract in a process pool and write results here as they come.

    Only a few files per worker are in flight, so memory stays flat on large corpora; Ctrl-C
    cancels what is pending and lets the running extractions finish.
    """
    pool = ProcessPoolExecutor(workers, mp_context=get_context("forkserver"), initializer=_ignore_sigint)
    pending = iter(todo)
    futures: dict[Future, tuple[Path, NamedNode, str]] = {}

    def submit_more() -> None:
        for path, graph, sha in islice(pending, max(0, 4 * workers - len(futures))):
            futures[pool.submit(extract_ntriples, str(path), graph.value, base, sha)] = (path, graph, sha)

    try:
        submit_more()
        while futures:
            done, _ = wait(futures, return_when=FIRST_COMPLETED)
            for future in done:
                path, graph, sha = futures.pop(future)
                # exception() rather than a raising result(): a traceback through this frame
                # would hold the store (and its lock) in a reference cycle after build() returns.
                error = future.exception()
                if error is None:
                    store_result(path, graph, sha, future.result())
                else:
                    summary.failed.append(_failure(path, error))
                advance()
            submit_more()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _failure(path: Path, error: Exception) -> Failure:
    """A file's failure as one line: the extractor's own message, or what went wrong in it."""
    if isinstance(error, UnkgError):
        return Failure(path, str(error))
    if isinstance(error, BrokenProcessPool):
        return Failure(path, f"{path.name}: the extractor process died")
    return Failure(path, f"{path.name}: {type(error).__name__}: {error}")


def _ensure_ontology(st, iris: Iris) -> bool:
    """(Re)loads the ontology and gazetteer graph when their files changed; True if it did."""
    graph = iris.graph("ontology")
    digest = hashlib.sha256(iris.base.encode())
    for name in ("unkg.ttl", "entities.yaml"):
        item = files("unkg.ontology") / name
        if item.is_file():
            digest.update(name.encode() + b"\0" + item.read_bytes())
    sha = digest.hexdigest()
    rec = records(st, iris).get(graph)
    if rec and rec.sha256 == sha and rec.pipeline == __version__:
        return False
    quads = [*ontology_quads(graph), *entity_quads(graph, iris=iris)]
    ntriples, content_hash, count = canonical_ntriples(q.triple for q in quads)
    write_graph(st, iris, Record(graph, None, sha, __version__, content_hash, count), ntriples, replace=rec is not None)
    return True
