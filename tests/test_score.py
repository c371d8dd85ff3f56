"""The scorer counts as gold/SCHEMA.md says, and `unkg score` prints it for a user."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from fixtures import SEEDS

from unkg.kg.score import score

GOLD = Path(__file__).parent / "data" / "gold" / "seeds.json"


def doc(refs, **fields):
    return {"doc": "x.txt", "document": {"symbol": "A/RES/1/1", **fields}, "references": refs}


def test_sets_of_type_and_id_with_the_schema_s_normalisations():
    gold = [doc([
        {"type": "sc-resolution", "id": "S/RES/1373 (2001)", "relation": "recalls"},
        {"type": "body", "id": "unodc", "addressed": True},
        {"type": "body", "id": "ctc", "addressed": False},
        {"type": "document", "id": "A/64/440"},
    ])]
    report = [doc([
        {"type": "sc-resolution", "id": "S/RES/1373(2001)", "relation": "cites"},  # spacing ignored
        {"type": "body", "id": "UNODC", "addressed": True},  # slug case ignored
        {"type": "body", "id": "ctc", "addressed": True},
        {"type": "body", "id": "ctc", "addressed": True},  # duplicates do not count twice
        {"type": "treaty", "id": "untoc"},
    ])]
    s = score(report, gold)
    assert (s.micro.tp, s.micro.fp, s.micro.fn) == (3, 1, 1)
    assert (s.addressed.tp, s.addressed.fp, s.addressed.fn) == (1, 1, 0)
    assert (s.relations_same, s.relations_total) == (0, 1)
    assert s.misses == ["x.txt: document A/64/440"] and s.extras == ["x.txt: treaty untoc"]


def test_a_missing_document_misses_everything_and_fields_are_exact():
    gold = [doc([{"type": "document", "id": "A/1"}], session=64), {**doc([]), "doc": "y.txt"}]
    s = score([{**doc([], session=65), "doc": "y.txt"}], gold)
    assert s.micro.fn == 1 and s.micro.tp == 0
    assert any("session" in e for e in s.field_errors)


def run(*args):
    return subprocess.run([sys.executable, "-m", "unkg.kg.cli", "score", *args], capture_output=True, text=True)


def test_cli_scores_files_and_reports(tmp_path):
    out = run(str(GOLD), str(SEEDS[0].parent))
    assert out.returncode == 0, out.stderr
    micro = re.search(r"^micro\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", out.stdout, re.M)
    assert micro and float(micro.group(3)) >= 0.97
    report = tmp_path / "report.json"
    extracted = subprocess.run([sys.executable, "-m", "unkg.kg.cli", "extract", str(SEEDS[0].parent)],
                               capture_output=True, text=True, check=True)
    report.write_text(extracted.stdout)
    again = run(str(GOLD), str(report))
    assert again.stdout == out.stdout  # the same figures from the saved report


def test_cli_bad_gold_is_one_line(tmp_path):
    bad = tmp_path / "gold.json"
    bad.write_text('{"not": "a list"}')
    out = run(str(bad), str(SEEDS[0]))
    assert out.returncode == 1
    assert out.stderr.strip().count("\n") == 0 and "gold.json" in out.stderr and "Traceback" not in out.stderr
