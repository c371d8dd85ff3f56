"""Stage 4d: what the document is — symbol, kind, title, session, date, meeting, agenda item,
committee report and sponsors — read from its header and closing lines.
"""

from __future__ import annotations

import re
from functools import cache

from .clean import accentless
from .documents import find_documents
from .entities import fold
from .lexicon import load
from .models import DocumentInfo
from .numbers import ordinal_value
from .segment import Layout

_HEADING_GA = re.compile(r"^[ \t]*(?P<sym>(?:E?S-)?\d{1,3}/\d{1,4}|\d{1,4}\s*\([IVXL]+\))\s*\.[ \t]+(?P<title>\S[^\n]*)", re.M)
_HEADING_ECOSOC = re.compile(r"^[ \t]*(?P<sym>(?:19|20)\d\d/\d{1,3})\s*\.[ \t]+(?P<title>\S[^\n]*)", re.M)
_HEADING_SC = re.compile(r"^[ \t]*(?:Resolution)\s+(?P<num>\d{1,4})\s*\((?P<year>(?:19|20)\d\d)\)[ \t]*$", re.M | re.I)
_EXPLICIT = re.compile(r"(?<![\w/])(?P<sym>[ASE]/RES/(?:E?S-)?\d{1,4}/\d{1,4}|S/RES/\d{1,4}\s*\((?:19|20)\d\d\))")
_DRAFT = re.compile(r"projet\s+de\s+resolution|draft\s+resolution", re.I)
# A draft's own symbol, printed on a line of its own near the top: A/C.3/78/L.14, A/80/L.11/Rev.1.
_DRAFT_SYMBOL = re.compile(r"^[ \t]*(?:Nations Unies|United Nations)?[ \t]*(?P<sym>[AE]/(?:[A-Z0-9.]+/)*L\.\d{1,3}(?:/Rev\.\d)?)[ \t]*$", re.M)
_SESSION_WORDS = re.compile(r"(?P<words>[A-Za-zÀ-ÿ' -]{3,60}?)\s+(?:session|Session)\b")
_SESSION_ORDINAL = re.compile(r"(?P<n>\d{1,3})\s*(?:e|eme|st|nd|rd|th)\s+(?:session)\b", re.I)
_ITEM = r"\d{1,3}(?:\s*\(?[a-z]{1,2}\))?"
_AGENDA = re.compile(
    rf"(?:Point|Points)\s+(?P<fr>{_ITEM}(?:\s*(?:,|et)\s*{_ITEM})*)\s+de\s+l'ordre\s+du\s+jour"
    rf"|(?:Agenda\s+items?|Item)\s+(?P<en>{_ITEM}(?:\s*(?:,|and)\s*{_ITEM})*)",
    re.I,
)
_MEETING = re.compile(
    r"(?P<n>\d{1,5})\s*\^?(?:e|°|eme|re|er|st|nd|rd|th)\s+(?:seance(?:\s+pleniere)?|plenary\s+meeting|meeting)", re.I
)
# "[sur la base du rapport de la Troisième Commission (A/64/440 et Corr.1)]", "[on the report of
# the First Committee (A/80/534, para. 7)]"; OCR may lose the brackets, so they are optional.
_REPORT = re.compile(
    r"(?:sur\s+(?:la\s+base\s+du\s+)?(?:le\s+)?rapport|on\s+the\s+(?:basis\s+of\s+the\s+)?reports?"
    r"|sur\s+(?:la\s+)?recommandation|on\s+the\s+recommendation)\s+(?:de|du|des|of)\b[^()\[\]\n]{0,120}?"
    r"\((?P<syms>[^()\]\n]*(?:\([^()\n]*\)[^()\]\n]*)*)\)",
    re.I,
)
_SPONSORS = re.compile(r"(?P<names>[^\n:]{3,}(?:\n[^\n:]+)*?)\s*:\s*(?:projet de resolution|draft resolution)", re.I)


@cache
def _dates() -> re.Pattern[str]:
    months = load("references")["months"]
    names = accentless("|".join(months["fr"] + months["en"]))
    return re.compile(
        rf"(?P<d>\d{{1,2}})(?:er|\^?er)?\s+(?P<m>{names})\s+(?P<y>(?:19|20)\d\d)"
        rf"|(?P<m2>{names})\s+(?P<d2>\d{{1,2}}),?\s+(?P<y2>(?:19|20)\d\d)",
        re.I,
    )


def _month_number(name: str) -> int:
    months = load("references")["months"]
    for lang in ("fr", "en"):
        folded = [fold(m) for m in months[lang]]
        if fold(name) in folded:
            return folded.index(fold(name)) + 1
    raise ValueError(name)


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ISO ``YYYY-MM-DD``, or None."""
    m = _dates().search(accentless(text))
    if m is None:
        return None
    d, mo, y = (m.group("d"), m.group("m"), m.group("y")) if m.group("d") else (m.group("d2"), m.group("m2"), m.group("y2"))
    return f"{int(y):04d}-{_month_number(mo):02d}-{int(d):02d}"


def read_document(text: str, layout: Layout, countries: dict[str, str]) -> DocumentInfo:
    """The document block from the cleaned ``text`` and its ``layout``."""
    original = text[: layout.body_start] if layout.organ is not None else text[:3000]
    header = accentless(original)  # patterns read without accents (OCR drops them); titles keep them
    closing = accentless(" ".join(p.text for p in layout.of_kind("footer")))
    symbol, title = None, None
    kind = {"ga": "ga-resolution", "sc": "sc-resolution", "ecosoc": "ecosoc-resolution"}.get(layout.organ or "")
    for pattern, prefix, organ_kind in ((_HEADING_ECOSOC, "E/RES/", "ecosoc-resolution"), (_HEADING_GA, "A/RES/", "ga-resolution")):
        m = pattern.search(header)
        if m:
            sym = re.sub(r"\s*\(", " (", m.group("sym"))
            symbol = prefix + sym
            title = _title(original, m.start("title"))
            kind = kind or organ_kind
            if layout.organ == "ecosoc" and prefix == "A/RES/":
                symbol = "E/RES/" + sym
            break
    sc = _HEADING_SC.search(header)
    if symbol is None and sc:
        symbol, kind = f"S/RES/{sc.group('num')} ({sc.group('year')})", "sc-resolution"
    if symbol is None:
        explicit = _EXPLICIT.search(header)
        if explicit:
            symbol = re.sub(r"\s*\(", " (", explicit.group("sym"))
            kind = kind or {"A": "ga-resolution", "S": "sc-resolution", "E": "ecosoc-resolution"}[symbol[0]]
    own_draft = _DRAFT_SYMBOL.search(header[:600])
    is_draft = bool(own_draft or _DRAFT.search(header)) and not re.search(r"(?:adoptee?|adopted)\s+(?:par|by)", header, re.I)
    if is_draft:
        kind, symbol = "ga-draft-resolution", own_draft.group("sym") if own_draft else None
        title = title or _draft_title(original)
    session = _session(header)
    if session is None and symbol and symbol.startswith("A/RES/") and symbol[6:].split("/")[0].isdigit():
        session = int(symbol[6:].split("/")[0])
    adopted = None
    if not is_draft:
        adoption = re.search(r"(?:adoptee?|adopted)\b[^\n]{0,120}", header, re.I)
        adopted = parse_date(adoption.group(0)) if adoption else None
        adopted = adopted or parse_date(closing)
    meeting = _MEETING.search(closing) or (_MEETING.search(header) if kind == "sc-resolution" else None)
    agenda = _AGENDA.search(header)
    report = _REPORT.search(header)
    return DocumentInfo(
        symbol=symbol,
        kind=kind or ("ga-draft-resolution" if is_draft else None),
        title=title,
        session=session,
        adopted=adopted,
        plenary_meeting=int(meeting.group("n")) if meeting and not is_draft else None,
        agenda_item=re.sub(r"\s+", " ", agenda.group("fr") or agenda.group("en")) if agenda else None,
        committee_report=tuple(h.id for h in find_documents(report.group("syms"))) if report else (),
        sponsors=_sponsors(header, countries) if is_draft else (),
    )


def _title(text: str, start: int) -> str:
    """A heading that may wrap over several lines, up to a blank line."""
    end = text.find("\n\n", start)
    end = len(text) if end < 0 else end
    return _tidy(text[start:end])


def _draft_title(header: str) -> str | None:
    """A draft's title: the lines just before "L'Assemblée générale,", back to a blank line or
    to the line that ends the sponsors' or submitter's statement (PDF text has no blank lines)."""
    lines: list[str] = []
    for line in reversed(header.rstrip().splitlines()):
        if not line.strip():
            if lines:
                break
            continue
        plain = accentless(line)
        if _DRAFT.search(plain) or _HEADER_LINE.search(plain) or line.rstrip().endswith((")", ":")):
            break
        lines.append(line)
    return _tidy(" ".join(reversed(lines))) if lines else None


_HEADER_LINE = re.compile(r"\d{4}|Distr\.|Original|session|ordre du jour|[Aa]genda|Francais|English", re.I)


def _tidy(title: str) -> str:
    title = re.sub(r"\s+", " ", title).strip()
    return re.sub(r"[\s*]*[⁰¹²³⁴⁵⁶⁷⁸⁹]+$", "", title).strip(" *")


def _session(header: str) -> int | None:
    for m in _SESSION_WORDS.finditer(header):
        words = m.group("words").split()
        for k in range(min(4, len(words)), 0, -1):
            value = ordinal_value(" ".join(words[-k:]))
            if value:
                return value
    m = _SESSION_ORDINAL.search(header)
    return int(m.group("n")) if m else None


def _sponsors(header: str, countries: dict[str, str]) -> tuple[str, ...]:
    m = _SPONSORS.search(header)
    if m is None:
        return ()
    codes: list[str] = []
    for piece in " ".join(m.group("names").split()).split(","):
        for name in _country_names(piece.strip(" .*"), countries):
            code = countries[fold(name)]
            if code not in codes:
                codes.append(code)
    return tuple(codes)


_AND = re.compile(r"\s+(?:et|and)\s+")


def _country_names(piece: str, countries: dict[str, str]) -> list[str]:
    """The countries in one comma-separated piece: the piece itself ("Trinidad and Tobago",
    "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord"), or two names joined by the list's
    last "and"/"et" ("Slovénie et Suède")."""
    if fold(piece) in countries:
        return [piece]
    for m in _AND.finditer(piece):
        left, right = piece[: m.start()], piece[m.end() :]
        if fold(left) in countries:
            rest = _country_names(right, countries)
            if rest:
                return [left, *rest]
    return []
