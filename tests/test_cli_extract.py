"""`unkg extract` as a user runs it: JSON on stdout, one line per failed file on stderr,
the other files still extracted, and an exit status that says whether any failed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from fixtures import SEEDS

GOLD = json.loads((Path(__file__).parent / "data" / "gold" / "seeds.json").read_text("utf-8"))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "unkg.kg.cli", "extract", *args], capture_output=True, text=True)


def test_json_report_for_a_folder():
    out = run(str(SEEDS[0].parent))
    assert out.returncode == 0, out.stderr
    reports = json.loads(out.stdout)
    assert [r["doc"] for r in reports] == [g["doc"] for g in GOLD]
    for r in reports:
        assert set(r) == {"doc", "lang", "document", "references"}
        assert all(ref["evidence"] for ref in r["references"])


def test_broken_files_fail_alone_with_one_line_each(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    prose = tmp_path / "recipe.txt"
    prose.write_text("Mix the flour and the butter, then bake for twenty minutes.\n")
    out = run(str(empty), str(SEEDS[0]), str(binary), str(prose), str(tmp_path / "missing.txt"))
    assert out.returncode == 1
    assert [r["doc"] for r in json.loads(out.stdout)] == [SEEDS[0].name]
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 4, out.stderr
    for name, line in zip(["empty.txt", "blob.txt", "recipe.txt", "missing.txt"], lines, strict=True):
        assert name in line and line.startswith("error:")
    assert "Traceback" not in out.stderr


def test_table_for_a_person():
    out = run(str(SEEDS[0]), "--format", "table")
    assert out.returncode == 0
    assert "A/RES/64/177" in out.stdout and "A/RES/60/288" in out.stdout and "recalls" in out.stdout


def test_a_wrong_option_is_a_usage_error():
    out = run(str(SEEDS[0]), "--format", "yaml")
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and "yaml" in out.stderr
