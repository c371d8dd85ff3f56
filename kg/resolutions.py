"""Stage 4a: find resolution (and decision) numbers and name them by the UN's symbol grammar.

A mention starts at the word "résolution(s)"/"resolution(s)" (or "décision"/"decision") and
runs over a list of numbers, parts, dates and annex notes. The organ comes from the words
around the list ("Security Council resolution 1373 (2001)", "résolutions ... du Conseil de
sécurité"), else from the number's shape: ``1373 (2001)`` is the Security Council's,
``2007/12`` (a year) ECOSOC's, ``60/288`` and ``S-10/2`` the General Assembly's,
``2200 A (XXI)`` an old-style General Assembly resolution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .lexicon import load, spaced

_HINTS = ("solution", "SOLUTION", "cision", "CISION", "/RES/")

# General Assembly symbols <session>/<number> began with the 31st session (1976); earlier
# resolutions are numbered with a roman session ("2200 (XXI)").
FIRST_NUMBERED_SESSION = 31
LAST_PLAUSIBLE_SESSION = 99


@dataclass(frozen=True)
class Hit:
    """A reference found in a paragraph's text: its type, id and local span."""

    type: str
    id: str
    start: int
    end: int


_ITEM = (
    r"(?P<item>"
    r"(?P<sess>(?:E?S-)?\d{1,4})\s*/\s*(?P<num>\d{1,4})(?!\s*/)(?!\d)"  # 60/288, 2007/12, S-10/2
    r"|(?P<old>\d{1,4})(?:\s*(?P<oldpart>[A-Z]))?\s*\((?P<roman>(?:E?S-)?[IVXL]{1,7})\)"  # 2200 A (XXI)
    r"|(?P<scnum>\d{1,4})\s*\((?P<year>(?:19|20)\d\d)\)"  # 1373 (2001)
    r"|(?P<bare>\d{1,4})(?![\d/(])"  # a bare number, named by the words around it
    r")"
    r"(?P<parts>(?:\s+[A-Z](?![\w'/])(?:\s*(?:,|\bet\b|\band\b|\bà\b|\bto\b)\s*[A-Z](?![\w'/]))*)?)"
)


@cache
def _patterns() -> dict:
    lex = load("references")
    months = "|".join(lex["months"]["fr"] + lex["months"]["en"])
    date = (
        rf"(?:\s*,?\s*(?:du|en date du|of|dated|adoptée?s? le|adopted on)\s+"
        rf"(?:\d{{1,2}}(?:er)?\s+(?:{months})|(?:{months})\s+\d{{1,2}},?)\s+\d{{4}})"
    )
    organ_alts = []
    organ_of = {}
    for slug, spec in lex["organs"].items():
        for name in spec["names"]:
            organ_of[_fold(name)] = slug
            organ_alts.append(spaced(re.escape(name)))
    organ_alts.sort(key=len, reverse=True)
    organ = "(?P<organ>" + "|".join(organ_alts) + ")"
    filler = (
        r"(?:\s*\b(?:et|and|ainsi que|as well as|or|ou)\b\s*|\s*[,;]\s*|\s+"
        rf"|{date}"
        r"|\s*,?\s*(?:annexes?|annex|appendix|appendice|annexe)\b(?:\s+[IVX]+(?:\s*(?:à|to|et|and|,)\s*[IVX]+)*)?"
        r"|\s*,?\s*(?:(?:sa|ses|its|la|les|the|their|leur|leurs)\s+)?(?:résolutions?|resolutions?|décisions?|decisions?)\b"
        r"|\s*\((?:\d{4})\)"
        r")"
    )
    word = lex["resolution_word"]
    dword = lex["decision_word"]
    return {
        "prefix": re.compile(rf"{organ}(?:'s)?\s+$", re.I),
        "anchor": re.compile(
            rf"(?P<word>{word}|{dword})"
            rf"(?:\s+(?:du|de la|de l'|de|of the|of)\s+{organ.replace('organ', 'inner')})?\s*",
            re.I,
        ),
        "item": re.compile(_ITEM),
        "filler": re.compile(filler, re.I),
        "suffix": re.compile(rf"\s*,?\s*(?:du|de la|de l'|de|of the|of)\s+{organ}", re.I),
        "organ_of": organ_of,
        "symbols": {slug: spec["symbol"] for slug, spec in lex["organs"].items()},
        "explicit": re.compile(
            r"\b(?P<org>A|S|E)/RES/(?P<rest>(?:E?S-)?\d{1,4}/\d{1,4}|\d{1,4}\s*\((?:19|20)\d\d\)|\d{1,4}\s*\([IVXL]+\))"
        ),
        "decision": re.compile(dword, re.I),
        "word": re.compile(rf"{word}|{dword}", re.I),
    }


def _fold(s: str) -> str:  # organ names as printed → the lexicon's key
    return " ".join(s.lower().replace("’", "'").split())


def find_resolutions(text: str, own_organ: str | None = None) -> list[Hit]:
    """Resolution and decision references in one paragraph's ``text``.

    ``own_organ`` (an organ slug) names what "its resolution" means in a text adopted by an
    organ other than the General Assembly.
    """
    p = _patterns()
    hits: list[Hit] = []
    if not any(word in text for word in _HINTS):
        return hits  # no "résolution", "decision" or "/RES/" here: most paragraphs skip the scans
    pos = 0
    while True:
        a = p["anchor"].search(text, pos)
        if a is None:
            break
        # Items in groups: a repeated "résolution" word starts a new group, and an organ
        # named after a list ("... du Conseil de sécurité") belongs to its last group only.
        groups: list[list[re.Match[str]]] = [[]]
        decision = [bool(p["decision"].fullmatch(a.group("word")))]  # per group
        cur = a.end()
        while True:
            m = p["item"].match(text, cur)
            if m is None:
                break
            groups[-1].append(m)
            cur = m.end()
            f = p["filler"].match(text, cur)
            while f and f.end() > cur:
                word = p["word"].search(f.group(0))
                if word:
                    groups.append([])
                    decision.append(bool(p["decision"].fullmatch(word.group(0))))
                cur = f.end()
                f = p["filler"].match(text, cur)
        pos = max(a.end(), cur)
        decision = [d for g, d in zip(groups, decision, strict=True) if g]
        groups = [g for g in groups if g]
        if not groups:
            continue
        before = p["prefix"].search(text, max(0, a.start() - 80), a.start())
        first_organ = a.group("inner") or (before.group("organ") if before else None)
        suffix = p["suffix"].match(text, groups[-1][-1].end())
        for i, group in enumerate(groups):
            name = first_organ if i == 0 else None
            if i == len(groups) - 1 and suffix and not name:
                name = suffix.group("organ")
            organ = p["organ_of"].get(_fold(name)) if name else None
            for m in group:
                hit = _name(m, organ, own_organ, decision[i], p["symbols"])
                if hit:
                    hits.append(Hit(hit[0], hit[1], m.start(), m.end("item")))
    for m in p["explicit"].finditer(text):
        kind = {"A": "ga-resolution", "S": "sc-resolution", "E": "ecosoc-resolution"}[m.group("org")]
        rest = re.sub(r"\s*\(", " (", m.group("rest"))
        hits.append(Hit(kind, f"{m.group('org')}/RES/{rest}", m.start(), m.end()))
    return hits


def _name(m: re.Match[str], organ: str | None, own: str | None, decision: bool, symbols: dict) -> tuple[str, str] | None:
    """(type, id) of one list item, or None when it is not a resolution number."""
    if m.group("scnum"):
        num, year = int(m.group("scnum")), m.group("year")
        if organ in (None, "security-council"):
            return "sc-resolution", f"S/RES/{num} ({year})"
        return None
    if m.group("old"):
        ident = f"{int(m.group('old'))} ({m.group('roman')})"
        if organ in (None, "general-assembly"):
            return ("other-resolution", f"ga-decision/{ident}") if decision else ("ga-resolution", f"A/RES/{ident}")
        if organ == "ecosoc":
            return "ecosoc-resolution", f"E/RES/{ident}"
        return "other-resolution", f"{organ}/{ident}"
    if m.group("bare"):
        return None  # "resolution 1373" with no year: too ambiguous to name
    sess, num = m.group("sess"), int(m.group("num"))
    if num >= 1000:
        num //= 10  # a footnote marker glued to the number: "60/1756" is 60/175, note 6
    is_year = sess.isdigit() and 1946 <= int(sess) <= 2100
    if organ is None:
        organ = "ecosoc" if is_year else (own if own and own != "security-council" else "general-assembly")
        if organ == "ecosoc" and not is_year:
            organ = "general-assembly"
    kind = symbols.get(organ)
    if kind == "ga" and is_year and not decision:
        kind = "ecosoc"  # a year-numbered resolution is ECOSOC's whatever the words say
    if kind == "ga":
        if sess.isdigit() and not FIRST_NUMBERED_SESSION <= int(sess) <= LAST_PLAUSIBLE_SESSION:
            return None  # "15/4" is no Assembly symbol: numbered ones began at the 31st session
        sess = sess if not sess.isdigit() else str(int(sess))
        return ("other-resolution", f"ga-decision/{sess}/{num}") if decision else ("ga-resolution", f"A/RES/{sess}/{num}")
    if kind == "ecosoc":
        if not is_year:
            return None if organ == "ecosoc" else ("ga-resolution", f"A/RES/{sess}/{num}")
        return ("other-resolution", f"ecosoc-decision/{sess}/{num}") if decision else ("ecosoc-resolution", f"E/RES/{sess}/{num}")
    if kind == "other":
        return "other-resolution", f"{organ}{'-decision' if decision else ''}/{sess}/{num}"
    return None
