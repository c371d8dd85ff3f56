"""Stage: extraction report → RDF quads, in the document's own named graph.

Every IRI is minted here, from the report alone, so the same report always gives the same
quads (no blank nodes, no clocks, no random ids). UN documents are named by their symbol at
the UN's own document service (``https://undocs.org/A/RES/64/177``) so that graphs built
elsewhere link up; everything else lives under one configurable base.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from urllib.parse import quote

import yaml
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from unkg import __version__

DEFAULT_BASE = "https://w3id.org/unkg/"
UNDOCS = "https://undocs.org/"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"

UNKG = "https://w3id.org/unkg/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ELI = "http://data.europa.eu/eli/ontology#"
ORG = "http://www.w3.org/ns/org#"
CITO = "http://purl.org/spar/cito/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"


def _n(ns: str, local: str) -> NamedNode:
    return NamedNode(ns + local)


TYPE = _n(RDF, "type")
LABEL = _n(RDFS, "label")
PREF_LABEL, ALT_LABEL, HIDDEN_LABEL, NOTE = (_n(SKOS, x) for x in ("prefLabel", "altLabel", "hiddenLabel", "note"))
IDENTIFIER, TITLE, DATE, LANGUAGE, REFERENCES, IS_PART_OF = (
    _n(DCTERMS, x) for x in ("identifier", "title", "date", "language", "references", "isPartOf")
)
XSD_DATE, XSD_INTEGER = _n(XSD, "date"), _n(XSD, "integer")

# Report vocabulary → ontology terms. The tables are the whole mapping: a report type or
# relation missing here is a bug the tests catch, not a silent default.
DOCUMENT_CLASSES = {
    "ga-resolution": "GAResolution",
    "sc-resolution": "SCResolution",
    "ecosoc-resolution": "ECOSOCResolution",
    "other-resolution": "OtherResolution",
    "ga-draft-resolution": "GADraftResolution",
    "document": "Document",
}
PASSED_BY = {"ga-resolution": "general-assembly", "sc-resolution": "security-council", "ecosoc-resolution": "ecosoc"}
ENTITY_CLASSES = {"body": "Body", "treaty": "Treaty", "instrument": "Instrument"}
RELATIONS = {
    "recalls": "recalls",
    "reaffirms": "reaffirms",
    "bears-in-mind": "bearsInMind",
    "takes-note": "takesNoteOf",
    "welcomes": "welcomes",
    "cites": "cites",
}
EDGES = {"treaty": "referencesTreaty", "instrument": "referencesInstrument", "document": "referencesDocument"}
PARAGRAPH_CLASSES = {
    "header": "Header",
    "preamble": "PreambularParagraph",
    "operative": "OperativeParagraph",
    "footnote": "Footnote",
    "annex": "AnnexParagraph",
}
QUOTE_CONTEXT = 32  # characters of oa:prefix / oa:suffix around a quote, when the text is known


def undocs_path(symbol: str) -> str:
    """A symbol as undocs.org spells it: no space before a parenthesis, other characters IRI-safe.

    ``S/RES/1373 (2001)`` → ``S/RES/1373(2001)``; ``A/73/12 (Part II)`` → ``A/73/12(Part%20II)``.
    """
    return quote(re.sub(r"\s+\(", "(", " ".join(symbol.split())), safe="/().,-*")


@dataclass(frozen=True)
class Iris:
    """Mints every IRI of the graph from one base, so a deployment can move the whole graph."""

    base: str = DEFAULT_BASE

    def document(self, symbol: str) -> NamedNode:
        return NamedNode(UNDOCS + undocs_path(symbol))

    def draft(self, digest: str) -> NamedNode:
        return NamedNode(f"{self.base}draft/{digest[:16]}")

    def other_resolution(self, ident: str) -> NamedNode:
        return NamedNode(f"{self.base}resolution/{quote(ident, safe='/')}")

    def entity(self, kind: str, slug: str) -> NamedNode:
        return NamedNode(f"{self.base}{kind}/{quote(slug, safe='')}")

    def graph(self, name: str) -> NamedNode:
        return NamedNode(f"{self.base}graph/{name}")

    def agent(self) -> NamedNode:
        return NamedNode(f"{self.base}agent/unkg/{__version__}")

    def reference(self, kind: str, ident: str) -> NamedNode:
        """The node a report reference points to: undocs for symbols, the base for the rest."""
        if kind in ENTITY_CLASSES:
            return self.entity(kind, ident)
        if kind == "other-resolution":
            return self.other_resolution(ident)
        return self.document(ident)


def document_iri(report: Mapping, iris: Iris, sha256: str | None = None) -> tuple[NamedNode, str]:
    """The resolution's IRI and the path its text and paragraphs hang from.

    A draft without a symbol is named from its content: the source file's hash when known,
    else the hash of the report's ``document`` block (so gold files get stable IRIs too).
    """
    symbol = report["document"].get("symbol")
    if symbol:
        return iris.document(symbol), undocs_path(symbol)
    digest = sha256 or hashlib.sha256(
        json.dumps(report["document"], sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    node = iris.draft(digest)
    return node, node.value.removeprefix(iris.base)


@dataclass(frozen=True)
class Entity:
    """One row of the gazetteer ``ontology/entities.yaml``."""

    slug: str
    type: str
    row: Mapping


@cache
def entity_rows() -> dict[tuple[str, str], Entity]:
    """The gazetteer's rows by (type, slug), for labels; the extractor's matcher is in ``entities``."""
    path = files("unkg.ontology") / "entities.yaml"
    if not path.is_file():
        return {}
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {(r["type"], r["slug"]): Entity(r["slug"], r["type"], r) for r in rows}


def report_quads(
    report: Mapping,
    graph: NamedNode,
    *,
    iris: Iris = Iris(),
    sha256: str | None = None,
    text: str | None = None,
) -> list[Quad]:
    """All quads of one extraction report (the JSON form), in ``graph``.

    ``text`` is the decoded source; when given, quote selectors also carry oa:prefix/oa:suffix.
    """
    out: list[Quad] = []

    def add(s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        out.append(Quad(s, p, o, graph))

    d = report["document"]
    kind = d.get("kind") or "document"
    doc, path = document_iri(report, iris, sha256)
    lang = report.get("lang") or "und"
    add(doc, TYPE, _n(UNKG, DOCUMENT_CLASSES.get(kind, "DraftResolution" if "draft" in kind else "Document")))
    if d.get("symbol"):
        add(doc, _n(UNKG, "symbol"), Literal(d["symbol"]))
    if d.get("title"):
        add(doc, TITLE, Literal(d["title"], language=lang))
    if d.get("adopted"):
        add(doc, DATE, Literal(d["adopted"], datatype=XSD_DATE))
        add(doc, _n(ELI, "date_document"), Literal(d["adopted"], datatype=XSD_DATE))
    known = entity_rows()

    def unknown_entity(kind: str, slug: str) -> None:
        """An entity missing from the gazetteer still gets a typed node labelled with its slug."""
        if (kind, slug) not in known:
            node = iris.entity(kind, slug)
            add(node, TYPE, _n(UNKG, ENTITY_CLASSES[kind]))
            add(node, IDENTIFIER, Literal(slug))
            add(node, PREF_LABEL, Literal(slug))
            add(node, LABEL, Literal(slug))

    if kind in PASSED_BY:
        add(doc, _n(ELI, "passed_by"), iris.entity("body", PASSED_BY[kind]))
        unknown_entity("body", PASSED_BY[kind])
    for key, prop in (("session", "session"), ("plenary_meeting", "plenaryMeeting")):
        if d.get(key) is not None:
            add(doc, _n(UNKG, prop), Literal(str(d[key]), datatype=XSD_INTEGER))
    if d.get("agenda_item"):
        add(doc, _n(UNKG, "agendaItem"), Literal(str(d["agenda_item"])))
    for report_symbol in d.get("committee_report") or ():
        add(doc, _n(UNKG, "committeeReport"), iris.document(report_symbol))
        add(doc, REFERENCES, iris.document(report_symbol))
    for code in d.get("sponsors") or ():
        add(doc, _n(UNKG, "sponsor"), NamedNode(COUNTRY + code))

    text_node = NamedNode(f"{iris.base}text/{path}/{lang}")
    extraction = NamedNode(f"{text_node.value}#extraction")
    agent = iris.agent()
    add(text_node, TYPE, _n(UNKG, "Text"))
    add(text_node, _n(ELI, "realizes"), doc)
    add(text_node, LANGUAGE, Literal(lang))
    if report.get("doc"):
        add(text_node, _n(UNKG, "sourceName"), Literal(report["doc"]))
    if sha256:
        add(text_node, _n(UNKG, "sha256"), Literal(sha256))
    add(extraction, TYPE, _n(UNKG, "Extraction"))
    add(extraction, _n(PROV, "used"), text_node)
    add(extraction, _n(PROV, "wasAssociatedWith"), agent)
    add(agent, TYPE, _n(PROV, "SoftwareAgent"))
    add(agent, LABEL, Literal(f"unkg {__version__}"))

    paragraphs: set[str] = set()
    fragments: set[str] = set()
    for ref in report.get("references") or ():
        rtype, ident = ref["type"], ref["id"]
        target = iris.reference(rtype, ident)
        if rtype == "body":
            edge = _n(UNKG, "addresses" if ref.get("addressed") else "mentions")
        elif rtype in EDGES:
            edge = _n(UNKG, EDGES[rtype])
        else:
            edge = _n(UNKG, RELATIONS[ref.get("relation") or "cites"])
        add(doc, edge, target)
        add(doc, REFERENCES, target)
        if rtype in ENTITY_CLASSES:
            unknown_entity(rtype, ident)
        else:
            add(target, TYPE, _n(UNKG, DOCUMENT_CLASSES[rtype]))
            add(target, _n(UNKG, "symbol") if rtype != "other-resolution" else IDENTIFIER, Literal(ident))

        fragment = _unique(f"cite-{rtype}-{_slug(ident)}", fragments)
        citation = NamedNode(f"{text_node.value}#{fragment}")
        add(citation, TYPE, _n(UNKG, "Citation"))
        add(citation, _n(CITO, "hasCitingEntity"), doc)
        add(citation, _n(CITO, "hasCitedEntity"), target)
        add(citation, _n(CITO, "hasCitationCharacterization"), edge)
        add(citation, _n(PROV, "wasGeneratedBy"), extraction)
        for i, ev in enumerate(ref.get("evidence") or (), start=1):
            node = NamedNode(f"{citation.value}-e{i}")
            para = _paragraph(ev["paragraph"], text_node)
            if para.value not in paragraphs:
                paragraphs.add(para.value)
                kind_, _, number = ev["paragraph"].partition(" ")
                add(para, TYPE, _n(UNKG, PARAGRAPH_CLASSES.get(kind_, "Paragraph")))
                add(para, IS_PART_OF, text_node)
                add(para, LABEL, Literal(ev["paragraph"]))
                if number:
                    add(para, _n(ELI, "number"), Literal(number))
            position, quoted = NamedNode(f"{node.value}-position"), NamedNode(f"{node.value}-quote")
            add(citation, _n(UNKG, "evidence"), node)
            add(node, TYPE, _n(UNKG, "Evidence"))
            add(node, _n(OA, "hasSource"), text_node)
            add(node, _n(UNKG, "inParagraph"), para)
            add(node, _n(OA, "hasSelector"), position)
            add(node, _n(OA, "hasSelector"), quoted)
            add(position, TYPE, _n(OA, "TextPositionSelector"))
            # xsd:integer, not the spec's xsd:nonNegativeInteger: Oxigraph stores derived
            # integer types as xsd:integer, and the graph must read back as written.
            add(position, _n(OA, "start"), Literal(str(ev["start"]), datatype=XSD_INTEGER))
            add(position, _n(OA, "end"), Literal(str(ev["end"]), datatype=XSD_INTEGER))
            add(quoted, TYPE, _n(OA, "TextQuoteSelector"))
            add(quoted, _n(OA, "exact"), Literal(ev["quote"]))
            if ev.get("verb"):  # an addressed body: the verb that acts on it, the paragraph's words
                add(node, _n(UNKG, "addressingVerb"), Literal(ev["verb"]))
                add(para, _n(UNKG, "text"), Literal(ev["context"]))
            if text is not None:
                add(quoted, _n(OA, "prefix"), Literal(text[max(0, ev["start"] - QUOTE_CONTEXT) : ev["start"]]))
                add(quoted, _n(OA, "suffix"), Literal(text[ev["end"] : ev["end"] + QUOTE_CONTEXT]))
    return out


def _slug(ident: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", ident).strip("-")


def _unique(name: str, seen: set[str]) -> str:
    """Keeps fragment ids distinct when two ids differ only in punctuation (deterministically)."""
    candidate, n = name, 1
    while candidate in seen:
        n += 1
        candidate = f"{name}-{n}"
    seen.add(candidate)
    return candidate


def _paragraph(label: str, text_node: NamedNode) -> NamedNode:
    return NamedNode(f"{text_node.value}#{quote(label.replace(' ', '-'), safe='')}")


def entity_quads(graph: NamedNode, *, iris: Iris = Iris()) -> Iterator[Quad]:
    """The gazetteer as SKOS/ORG triples: labels in both languages, acronyms, parents, UNTS numbers."""
    known = entity_rows()
    by_slug = {e.slug: e for e in known.values()}
    for e in known.values():
        node = iris.entity(e.type, e.slug)
        row = e.row
        yield Quad(node, TYPE, _n(UNKG, ENTITY_CLASSES[e.type]), graph)
        yield Quad(node, IDENTIFIER, Literal(e.slug), graph)
        for lang in ("en", "fr"):
            if row.get(lang):
                yield Quad(node, PREF_LABEL, Literal(row[lang], language=lang), graph)
                yield Quad(node, LABEL, Literal(row[lang], language=lang), graph)
        for key, prop in (("acronyms", ALT_LABEL), ("short", ALT_LABEL), ("names", HIDDEN_LABEL)):
            for value, lang in _labels(row.get(key)):
                yield Quad(node, prop, Literal(value, language=lang) if lang else Literal(value), graph)
        for value, lang in _labels(row.get("note")):
            yield Quad(node, NOTE, Literal(value, language=lang or "en"), graph)
        if row.get("parent"):
            parent = by_slug.get(row["parent"])
            yield Quad(node, _n(ORG, "subOrganizationOf"), iris.entity(parent.type if parent else "body", row["parent"]), graph)
        for unts in row.get("unts") or ():
            yield Quad(node, _n(UNKG, "unts"), Literal(str(unts)), graph)
        for symbol in _as_list(row.get("adopted_by")):
            yield Quad(node, _n(UNKG, "adoptedBy"), iris.document(symbol), graph)


def _as_list(value) -> list:
    return [] if value is None else value if isinstance(value, list) else [value]


def _labels(value) -> Iterator[tuple[str, str | None]]:
    """Surface forms given as a string, a list, or a mapping from language to either."""
    if isinstance(value, Mapping):
        for lang, forms in value.items():
            for form in _as_list(forms):
                yield str(form), str(lang)
    else:
        for form in _as_list(value):
            yield str(form), None


def ontology_quads(graph: NamedNode) -> Iterator[Quad]:
    """The OWL ontology ``ontology/unkg.ttl``, parsed by pyoxigraph into ``graph``."""
    data = (files("unkg.ontology") / "unkg.ttl").read_bytes()
    for q in parse(data, format=RdfFormat.TURTLE):
        yield Quad(q.subject, q.predicate, q.object, graph)


def ontology_prefixes() -> dict[str, str]:
    """The prefixes declared in ``unkg.ttl``: the ones exports and example queries use."""
    parser = parse((files("unkg.ontology") / "unkg.ttl").read_bytes(), format=RdfFormat.TURTLE)
    for _ in parser:
        pass
    return dict(parser.prefixes)
