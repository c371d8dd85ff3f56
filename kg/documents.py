"""Stage 4b: find UN document symbols and expand their abbreviated lists.

A symbol is a series of slash-separated components, the first an organ's letters
(``A``, ``S``, ``E``, ``CD``, ``CEDAW``, ``NPT``...), at least one holding a digit:
``A/64/440``, ``E/CN.15/2019/5``, ``A/CONF.189/12``, ``S/PRST/2013/2``, with optional
part/volume suffixes ``(Part I)``, ``(Vol. II)``. A symbol may be followed by its
corrigenda and addenda in short form: ``A/57/152 et Corr.1 et Add.1 et Add.1/Corr.1 et 2``,
each of which is a document of its own. Joint symbols ``A/67/828-S/2013/210`` are two.
Resolution symbols (``A/RES/...``) are left to :mod:`.resolutions`.
"""

from __future__ import annotations

import re

from .numbers import ordinal_value
from .resolutions import Hit

_COMPONENT = r"(?:[A-Z][A-Za-z]{0,9}(?:\.\d{1,4})?|\d{1,5}(?:\.\d{1,3})?|E?S-\d{1,2})(?![A-Za-z])"
_SUFFIX = r"(?:\s\((?:Parts?|Vol\.|Part)\s[IVX]{1,4}(?:\s(?:and|et|to|à)\s[IVX]{1,4})?\))"
_SYMBOL = re.compile(
    rf"(?<![\w/.\-])(?P<sym>[A-Z]{{1,8}}(?:/{_COMPONENT})+{_SUFFIX}?(?:/{_COMPONENT})*"
    rf"(?:-(?=[A-Z]{{1,8}}/)[A-Z]{{1,8}}(?:/{_COMPONENT})+)*)"
    rf"(?P<tail>(?:\s*(?:,|\bet\b|\band\b)\s*(?:(?:Corr|Add|Rev|Amend)\.\d{{1,3}}(?:/(?:Corr|Add|Rev)\.\d{{1,3}})*|\d{{1,3}}(?![\d/.]))(?:\s*[–-]\s*\d{{1,3}})?)*)"
)
_SHORT = re.compile(r"(?P<kind>(?:Corr|Add|Rev|Amend)\.\d{1,3}(?:/(?:Corr|Add|Rev)\.\d{1,3})*|\d{1,3})(?:\s*[–-]\s*(?P<to>\d{1,3}))?")
_LEVEL = re.compile(r"/(?:Corr|Add|Rev|Amend)\.\d+")
_JOINT = re.compile(r"-(?=[A-Z]{1,6}/)")
_RESOLUTION = re.compile(r"^[ASE]/RES/")


# The General Assembly's Official Records: Supplement No. N of session S is document A/S/N
# ("Supplement No. 27 (A/64/27)"), so a supplement cited without its symbol still names it.
_RECORDS = re.compile(
    r"(?:Official\s+Records\s+of\s+the\s+General\s+Assembly|Documents\s+officiels\s+de\s+l'Assembl[ée]e\s+g[ée]n[ée]rale)"
    r",\s+(?P<session>[^\W\d_]+(?:[\s-][^\W\d_]+){0,3})\s+[Ss]ession,\s+"
    r"(?:Supplement\s+No\.|Suppl[ée]ment\s+n\s*[°o])\s*(?P<number>\d{1,3})\b(?![A-Z])"
)


def find_documents(text: str) -> list[Hit]:
    """Document references in one paragraph's ``text``, one hit per expanded symbol."""
    hits: list[Hit] = []
    records = "Official" in text or "officiels" in text  # words every such citation holds
    for m in _RECORDS.finditer(text) if records else ():
        session = ordinal_value(m.group("session"))
        if session:
            hits.append(Hit("document", f"A/{session}/{int(m.group('number'))}", m.start(), m.end()))
    if "/" not in text:  # every symbol has a slash: most paragraphs skip the scan
        return hits
    for m in _SYMBOL.finditer(text):
        sym = m.group("sym")
        if not any(c.isdigit() for c in sym) or _RESOLUTION.match(sym):
            continue
        start = m.start("sym")
        for part in _JOINT.split(sym):
            if "/" in part and any(c.isdigit() for c in part):
                hits.append(Hit("document", part, start, start + len(part)))
            start += len(part) + 1
        base, last = sym, sym
        for s in _SHORT.finditer(m.group("tail")):
            for symbol in _expand(base, last, s.group("kind"), s.group("to")):
                hits.append(Hit("document", symbol, m.start("tail") + s.start(), m.start("tail") + s.end()))
                last = symbol
    return hits


def _expand(base: str, last: str, short: str, to: str | None) -> list[str]:
    """Full symbols for a short form after ``base``: a corrigendum corrects the symbol printed
    (``A/64/548/Add.1 and Corr.1`` → ``A/64/548/Add.1/Corr.1``), an addendum or revision
    belongs to the root document (``A/57/152 et Add.2``); a bare number renumbers the last
    level of the previous symbol (``Add.1/Corr.1 et 2``)."""
    root = _LEVEL.split(base)[0] if _LEVEL.search(base) else base
    if short.startswith("Corr") and not to:
        return [f"{base}/{short}"]
    if short.isdigit():
        if last == base and not _LEVEL.search(last):
            return []
        head, _, _ = last.rpartition(".")
        numbers = range(int(short), int(to) + 1) if to else [int(short)]
        return [f"{head}.{n}" for n in numbers]
    if to:
        head, _, first = short.rpartition(".")
        return [f"{root}/{head}.{n}" for n in range(int(first), int(to) + 1)]
    return [f"{root}/{short}"]
