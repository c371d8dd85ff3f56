"""PDF, DOCX and HTML versions of a resolution give the same report as its text.

"Same" is what the report says — document fields and the (type, id, relation, addressed)
of every reference — not the character spans, which index each format's own text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures import FONT, SEEDS, make_docx, make_html, make_pdf

from unkg.kg.extract import extract_file


def _essence(report):
    refs = {(r.type, r.id, r.relation, r.addressed) for r in report.references}
    return report.document.to_json(), refs


DEV_EN = sorted((Path(__file__).parent / "data" / "dev-en").glob("*.md"))
ALL = SEEDS + DEV_EN


@pytest.fixture(scope="module", params=[p.name for p in ALL])
def seed(request):
    return next(p for p in ALL if p.name == request.param)


def _compare(seed, built):
    want_doc, want_refs = _essence(extract_file(seed))
    got_doc, got_refs = _essence(extract_file(built))
    assert got_refs == want_refs, (sorted(want_refs - got_refs), sorted(got_refs - want_refs))
    assert got_doc == want_doc


def test_html_gives_the_same_report(seed, tmp_path):
    path = tmp_path / (seed.stem + ".html")
    path.write_text(make_html(seed.read_text("utf-8")), "utf-8")
    _compare(seed, path)


def test_docx_gives_the_same_report(seed, tmp_path):
    _compare(seed, make_docx(seed.read_text("utf-8"), tmp_path / (seed.stem + ".docx")))


@pytest.mark.skipif(not FONT.exists(), reason=f"{FONT} missing (apt-get install fonts-dejavu-core)")
def test_pdf_gives_the_same_report(seed, tmp_path):
    _compare(seed, make_pdf(seed.read_text("utf-8"), tmp_path / (seed.stem + ".pdf")))
