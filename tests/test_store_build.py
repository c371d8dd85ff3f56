"""Incremental builds: skip unchanged files, replace changed ones, remove vanished ones, report
failures and go on; a build killed with SIGKILL leaves every document fully old or fully new."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from graph_support import content_quads, seed_files, source_graphs
from pyoxigraph import Store
from typer.testing import CliRunner

from unkg.kg.build import build
from unkg.kg.cli import app
from unkg.kg.errors import UnkgError
from unkg.kg.store import graph_for, records
from unkg.kg.triples import Iris


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in seed_files():
        shutil.copy(path, folder / path.name)
    return folder


def _build(corpus: Path, store: Path, **kwargs):
    return build([corpus], store, progress=False, jobs=kwargs.pop("jobs", 1), **kwargs)


def test_a_second_build_skips_every_unchanged_file(corpus, tmp_path):
    first = _build(corpus, tmp_path / "s")
    assert len(first.added) == 5 and first.ok and first.ontology_loaded
    second = _build(corpus, tmp_path / "s")
    assert (len(second.skipped), second.added, second.replaced, second.triples) == (5, [], [], 0)
    assert not second.ontology_loaded


def test_a_changed_file_has_its_graph_replaced_and_nothing_else(corpus, tmp_path):
    _build(corpus, tmp_path / "s")
    before = Store(str(tmp_path / "s"))
    old = {g: {str(q) for q in before.quads_for_pattern(None, None, None, g)} for g in source_graphs(before)}
    del before
    changed = corpus / seed_files()[2].name
    changed.write_text(changed.read_text(encoding="utf-8").replace("72/194", "72/999"), encoding="utf-8")
    summary = _build(corpus, tmp_path / "s")
    assert [p.name for p in summary.replaced] == [changed.name] and len(summary.skipped) == 4
    after = Store(str(tmp_path / "s"))
    target = graph_for(changed, Iris())
    for g in source_graphs(after):
        quads = {str(q) for q in after.quads_for_pattern(None, None, None, g)}
        if g == target:
            assert any("A/RES/72/999" in q for q in quads) and not any("A/RES/72/194>" in q for q in quads)
        else:
            assert quads == old[g]
    rec = records(after, Iris())[target]
    assert rec.triples == sum(1 for _ in after.quads_for_pattern(None, None, None, target))


def test_a_vanished_file_has_its_graph_removed_and_reported(corpus, tmp_path):
    _build(corpus, tmp_path / "s")
    gone = corpus / seed_files()[0].name
    gone.unlink()
    summary = _build(corpus, tmp_path / "s")
    assert summary.removed == [gone.resolve()]
    store = Store(str(tmp_path / "s"))
    assert graph_for(gone, Iris()) not in set(store.named_graphs())
    assert graph_for(gone, Iris()) not in records(store, Iris())
    assert len(source_graphs(store)) == 4


def test_a_failing_file_is_reported_and_the_others_are_built(corpus, tmp_path):
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02 not a resolution \xff\xfe" * 50)
    (corpus / "note.txt").write_text("Shopping list: bread, milk.", encoding="utf-8")
    summary = _build(corpus, tmp_path / "s", jobs=2)
    assert {f.path.name for f in summary.failed} == {"broken.txt", "note.txt"}
    assert all("\n" not in f.reason and f.reason for f in summary.failed)
    assert len(summary.added) == 5


def test_parallel_and_serial_builds_give_the_same_store(corpus, tmp_path):
    _build(corpus, tmp_path / "serial", jobs=1)
    _build(corpus, tmp_path / "parallel", jobs=2)
    assert content_quads(Store(str(tmp_path / "serial"))) == content_quads(Store(str(tmp_path / "parallel")))


def test_a_store_refuses_a_second_base(corpus, tmp_path):
    _build(corpus, tmp_path / "s")
    with pytest.raises(UnkgError, match=re.escape("built with base https://w3id.org/unkg/")):
        _build(corpus, tmp_path / "s", base="https://example.org/un/")


_KILLABLE_BUILD = """
import sys
from pathlib import Path
from unkg.kg.build import build
build([Path(sys.argv[1])], Path(sys.argv[2]), jobs=1, progress=False)
"""


def test_kill_9_in_the_middle_of_a_build_leaves_every_document_whole(tmp_path):
    """SIGKILL at several moments of a long build: each graph in the store is complete and
    matches its build record; a rebuild then finishes with the same store as a clean build."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seeds = seed_files()
    for i in range(40):
        src = seeds[i % len(seeds)]
        # distinct bytes per copy so every file is a new document
        (corpus / f"{i:03d}_{src.name}").write_text(src.read_text(encoding="utf-8") + f"\n<!-- copy {i} -->\n", encoding="utf-8")
    reference = tmp_path / "reference"
    build([corpus], reference, jobs=1, progress=False)
    expected = {g: {str(q) for q in Store(str(reference)).quads_for_pattern(None, None, None, g)}
                for g in source_graphs(Store(str(reference)))}

    partial_seen = False
    for delay in (0.8, 1.5, 2.5, 4.0):
        store = tmp_path / f"killed-{delay}"
        proc = subprocess.Popen([sys.executable, "-c", _KILLABLE_BUILD, str(corpus), str(store)])
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        st = Store(str(store))
        recs = records(st, Iris())
        built = source_graphs(st)
        assert set(built) == {g for g, r in recs.items() if r.source is not None}
        for g in built:
            quads = {str(q) for q in st.quads_for_pattern(None, None, None, g)}
            assert quads == expected[g], f"graph {g} is not whole after SIGKILL at {delay}s"
            assert recs[g].triples == len(quads)
        partial_seen |= 0 < len(built) < len(expected)
        del st
        summary = build([corpus], store, jobs=1, progress=False)
        assert summary.ok and len(summary.added) + len(summary.skipped) == len(expected)
        assert content_quads(Store(str(store))) == content_quads(Store(str(reference)))
    assert partial_seen, "no kill landed in the middle of the build; lengthen the corpus"


def test_cli_build_stats_and_one_line_errors(corpus, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["build", str(corpus), "--store", str(tmp_path / "s"), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "5 added" in result.output
    result = runner.invoke(app, ["stats", "--store", str(tmp_path / "s")])
    assert result.exit_code == 0 and "documents" in result.output and "recalls" in result.output
    (corpus / "junk.txt").write_bytes(b"\x00" * 100)
    result = runner.invoke(app, ["build", str(corpus), "--store", str(tmp_path / "s"), "-j", "1"])
    assert result.exit_code == 1 and "junk.txt" in result.output and "Traceback" not in result.output
    missing = subprocess.run(
        [sys.executable, "-m", "unkg.kg.cli", "stats", "--store", str(tmp_path / "nowhere")], capture_output=True, text=True
    )
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1 and "no store at" in missing.stderr
