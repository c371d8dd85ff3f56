"""Frozen records passed between the extraction stages.

Every record that comes from the text carries a span ``(start, end)`` in the *source*
text (the decoded file as read), so evidence always points into the original file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Source:
    """A file decoded to text: what every later stage reads."""

    path: Path
    text: str
    format: str  # "text", "markdown", "pdf", "docx", "html"
    encoding: str | None = None
    sha256: str | None = None  # of the file's bytes: what incremental builds compare


@dataclass(frozen=True)
class Paragraph:
    """One unit of the resolution's structure: header, preamble N, operative N, footnote N...

    OCR and PDF text interleave footnotes with the paragraph they interrupt, so a paragraph
    is a list of ``chunks`` (spans of the cleaned text); ``text`` joins them with spaces and
    turns line breaks into spaces, so that patterns never see the layout.
    """

    kind: str  # "header", "preamble", "operative", "footnote", "annex", "footer"
    number: int | str
    chunks: tuple[tuple[int, int], ...]
    text: str

    @property
    def label(self) -> str:
        return self.kind if self.kind in ("header", "footer") else f"{self.kind} {self.number}"

    def clean_pos(self, i: int, *, end: bool = False) -> int:
        """Position in the cleaned text of offset ``i`` of ``text``."""
        base = 0
        for start, stop in self.chunks:
            size = stop - start
            if i < base + size or (end and i == base + size):
                return start + (i - base)
            base += size + 1
        return self.chunks[-1][1]


@dataclass(frozen=True)
class Evidence:
    """Where a reference was found: paragraph label, source span and the quoted text."""

    paragraph: str
    start: int
    end: int
    quote: str
    verb: str | None = None  # for an addressed body: the operative verb that acts on it
    context: str | None = None  # for an addressed body: the whole paragraph, as read

    def to_json(self) -> dict:
        out = {"paragraph": self.paragraph, "start": self.start, "end": self.end, "quote": self.quote}
        if self.verb is not None:
            out["verb"], out["context"] = self.verb, self.context
        return out


@dataclass(frozen=True)
class Mention:
    """One occurrence of a reference in the text, before mentions are merged."""

    type: str  # ga-resolution, sc-resolution, ecosoc-resolution, other-resolution, document, treaty, instrument, body
    id: str
    evidence: Evidence
    relation: str | None = None  # resolutions only
    addressed: bool = False  # bodies only


@dataclass(frozen=True)
class Reference:
    """A reference of the report: one per (type, id) in a document, with all its evidence."""

    type: str
    id: str
    evidence: tuple[Evidence, ...]
    relation: str | None = None
    addressed: bool | None = None

    def to_json(self) -> dict:
        out: dict = {"type": self.type, "id": self.id}
        if self.relation is not None:
            out["relation"] = self.relation
        if self.addressed is not None:
            out["addressed"] = self.addressed
        out["evidence"] = [e.to_json() for e in self.evidence]
        return out


@dataclass(frozen=True)
class DocumentInfo:
    """What the document is: the ``document`` block of the report."""

    symbol: str | None = None
    kind: str | None = None
    title: str | None = None
    session: int | None = None
    adopted: str | None = None
    plenary_meeting: int | None = None
    agenda_item: str | None = None
    committee_report: tuple[str, ...] = ()
    sponsors: tuple[str, ...] = ()

    def to_json(self) -> dict:
        out = asdict(self)
        out["committee_report"] = list(self.committee_report)
        out["sponsors"] = list(self.sponsors)
        return out


@dataclass(frozen=True)
class Report:
    """The extraction report for one file, in the form of the gold SCHEMA plus evidence."""

    doc: str
    lang: str
    document: DocumentInfo
    references: tuple[Reference, ...] = field(default_factory=tuple)
    path: str | None = None
    sha256: str | None = None

    def to_json(self) -> dict:
        return {
            "doc": self.doc,
            "lang": self.lang,
            "document": self.document.to_json(),
            "references": [r.to_json() for r in self.references],
        }
