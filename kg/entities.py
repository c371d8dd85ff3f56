"""Stage 4c: find bodies, treaties and instruments by name, acronym, short form or UNTS number.

The gazetteer is ``ontology/entities.yaml`` (the same file gives the graph its labels).
Names are matched with an Aho-Corasick automaton over the text folded for case, accents,
apostrophes, hyphens and spacing (one C-level pass per paragraph), with one rule for capitals: a capitalised word of a name must be capitalised in the text, so that
"the Office" (UNODC) is not "the office of", and "Secretariat" not "a secretariat".
All matches count, nested ones too: "Direction exécutive du Comité contre le terrorisme"
names CTED and, inside it, the CTC.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from itertools import accumulate

import ahocorasick
import yaml

from .clean import CharMap
from .documents import find_documents
from .lexicon import load
from .resolutions import Hit

# Letters and digits are separate words, so a footnote number glued to a word ("relatifs1",
# "2011²") does not hide it; superscript markers are not words at all.
_TOKEN = re.compile(r"[^\W\d_⁰¹²³⁴⁵⁶⁷⁸⁹]+|[0-9]+|[(),;:.]")


@dataclass(frozen=True)
class Entity:
    """One row of the gazetteer."""

    slug: str
    type: str  # body | treaty | instrument
    en: str | None
    fr: str | None
    parent: str | None = None
    adopted_by: str | None = None


@dataclass(frozen=True)
class _Form:
    caps: tuple[int, ...]  # offsets in the folded key of words that must start with a capital
    slug: str
    kind: str  # "name" or "short"


def _fold_table() -> dict[int, str]:
    """A one-to-one character map: lower case without accents; hyphens, superscript markers
    and other marks become spaces; apostrophes one apostrophe. One character in, one out, so
    positions in the folded text are positions in the text."""
    table: dict[int, str] = {}
    for code in range(0x250):
        c = chr(code)
        if c.isalpha():
            base = unicodedata.normalize("NFKD", c.lower())[0]
            if base != c:
                table[code] = base if base.isalpha() else " "
        elif not (c.isdigit() or c in " (),;:.'"):
            table[code] = " "
    for c in "⁰¹²³⁴⁵⁶⁷⁸⁹‐‑‒–—":
        table[ord(c)] = " "
    for c in "’‘ʼ":
        table[ord(c)] = "'"
    return table


_FOLD = _fold_table()
_fold_chars = CharMap(_FOLD, lower=True)
_SPACES = re.compile(r" {2,}")


def _folded(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` folded, with runs of spaces made one; and the maps back (run starts, shifts)."""
    t = _fold_chars(text)
    starts, shifts, shift = [], [], 0
    for m in _SPACES.finditer(t):
        shift += m.end() - m.start() - 1
        starts.append(m.start() + 1 - (shift - (m.end() - m.start() - 1)))
        shifts.append(shift)
    return (_SPACES.sub(" ", t) if starts else t), starts, shifts


def _unfold(pos: int, starts: list[int], shifts: list[int]) -> int:
    i = bisect_right(starts, pos) - 1
    return pos + (shifts[i] if i >= 0 else 0)


@dataclass(frozen=True)
class EntityMatch:
    """A gazetteer match in a paragraph's text (local offsets)."""

    slug: str
    type: str
    kind: str
    start: int
    end: int


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Case- and accent-insensitive form of a word (cached: a corpus reuses its words)."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[tuple[str, int, int, bool]]:
    """(folded word, start, end, starts with a capital) for each word and punctuation mark."""
    return [(fold(m.group()), m.start(), m.end(), m.group()[0].isupper()) for m in _TOKEN.finditer(text)]


class Gazetteer:
    """Entities and their surface forms, compiled into two automatons (names, acronyms)."""

    def __init__(self, rows: list[dict]):
        self.entities: dict[str, Entity] = {}
        self.unts: dict[tuple[int, int], list[str]] = defaultdict(list)
        self.unts_sets: dict[int, list[str]] = defaultdict(list)  # "vol/": a set of treaties
        self.by_symbol: dict[str, list[str]] = defaultdict(list)  # the document that is its text
        forms: dict[str, list[_Form]] = defaultdict(list)
        acronyms: dict[str, str] = {}
        for row in rows:
            slug = row["slug"]
            self.entities[slug] = Entity(
                slug, row["type"], row.get("en"), row.get("fr"), row.get("parent"), row.get("adopted_by")
            )
            for name in row.get("names") or [n for n in (row.get("en"), row.get("fr")) if n]:
                self._add(forms, name, slug, "name")
            for short in row.get("short") or []:
                self._add(forms, short, slug, "short")
            for acronym in row.get("acronyms") or []:
                acronyms.setdefault(str(acronym), slug)
            for hit in find_documents(" ".join(filter(None, (row.get("note"), row.get("en"))))):
                self.by_symbol[hit.id].append(slug)
            for ref in row.get("unts") or []:
                vol, _, num = str(ref).partition("/")
                if vol.strip().isdigit() and num.strip().isdigit():
                    self.unts[(int(vol), int(num))].append(slug)
                elif vol.strip().isdigit():
                    self.unts_sets[int(vol)].append(slug)
        self._names = ahocorasick.Automaton()
        for key, fs in forms.items():
            by_caps: dict[tuple[int, ...], list[_Form]] = defaultdict(list)
            for f in fs:
                by_caps[f.caps].append(f)  # forms of one key mostly share their capitals: check once
            self._names.add_word(key, (len(key), tuple((caps, tuple(group)) for caps, group in by_caps.items())))
        self._acronyms = ahocorasick.Automaton()
        for acronym, slug in acronyms.items():
            self._acronyms.add_word(acronym, (len(acronym), slug))
        for automaton in (self._names, self._acronyms):
            if len(automaton):
                automaton.make_automaton()

    @staticmethod
    def _add(forms: dict[str, list[_Form]], text: str, slug: str, kind: str) -> None:
        key, _, _ = _folded(text)
        key = key.strip()
        if not key:
            return
        caps = tuple(m.start() for m in re.finditer(r"[^\W\d_]+", text.translate(_CASE_ONLY)) if m.group()[0].isupper())
        form = _Form(caps, slug, kind)
        if form not in forms[key]:
            forms[key].append(form)

    def find(self, text: str) -> list[EntityMatch]:
        """Every name, acronym and short-form match in ``text`` (short forms unresolved)."""
        out: list[EntityMatch] = []
        if len(self._names):
            folded, starts, shifts = _folded(text)
            for last, (size, groups) in self._names.iter(folded):
                first = last - size + 1
                if not _bounded(folded, first, last):
                    continue
                start = _unfold(first, starts, shifts)
                end = _unfold(last, starts, shifts) + 1
                for caps, group in groups:
                    if all(text[_unfold(first + c, starts, shifts)].isupper() for c in caps):
                        out.extend(EntityMatch(f.slug, self.entities[f.slug].type, f.kind, start, end) for f in group)
        if len(self._acronyms):
            for last, (size, slug) in self._acronyms.iter(text):
                if _bounded(text, last - size + 1, last):
                    out.append(EntityMatch(slug, self.entities[slug].type, "acronym", last - size + 1, last + 1))
        return out


def _bounded(text: str, first: int, last: int) -> bool:
    """Whether ``text[first:last + 1]`` is whole words: no letter glued before or after (a
    footnote number glued after a word, "relatifs1", still ends the word)."""
    before = text[first - 1] if first > 0 else " "
    after = text[last + 1] if last + 1 < len(text) else " "
    return not (
        (before.isalpha() and text[first].isalpha())
        or (before.isdigit() and text[first].isdigit())
        or (after.isalpha() and text[last].isalpha())
        or (after.isdigit() and text[last].isdigit())
    )


# Positions of capitals in a name, counted as in its folded key: same one-to-one map, case kept.
_CASE_ONLY = {k: v for k, v in _FOLD.items() if not (chr(k).isalpha() and v.isalpha())}


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer of ``ontology/entities.yaml``, loaded once per process."""
    text = files("unkg.ontology").joinpath("entities.yaml").read_text("utf-8")
    return Gazetteer(yaml.safe_load(text) or [])


_UNTS = re.compile(
    r"(?:Treaty Series|Recueil des Traités|Ibid\.?)\s*,?\s*(?:vols?\.?|volumes?)\s*"
    r"(?P<vols>\d[\d\s]*(?:\s*(?:,|et|and|à|to|-|–)\s*\d[\d\s]*)*?)\s*,\s*"
    r"(?:n\s*[°o]s?\.?|No[s]?\.|nos?\.?|numéros?)\s*(?P<num>\d[\d ]{0,8}\d|\d)",
    re.I,
)


def find_by_symbol(hits: list[Hit], gaz: Gazetteer) -> list[Hit]:
    """Instruments whose text is a cited document ("the rules of procedure" + fn CD/8/Rev.9)."""
    return [Hit(gaz.entities[slug].type, slug, h.start, h.end) for h in hits for slug in gaz.by_symbol.get(h.id, ())]


def find_unts(text: str, gaz: Gazetteer) -> list[Hit]:
    """Treaties cited by their United Nations Treaty Series volume and number.

    A citation of several volumes under one number ("vol. 2225, 2237, 2241 et 2326,
    n° 39574") names a treaty and the set registered with it (the Palermo Convention and
    its Protocols): volumes that a set entity covers give the set, not each member.
    """
    if "vol" not in text:  # every citation gives a volume: most paragraphs skip the scan
        return []
    hits: list[Hit] = []
    for m in _UNTS.finditer(text):
        num = int(m.group("num").replace(" ", ""))
        vols = [int(v.replace(" ", "")) for v in re.split(r"\s*(?:,|et|and|à|to|-|–)\s*", m.group("vols")) if v.strip()]
        in_sets = [v for v in vols if gaz.unts_sets.get(v)] if len(vols) > 1 else []
        for slug in {slug for v in in_sets for slug in gaz.unts_sets[v]}:
            hits.append(Hit(gaz.entities[slug].type, slug, m.start(), m.end()))
        for vol in vols:
            if vol not in in_sets:
                hits.extend(Hit(gaz.entities[s].type, s, m.start(), m.end()) for s in gaz.unts.get((vol, num), ()))
    return hits


_ARTICLES = frozenset({"the", "le", "la", "les", "l", "d"})


@cache
def _unknown_lexicon() -> tuple[frozenset[str], frozenset[str], frozenset[tuple[str, ...]], frozenset[str], re.Pattern[str]]:
    lex = load("references")
    stop = frozenset(tuple(t[0] for t in tokens(n)) for n in lex["not_bodies"])
    heads = frozenset(fold(h) for h in lex["unknown_body_heads"])
    quick = re.compile(r"\b(?:" + "|".join(map(re.escape, lex["unknown_body_heads"])) + r")\b")
    return heads, frozenset(lex["unknown_body_joiners"]), stop, frozenset(fold(w) for w in lex["unknown_body_not"]), quick


def find_unknown_bodies(text: str, known: list[EntityMatch]) -> list[EntityMatch]:
    """Capitalised organisation names that the gazetteer lacks, with a slug made from the name.

    Conservative on purpose: a run of capitalised words (joined only by "of", "for", "de"...)
    that holds a head noun such as Committee or Fund, three capitalised words at least, not
    at the start of the paragraph (a participle) and not overlapping a known name.
    """
    heads, joiners, stop, not_body, quick = _unknown_lexicon()
    out: list[EntityMatch] = []
    done = 0
    for head in quick.finditer(text):
        if head.start() < done or any(k.start <= head.start() < k.end for k in known):
            continue  # read already, or part of a name the gazetteer knows
        # a name never crosses a clause mark: read only the clause around the head noun
        lo = max(text.rfind(c, 0, head.start()) for c in ",;:(") + 1
        hi = min((i for i in (text.find(c, head.end()) for c in ",;:)") if i >= 0), default=len(text))
        done = hi
        out += _unknown_in(text, lo, hi, known, heads, joiners, stop, not_body)
    return out


def _unknown_in(text, lo, hi, known, heads, joiners, stop, not_body) -> list[EntityMatch]:
    """The unknown-body names of ``text[lo:hi]`` (one clause)."""
    toks = [(w, s + lo, e + lo, c) for w, s, e, c in tokens(text[lo:hi].replace("-", " ")) if w not in "(),;:."]
    out: list[EntityMatch] = []
    i = 0
    while i < len(toks):
        if not toks[i][3] or toks[i][1] == 0:
            i += 1
            continue
        j, caps, last_cap = i, 0, i
        while j < len(toks) and (toks[j][3] or toks[j][0] in joiners):
            if toks[j][3]:
                caps, last_cap = caps + 1, j
            elif text[toks[j - 1][2] : toks[j][1]].strip():
                break  # punctuation between words ends the name
            elif toks[j][0] in _ARTICLES and toks[j - 1][0] in ("and", "et"):
                break  # "X et les Y", "X and the Y": two names, or a name and a common noun
            elif toks[j][0] in _ARTICLES and toks[j - 1][3]:
                i, caps = j + 1, 0  # "Requests the X": the name starts after the article
            j += 1
        if i >= len(toks) or i > last_cap:
            i = max(j, i + 1)
            continue
        words = [t[0] for t in toks[i : last_cap + 1]]
        start, end = toks[i][1], toks[last_cap][2]
        if (caps >= 3 and heads & set(words) and not not_body & set(words) and tuple(words) not in stop
                and len(words[-1]) > 1 and not text[start:end].isupper()
                and not any(k.start < end and start < k.end for k in known)):
            slug = "-".join(w for w in words if w not in _ARTICLES)
            out.append(EntityMatch(slug, "body", "unknown", start, end))
        i = max(j, i + 1)
    return out


@cache
def _short_blocker() -> re.Pattern[str]:
    return re.compile(load("references")["short_form_blocker"])


def resolve(matches: list[EntityMatch], text: str, seen: dict[str, int], offset: int) -> list[EntityMatch]:
    """Keep name and acronym matches; resolve short forms to the entity last named in full.

    ``seen`` maps slug → document position of its last full mention, carried across
    paragraphs in reading order (``offset`` is this paragraph's position). A short form
    inside a longer match, or followed by more of a name ("the Office of Legal Affairs"),
    is dropped; so is one whose entity has not been named yet.
    """
    full = sorted((m for m in matches if m.kind != "short"), key=lambda m: m.start)
    full_starts = [m.start for m in full]
    reach = list(accumulate((m.end for m in full), max))  # furthest end among matches so far
    shorts: dict[tuple[int, int], list[EntityMatch]] = defaultdict(list)
    for m in matches:
        if m.kind != "short":
            continue
        i = bisect_left(full_starts, m.end) - 1  # last full match starting before this one ends
        if i < 0 or reach[i] <= m.start:  # none reaches into it: not part of a longer name
            shorts[(m.start, m.end)].append(m)
    events = sorted([(m.start, 0, m) for m in full] + [(k[0], 1, v) for k, v in shorts.items()], key=lambda e: e[:2])
    out: list[EntityMatch] = []
    blocker = _short_blocker()
    for start, is_short, item in events:
        if not is_short:
            seen[item.slug] = offset + start
            out.append(item)
            continue
        if blocker.match(text, item[0].end):
            continue
        known = [(seen[c.slug], c) for c in item if c.slug in seen]
        if known:
            out.append(max(known, key=lambda x: x[0])[1])
    return out
