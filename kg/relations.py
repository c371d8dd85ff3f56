"""Stage 5: what a reference does, read from the verbs around it.

A resolution reference takes the relation of the nearest relation verb before it in its
paragraph ("Réaffirmant ... et rappelant sa résolution 60/288" → recalls); in a footnote,
or with no such verb, it ``cites``. A body is addressed when it is the object of an
operative verb that acts on it ("Prie l'Office ... de", "Requests the Secretary-General to").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .clean import accentless
from .lexicon import load, spaced


@dataclass(frozen=True)
class _Verbs:
    relation: re.Pattern[str]
    neutral: re.Pattern[str]
    opener: re.Pattern[str]
    addressing: re.Pattern[str]
    object_end: re.Pattern[str]
    prefix: re.Pattern[str]
    coordination: re.Pattern[str]
    rank: dict[str, int]


@cache
def _verbs() -> _Verbs:
    lex = load("references")
    rel = "|".join(
        f"(?P<{name.replace('-', '_')}>" + "|".join(accentless(spaced(f)) for f in forms) + ")"
        for name, forms in lex["relation_verbs"].items()
    )
    opener = "|".join(
        f"(?P<{name.replace('-', '_')}>" + "|".join(forms) + ")" for name, forms in lex["relation_openers"].items()
    )
    verbs = [accentless(spaced(v)) for v in sorted(lex["addressing_verbs"], key=len, reverse=True)]
    return _Verbs(
        relation=re.compile(rf"(?<!\w)(?:{rel})(?!\w)", re.I),
        neutral=re.compile(
            rf"(?<!\w)(?:{'|'.join(accentless(spaced(v)) for v in lex['neutral_verbs'] + lex['addressing_verbs'])})(?!\w)",
            re.I,
        ),
        opener=re.compile(rf"\s*(?:\d{{1,3}}\.\s*)?(?:(?:also|further|again|once again)\s+)?(?:{opener})(?!\w)", re.I),
        addressing=re.compile(rf"(?<!\w)(?:{'|'.join(verbs)})(?!\w)", re.I),
        object_end=re.compile(lex["object_end"]),
        prefix=re.compile(lex["addressee_prefix"], re.I),
        coordination=re.compile(lex["coordination"], re.I),
        rank={name: i for i, name in enumerate(lex["relation_rank"])},
    )


# A paragraph is read for several mentions in a row: strip its accents once.
_plain = lru_cache(maxsize=32)(accentless)


def relation_at(text: str, pos: int) -> str:
    """The relation of a resolution mentioned at ``pos`` of a body paragraph's ``text``."""
    v = _verbs()
    text = _plain(text)  # verbs are matched without accents: OCR loses them
    found = None
    for m in v.relation.finditer(text, 0, pos):
        found = m
    for m in v.neutral.finditer(text, found.end() if found else 0, pos):
        if _governs(text, m.start()):
            return "cites"  # a nearer clause verb with no relation of its own
    if found is not None:
        return found.lastgroup.replace("_", "-")
    opener = v.opener.match(text)
    if opener is not None and opener.end() <= pos:
        return opener.lastgroup.replace("_", "-")
    return "cites"


def strongest(a: str | None, b: str) -> str:
    """The stronger of two relations (reaffirms > recalls > welcomes > ... > cites)."""
    if a is None:
        return b
    rank = _verbs().rank
    return a if rank.get(a, 99) <= rank.get(b, 99) else b


def addressed_spans(text: str) -> list[tuple[int, int, str]]:
    """Objects of addressing verbs in ``text``: (start, end, the verb as printed)."""
    v = _verbs()
    spans = []
    for m in v.addressing.finditer(_plain(text)):
        if not _governs(text, m.start()):
            continue
        limit = min(len(text), m.end() + 400)
        end = v.object_end.search(text, m.end(), limit)
        spans.append((m.end(), end.start() if end else limit, text[m.start() : m.end()]))
    return spans


def leads_object(before: str) -> bool:
    """Whether only adverbs, articles and the like stand between a verb and a body."""
    return _verbs().prefix.fullmatch(before) is not None


def coordinates(between: str) -> bool:
    """Whether two bodies are coordinated addressees ("X, et notamment son Y", "X and Y")."""
    return _verbs().coordination.fullmatch(between) is not None


_CLAUSE_START = re.compile(
    r"(?:^\s*(?:\(?[a-z]{1,4}\)|\d{1,3}\.)?|[,;:]|\b(?:et|and|lui|leur))\s*(?:[\w'-]+\s+){0,4}$", re.I
)
_NOT_A_VERB = re.compile(r"\b(?:se|s'|la|le|les|une|un|sa|son|leur|the|a|an|its|their|this|such|of|de|du|des)\s*$", re.I)


def _governs(text: str, pos: int) -> bool:
    """Whether a verb at ``pos`` heads a clause ("1. Prie", "..., et invite", "and in this
    regard requests") rather than being a noun ("la demande") or reflexive ("Se félicite")."""
    head = text[max(0, pos - 45) : pos]
    if _NOT_A_VERB.search(head):
        return False
    return _CLAUSE_START.search(head) is not None
