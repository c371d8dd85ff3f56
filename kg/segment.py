"""Stage 3: cut the cleaned text into header, preambular and operative paragraphs, footnotes.

Works line by line, because PDF and OCR text wraps paragraphs and interleaves footnotes
with the paragraph they interrupt: a line that starts in lower case always continues the
last body paragraph, even after a footnote or a page break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from .clean import accentless
from .lexicon import load
from .models import Paragraph


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = load("structure")
    openers = "|".join(f"(?P<{k}>{v})" for k, v in lex["body_openers"].items())
    patterns = {
        "body": (rf"^[ \t]*(?:{openers})[ \t]*,?[ \t]*$", re.M),
        "preamble": (rf"^[ \t]*(?:{lex['preamble_openers']}|[A-ZÉ][a-zéèêëàâîïôûç]+(?:ant|ing)\b)", 0),
        "footnote": (lex["footnote_line"], 0),
        "operative": (lex["operative_line"], 0),
        "footer": (lex["footer_line"], 0),
        "annex": (lex["annex_line"], 0),
        "debris": (lex["debris_line"], 0),
    }
    # patterns and text are both read without accents (OCR drops them: "L'Assemblee generale")
    return {name: re.compile(accentless(p), flags) for name, (p, flags) in patterns.items()}


_SUBITEM = re.compile(r"^[ \t]*\(?(?:[a-z]{1,2}|[ivx]{1,5})\)[ \t]")


@dataclass
class _Open:
    kind: str
    number: int | str
    chunks: list[list[int]] = field(default_factory=list)

    def add(self, start: int, end: int) -> None:
        if self.chunks and self.chunks[-1][1] >= start - 1:
            self.chunks[-1][1] = end  # the next line of the same chunk
        else:
            self.chunks.append([start, end])


@dataclass(frozen=True)
class Layout:
    """The segmented text: paragraphs in reading order and the organ that speaks."""

    paragraphs: tuple[Paragraph, ...]
    organ: str | None  # "ga", "sc", "ecosoc", "other" from the body's opening line; None if absent
    body_start: int  # offset in the cleaned text where the body begins (0 if no opener)

    def of_kind(self, *kinds: str) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind in kinds]


def segment(text: str) -> Layout:
    """Cut cleaned ``text`` into paragraphs (header, preamble N, operative N, footnote N...)."""
    pats = _patterns()
    plain = accentless(text)
    opener = pats["body"].search(plain)
    body_start = opener.start() if opener else 0
    organ = opener.lastgroup if opener else None
    done: list[_Open] = []
    if body_start:
        header = _Open("header", 0)
        header.add(0, body_start)
        done.append(header)
    current: _Open | None = None
    body: _Open | None = None  # last preamble/operative paragraph, for continuation lines
    preamble_count = 0
    in_annex = False
    seen_operative = False
    last_operative: int | str = "?"
    last_note = 0
    pos = opener.end() if opener else 0
    for line in plain[pos:].splitlines(keepends=True):
        start, end = pos, pos + len(line.rstrip("\n"))
        pos += len(line)
        stripped = line.strip()
        if not stripped:
            current = None
            continue
        if pats["debris"].match(line):
            continue
        fn = pats["footnote"].match(line)
        if fn and (seen_operative or preamble_count or fn.group("sup")):
            label = _plain_digits(fn.group("sup") or fn.group("num") or "?")
            if _stray_label(label, last_note) and current is not None and current.kind == "footnote":
                current.add(start, end)  # "[^1994]: (United Nations…": a year split off a note
                continue
            current = _Open("footnote", label)
            last_note = label if isinstance(label, int) else last_note
            current.add(start + fn.end(), end)
            done.append(current)
            continue
        if pats["footer"].match(line):
            current = _Open("footer", 0)
            current.add(start, end)
            done.append(current)
            body = None
            continue
        if pats["annex"].match(line):
            in_annex, current = True, None
            continue
        op = pats["operative"].match(line)
        first = stripped[0]
        if op and (seen_operative or not in_annex):
            seen_operative = True
            current = _Open("annex" if in_annex else "operative", int(op.group("num")))
            if not in_annex:
                last_operative = current.number
            current.add(start, end)
            done.append(current)
            body = current
            continue
        if first.islower() or first in ",;:)]" or (seen_operative and _SUBITEM.match(line)):
            # an unfinished footnote goes on; otherwise this continues the body paragraph
            # that a footnote or a page break interrupted
            unfinished = current is not None and current.kind == "footnote" and not _ends_sentence(text, current)
            target = current if unfinished else (body or current)
            if target is not None:
                target.add(start, end)
                current = target
                continue
        elif current is not None:
            if current.kind == "footnote":
                wraps = not _ends_sentence(text, current) and not pats["preamble"].match(line)
            else:
                wraps = not (pats["preamble"].match(line) and _ends_sentence(text, current, ","))
            if wraps:
                current.add(start, end)
                continue
        if in_annex:
            current = _Open("annex", f"p{len(done)}")
        elif seen_operative:
            # Unnumbered text after the operative part: a sub-heading or closing words.
            current = _Open("operative", last_operative)
        else:
            preamble_count += 1
            current = _Open("preamble", preamble_count)
        current.add(start, end)
        done.append(current)
        body = current
    return Layout(tuple(_freeze(p, text) for p in done if p.chunks), organ, body_start)


def _ends_sentence(text: str, par: _Open, mark: str = ".") -> bool:
    """Whether the paragraph so far ends with ``mark`` (a finished footnote or preamble)."""
    return text[par.chunks[-1][0] : par.chunks[-1][1]].rstrip().endswith(mark)


def _stray_label(label: int | str, last: int) -> bool:
    """A footnote "number" far past the last one is a wrapped line's year, not a new note."""
    return isinstance(label, int) and label > last + 20


_PLAIN_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _plain_digits(label: str) -> int | str:
    plain = label.translate(_PLAIN_DIGITS)
    return int(plain) if plain.isdigit() else plain


def _freeze(par: _Open, text: str) -> Paragraph:
    chunks = tuple((s, e) for s, e in par.chunks)
    joined = " ".join(text[s:e] for s, e in chunks).replace("\n", " ").replace("\t", " ")
    return Paragraph(par.kind, par.number, chunks, joined)
