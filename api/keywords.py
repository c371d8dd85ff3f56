"""Which SPARQL keywords a request really uses, found without evaluating it.

pyoxigraph's PyPI build makes real HTTP requests for ``SERVICE`` (and ``LOAD``) and offers
no switch to stop it, and its Python API cannot parse a query without running it. So the
endpoint lexes the request text as the SPARQL grammar does — after the codepoint escapes of
SPARQL 1.1 §19.2, skipping comments, strings and IRIs, keeping prefixed names and variables
whole — and looks at the bare words left: in SPARQL a bare word is always a keyword (or
``a``/``true``/``false``), so a keyword hidden in a string, an IRI, a comment or a name is
never mistaken for one, and the check errs only on the side of refusing.

The one place where tokens depend on context is ``<``: an IRI in a pattern, "less than" in
an expression. Reading an operator as an IRI only hides code when the would-be IRI holds a
quote (which the parser would take as the start of a string), so at such a ``<`` both
readings are lexed and their words united.
"""

from __future__ import annotations

import re

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

# One alternative per token class of the SPARQL 1.1 grammar (§19.8) that can contain
# letters; everything else (punctuation, numbers, whitespace) is skipped.
_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<long_string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
    | (?P<string>'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
    | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<name>[\w\u00B7\u0300-\u036F\u203F-\u2040.:%\\-]+)
    """,
    re.VERBOSE | re.DOTALL,
)


def _unescape(text: str) -> str:
    def char(m: re.Match) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except ValueError:  # beyond U+10FFFF: the parser rejects it anyway
            return m.group(0)

    return _CODEPOINT.sub(char, text)


def bare_words(text: str) -> frozenset[str]:
    """The upper-cased keywords of a query or update (names with ``:`` are not keywords)."""
    text = _unescape(text)
    words: set[str] = set()
    starts, seen = [0], set()
    while starts:
        pos = starts.pop()
        while (m := _TOKEN.search(text, pos)) and m.start() not in seen:
            seen.add(m.start())
            if m.lastgroup == "iri" and "'" in m.group():
                starts.append(m.start() + 1)  # the "less than" reading
            elif m.lastgroup == "name" and ":" not in m.group():
                words.add(m.group().upper())
            pos = m.end()
    return frozenset(words)


# Keywords that would make pyoxigraph fetch something over the network.
OUTBOUND = frozenset({"SERVICE", "LOAD"})
