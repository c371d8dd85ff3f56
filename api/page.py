"""The browser query page: a small editor served from our own origin, no CDN.

The page's prefixes and example queries are data read at start-up: the prefixes declared by
the ontology (``ontology/*.ttl``) and the named queries (``queries/*.rq``), so the page
follows the ontology and the query library without edits here.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from importlib.resources import files
from string import Template

from . import vendor

_PREFIX_DECL = re.compile(r"(?im)^\s*(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>\s]*)>")

# Security headers for HTML: scripts, styles and requests from our own origin only.
HTML_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    query: str


def examples() -> list[Example]:
    """The named queries, titled by the first line of their header comment."""
    found = []
    for entry in sorted(files("unkg.queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            text = entry.read_text(encoding="utf-8")
            first = next(
                (ln.lstrip("# ").strip() for ln in text.splitlines() if ln.startswith("#")), ""
            )
            title = re.sub(r"(?i)^title:\s*", "", first) or entry.name[:-3]
            found.append(Example(entry.name[:-3], title, text))
    return found


def prefixes() -> dict[str, str]:
    """Prefixes declared by the ontology files and the named queries, first declaration wins."""
    found: dict[str, str] = {}
    sources = [files("unkg.ontology"), files("unkg.queries")]
    for entry in (e for source in sources for e in sorted(source.iterdir(), key=lambda e: e.name)):
        if entry.name.endswith((".ttl", ".rq")):
            for name, iri in _PREFIX_DECL.findall(entry.read_text(encoding="utf-8")):
                found.setdefault(name, iri)
    return found


def render(endpoint: str, *, updates: bool) -> str:
    config = {
        "endpoint": endpoint,
        "prefixes": prefixes(),
        "examples": [asdict(e) for e in examples()],
        "updates": updates,
    }
    # JSON inside <script type="application/json">: "<" escaped so no "</script>" can appear.
    blob = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    # YASGUI when it has been vendored (api/vendor.py); else the plain editor, saying how.
    name = "yasgui.html" if vendor.installed("yasgui") else "query.html"
    template = Template(files("unkg.api").joinpath(f"templates/{name}").read_text(encoding="utf-8"))
    return template.substitute(config=blob, missing=vendor.missing_message("yasgui") or "")
