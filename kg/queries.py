"""The named-query library: the ``queries/*.rq`` files, their headers, and safe parameters.

Each file opens with a comment header in one format, so that ``unkg query --list``,
``GET /queries`` and ``docs/queries.md`` all read the same data::

    # title: What a resolution cites, by kind
    # description: One paragraph; continuation lines are indented
    #   by two spaces or more.
    # param resolution (resolution, default A/RES/74/175): the citing resolution
    # columns: resolution kind target relation paragraphs

Parameters are bound as RDF terms through pyoxigraph's ``substitutions`` (SPARQL SEP-0007),
never pasted into the text, so no value can change what a query does. SEP-0007 binds only
variables the query projects, so a SELECT query lists its parameters among its columns.
The queries read the union of the named graphs (what ``unkg query``, ``/queries`` and
``/sparql`` give them), so a path may cross from one resolution's graph to another's.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from pyoxigraph import (
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Variable,
    serialize,
)

from .errors import UnkgError
from .export import write_jsonld
from .triples import UNDOCS, Iris, ontology_prefixes

Term = NamedNode | Literal
Result = QuerySolutions | QueryBoolean | QueryTriples

# Parameter types: how a value given on the command line or in a URL becomes a term.
# Resolutions are named by their symbol at undocs.org; bodies, treaties and instruments by
# their gazetteer slug under the store's base. A full http(s) IRI is always accepted.
ENTITY_TYPES = ("body", "treaty", "instrument")
TYPES = ("resolution", *ENTITY_TYPES, "iri", "integer", "string")

_FIELD = re.compile(r"^#\s?(\w+)\s*:\s?(.*)$")
_PARAM = re.compile(r"^#\s?param\s+(\w+)\s+\((\w+)(?:,\s*default\s+(.+?))?\)\s*:\s*(.*)$")


class QueryError(UnkgError):
    """A named query that does not exist, a bad parameter, or SPARQL that does not parse."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str | None
    help: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    columns: tuple[str, ...]
    text: str

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r} (its parameters: {known})")


def parse_header(name: str, text: str) -> NamedQuery:
    """Reads the comment header of a ``.rq`` file; a malformed header is an error, not a guess."""
    fields: dict[str, str] = {}
    params: list[Parameter] = []
    last: str | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if line.startswith("#  ") and last is not None:  # continuation of the previous field
            if last == "param":
                p = params[-1]
                params[-1] = Parameter(p.name, p.type, p.default, f"{p.help} {line[1:].strip()}")
            else:
                fields[last] += " " + line[1:].strip()
            continue
        pm, m = _PARAM.match(line), _FIELD.match(line)
        if pm and pm.group(2) in TYPES:
            params.append(Parameter(pm.group(1), pm.group(2), pm.group(3), pm.group(4).strip()))
            last = "param"
        elif m and m.group(1) != "param":
            last = m.group(1)
            fields[last] = m.group(2).strip()
        else:
            raise QueryError(
                f"{name}: cannot read the header line {line!r} (a parameter is "
                f"'# param NAME (TYPE, default VALUE): help', TYPE one of {', '.join(TYPES)})"
            )
    if "title" not in fields:
        raise QueryError(f"{name}: the header has no '# title:' line")
    return NamedQuery(
        name,
        fields["title"],
        fields.get("description", ""),
        tuple(params),
        tuple(fields.get("columns", "").split()),
        text,
    )


@cache
def library() -> dict[str, NamedQuery]:
    """Every query of ``queries/``, by name (the file name without ``.rq``)."""
    found = {}
    for entry in sorted(files("unkg.queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name.removesuffix(".rq")
            found[name] = parse_header(name, entry.read_text(encoding="utf-8"))
    return found


def resolve(spec: str) -> NamedQuery:
    """A library name, a ``.rq`` file, or SPARQL text (an ad hoc query without parameters)."""
    if spec in library():
        return library()[spec]
    path = Path(spec)
    if spec.endswith(".rq") or (len(spec) < 256 and "\n" not in spec and path.is_file()):
        if not path.is_file():
            raise QueryError(f"no query file {spec}")
        text = path.read_text(encoding="utf-8")
        return parse_header(path.stem, text) if text.startswith("# title:") else NamedQuery(path.stem, path.stem, "", (), (), text)
    if re.fullmatch(r"[\w.-]+", spec):
        raise QueryError(f"no query named {spec!r}; `unkg query --list` shows the library")
    return NamedQuery("query", "ad hoc query", "", (), (), spec)


def term(param: Parameter, value: str, iris: Iris) -> Term:
    """The RDF term a parameter value stands for, typed by the parameter."""
    value = value.strip()
    try:
        if param.type == "integer":
            return Literal(int(value))
        if param.type == "string":
            return Literal(value)
        if re.match(r"https?://", value) or param.type == "iri":
            return NamedNode(value)
        if param.type == "resolution":
            return iris.document(value)
        return iris.entity(param.type, value.lower())
    except ValueError:
        raise QueryError(f"{param.name}={value!r} is not a valid {param.type}") from None


def bind(query: NamedQuery, values: dict[str, str], iris: Iris) -> dict[Variable, Term]:
    """Substitutions for ``store.query``: the values given, else each parameter's default."""
    for name in values:
        query.parameter(name)  # unknown names are errors, not silently ignored
    bound = {}
    for p in query.parameters:
        value = values.get(p.name, p.default)
        if value is None:
            raise QueryError(f"query {query.name!r} needs --param {p.name}=VALUE ({p.help})")
        bound[Variable(p.name)] = term(p, value, iris)
    return bound


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``name=value`` strings (from ``--param``) as a mapping."""
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"write a parameter as name=value, not {pair!r}")
        values[name.strip()] = value
    return values


def run(store: Store, query: NamedQuery, substitutions: dict[Variable, Term] | None = None) -> Result:
    """Evaluates a query over the union of the named graphs; bad SPARQL is a one-line error."""
    try:
        return store.query(query.text, use_default_graph_as_union=True, substitutions=substitutions or None)
    except SyntaxError as e:
        raise QueryError(f"{query.name}: SPARQL syntax error: {str(e).splitlines()[0][:300]}") from None
    except RuntimeError as e:  # e.g. a substitution for a variable the query does not project
        raise QueryError(f"{query.name}: {str(e).splitlines()[0]}") from None


# Output formats of `unkg query`: W3C result formats for SELECT/ASK, RDF for CONSTRUCT.
RESULT_FORMATS = {"json": QueryResultsFormat.JSON, "csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV}
GRAPH_FORMATS = {"turtle": RdfFormat.TURTLE, "jsonld": RdfFormat.JSON_LD}


def serialize_result(result: Result, fmt: str) -> bytes:
    """A result in one of ``RESULT_FORMATS`` or ``GRAPH_FORMATS``, by the kind of result."""
    if isinstance(result, QueryTriples):
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"a CONSTRUCT result is RDF: use --format turtle or jsonld, not {fmt}")
        triples = sorted(result, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        out = io.BytesIO()
        if fmt == "jsonld":  # compacted with the project's context, like `unkg export`
            write_jsonld((Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples), out, named=False)
        else:
            serialize(triples, out, GRAPH_FORMATS[fmt], prefixes=ontology_prefixes())
        return out.getvalue()
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"a SELECT or ASK result is a table: use --format table, json, csv or tsv, not {fmt}")
    return result.serialize(format=RESULT_FORMATS[fmt])


def table(result: Result) -> tuple[list[str], list[list[str]]]:
    """Column names and rows of text for a person: IRIs shortened with the ontology's prefixes."""
    if isinstance(result, QueryBoolean):
        return ["answer"], [["yes" if bool(result) else "no"]]
    if isinstance(result, QueryTriples):
        return ["subject", "predicate", "object"], [[_short(t.subject), _short(t.predicate), _short(t.object)] for t in result]
    names = [v.value for v in result.variables]
    return names, [["" if row[n] is None else _short(row[n]) for n in names] for row in result]


@cache
def _prefixes() -> list[tuple[str, str]]:
    found = {**ontology_prefixes(), "undocs": UNDOCS}
    return sorted(((ns, name) for name, ns in found.items()), key=lambda p: -len(p[0]))


def _short(node) -> str:
    if isinstance(node, NamedNode):
        for ns, name in _prefixes():
            if node.value.startswith(ns):
                return f"{name}:{node.value[len(ns):]}"
        return node.value
    return node.value if isinstance(node, Literal) else str(node)
