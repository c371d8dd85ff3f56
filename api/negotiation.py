"""Content negotiation over pyoxigraph's format objects.

pyoxigraph's ``QueryResultsFormat`` and ``RdfFormat`` know their media types, names and file
extensions, so they are the only registry: the ``Accept`` header (with q-values), the
``format=`` parameter, request bodies and the service description all look formats up here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat

from .errors import NotAcceptable, UnsupportedMediaType

Format = QueryResultsFormat | RdfFormat

# Server preference first: the first format is the default when the client accepts anything.
RESULT_FORMATS: tuple[QueryResultsFormat, ...] = (
    QueryResultsFormat.JSON,
    QueryResultsFormat.XML,
    QueryResultsFormat.CSV,
    QueryResultsFormat.TSV,
)
GRAPH_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat.TURTLE,
    RdfFormat.N_TRIPLES,
    RdfFormat.JSON_LD,
    RdfFormat.RDF_XML,
    RdfFormat.TRIG,
    RdfFormat.N_QUADS,
    RdfFormat.N3,
)
DATASET_FORMATS: tuple[RdfFormat, ...] = tuple(f for f in GRAPH_FORMATS if f.supports_datasets)
# What a Graph Store write may send: everything pyoxigraph parses.
UPLOAD_FORMATS = GRAPH_FORMATS


def essence(media_type: str) -> str:
    """``text/csv; charset=utf-8`` -> ``text/csv``."""
    return media_type.split(";", 1)[0].strip().lower()


@dataclass(frozen=True)
class _Range:
    type: str
    subtype: str
    q: float

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")


def _parse_accept(header: str) -> list[_Range]:
    ranges = []
    for item in header.split(","):
        media, *params = (p.strip() for p in item.split(";"))
        if "/" not in media:
            continue
        type_, subtype = (x.strip().lower() for x in media.split("/", 1))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(_Range(type_, subtype, q))
    return ranges


def _lookup(kind: type, media_type: str) -> Format | None:
    try:
        return kind.from_media_type(media_type)
    except ValueError:
        return None


def _quality(fmt: Format, ranges: list[_Range]) -> float:
    """The q of the most specific range that matches ``fmt`` (RFC 9110 §12.5.1)."""
    ftype = essence(fmt.media_type).split("/")[0]
    best: _Range | None = None
    for r in ranges:
        if r.specificity == 2:
            # pyoxigraph also knows aliases such as application/json or application/x-turtle.
            matches = _lookup(type(fmt), f"{r.type}/{r.subtype}") == fmt
        else:
            matches = r.type == "*" or (r.type == ftype and r.subtype == "*")
        if matches and (best is None or r.specificity > best.specificity):
            best = r
    return best.q if best else 0.0


def _alias_keys(fmt: Format) -> set[str]:
    """Spellings accepted by ``format=``: name, extension, media type and its last word."""
    media = essence(fmt.media_type)
    last = re.split(r"[/+]", media)[-1]
    return {
        re.sub(r"[^a-z0-9]", "", k.lower()) for k in (fmt.name, fmt.file_extension, media, last)
    }


def by_name(name: str, candidates: Sequence[Format]) -> Format | None:
    key = re.sub(r"[^a-z0-9]", "", name.lower())
    for fmt in candidates:
        if key in _alias_keys(fmt) or essence(name) == essence(fmt.media_type):
            return fmt
    return None


def describe(candidates: Sequence[Format]) -> str:
    return ", ".join(f"{f.file_extension} ({essence(f.media_type)})" for f in candidates)


def negotiate(
    accept: str | None, format_param: str | None, candidates: Sequence[Format]
) -> Format | None:
    """The format to answer with, or None when nothing the client accepts can be served.

    ``format=`` wins over ``Accept``; an absent or empty ``Accept`` means anything.
    """
    if format_param:
        return by_name(format_param, candidates)
    ranges = _parse_accept(accept or "*/*") or _parse_accept("*/*")
    scored = [(_quality(f, ranges), -i, f) for i, f in enumerate(candidates)]
    q, _, best = max(scored, key=lambda t: t[:2])
    return best if q > 0 else None


def require(
    accept: str | None, format_param: str | None, candidates: Sequence[Format], what: str
) -> Format:
    """Like :func:`negotiate`, but a mismatch is a 406 that lists what would work."""
    fmt = negotiate(accept, format_param, candidates)
    if fmt is None:
        asked = f"format={format_param!r}" if format_param else f"Accept: {accept}"
        raise NotAcceptable(
            f"cannot serve {what} as {asked}; available: {describe(candidates)} "
            f"(use an Accept header or format= with one of these)"
        )
    return fmt


def prefers_html(accept: str | None) -> bool:
    """Whether a client names HTML at least as highly as any RDF syntax (a browser does)."""
    explicit = [r for r in _parse_accept(accept or "") if r.specificity == 2]
    html = max(
        (
            r.q
            for r in explicit
            if f"{r.type}/{r.subtype}" in ("text/html", "application/xhtml+xml")
        ),
        default=0.0,
    )
    return html > 0 and html >= max(_quality(f, explicit) for f in GRAPH_FORMATS)


def upload_format(content_type: str | None) -> RdfFormat:
    """The RDF syntax of a Graph Store request body, from its Content-Type (415 otherwise)."""
    fmt = _lookup(RdfFormat, essence(content_type)) if content_type else None
    if fmt is None or fmt not in UPLOAD_FORMATS:
        raise UnsupportedMediaType(
            f"cannot read a body of type {content_type or '(none)'}; send one of: "
            f"{describe(UPLOAD_FORMATS)}"
        )
    return fmt
