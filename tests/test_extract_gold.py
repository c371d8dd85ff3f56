"""Score ``unkg extract`` against the hand-checked gold answers (``tests/data/gold``).

The French seeds are the bundled sample corpus; the English development set is four
General Assembly resolutions of the eightieth session. Thresholds are the issue's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

from unkg.kg.score import score

DATA = Path(__file__).parent / "data"
SEEDS = Path(str(files("unkg.kg.sample_corpus")))
SETS = {
    "seeds": (SEEDS, DATA / "gold" / "seeds.json", 0.97),
    "dev-en": (DATA / "dev-en", DATA / "gold" / "dev-en.json", 0.95),
}


@pytest.fixture(scope="module", params=sorted(SETS))
def scored(request):
    folder, gold_file, threshold = SETS[request.param]
    out = subprocess.run(
        [sys.executable, "-m", "unkg.kg.cli", "extract", str(folder)], capture_output=True, text=True, check=True
    )
    reports = json.loads(out.stdout)
    gold = json.loads(gold_file.read_text("utf-8"))
    result = score(reports, gold)
    print(f"\n== {request.param}\n{result.table()}")
    for line in result.misses + result.extras + result.wrong_relations + result.field_errors:
        print("  ", line)
    return request.param, reports, gold, result, threshold


def test_micro_f1(scored):
    name, _, _, result, threshold = scored
    assert result.micro.f1 >= threshold, f"{name}: micro-F1 {result.micro.f1:.3f} < {threshold}"


def test_addressed_bodies(scored):
    name, _, _, result, _ = scored
    assert result.addressed.f1 >= 0.95, f"{name}: addressed-body F1 {result.addressed.f1:.3f}"


def test_document_fields(scored):
    _, _, _, result, _ = scored
    assert result.field_errors == []


def test_relations(scored):
    _, _, _, result, _ = scored
    assert result.relation_accuracy >= 0.95


def _apostrophes(s):
    return s.replace("’", "'") if s else s


def test_title_committee_report_and_sponsors(scored):
    _, reports, gold, _, _ = scored
    by_doc = {r["doc"]: r["document"] for r in reports}
    for g in gold:
        got = by_doc[g["doc"]]
        assert _apostrophes(got["title"]) == _apostrophes(g["document"]["title"]), g["doc"]
        assert got["committee_report"] == g["document"]["committee_report"], g["doc"]
        assert got["sponsors"] == g["document"]["sponsors"], g["doc"]


def test_every_reference_has_evidence_quoting_its_file(scored):
    name, reports, _, _, _ = scored
    folder = SETS[name][0]
    from unkg.kg.read import read_source

    for r in reports:
        text = read_source(folder / r["doc"]).text
        for ref in r["references"]:
            assert ref["evidence"], f"{r['doc']}: {ref['id']} has no evidence"
            for ev in ref["evidence"]:
                assert text[ev["start"] : ev["end"]] == ev["quote"]
