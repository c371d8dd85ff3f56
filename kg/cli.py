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


def fail(message: str, code: int = 1) -> None:
    """Print a one-line error and exit: the only way a user's mistake ends a command."""
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
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
            err.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
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
        out.print(f"[bold]{d.symbol or '(no symbol)'}[/]  {d.kind}  session {d.session}  adopted {d.adopted}")
        out.print(f"[italic]{d.title}[/]")
        t = Table("type", "id", "relation / addressed", "where", "quote", show_lines=False)
        for ref in r.references:
            flag = ref.relation or ("addressed" if ref.addressed else "")
            ev = ref.evidence[0]
            quote = ev.quote if len(ev.quote) <= 60 else ev.quote[:57] + "..."
            t.add_row(ref.type, ref.id, flag, ev.paragraph, quote)
        out.print(t)


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
        err.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
