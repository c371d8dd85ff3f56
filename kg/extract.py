"""The extractor's public verbs: a file (or a text) in, an extraction report out.

read → clean → segment → find (resolutions, documents, entities, UNTS citations) →
relations → merge one reference per (type, id), every occurrence kept as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cache
from itertools import pairwise
from pathlib import Path

from .clean import Cleaned, clean
from .documents import find_documents
from .entities import (
    EntityMatch,
    find_by_symbol,
    find_unknown_bodies,
    find_unts,
    fold,
    gazetteer,
    resolve,
)
from .errors import ReadError, UnkgError
from .lexicon import load
from .metadata import read_document
from .models import DocumentInfo, Evidence, Mention, Paragraph, Reference, Report
from .read import read_source
from .relations import addressed_spans, coordinates, leads_object, relation_at, strongest
from .resolutions import find_resolutions
from .segment import segment

_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".pdf", ".docx", ".html", ".htm", ""}
_ORGAN_SELF = {"ga": "general-assembly", "sc": "security-council", "ecosoc": "ecosoc"}
_RESOLUTION_TYPES = {"ga-resolution", "sc-resolution", "ecosoc-resolution", "other-resolution"}
_FR = re.compile(r"\b(?:les|des|du|une|dans|sur|aux|elle|qui|pour|être|été)\b")
_EN = re.compile(r"\b(?:the|of|and|to|its|which|with|that|for|been|on)\b")


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and the resolution-like files inside folders named, in a stable order."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in _SUFFIXES and not child.name.startswith((".", "_")):
                    yield child
        else:
            yield path


def extract_file(path: Path) -> Report:
    """The extraction report of one file; raises :class:`UnkgError` with a one-line reason."""
    source = read_source(Path(path))
    report = extract_text(source.text, doc=Path(path).name)
    return Report(report.doc, report.lang, report.document, report.references, str(path), source.sha256)


def extract_text(text: str, doc: str = "<text>") -> Report:
    """The extraction report of a resolution's text (spans index into ``text``)."""
    cleaned = clean(text)
    layout = segment(cleaned.text)
    lang = _language(cleaned.text)
    document = read_document(cleaned.text, layout, _countries())
    if layout.organ is None and document.symbol is None and document.kind is None:
        raise ReadError(f"{doc}: does not look like a UN resolution (no symbol, no heading such as "
                        "\"The General Assembly,\" or \"L'Assemblée générale,\")")
    own_organ = _ORGAN_SELF.get(layout.organ or "", layout.organ)
    mentions = _mentions(text, cleaned, layout.paragraphs, own_organ)
    return Report(doc, lang, document, _merge(mentions, document, own_organ))


def _mentions(source: str, cleaned: Cleaned, paragraphs: tuple[Paragraph, ...], own_organ: str | None) -> list[Mention]:
    gaz = gazetteer()
    seen: dict[str, int] = {}
    out: list[Mention] = []
    for par in paragraphs:
        text = par.text

        def evidence(start: int, end: int, par: Paragraph = par) -> Evidence:
            s, e = cleaned.source_span(par.clean_pos(start), par.clean_pos(end, end=True))
            return Evidence(par.label, s, e, source[s:e])

        footnote = par.kind == "footnote"
        for hit in find_resolutions(text, own_organ):
            relation = "cites" if footnote or par.kind == "header" else relation_at(text, hit.start)
            out.append(Mention(hit.type, hit.id, evidence(hit.start, hit.end), relation=relation))
        documents = find_documents(text)
        for hit in documents + find_by_symbol(documents, gaz) + find_unts(text, gaz):
            out.append(Mention(hit.type, hit.id, evidence(hit.start, hit.end)))
        matches = resolve(gaz.find(text), text, seen, par.clean_pos(0))
        if par.kind != "header" and text.rstrip().endswith((",", ";", ".", ":")):  # not a heading
            matches += find_unknown_bodies(text, matches)
        addressed = _addressed(matches, text) if par.kind in ("operative", "annex") else {}
        for m in matches:
            ev = evidence(m.start, m.end)
            verb = addressed.get((m.start, m.slug))
            if verb is not None:  # what was asked of the body, and in which words
                ev = replace(ev, verb=" ".join(verb.split()), context=" ".join(text.split()))
            out.append(Mention(m.type, m.slug, ev, addressed=verb is not None))
    return out


def _addressed(matches: list[EntityMatch], text: str) -> dict[tuple[int, str], str]:
    """(start, slug) of the bodies an addressing verb acts upon, with that verb.

    The addressee opens the verb's object ("Prie l'Office ...", "Encourages improved
    cooperation between the Commission and the Council"); bodies coordinated with it count
    too, but not one named as its parent ("le Centre ... de l'Office") or in a partner clause.
    """
    bodies = sorted((m for m in matches if m.type == "body"), key=lambda m: (m.start, -m.end))
    outer: list[EntityMatch] = []
    for m in bodies:
        if not outer or m.start >= outer[-1].end:
            outer.append(m)
    out: dict[tuple[int, str], str] = {}
    for start, end, verb in addressed_spans(text):
        inside = [m for m in outer if start <= m.start < end]
        if not inside or not leads_object(text[start : inside[0].start]):
            continue
        out[(inside[0].start, inside[0].slug)] = verb
        for prev, m in pairwise(inside):
            if not coordinates(text[prev.end : m.start]):
                break
            out[(m.start, m.slug)] = verb
    # several names for one addressee at the same place (two entities sharing a name)
    verbs = {s: v for (s, _), v in out.items()}
    out.update({(m.start, m.slug): verbs[m.start] for m in bodies if m.start in verbs})
    return out


def _merge(mentions: list[Mention], document: DocumentInfo, own_organ: str | None) -> tuple[Reference, ...]:
    """One reference per (type, id): strongest relation, addressed if any mention is."""
    merged: dict[tuple[str, str], dict] = {}
    for m in mentions:
        if m.id == document.symbol or (m.type == "body" and m.id == own_organ):
            continue
        key = (m.type, m.id)
        entry = merged.setdefault(key, {"evidence": [], "relation": None, "addressed": False})
        entry["evidence"].append(m.evidence)
        if m.type in _RESOLUTION_TYPES:
            entry["relation"] = strongest(entry["relation"], m.relation or "cites")
        entry["addressed"] = entry["addressed"] or m.addressed
    refs = []
    for (type_, id_), entry in merged.items():
        evidence = tuple(sorted(set(entry["evidence"]), key=lambda e: (e.start, e.end)))
        refs.append(
            Reference(
                type_,
                id_,
                evidence,
                relation=entry["relation"],
                addressed=entry["addressed"] if type_ == "body" else None,
            )
        )
    order = {t: i for i, t in enumerate(
        ["ga-resolution", "sc-resolution", "ecosoc-resolution", "other-resolution", "document", "treaty", "instrument", "body"]
    )}
    refs.sort(key=lambda r: (order.get(r.type, 99), r.evidence[0].start if r.evidence else 0))
    return tuple(refs)


def _language(text: str) -> str:
    sample = text[:20000]
    return "fr" if len(_FR.findall(sample)) > len(_EN.findall(sample)) else "en"


@cache
def _countries() -> dict[str, str]:
    """Folded country name (French or English) → ISO 3166-1 alpha-3."""
    table: dict[str, str] = {}
    for code, names in (load("countries") or {}).items():
        for lang in ("en", "fr"):
            for name in names.get(lang, []):
                table[fold(name)] = code
    return table


__all__ = ["UnkgError", "expand_paths", "extract_file", "extract_text"]
