"""Score extraction reports against gold answers, as ``gold/SCHEMA.md`` defines it.

References are compared per document as sets of ``(type, id)``; ids after NFC and
whitespace folding, Security Council ids ignoring spacing, slugs ignoring case.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePath

FIELDS = ("symbol", "kind", "session", "adopted", "plenary_meeting", "agenda_item")
_RESOLUTIONS = {"ga-resolution", "sc-resolution", "ecosoc-resolution", "other-resolution"}


def _norm_id(type_: str, id_: str) -> str:
    s = " ".join(unicodedata.normalize("NFC", id_).split())
    if type_ == "sc-resolution":
        s = s.replace(" ", "")
    if type_ in ("treaty", "instrument", "body"):
        s = s.lower()
    return s


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    """Per-type counts, addressed-body counts, relation agreement and field mismatches."""

    by_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    addressed: Counts = field(default_factory=Counts)
    relations_same: int = 0
    relations_total: int = 0
    field_errors: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong_relations: list[str] = field(default_factory=list)

    @property
    def micro(self) -> Counts:
        total = Counts()
        for c in self.by_type.values():
            total.tp += c.tp
            total.fp += c.fp
            total.fn += c.fn
        return total

    @property
    def relation_accuracy(self) -> float:
        return self.relations_same / self.relations_total if self.relations_total else 1.0

    def table(self) -> str:
        """A plain-text table of the figures, for test output and the README."""
        rows = [f"{'type':<20}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}"]
        for t in sorted(self.by_type):
            c = self.by_type[t]
            rows.append(f"{t:<20}{c.precision:7.3f}{c.recall:7.3f}{c.f1:7.3f}{c.tp:5}{c.fp:5}{c.fn:5}")
        m = self.micro
        rows.append(f"{'micro':<20}{m.precision:7.3f}{m.recall:7.3f}{m.f1:7.3f}{m.tp:5}{m.fp:5}{m.fn:5}")
        a = self.addressed
        rows.append(f"{'addressed bodies':<20}{a.precision:7.3f}{a.recall:7.3f}{a.f1:7.3f}{a.tp:5}{a.fp:5}{a.fn:5}")
        rows.append(f"relation accuracy {self.relation_accuracy:.3f} ({self.relations_same}/{self.relations_total})")
        rows.append(f"document field errors: {len(self.field_errors)}")
        return "\n".join(rows)


def score(reports: list[dict], gold: list[dict]) -> Score:
    """Compare report objects (the JSON form) with gold objects, matched on ``doc`` base name."""
    by_doc = {PurePath(r["doc"]).name: r for r in reports}
    result = Score()
    for g in gold:
        name = PurePath(g["doc"]).name
        r = by_doc.get(name, {"document": {}, "references": []})
        gold_refs = {(x["type"], _norm_id(x["type"], x["id"])): x for x in g["references"]}
        got_refs = {(x["type"], _norm_id(x["type"], x["id"])): x for x in r["references"]}
        for key in gold_refs.keys() | got_refs.keys():
            counts = result.by_type[key[0]]
            if key in gold_refs and key in got_refs:
                counts.tp += 1
                if key[0] in _RESOLUTIONS:
                    result.relations_total += 1
                    same = gold_refs[key].get("relation") == got_refs[key].get("relation")
                    result.relations_same += same
                    if not same:
                        result.wrong_relations.append(
                            f"{name}: {key[1]} gold {gold_refs[key].get('relation')} got {got_refs[key].get('relation')}"
                        )
            elif key in gold_refs:
                counts.fn += 1
                result.misses.append(f"{name}: {key[0]} {key[1]}")
            else:
                counts.fp += 1
                result.extras.append(f"{name}: {key[0]} {key[1]}")
        gold_addr = {k[1] for k, x in gold_refs.items() if k[0] == "body" and x.get("addressed")}
        got_addr = {k[1] for k, x in got_refs.items() if k[0] == "body" and x.get("addressed")}
        result.addressed.tp += len(gold_addr & got_addr)
        result.addressed.fp += len(got_addr - gold_addr)
        result.addressed.fn += len(gold_addr - got_addr)
        for f in FIELDS:
            if g["document"].get(f) != r["document"].get(f):
                result.field_errors.append(f"{name}: {f} gold {g['document'].get(f)!r} got {r['document'].get(f)!r}")
    return result
