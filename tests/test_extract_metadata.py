"""Document fields of Security Council, ECOSOC and General Assembly texts, French and English.

The headers are laid out as the UN's official documents print them (ODS text layer).
"""

from __future__ import annotations

import pytest

from unkg.kg.extract import extract_text
from unkg.kg.metadata import parse_date
from unkg.kg.numbers import ordinal_value

SC_FR = """Nations Unies S/RES/1373 (2001)
Conseil de sécurité Distr. générale
28 septembre 2001

Résolution 1373 (2001)
Adoptée par le Conseil de sécurité à sa 4385e séance, le 28 septembre 2001

Le Conseil de sécurité,

Réaffirmant ses résolutions 1269 (1999) du 19 octobre 1999 et 1368 (2001) du 12 septembre 2001,

1. Décide que tous les États doivent prévenir et réprimer le financement des actes de terrorisme ;
"""

SC_EN = """United Nations S/RES/2178 (2014)
Security Council Distr.: General
24 September 2014

Resolution 2178 (2014)
Adopted by the Security Council at its 7272nd meeting, on 24 September 2014

The Security Council,

Reaffirming its resolutions 1267 (1999), 1373 (2001) and 2170 (2014),

1. Reaffirms that all States shall prevent the movement of terrorists;
"""

SC_OLD = """RESOLUTION 678 (1990)
Adopted by the Security Council at its 2963rd meeting on 29 November 1990
The Security Council,
Recalling and reaffirming its resolutions 660 (1990) of 2 August 1990, 661 (1990) of 6 August 1990 and 662 (1990),
1. Demands that Iraq comply fully with resolution 660 (1990);
"""

ECOSOC_FR = """Résolution adoptée par le Conseil économique et social le 25 juillet 2007

[sur la recommandation de la Commission pour la prévention du crime et la justice pénale (E/2007/30)]

2007/12. Stratégie de l'Office des Nations Unies contre la drogue et le crime pour la période 2008-2011

Le Conseil économique et social,

Rappelant sa résolution 2006/23 du 27 juillet 2006 et la résolution 60/288 de l'Assemblée générale,

1. Approuve la stratégie ;

45e séance plénière
25 juillet 2007
"""

GA_EN = """United Nations A/RES/64/177

General Assembly Distr.: General
24 March 2010

Sixty-fourth session
Agenda item 104

Resolution adopted by the General Assembly on 18 December 2009

[on the report of the Third Committee (A/64/440 and Corr.1)]

64/177. Technical assistance for implementing the international conventions
and protocols related to terrorism

The General Assembly,

Recalling its resolution 62/272 of 5 September 2008,

65th plenary meeting
18 December 2009
"""

DRAFT_FR = """Nations Unies A/C.3/64/L.14

Assemblée générale Distr. limitée
20 octobre 2009

Soixante-quatrième session
Troisième Commission
Point 104 a) de l'ordre du jour

Autriche, Belgique et France : projet de résolution

Assistance technique

L'Assemblée générale,

Rappelant sa résolution 63/195,
"""

CASES = [
    ("draft-fr", DRAFT_FR, {"symbol": "A/C.3/64/L.14", "kind": "ga-draft-resolution", "adopted": None,
                            "session": 64, "agenda_item": "104 a)", "sponsors": ["AUT", "BEL", "FRA"],
                            "title": "Assistance technique"},
     {("ga-resolution", "A/RES/63/195", "recalls")}),
    ("sc-fr", SC_FR, {"symbol": "S/RES/1373 (2001)", "kind": "sc-resolution", "adopted": "2001-09-28",
                      "plenary_meeting": 4385, "session": None},
     {("sc-resolution", "S/RES/1269 (1999)", "reaffirms"), ("sc-resolution", "S/RES/1368 (2001)", "reaffirms")}),
    ("sc-en", SC_EN, {"symbol": "S/RES/2178 (2014)", "kind": "sc-resolution", "adopted": "2014-09-24",
                      "plenary_meeting": 7272},
     {("sc-resolution", "S/RES/1267 (1999)", "reaffirms"), ("sc-resolution", "S/RES/1373 (2001)", "reaffirms"),
      ("sc-resolution", "S/RES/2170 (2014)", "reaffirms")}),
    ("sc-old-capitals", SC_OLD, {"symbol": "S/RES/678 (1990)", "kind": "sc-resolution", "adopted": "1990-11-29",
                                 "plenary_meeting": 2963, "title": None},
     {("sc-resolution", "S/RES/660 (1990)", "reaffirms"), ("sc-resolution", "S/RES/661 (1990)", "reaffirms"),
      ("sc-resolution", "S/RES/662 (1990)", "reaffirms")}),
    ("ecosoc-fr", ECOSOC_FR, {"symbol": "E/RES/2007/12", "kind": "ecosoc-resolution", "adopted": "2007-07-25",
                              "plenary_meeting": 45, "session": None, "committee_report": ["E/2007/30"]},
     {("ecosoc-resolution", "E/RES/2006/23", "recalls"), ("ga-resolution", "A/RES/60/288", "recalls")}),
    ("ga-en", GA_EN, {"symbol": "A/RES/64/177", "kind": "ga-resolution", "adopted": "2009-12-18", "plenary_meeting": 65,
                      "session": 64, "agenda_item": "104", "committee_report": ["A/64/440", "A/64/440/Corr.1"],
                      "title": "Technical assistance for implementing the international conventions and protocols related to terrorism"},
     {("ga-resolution", "A/RES/62/272", "recalls")}),
]


@pytest.mark.parametrize(("text", "fields", "resolutions"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_document_fields(text, fields, resolutions):
    report = extract_text(text)
    doc = report.document.to_json()
    for key, value in fields.items():
        assert doc[key] == value, key
    got = {(r.type, r.id, r.relation) for r in report.references if r.relation}
    assert got == resolutions


def test_own_organ_is_not_a_body_reference():
    report = extract_text(SC_FR)
    assert ("body", "security-council") not in {(r.type, r.id) for r in report.references}
    ecosoc = extract_text(ECOSOC_FR)
    bodies = {r.id for r in ecosoc.references if r.type == "body"}
    assert "ecosoc" not in bodies
    assert "general-assembly" in bodies


@pytest.mark.parametrize(
    ("words", "value"),
    [("Soixante-quatrième", 64), ("Cinquante-huitième", 58), ("Soixante-dix-huitième", 78), ("Quatre-vingtième", 80),
     ("Quatre-vingt-unième", 81), ("soixante et onzième", 71), ("Eightieth", 80), ("Sixty-fourth", 64),
     ("Seventy-eighth", 78), ("Fifty-first", 51), ("First", 1), ("Dixième", 10), ("regular", None)],
)
def test_session_ordinals(words, value):
    assert ordinal_value(words) == value


@pytest.mark.parametrize(
    ("text", "iso"),
    [("le 18 décembre 2009", "2009-12-18"), ("on 1 December 2025", "2025-12-01"), ("1er janvier 2004", "2004-01-01"),
     ("December 18, 2009", "2009-12-18"), ("no date here", None)],
)
def test_dates(text, iso):
    assert parse_date(text) == iso


def test_ocr_text_without_accents():
    """OCR often loses accents: the structure, verbs and fields are still read."""
    text = """Soixante-quatrieme session
Point 104 de l'ordre du jour

Resolution adoptee par l'Assemblee generale le 18 decembre 2009

64/177. Assistance technique

L'Assemblee generale,

Reaffirmant sa resolution 60/288,

1. Felicite l'Office des Nations Unies contre la drogue et le crime de fournir une assistance ;

65e seance pleniere
18 decembre 2009
"""
    report = extract_text(text)
    doc = report.document
    assert (doc.symbol, doc.session, doc.adopted, doc.plenary_meeting, doc.agenda_item) == (
        "A/RES/64/177", 64, "2009-12-18", 65, "104")
    refs = {(r.id, r.relation, r.addressed) for r in report.references}
    assert refs == {("A/RES/60/288", "reaffirms", None), ("unodc", None, True)}


@pytest.mark.parametrize(
    ("names", "codes"),
    [
        ("Austria, Republic of Korea, United Kingdom of Great Britain and Northern Ireland and United States of America",
         ("AUT", "KOR", "GBR", "USA")),
        ("Trinidad and Tobago, Antigua and Barbuda and Bosnia and Herzegovina", ("TTO", "ATG", "BIH")),
        ("Royaume-Uni de Grande-Bretagne et d'Irlande du Nord, Slovénie et Suède", ("GBR", "SVN", "SWE")),
        ("Bolivia (Plurinational State of), Côte d'Ivoire and Türkiye", ("BOL", "CIV", "TUR")),
    ],
)
def test_sponsors_whose_names_hold_and(names, codes):
    """Country names with "and"/"et" in them are not split at it; the list's last "and" is."""
    text = f"{names}: draft resolution\n\nTitle\n\nThe General Assembly,\n\nRecalling its resolution 78/229,\n"
    assert extract_text(text).document.sponsors == codes


@pytest.mark.parametrize(
    ("line", "item"),
    [("Point 104 de l'ordre du jour", "104"), ("Points 20 et 21 de l'ordre du jour", "20 et 21"),
     ("Point 19 c) de l'ordre du jour", "19 c)"), ("Agenda item 99 (b) General and complete disarmament", "99 (b)"),
     ("Agenda items 20 and 21 Globalization", "20 and 21"), ("Agenda item 99 (bb)", "99 (bb)")],
)
def test_agenda_items_as_printed(line, item):
    text = f"Eightieth session\n{line}\n\n80/1. Title\n\nThe General Assembly,\n\nRecalling its resolution 79/1,\n"
    assert extract_text(text).document.agenda_item == item


def test_committee_report_when_ocr_lost_the_brackets():
    text = ("Résolution adoptée par l'Assemblée générale\n\nsur le rapport de la Troisieme Commission (A/58/499)\n\n"
            "58/136. Titre\n\nL'Assemblée générale,\n\nRappelant sa résolution 57/173,\n")
    assert extract_text(text).document.committee_report == ("A/58/499",)
