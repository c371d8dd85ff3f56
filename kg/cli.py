"""The ``unkg`` command line: one verb per pipeline product (extract, build, stats, export, serve...)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from .errors import UnkgError

app = typer.Typer(
    help="Turn United Nations resolutions into a knowledge graph you can query, export and look at.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


class ReportFormat(StrEnum):
    json = "json"
    table = "table"


def report(message: object) -> None:
    """One error line on stderr: a failed file, or a user's mistake before exiting."""
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)


def fail(message: str, code: int = 1) -> None:
    """Print a one-line error and exit: the only way a user's mistake ends a command."""
    report(message)
    raise typer.Exit(code)


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Resolution files (text, Markdown, PDF, DOCX, HTML) or folders of them."),
    format: ReportFormat = typer.Option(ReportFormat.json, "--format", "-f", help="json: the extraction report (one object per file); table: a summary for a person."),
) -> None:
    """Read resolutions and report what each is and every reference it makes, with evidence.

    Files that fail are reported on stderr (one line each); the others are still extracted,
    and the exit status is 1 when any file failed.
    """
    from .extract import expand_paths, extract_file

    reports, failed = [], 0
    for path in expand_paths(paths):
        try:
            reports.append(extract_file(path))
        except UnkgError as e:
            report(e)
            failed += 1
    if format is ReportFormat.json:
        json.dump([r.to_json() for r in reports], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_tables(reports)
    if failed:
        raise typer.Exit(1)


def _print_tables(reports) -> None:
    out = Console()
    for r in reports:
        d = r.document
        out.rule(f"[bold]{r.doc}[/]")
        out.print(f"[bold]{d.symbol or '(no symbol)'}[/]  {d.kind}  session {d.session}  adopted {d.adopted}  ({r.lang})")
        out.print(f"[italic]{d.title}[/]")
        t = Table(header_style="bold")
        for name, width in (("reference", 14), ("type", 10), ("relation", 13), ("first seen", 15)):
            t.add_column(name, no_wrap=True, min_width=width)
        t.add_column("quote", overflow="ellipsis", no_wrap=True, max_width=48)
        for ref in r.references:
            flag = ref.relation or ("addressed" if ref.addressed else "")
            ev = ref.evidence[0]
            more = f" +{len(ref.evidence) - 1}" if len(ref.evidence) > 1 else ""
            t.add_row(ref.id, ref.type, flag, ev.paragraph + more, " ".join(ev.quote.split()))
        out.print(t)


@app.command()
def score(
    gold: Path = typer.Argument(..., help="Gold answers: a JSON list in the form of the extraction report (see tests/data/gold/SCHEMA.md)."),
    paths: list[Path] = typer.Argument(..., help="The resolutions the gold file describes (files or folders), or one report JSON from `unkg extract`."),
    details: bool = typer.Option(False, "--details", help="Also list every miss, extra reference, wrong relation and wrong field."),
) -> None:
    """Score extraction against gold answers: precision, recall and F1 per type, addressed bodies,
    relations and document fields, as the project's own accuracy tests do."""
    from .extract import expand_paths, extract_file
    from .score import score as score_reports

    gold_rows = _json_list(gold, "gold file")
    if len(paths) == 1 and paths[0].suffix == ".json":
        reports = _json_list(paths[0], "report")
    else:
        reports = []
        for path in expand_paths(paths):
            try:
                reports.append(extract_file(path).to_json())
            except UnkgError as e:
                report(e)
    result = score_reports(reports, gold_rows)
    Console().print(result.table(), highlight=False)
    if details:
        for line in result.misses + result.extras + result.wrong_relations + result.field_errors:
            Console().print(f"  {line}", highlight=False, soft_wrap=True)


def _json_list(path: Path, what: str) -> list[dict]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as e:
        fail(f"{path}: cannot read the {what} as JSON ({e})")
    if not isinstance(data, list) or not all(isinstance(d, dict) and "doc" in d for d in data):
        fail(f"{path}: the {what} must be a JSON list of objects with a \"doc\" field")
    return data


STORE_OPTION = typer.Option(..., "--store", "-s", help="Directory of the Oxigraph store.")


@app.command()
def build(
    corpus: list[Path] = typer.Argument(None, help="Resolution files or folders (default: the bundled seed corpus)."),
    store: Path = STORE_OPTION,
    jobs: int = typer.Option(None, "--jobs", "-j", min=1, help="Extraction processes (default: one per core)."),
    base: str = typer.Option(None, "--base", help="IRI base of bodies, treaties, paragraphs, citations (default https://w3id.org/unkg/)."),
    force: bool = typer.Option(False, "--force", help="Rebuild files whose content has not changed."),
) -> None:
    """Extract resolutions and load their graphs into the store, incrementally.

    Unchanged files are skipped, changed ones replaced, vanished ones removed. Exit status
    is 1 when a file failed (the others are built), 130 when interrupted.
    """
    from importlib.resources import files

    from .build import build as run_build
    from .triples import DEFAULT_BASE

    sources = corpus or [Path(str(files("unkg.kg.sample_corpus")))]
    try:
        summary = run_build(sources, store, jobs=jobs, base=base or DEFAULT_BASE, force=force)
    except KeyboardInterrupt:
        fail("interrupted: every document is either fully built or untouched; run the build again to finish", 130)
    out = Console()
    for path in summary.removed:
        out.print(f"removed the graph of {path} (the file is gone)", highlight=False)
    for failure in summary.failed:
        err.print(f"[bold red]failed:[/] {failure.reason}", highlight=False, soft_wrap=True)
    rate = (len(summary.added) + len(summary.replaced)) / summary.seconds if summary.seconds else 0
    out.print(
        f"{len(summary.added)} added, {len(summary.replaced)} replaced, {len(summary.skipped)} unchanged, "
        f"{len(summary.removed)} removed, {len(summary.failed)} failed; {summary.triples:,} triples written "
        f"in {summary.seconds:.1f} s ({rate:.1f} documents/s)",
        highlight=False,
    )
    if not summary.ok:
        raise typer.Exit(1)


@app.command()
def stats(store: Path = STORE_OPTION, top: int = typer.Option(10, "--top", min=1, help="How many most-cited resolutions to list.")) -> None:
    """Documents, triples, references by type and the most cited resolutions of a store."""
    from .stats import store_stats
    from .store import open_store, stored_iris
    from .triples import Iris

    st = open_store(store, read_only=True)
    s = store_stats(st, stored_iris(st) or Iris(), top=top)
    out = Console()
    overview = Table("documents", "named graphs", "triples", title=f"store {store}")
    overview.add_row(f"{s.documents:,}", f"{s.graphs:,}", f"{s.triples:,}")
    out.print(overview)
    refs = Table("reference (edge)", "citations", title="references by type")
    for name, n in s.references:
        refs.add_row(name, f"{n:,}")
    out.print(refs)
    cited = Table("resolution", "citing documents", title=f"top {top} cited resolutions")
    for symbol, n in s.top_cited:
        cited.add_row(symbol, f"{n:,}")
    out.print(cited)


@app.command()
def export(
    store: Path = STORE_OPTION,
    format: str = typer.Option(None, "--format", "-f", help="RDF: turtle, trig, nquads, ntriples, jsonld, rdfxml; graph tools: graphml, gexf, cytoscape, dot, csv (default: from -o's extension, else trig)."),
    graph: str = typer.Option(None, "--graph", "-g", help="Export only this named graph (IRI)."),
    output: Path = typer.Option(None, "--output", "-o", help="File to write (default: standard output; csv: a directory or a .zip)."),
    view: str = typer.Option(None, "--view", help="Graph-tool formats: citations (default), bodies, treaties or all."),
    lang: str = typer.Option("en", "--lang", help="Graph-tool formats: language of body and treaty names (en, fr)."),
) -> None:
    """Write the store as RDF (streaming), or a view of it as a network for graph tools."""
    from pyoxigraph import NamedNode, RdfFormat

    from .export import export as run_export
    from .export import format_by_name
    from .graphview import graph_format
    from .store import open_store

    tool_format = graph_format(format) if format else graph_format(extension=output.suffix) if output else None
    if tool_format is not None:
        from .graphview import export_graph

        if graph:
            fail("--graph applies to RDF formats; a graph-tool view covers every graph")
        if output is None and tool_format.name == "csv":
            fail("csv is two files: give -o DIR (nodes.csv, edges.csv) or -o FILE.zip")
        export_graph(open_store(store, read_only=True), tool_format, output or sys.stdout.buffer, view=view or "citations", lang=lang)
        return
    if view:
        fail("--view applies to the graph-tool formats (graphml, gexf, cytoscape, dot, csv)")
    if format:
        fmt = format_by_name(format)
    elif output is not None and output.suffix:
        fmt = RdfFormat.from_extension(output.suffix.lstrip("."))
        if fmt is None:
            fail(f"cannot tell the format from {output.name}; give --format")
    else:
        fmt = RdfFormat.TRIG
    try:
        graph_node = NamedNode(graph) if graph else None
    except ValueError:
        fail(f"--graph must be an absolute IRI, not {graph!r}")
    st = open_store(store, read_only=True)
    if output is None:
        run_export(st, fmt, sys.stdout.buffer, graph=graph_node)
        return
    with output.open("wb") as f:
        run_export(st, fmt, f, graph=graph_node)


@app.command()
def publish(
    store: Path = STORE_OPTION,
    to: str = typer.Option(..., "--to", help="Graph Store Protocol endpoint, e.g. http://localhost:7878/store."),
    token: str = typer.Option(None, "--token", envvar="UNKG_PUBLISH_TOKEN", help="Bearer token for the endpoint."),
) -> None:
    """Send the store's named graphs to a triple store; only graphs that changed are sent."""
    from .publish import publish as run_publish
    from .store import open_store

    summary = run_publish(open_store(store), to, token=token)
    for graph, reason in summary.failed:
        err.print(f"[bold red]failed:[/] {graph}: {reason}", highlight=False, soft_wrap=True)
    Console().print(
        f"{len(summary.sent)} graphs sent, {summary.unchanged} unchanged, {len(summary.deleted)} deleted, "
        f"{len(summary.failed)} failed → {to}",
        highlight=False,
    )
    if not summary.ok:
        raise typer.Exit(1)


@app.command()
def query(
    query: str = typer.Argument(None, help="A named query (see --list), a .rq file, or SPARQL text."),
    param: list[str] = typer.Option(None, "--param", "-p", help="A parameter of the named query, as name=value (repeatable)."),
    store: Path = typer.Option(None, "--store", "-s", help="Directory of the Oxigraph store (default: the one `unkg serve` builds)."),
    format: str = typer.Option("table", "--format", "-f", help="table, json (W3C SPARQL results), csv, tsv; turtle or jsonld for CONSTRUCT."),
    list_: bool = typer.Option(False, "--list", help="List the named queries with their titles and parameters."),
) -> None:
    """Ask the graph a question: a named query from the library, a .rq file or SPARQL text.

    Parameters are bound as RDF terms, never pasted into the query: a resolution by its symbol
    (A/RES/64/177), a body, treaty or instrument by its slug (unodc), or any full IRI.
    """
    from . import queries as lib
    from .store import open_store, stored_iris
    from .triples import Iris

    out = Console()
    if list_:
        listing = Table("name", "title", "parameters (default)", title="named queries")
        for q in lib.library().values():
            listing.add_row(q.name, q.title, ", ".join(f"{p.name} ({p.default})" for p in q.parameters))
        out.print(listing)
        return
    if not query:
        fail("give a query name, a .rq file or SPARQL text (`unkg query --list` shows the library)")
    if format != "table" and format not in lib.RESULT_FORMATS and format not in lib.GRAPH_FORMATS:
        fail(f"unknown format {format!r}; choose table, {', '.join([*lib.RESULT_FORMATS, *lib.GRAPH_FORMATS])}")
    from rich.markup import escape

    from unkg.api.serve import default_store

    try:
        named = lib.resolve(query)
        st = open_store(store or default_store(), read_only=True)
        result = lib.run(st, named, lib.bind(named, lib.parse_params(param or []), stored_iris(st) or Iris()))
        if format != "table":
            sys.stdout.buffer.write(lib.serialize_result(result, format))
            sys.stdout.buffer.flush()
            return
        columns, rows = lib.table(result)
    except UnkgError as e:
        fail(str(e))
    grid = Table(*columns, title=named.title)
    for row in rows:
        grid.add_row(*(escape(cell) for cell in row))  # values are data, not rich markup
    out.print(grid)


def serve(**options) -> None:
    """Serve the store as a SPARQL 1.1 endpoint (a query page for browsers at /sparql).

    With no options, builds the bundled corpus into a store in your data directory on first
    start and reuses it afterwards. Every option can also be set by its UNKG_* variable.
    """
    from unkg.api.serve import run
    from unkg.api.settings import Settings

    run(Settings(**options))


def _declare_serve() -> None:
    from unkg.api.settings import cli_signature

    serve.__signature__ = cli_signature()  # the options come from the settings table
    app.command()(serve)


_declare_serve()


def main() -> None:
    """Console-script entry point: user errors become one line on stderr, never a traceback."""
    try:
        app()
    except UnkgError as e:
        report(e)
        sys.exit(1)


if __name__ == "__main__":
    main()
