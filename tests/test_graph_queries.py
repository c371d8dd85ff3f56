"""The questions the mission names, asked with the saved SPARQL queries of ``queries/`` of the
store the real pipeline builds from the bundled seeds; every expected answer comes from the
gold file, never from a run."""

from __future__ import annotations

import pytest
from graph_support import (
    GOLD,
    RECALL_FAMILY,
    build_seeds,
    documents_by_source,
    gold_by_symbol,
    query,
)


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    return build_seeds(tmp_path_factory.mktemp("seeds") / "store", jobs=2)


def test_which_earlier_resolutions_74_175_recalls(seed_store):
    expected = {
        r["id"] for r in gold_by_symbol("A/RES/74/175")["references"] if r.get("relation") in RECALL_FAMILY
    }
    assert {row["symbol"] for row in query(seed_store, "recalled-by-74-175.rq")} == expected


def test_which_security_council_resolutions_58_136_cites(seed_store):
    expected = {r["id"] for r in gold_by_symbol("A/RES/58/136")["references"] if r["type"] == "sc-resolution"}
    assert {row["symbol"] for row in query(seed_store, "sc-resolutions-cited-by-58-136.rq")} == expected


def test_which_bodies_64_177_addresses(seed_store):
    expected = {r["id"] for r in gold_by_symbol("A/RES/64/177")["references"] if r["type"] == "body" and r["addressed"]}
    assert {row["slug"] for row in query(seed_store, "bodies-addressed-by-64-177.rq")} == expected


def test_which_treaties_the_2023_draft_references(seed_store):
    # The 2023 draft is the General Assembly draft of the 78th session (2023-2024).
    (draft,) = [g for g in GOLD if g["document"]["kind"] == "ga-draft-resolution" and g["document"]["session"] == 78]
    expected = {r["id"] for r in draft["references"] if r["type"] == "treaty"}
    rows = query(seed_store, "treaties-of-the-2023-draft.rq")
    assert {row["slug"] for row in rows} == expected
    assert {row["title"] for row in rows} == {draft["document"]["title"]}


def test_which_documents_refer_to_60_288_or_the_strategy(seed_store):
    targets = {("ga-resolution", "A/RES/60/288"), ("instrument", "gct-strategy")}
    expected = {g["doc"] for g in GOLD if targets & {(r["type"], r["id"]) for r in g["references"]}}
    rows = query(seed_store, "documents-referring-to-60-288.rq")
    assert {row["source"] for row in rows} == expected
    by_source = documents_by_source(seed_store)
    assert all(by_source[row["document"]] == row["source"] for row in rows)
    assert all(row["paragraphs"] for row in rows)  # each answer says where: text or footnote
