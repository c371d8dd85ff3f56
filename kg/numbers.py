"""Number words in resolutions: "Soixante-quatrième session", "Sixty-fourth Session"."""

from __future__ import annotations

import re
import unicodedata

from .lexicon import load


def ordinal_value(words: str) -> int | None:
    """``"Soixante-dix-huitième"`` → 78, ``"Eightieth"`` → 80; None if not a number word."""
    lex = load("numbers")
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", words.casefold()) if not unicodedata.combining(c)
    )
    parts = [w for w in re.split(r"[\s-]+", folded) if w and w not in ("et", "and")]
    if not parts:
        return None
    last = parts[-1]
    ordinal = lex["ordinals"]["fr"].get(last) or lex["ordinals"]["en"].get(last)
    if ordinal is None:
        return None
    cardinals = {**lex["cardinals"]["fr"], **lex["cardinals"]["en"]}
    total = 0
    for i, w in enumerate(parts[:-1]):
        value = cardinals.get(w)
        if value is None:
            return None
        if w in ("vingt", "vingts") and i > 0 and parts[i - 1] == "quatre":
            total += 80 - 4  # "quatre-vingt": four twenties
            continue
        total += value
    if last == "vingtieme" and len(parts) > 1 and parts[-2] == "quatre":
        return total - 4 + 80
    return total + ordinal
