"""Stage: store → a network for graph tools (Gephi, Cytoscape, yEd, Graphviz, spreadsheets).

A *view* picks the citations to draw by their relation, through the ontology's property
hierarchy (``rdfs:subPropertyOf*``), so a relation added to the ontology joins its view
without edits here. Every edge comes from a ``unkg:Citation``, the node that keeps the quoted
evidence; its occurrences collapse into one edge per (citing, cited, relation) with their
count as ``weight``.

Writers mind networkx's known traps: attributes are omitted rather than ``None`` and keep one
type per key (GraphML), GEXF dates go in ``start`` so networkx declares ``timeformat="date"``
for Gephi's timeline, Cytoscape.js JSON is written by hand with string ids and edge ids, and
DOT is written by hand with short slugs as node ids (pydot reads a colon as a port).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import networkx as nx
from pyoxigraph import Literal, NamedNode, Store

from .errors import UnkgError
from .triples import CITO, DCTERMS, DOCUMENT_CLASSES, ELI, OA, PASSED_BY, RDF, RDFS, SKOS, UNKG

# The relations each view draws: these properties and all their sub-properties.
VIEWS: dict[str, tuple[str, ...]] = {
    "citations": ("cites", "referencesDocument"),
    "bodies": ("mentions",),
    "treaties": ("referencesTreaty", "referencesInstrument"),
    "all": ("cites", "referencesDocument", "mentions", "referencesTreaty", "referencesInstrument"),
}
LANGS = ("en", "fr")
# Most specific first: a node typed twice is drawn as the first class it has.
KINDS = (
    "SCResolution", "GAResolution", "ECOSOCResolution", "GADraftResolution", "DraftResolution",
    "OtherResolution", "Resolution", "Document", "Body", "Treaty", "Instrument",
)
ORGAN_OF_KIND = {DOCUMENT_CLASSES[kind]: body for kind, body in PASSED_BY.items()} | {
    "GADraftResolution": PASSED_BY["ga-resolution"]
}
TITLE_CHARS = 60
MAX_QUOTES = 5  # per edge on the browser page

_PREFIXES = (
    f"PREFIX unkg: <{UNKG}> PREFIX cito: <{CITO}> PREFIX rdfs: <{RDFS}> PREFIX oa: <{OA}> "
    f"PREFIX eli: <{ELI}> "
)
_CITATIONS = _PREFIXES + """
SELECT ?s ?t ?rel (COUNT(DISTINCT ?e) AS ?occurrences) WHERE {
  VALUES ?root { %s }
  ?rel rdfs:subPropertyOf* ?root .
  ?c a unkg:Citation ; cito:hasCitationCharacterization ?rel ;
     cito:hasCitingEntity ?s ; cito:hasCitedEntity ?t .
  OPTIONAL { ?c unkg:evidence ?e }
} GROUP BY ?s ?t ?rel"""
_EVIDENCE = _PREFIXES + """
SELECT DISTINCT ?s ?t ?rel ?where ?quote ?prefix ?suffix ?start WHERE {
  VALUES ?root { %s }
  ?rel rdfs:subPropertyOf* ?root .
  ?c a unkg:Citation ; cito:hasCitationCharacterization ?rel ;
     cito:hasCitingEntity ?s ; cito:hasCitedEntity ?t ; unkg:evidence ?e .
  ?e oa:hasSelector ?q . ?q oa:exact ?quote .
  OPTIONAL { ?q oa:prefix ?prefix } OPTIONAL { ?q oa:suffix ?suffix }
  OPTIONAL { ?e unkg:inParagraph/rdfs:label ?where }
  OPTIONAL { ?e oa:hasSelector/oa:start ?start }
} ORDER BY ?s ?t ?rel ?start"""
# Node properties read one at a time: OPTIONALs over multi-valued labels would multiply rows.
_NODE_PROPERTIES = {
    "type": RDF + "type",
    "symbol": UNKG + "symbol",
    "identifier": DCTERMS + "identifier",
    "title": DCTERMS + "title",
    "session": UNKG + "session",
    "adopted": ELI + "date_document",
    "organ": ELI + "passed_by",
    "prefLabel": SKOS + "prefLabel",
    "label": RDFS + "label",
}
_REALIZES = ELI + "realizes"


def _query(store: Store, text: str):
    return store.query(text, use_default_graph_as_union=True)


def _check(view: str, lang: str) -> None:
    if view not in VIEWS:
        raise UnkgError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    if lang not in LANGS:
        raise UnkgError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")


def _roots(view: str) -> str:
    return " ".join(f"unkg:{name}" for name in VIEWS[view])


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def build_view(store: Store, view: str = "citations", lang: str = "en") -> nx.MultiDiGraph:
    """The view as a directed multigraph keyed by relation; node ids are IRIs."""
    _check(view, lang)
    g = nx.MultiDiGraph(name=f"unkg {view}", view=view, lang=lang)
    for row in _query(store, _CITATIONS % _roots(view)):
        relation = _local(row["rel"].value)
        g.add_edge(
            row["s"].value, row["t"].value, key=relation,
            relation=relation, label=relation, weight=float(max(1, int(row["occurrences"].value))),
        )
    _describe_nodes(store, g, lang)
    return g


def _describe_nodes(store: Store, g: nx.MultiDiGraph, lang: str) -> None:
    values: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for name, prop in _NODE_PROPERTIES.items():
        for row in _query(store, f"SELECT ?n ?v WHERE {{ ?n <{prop}> ?v }}"):
            node = row["n"].value
            if node in g:
                values[node][name].append(row["v"])
    in_corpus = {row["d"].value for row in _query(store, f"SELECT DISTINCT ?d WHERE {{ ?t <{_REALIZES}> ?d }}")}
    for node, attrs in g.nodes(data=True):
        attrs.update(_attributes(node, values.get(node, {}), lang, node in in_corpus))


def _pick(literals: list, lang: str) -> str | None:
    """The literal in ``lang``, else one in another language (sorted, so always the same)."""
    texts = sorted((t.language or "", t.value) for t in literals if isinstance(t, Literal))
    for wanted in (lang, *LANGS, ""):
        for language, value in texts:
            if language == wanted:
                return value
    return texts[0][1] if texts else None


def _short(title: str) -> str:
    if len(title) <= TITLE_CHARS:
        return title
    return title[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _attributes(node: str, v: dict[str, list], lang: str, in_corpus: bool) -> dict:
    """One node's attributes; a missing value is left out, never None (GraphML)."""
    types = {_local(t.value) for t in v.get("type", ()) if isinstance(t, NamedNode) and t.value.startswith(UNKG)}
    kind = next((k for k in KINDS if k in types), "Resource")
    symbol = _pick(v.get("symbol", []) + v.get("identifier", []), lang) if kind not in ("Body", "Treaty", "Instrument") else None
    if symbol:
        title = _pick(v.get("title", []), lang)
        label = f"{symbol} — {_short(title)}" if title else symbol
    else:
        name = _pick(v.get("prefLabel", []) or v.get("label", []) or v.get("identifier", []) or v.get("title", []), lang)
        label = _short(name) if name and kind not in ("Body", "Treaty", "Instrument") else name
        if "Draft" in kind and label:
            label = f"draft — {label}"
    attrs: dict = {"label": label or _local(node), "kind": kind, "iri": node, "in_corpus": in_corpus}
    if symbol:
        attrs["symbol"] = symbol
    organ = next((_local(o.value) for o in v.get("organ", ()) if isinstance(o, NamedNode)), None) or ORGAN_OF_KIND.get(kind)
    if organ:
        attrs["organ"] = organ
    session = next((int(s.value) for s in v.get("session", ()) if s.value.isdigit()), None)
    if session is None and symbol and (m := re.match(r"A/RES/(\d+)/", symbol)):
        session = int(m.group(1))
    if session is not None:
        attrs["session"] = session
    adopted = min((d.value for d in v.get("adopted", ()) if re.fullmatch(r"\d{4}-\d\d-\d\d", d.value)), default=None)
    year = _year(adopted, symbol, session)
    if adopted:
        attrs["adopted"] = adopted
        attrs["start"] = adopted  # GEXF: networkx writes it as the node's start, timeformat="date"
    if year is not None:
        attrs["year"] = year
    return attrs


def _year(adopted: str | None, symbol: str | None, session: int | None) -> int | None:
    """The adoption year; for a resolution only cited, the year its symbol implies (the year
    in brackets of an SC symbol, the year a GA session opened), so year filters keep it."""
    if adopted:
        return int(adopted[:4])
    if symbol and (m := re.search(r"\((\d{4})\)", symbol)):
        return int(m.group(1))
    if session is not None and symbol and symbol.startswith("A/"):
        return 1945 + session
    return None


def evidence(store: Store, view: str = "citations") -> dict[tuple[str, str, str], list[dict]]:
    """The quoted evidence of each edge (the quote and the text around it), at most
    MAX_QUOTES each, in text order."""
    _check(view, "en")
    out: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for row in _query(store, _EVIDENCE % _roots(view)):
        key = (row["s"].value, row["t"].value, _local(row["rel"].value))
        if len(out[key]) < MAX_QUOTES:
            where = row["where"].value if row["where"] is not None else ""
            context = {k: row[k].value for k in ("prefix", "suffix") if row[k] is not None}
            out[key].append({"paragraph": where, "quote": row["quote"].value, **context})
    return out


# --- writers ------------------------------------------------------------------------------


def _xml_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy without GEXF's ``start`` (GraphML has no dynamic attributes; ``adopted`` stays)."""
    h = g.copy()
    for _, attrs in h.nodes(data=True):
        attrs.pop("start", None)
    return h


def write_graphml(g: nx.MultiDiGraph, out: BinaryIO) -> None:
    h = _xml_graph(g)
    h.graph = {k: v for k, v in g.graph.items() if isinstance(v, str)}
    for i, (_, _, attrs) in enumerate(h.edges(data=True)):
        attrs["id"] = f"e{i}"  # unique edge ids (networkx would use the key: the relation)
    # Generated key ids: named ones collide when nodes and edges share a name ("label").
    nx.write_graphml(h, out, encoding="utf-8", named_key_ids=False, edge_id_from_attribute="id")


def write_gexf(g: nx.MultiDiGraph, out: BinaryIO) -> None:
    # networkx writes graph-level keys as the graph's own attributes; keep only mode/name.
    h = g.copy()
    h.graph = {"name": g.graph.get("name", "")}
    for i, (_, _, attrs) in enumerate(h.edges(data=True)):
        attrs["id"] = f"e{i}"
    nx.write_gexf(h, out, encoding="utf-8", version="1.2draft")


def cytoscape_elements(g: nx.MultiDiGraph, quotes: dict | None = None) -> dict:
    """Cytoscape.js JSON (``elements.nodes/edges[].data``, string ids, one id per edge); Cytoscape
    desktop imports it too. With ``quotes``, each edge carries its evidence for the browser."""
    # "name" is Cytoscape desktop's label column; "value" and "key" let networkx read it back.
    nodes = [
        {"data": {"id": n, "value": n, "name": a["label"], **{k: v for k, v in a.items() if k != "start"}}}
        for n, a in g.nodes(data=True)
    ]
    edges = []
    for i, (s, t, a) in enumerate(g.edges(data=True)):
        data = {"id": f"e{i}", "source": s, "target": t, "key": a["relation"], "relation": a["relation"], "weight": a["weight"]}
        if quotes is not None:
            data["evidence"] = quotes.get((s, t, a["relation"]), [])
        edges.append({"data": data})
    return {"data": {"name": g.graph.get("name", "unkg")}, "directed": True, "multigraph": True, "elements": {"nodes": nodes, "edges": edges}}


def write_cytoscape(g: nx.MultiDiGraph, out: BinaryIO) -> None:
    out.write(json.dumps(cytoscape_elements(g), ensure_ascii=False, indent=1).encode("utf-8"))


def slugs(nodes: Iterable[str]) -> dict[str, str]:
    """Short DOT-safe ids (letters, digits, ``_``) from the end of each IRI, made unique."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for node in nodes:
        tail = node.removeprefix("https://undocs.org/") if node.startswith("https://undocs.org/") else "_".join(node.rstrip("/").split("/")[-2:])
        base = re.sub(r"\W+", "_", tail, flags=re.ASCII).strip("_") or "n"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}_{n}"
        taken.add(slug)
        out[node] = slug
    return out


def _dot_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def write_dot(g: nx.MultiDiGraph, out: BinaryIO) -> None:
    ids = slugs(g.nodes)
    lines = [f"digraph {_dot_value(g.graph.get('name', 'unkg'))} {{", '  node [shape=box, style=rounded];']
    for n, a in g.nodes(data=True):
        attrs = ", ".join(f"{k}={_dot_value(v)}" for k, v in a.items() if k != "start")
        lines.append(f"  {ids[n]} [{attrs}];")
    for s, t, a in g.edges(data=True):
        attrs = ", ".join(f"{k}={_dot_value(v)}" for k, v in a.items())
        lines.append(f"  {ids[s]} -> {ids[t]} [{attrs}];")
    lines.append("}")
    out.write(("\n".join(lines) + "\n").encode("utf-8"))


NODE_COLUMNS = ("Id", "Label", "kind", "organ", "session", "year", "adopted", "in_corpus", "symbol")
EDGE_COLUMNS = ("Source", "Target", "Type", "relation", "Weight")


def csv_tables(g: nx.MultiDiGraph) -> dict[str, bytes]:
    """nodes.csv and edges.csv, with the column names Gephi's spreadsheet import recognises."""
    tables = {}
    for name, columns, rows in (
        ("nodes.csv", NODE_COLUMNS, ({"Id": n, "Label": a["label"], **a} for n, a in g.nodes(data=True))),
        ("edges.csv", EDGE_COLUMNS, (
            {"Source": s, "Target": t, "Type": "Directed", "relation": a["relation"], "Weight": a["weight"]}
            for s, t, a in g.edges(data=True)
        )),
    ):
        buf = io.StringIO(newline="")
        writer = csv.DictWriter(buf, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        tables[name] = buf.getvalue().encode("utf-8")
    return tables


def write_csv_zip(g: nx.MultiDiGraph, out: BinaryIO) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in csv_tables(g).items():
            z.writestr(zipfile.ZipInfo(name, (2000, 1, 1, 0, 0, 0)), data)  # same input, same bytes
    out.write(buf.getvalue())


@dataclass(frozen=True)
class GraphFormat:
    name: str
    extensions: tuple[str, ...]
    media_type: str
    write: Callable[[nx.MultiDiGraph, BinaryIO], None]

    @property
    def extension(self) -> str:
        return self.extensions[0]


GRAPH_FORMATS = (
    GraphFormat("graphml", ("graphml",), "application/graphml+xml", write_graphml),
    GraphFormat("gexf", ("gexf",), "application/gexf+xml", write_gexf),
    GraphFormat("cytoscape", ("cyjs",), "application/json", write_cytoscape),
    GraphFormat("dot", ("dot", "gv"), "text/vnd.graphviz", write_dot),
    GraphFormat("csv", ("zip",), "application/zip", write_csv_zip),
)


def graph_format(name: str | None = None, *, extension: str | None = None) -> GraphFormat | None:
    """The graph-tool format by name or file extension; None when it is not one (an RDF format)."""
    for fmt in GRAPH_FORMATS:
        if (name and fmt.name == name.lower()) or (extension and extension.lower().lstrip(".") in fmt.extensions):
            return fmt
    return None


def export_graph(store: Store, fmt: GraphFormat, output: BinaryIO | Path, *, view: str = "citations", lang: str = "en") -> nx.MultiDiGraph:
    """Writes the view to ``output``: a binary stream, a file, or for csv a directory
    (nodes.csv + edges.csv); returns the graph written."""
    g = build_view(store, view, lang)
    if isinstance(output, Path) and fmt.name == "csv" and output.suffix.lower() != ".zip":
        output.mkdir(parents=True, exist_ok=True)
        for name, data in csv_tables(g).items():
            (output / name).write_bytes(data)
    elif isinstance(output, Path):
        with output.open("wb") as f:
            fmt.write(g, f)
    else:
        fmt.write(g, output)
    return g
