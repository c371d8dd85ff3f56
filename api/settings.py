"""The endpoint's settings, declared once.

Each field of :class:`Settings` carries its help text; the ``unkg serve`` options, their
``UNKG_*`` environment variables, ``--help`` and the settings table in the docs are all
derived from these fields, so they cannot drift apart (run ``python -m unkg.api.settings``
to print the table).
"""

from __future__ import annotations

import dataclasses
import inspect
from dataclasses import dataclass, field
from pathlib import Path
from typing import get_type_hints

from unkg.kg.errors import UnkgError

ENV_PREFIX = "UNKG_"


@dataclass(frozen=True)
class Settings:
    """Everything ``create_app`` and ``unkg serve`` need; defaults are safe for a public URL."""

    store: Path | None = field(
        default=None,
        metadata={
            "help": "Oxigraph store directory to serve. Default: a store in the user data directory, "
            "built from the bundled corpus on first start and reused afterwards."
        },
    )
    corpus: Path | None = field(
        default=None,
        metadata={
            "help": "Folder of resolutions to build into the store (incrementally) before serving."
        },
    )
    host: str = field(
        default="127.0.0.1",
        metadata={
            "help": "Interface to bind; 0.0.0.0 makes the endpoint reachable from other machines."
        },
    )
    port: int = field(
        default=8000, metadata={"help": "TCP port to listen on (0 picks a free one)."}
    )
    workers: int = field(
        default=4,
        metadata={
            "help": "Query worker processes: how many queries run at once; one slow query holds one worker."
        },
    )
    timeout: float = field(
        default=30.0,
        metadata={
            "help": "Seconds a query or update may run before its worker is killed and replaced."
        },
    )
    max_rows: int = field(
        default=100_000,
        metadata={
            "help": "Most result rows (or triples/quads) returned; larger results are cut and flagged."
        },
    )
    max_response_bytes: int = field(
        default=64 * 1024 * 1024,
        metadata={"help": "Largest response body; larger results are cut at a row and flagged."},
    )
    max_request_bytes: int = field(
        default=1024 * 1024,
        metadata={"help": "Largest request (query string or body); larger requests get 413."},
    )
    max_pending: int = field(
        default=64,
        metadata={
            "help": "Requests that may wait for a free worker; beyond that the server answers 503."
        },
    )
    update_token: str | None = field(
        default=None,
        metadata={
            "help": "Enables SPARQL Update and Graph Store writes for requests sending "
            "'Authorization: Bearer TOKEN'. Unset: the endpoint is read-only."
        },
    )
    access_log: bool = field(
        default=False,
        metadata={"help": "Log every request (off by default: it costs time per query)."},
    )
    cors_origins: str = field(
        default="*",
        metadata={
            "help": "Comma-separated origins allowed to query from a browser ('*' for any, '' for none)."
        },
    )

    def __post_init__(self) -> None:
        positive = ("workers", "timeout", "max_rows", "max_response_bytes", "max_request_bytes")
        for name in positive:
            if getattr(self, name) <= 0:
                raise UnkgError(
                    f"--{option_name(name)} must be positive, not {getattr(self, name)}"
                )
        if self.max_pending < 0:
            raise UnkgError(f"--max-pending must be zero or more, not {self.max_pending}")
        if not 0 <= self.port <= 65535:
            raise UnkgError(f"--port must be between 0 and 65535, not {self.port}")
        if self.update_token is not None and not self.update_token.strip():
            raise UnkgError(
                "--update-token must not be empty (leave it unset for a read-only endpoint)"
            )

    @property
    def allowed_origins(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]


SETTINGS: tuple[dataclasses.Field, ...] = dataclasses.fields(Settings)


def option_name(name: str) -> str:
    return name.replace("_", "-")


def env_var(name: str) -> str:
    return ENV_PREFIX + name.upper()


def type_name(f: dataclasses.Field) -> str:
    return str(f.type).replace(" | None", "").replace("Path", "path")


def cli_signature() -> inspect.Signature:
    """Keyword-only parameters with ``typer.Option`` defaults, one per setting, for ``unkg serve``."""
    import typer

    hints = get_type_hints(Settings)
    return inspect.Signature(
        [
            inspect.Parameter(
                f.name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=hints[f.name],
                default=typer.Option(
                    f.default,
                    f"--{option_name(f.name)}",
                    envvar=env_var(f.name),
                    help=f.metadata["help"],
                    show_default=f.default is not None,
                ),
            )
            for f in SETTINGS
        ]
    )


def markdown_table() -> str:
    """The settings table for the README (the docs test compares it with this output)."""
    rows = ["| option | environment | type | default | meaning |", "|---|---|---|---|---|"]
    for f in SETTINGS:
        default = "" if f.default is None else f"`{f.default}`"
        rows.append(
            f"| `--{option_name(f.name)}` | `{env_var(f.name)}` | {type_name(f)} | {default} | "
            f"{f.metadata['help']} |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
