"""Stage 2: repair the text (markup, OCR damage) while keeping a map back to the source.

Every edit is recorded, so a span in the cleaned text maps to a span in the source text
(eyecite's ``SpanUpdater`` idea): evidence always points into the file as read.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _accentless_table() -> dict[int, str]:
    table = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFKD", chr(code))[0]
        if base != chr(code) and base.isalpha():
            table[code] = base
    return table


class CharMap:
    """A one-character-for-one map over text (so positions stay valid), applied with a regex
    over the few characters it changes: several times faster than ``str.translate`` with a
    dict, which looks every character up. ``lower`` lower-cases first (ASCII-safe: a text
    whose length ``str.lower`` would change is mapped by ``translate`` instead)."""

    def __init__(self, table: dict[int, str], *, lower: bool = False):
        self.table, self.lower = table, lower
        changed = [k for k, v in table.items() if (chr(k).lower() if lower else chr(k)) != v]
        self._pattern = re.compile("[" + "".join(re.escape(chr(k)) for k in changed) + "]")
        self._replace = lambda m: table[ord(m.group())]

    def __call__(self, text: str) -> str:
        if self.lower:
            lowered = text.lower()
            if len(lowered) != len(text):
                return text.translate({**{ord(c): c.lower() for c in set(text) if len(c.lower()) == 1}, **self.table})
            text = lowered
        return self._pattern.sub(self._replace, text)


accentless = CharMap(_accentless_table())
accentless.__doc__ = """Text without accents, one character for one, so positions stay the same: OCR
drops accents ("Reaffirmant", "Etats"), and a pattern should not care."""


def superscript(digits: str) -> str:
    """``"12"`` → ``"¹²"``: the one spelling of a footnote marker after cleaning."""
    return digits.translate(_SUPERSCRIPT)


@dataclass(frozen=True)
class OffsetMap:
    """Maps positions of an edited text back to the text it was made from.

    ``edits`` holds ``(new_start, new_end, old_start, old_end)`` for each replaced region,
    in order; outside them the two texts differ by a constant shift.
    """

    edits: tuple[tuple[int, int, int, int], ...] = ()
    starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", tuple(e[0] for e in self.edits))

    def to_old(self, pos: int, *, end: bool = False) -> int:
        """Old position of ``pos`` (a span end if ``end``); a replaced region maps whole."""
        i = bisect_right(self.starts, pos) - 1
        if i < 0:
            return pos
        ns, ne, os_, oe = self.edits[i]
        if end:
            if pos == ns:
                return os_
            return oe if pos <= ne else pos - ne + oe
        return os_ if pos < ne else pos - ne + oe


@dataclass(frozen=True)
class Cleaned:
    """Cleaned text and the maps from it back to the source text (applied in reverse)."""

    text: str
    maps: tuple[OffsetMap, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        for m in reversed(self.maps):
            start, end = m.to_old(start), m.to_old(end, end=True)
        return start, end


def rewrite(text: str, pattern: re.Pattern[str], replace) -> tuple[str, OffsetMap]:
    """``pattern.sub(replace, text)`` that also returns the offset map of its edits."""
    out: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    last = 0
    new_len = 0
    for m in pattern.finditer(text):
        repl = replace(m)
        if repl == m.group(0):
            continue
        out.append(text[last : m.start()])
        new_len += m.start() - last
        out.append(repl)
        edits.append((new_len, new_len + len(repl), m.start(), m.end()))
        new_len += len(repl)
        last = m.end()
    if not edits:
        return text, OffsetMap()
    out.append(text[last:])
    return "".join(out), OffsetMap(tuple(edits))


# One pass for markup, one for OCR: each a single alternation, so cleaning stays linear.
_MARKUP = re.compile(
    # the lookahead lets the engine skip, in one test, the positions no alternative can start at
    r"(?=[-<\[#*_\u00a0\u202f\u2007\u2009\u200a\u3000\u00ad\u200b\u200c\u200d\u2060\ufeff\u2019\u2018\u02bc`\u00b4\u2032\ufb00-\ufb04\]])"
    r"(?:(?P<front>\A\ufeff?---\n.*?\n---\n)"  # YAML front matter: page chrome, not text
    r"|<sup>\s*(?P<sup>\d{1,3})\s*</sup>"  # <sup>3</sup> footnote marker
    r"|(?P<fndef>(?m:^)\[\^(?P<fndefn>\d{1,4})\]:)"  # [^3]: footnote definition
    r"|\[\^(?P<fnref>\d{1,4})\]"  # [^3] footnote marker
    r"|(?P<linkopen>\[(?=[^\]\n]{1,200}\]\([^)\n]{0,300}\)))"  # [74/175](#) link → its text
    r"|(?P<linkclose>(?<=[^\[\n])\]\([^)\n]{0,300}\))"
    r"|(?P<html></?(?:sup|sub|span|em|strong|b|i|br)\s*/?>)"  # stray inline HTML
    r"|(?P<heading>(?m:^)#{1,6}[ \t]+)"  # Markdown heading marks
    r"|(?P<emph>\*{1,3}|(?<!\w)_{1,2}(?=\w)|(?<=\w)_{1,2}(?!\w))"  # emphasis marks
    r"|(?P<space>[\u00a0\u202f\u2007\u2009\u200a\u3000])"  # exotic spaces
    r"|(?P<zw>[\u00ad\u200b\u200c\u200d\u2060\ufeff])"  # soft hyphen, zero widths
    r"|(?P<quote>[\u2019\u2018\u02bc\u0060\u00b4\u2032])"  # apostrophe look-alikes
    r"|(?P<lig>[\ufb00-\ufb04]))",
    re.S,
)
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}


def _markup(m: re.Match[str]) -> str:
    kind = m.lastgroup
    if kind == "front":
        return "\n" * m.group(0).count("\n")
    if kind == "sup":
        return superscript(m.group("sup"))
    if kind in ("fndef", "fndefn"):
        return superscript(m.group("fndefn"))
    if kind == "fnref":
        return superscript(m.group("fnref"))
    if kind in ("linkopen", "linkclose", "html", "heading", "emph", "zw"):
        return ""
    if kind == "space":
        return " "
    if kind == "quote":
        return "'"
    return _LIGATURES[m.group(0)]


# OCR repairs seen in UN resolutions scanned to text: the letter l read as 1 or I before an
# apostrophe ("1'Office", "I'enfant") or as 1 inside a word ("a1so"), É read as E ("Etats"), stray marks where a footnote
# marker or an accent was ("associé¢", "n® 2753 1").
_OCR = re.compile(
    r"(?=[1IE¢®º])(?:(?P<ell>(?<![\w'])[1I](?='[A-Za-zÀ-ÿ])|(?<=[a-zà-ÿ])1(?=[a-zà-ÿ]))"
    r"|(?P<etat>(?<!\w)E(?=tats?\b|tat\b))"
    r"|(?P<numero>(?<=\bn)[®º](?=\s*\d))"
    r"|(?P<mark>(?<=[a-zà-ÿ,])[¢®](?=[\s,.;:])))"
)


def _ocr(m: re.Match[str]) -> str:
    kind = m.lastgroup
    if kind == "ell":
        return "l"
    if kind == "etat":
        return "É"
    if kind == "mark":
        return ""
    return "°"


def clean(text: str) -> Cleaned:
    """Remove markup and repair OCR damage; return the text with its maps to ``text``."""
    t1, m1 = rewrite(text, _MARKUP, _markup)
    t2, m2 = rewrite(t1, _OCR, _ocr)
    return Cleaned(t2, (m1, m2))
