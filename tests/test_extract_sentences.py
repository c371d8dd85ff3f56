"""A table of real resolution sentences (French and English) and the references each makes.

Each row is wrapped in the opening of a General Assembly resolution and run through the
whole extractor, so a row tests the real path: cleaning, segmentation, finding, relations.
Expected items are ``(type, id)`` or ``(type, id, relation)`` for resolutions and
``(type, id, addressed)`` for bodies; a row lists every reference its sentence makes.
"""

from __future__ import annotations

import pytest

from unkg.kg.extract import extract_text

FR = "L'Assemblée générale,\n\n"
EN = "The General Assembly,\n\n"

# (id, opening, paragraph text, expected references)
ROWS = [
    # --- General Assembly resolutions -------------------------------------------------
    ("fr-ga-sa-resolution", FR, "Rappelant sa résolution 62/272 du 5 septembre 2008,",
     {("ga-resolution", "A/RES/62/272", "recalls")}),
    ("fr-ga-parts", FR, "Rappelant ses résolutions 53/243 A et B du 13 septembre 1999,",
     {("ga-resolution", "A/RES/53/243", "recalls")}),
    ("fr-ga-old-style", FR, "Réaffirmant sa résolution 3012 (XXVII) du 18 décembre 1972,",
     {("ga-resolution", "A/RES/3012 (XXVII)", "reaffirms")}),
    ("fr-nearest-verb", FR, "Réaffirmant les engagements pris par les États Membres et rappelant tous les aspects de la "
     "stratégie, qu'elle a adoptée par sa résolution 60/288 du 8 septembre 2006,",
     {("ga-resolution", "A/RES/60/288", "recalls")}),
    ("fr-bears-in-mind", FR, "Gardant à l'esprit ses résolutions 2006/19, 2006/20 et 2006/29,",
     {("ecosoc-resolution", "E/RES/2006/19", "bears-in-mind"), ("ecosoc-resolution", "E/RES/2006/20", "bears-in-mind"),
      ("ecosoc-resolution", "E/RES/2006/29", "bears-in-mind")}),
    ("fr-takes-note", FR, "Notant avec satisfaction que le comité spécial créé par sa résolution 51/210 du 17 décembre 1996 a achevé ses travaux,",
     {("ga-resolution", "A/RES/51/210", "takes-note")}),
    ("fr-welcomes", FR, "Se félicitant de l'adoption de sa résolution 76/181,",
     {("ga-resolution", "A/RES/76/181", "welcomes")}),
    ("fr-recognizes-cites", FR, "Reconnaissant le rôle que joue la résolution 72/284,",
     {("ga-resolution", "A/RES/72/284", "cites")}),
    ("fr-glued-footnote", FR, "Rappelant sa résolution 60/1756 du 16 décembre 2005,",
     {("ga-resolution", "A/RES/60/175", "recalls")}),
    ("en-ga-recalling", EN, "Recalling its resolution 60/288 of 8 September 2006,",
     {("ga-resolution", "A/RES/60/288", "recalls")}),
    ("en-ga-parts-list", EN, "Recalling its resolutions 49/75 E of 15 December 1994, 50/70 P of 12 December 1995 and 51/45 O "
     "of 10 December 1996,",
     {("ga-resolution", "A/RES/49/75", "recalls"), ("ga-resolution", "A/RES/50/70", "recalls"),
      ("ga-resolution", "A/RES/51/45", "recalls")}),
    ("en-special-session", EN, "Recalling resolution S-10/2 of 30 June 1978,",
     {("ga-resolution", "A/RES/S-10/2", "recalls")}),
    ("en-old-style-part", EN, "Reaffirming resolution 2200 A (XXI) and resolution 217 A (III),",
     {("ga-resolution", "A/RES/2200 (XXI)", "reaffirms"), ("ga-resolution", "A/RES/217 (III)", "reaffirms")}),
    ("en-decision", EN, "Reaffirming its decision 52/492 of 8 September 1998,",
     {("other-resolution", "ga-decision/52/492", "reaffirms")}),
    ("en-decision-then-resolutions", EN, "Recalling its decision 59/515 of 3 December 2004 and its resolutions 60/74 of "
     "8 December 2005 and 61/72 of 6 December 2006,",
     {("other-resolution", "ga-decision/59/515", "recalls"), ("ga-resolution", "A/RES/60/74", "recalls"),
      ("ga-resolution", "A/RES/61/72", "recalls")}),
    ("en-cop-decision-is-not-the-assembly's", EN, "Recalling the framework (CBD/COP/15/17, decision 15/4, annex),",
     {("document", "CBD/COP/15/17")}),
    ("en-explicit-symbols", EN, "Recalling A/RES/60/288 and S/RES/1373 (2001),",
     {("ga-resolution", "A/RES/60/288", "recalls"), ("sc-resolution", "S/RES/1373 (2001)", "recalls")}),
    ("en-also-notes", EN, "4. Also notes with appreciation its resolution 72/194;",
     {("ga-resolution", "A/RES/72/194", "takes-note")}),
    ("en-bearing-in-mind", EN, "Bearing in mind its resolution 74/175,",
     {("ga-resolution", "A/RES/74/175", "bears-in-mind")}),
    ("en-welcoming", EN, "Welcoming the adoption of resolution 70/1,",
     {("ga-resolution", "A/RES/70/1", "welcomes")}),
    ("en-taking-note", EN, "Taking note of resolution 68/32,",
     {("ga-resolution", "A/RES/68/32", "takes-note")}),
    ("en-acknowledging-cites", EN, "Acknowledging the Agreement as approved in its resolution 58/318 of 13 September 2004,",
     {("ga-resolution", "A/RES/58/318", "cites")}),
    ("en-established-pursuant", EN, "Recalling the report of the group established pursuant to resolution 76/233,",
     {("ga-resolution", "A/RES/76/233", "recalls")}),
    # --- Security Council -------------------------------------------------------------------
    ("fr-sc-list", FR, "Rappelant les résolutions du Conseil de sécurité 1373 (2001) du 28 septembre 2001, 1377 (2001) "
     "du 12 novembre 2001 et 1456 (2003) du 20 janvier 2003,",
     {("sc-resolution", "S/RES/1373 (2001)", "recalls"), ("sc-resolution", "S/RES/1377 (2001)", "recalls"),
      ("sc-resolution", "S/RES/1456 (2003)", "recalls")}),
    ("fr-sc-after", FR, "Rappelant également la résolution 1465 (2003) du Conseil de sécurité, en date du 13 février 2003,",
     {("sc-resolution", "S/RES/1465 (2003)", "recalls")}),
    ("en-sc", EN, "Reaffirming Security Council resolutions 1373 (2001) of 28 September 2001 and 1624 (2005),",
     {("sc-resolution", "S/RES/1373 (2001)", "reaffirms"), ("sc-resolution", "S/RES/1624 (2005)", "reaffirms")}),
    ("en-adverbial-sc", EN, "Reaffirming also, in the context of the anniversary of the adoption of Security Council "
     "resolution 1325 (2000), the important role of women,",
     {("sc-resolution", "S/RES/1325 (2000)", "reaffirms")}),
    # --- ECOSOC and other organs ------------------------------------------------------------
    ("fr-ecosoc", FR, "Rappelant la résolution 2007/12 du Conseil économique et social,",
     {("ecosoc-resolution", "E/RES/2007/12", "recalls")}),
    ("en-ecosoc", EN, "Recalling Economic and Social Council resolutions 2006/19 and 2006/20,",
     {("ecosoc-resolution", "E/RES/2006/19", "recalls"), ("ecosoc-resolution", "E/RES/2006/20", "recalls")}),
    ("en-cnd-hrc", EN, "Recalling Commission on Narcotic Drugs resolution 58/8 and Human Rights Council resolution 37/42,",
     {("other-resolution", "cnd/58/8", "recalls"), ("other-resolution", "hrc/37/42", "recalls")}),
    ("fr-ccpcj", FR, "Rappelant la résolution 26/3 de la Commission pour la prévention du crime et la justice pénale,",
     {("other-resolution", "ccpcj/26/3", "recalls")}),
    # --- documents -------------------------------------------------------------------------
    ("fr-doc-corr", FR, "Prenant note du rapport du Secrétaire général (A/64/440 et Corr.1),",
     {("document", "A/64/440"), ("document", "A/64/440/Corr.1")}),
    ("fr-doc-chain", FR, "Prenant note du rapport (A/57/152 et Corr.1 et Add.1 et Add.1/Corr.1 et 2 et Add.2),",
     {("document", "A/57/152"), ("document", "A/57/152/Corr.1"), ("document", "A/57/152/Add.1"),
      ("document", "A/57/152/Add.1/Corr.1"), ("document", "A/57/152/Add.1/Corr.2"), ("document", "A/57/152/Add.2")}),
    ("en-doc-corrigendum-of-an-addendum", EN, "Taking note of the report of the Fifth Committee (A/64/548/Add.1 and Corr.1),",
     {("document", "A/64/548/Add.1"), ("document", "A/64/548/Add.1/Corr.1")}),
    ("en-official-records-without-symbol", EN, "Recalling the report of the Commission (Official Records of the General "
     "Assembly, Fifty-fifth Session, Supplement No. 42),", {("document", "A/55/42")}),
    ("fr-official-records", FR, "Rappelant le rapport¹,\n\n¹ Voir Documents officiels de l'Assemblée générale, "
     "cinquante-huitième session, Supplément n° 37 et rectificatif (A/58/37 et Corr.1), annexe II.A.",
     {("document", "A/58/37"), ("document", "A/58/37/Corr.1")}),
    ("en-doc-cn", EN, "Taking note of the report of the Secretary-General (E/CN.15/2019/5),",
     {("document", "E/CN.15/2019/5")}),
    ("en-doc-joint", EN, "Taking note of the letter (A/67/828-S/2013/210),",
     {("document", "A/67/828"), ("document", "S/2013/210")}),
    ("en-doc-parts", EN, "Recalling the Final Document (NPT/CONF.2010/50 (Vol. I) and NPT/CONF.2000/28 (Parts I and II)),",
     {("document", "NPT/CONF.2010/50 (Vol. I)"), ("document", "NPT/CONF.2000/28 (Parts I and II)")}),
    ("en-doc-prst", EN, "Recalling the statement by the President (S/PRST/2013/2),",
     {("document", "S/PRST/2013/2")}),
]


def _expected_pairs(expected):
    return {(e[0], e[1]) for e in expected}


@pytest.mark.parametrize(("opening", "sentence", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_sentence(opening, sentence, expected):
    report = extract_text(opening + sentence + "\n")
    resolutions_and_documents = {
        (r.type, r.id) for r in report.references if r.type not in ("body", "treaty", "instrument")
    }
    assert resolutions_and_documents == _expected_pairs(expected)
    for e in expected:
        if len(e) == 3:
            ref = next(r for r in report.references if (r.type, r.id) == e[:2])
            assert ref.relation == e[2], f"{e[1]}: relation {ref.relation}, expected {e[2]}"


@pytest.mark.parametrize(("opening", "sentence", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_evidence_quotes_the_source(opening, sentence, expected):
    text = opening + sentence + "\n"
    report = extract_text(text)
    for ref in report.references:
        for ev in ref.evidence:
            assert text[ev.start : ev.end] == ev.quote
            assert ev.paragraph in ("preamble 1", "footnote 1", "operative 4")


def test_footnote_mentions_cite():
    text = FR + "Rappelant la Stratégie antiterroriste mondiale des Nations Unies¹,\n\n¹ Résolution 60/288.\n"
    report = extract_text(text)
    ref = next(r for r in report.references if r.id == "A/RES/60/288")
    assert ref.relation == "cites"
    assert ref.evidence[0].paragraph == "footnote 1"


def test_strongest_relation_wins():
    text = FR + "Rappelant sa résolution 60/288,\n\n1. Prie le Secrétaire général d'appliquer la résolution 60/288 ;\n"
    ref = next(r for r in extract_text(text).references if r.id == "A/RES/60/288")
    assert ref.relation == "recalls"
    assert [e.paragraph for e in ref.evidence] == ["preamble 1", "operative 1"]


def test_own_symbol_is_not_a_reference():
    text = "64/177. Assistance technique\n\n" + FR + "Rappelant sa résolution 64/177 et la résolution 63/195,\n"
    report = extract_text(text)
    assert report.document.symbol == "A/RES/64/177"
    assert {r.id for r in report.references} == {"A/RES/63/195"}
