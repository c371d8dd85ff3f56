"""The wheel a user installs: one import name, and the data the code reads at run time.

``kg/`` and ``api/`` sit at the top of the repository but must install as ``unkg.kg`` and
``unkg.api``, never as top-level packages named ``kg`` and ``api``; the ontology, the
gazetteer, the lexicon, the named queries and the sample corpus must ship inside it, so that a
non-editable install works from any directory.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(out)},  # no npm hook surprises: only what is in the tree
    )
    (wheel,) = out.glob("unkg-*.whl")
    return set(zipfile.ZipFile(wheel).namelist())


def test_one_import_name(wheel_names):
    tops = {name.split("/")[0] for name in wheel_names if not name.startswith("unkg-")}
    assert tops == {"unkg"}


@pytest.mark.parametrize(
    "path",
    [
        "unkg/kg/extract.py",
        "unkg/api/app.py",
        "unkg/ontology/unkg.ttl",
        "unkg/ontology/shapes.ttl",
        "unkg/ontology/context.jsonld",
        "unkg/ontology/entities.yaml",
        "unkg/kg/lexicon/references.yaml",
        "unkg/kg/lexicon/countries.yaml",
        "unkg/queries/most-cited.rq",
        "unkg/kg/sample_corpus/000_a9b05e3b6f2df065.txt",
    ],
)
def test_the_wheel_carries(wheel_names, path):
    assert path in wheel_names


def test_every_named_query_and_lexicon_file_ships(wheel_names):
    for folder, pattern, package in (("queries", "*.rq", "unkg/queries"), ("kg/lexicon", "*.yaml", "unkg/kg/lexicon")):
        for f in (ROOT / folder).glob(pattern):
            assert f"{package}/{f.name}" in wheel_names
