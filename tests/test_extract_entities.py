"""Bodies, treaties and instruments in real sentences: names, acronyms, short forms, nesting,
Treaty Series citations, addressees, and bodies missing from the gazetteer.

Each row is a resolution's opening plus paragraphs; expected items are
``(type, id)`` or, for bodies, ``(type, id, addressed)``. A row lists every entity its
text names (resolutions and documents are checked in test_extract_sentences.py).
"""

from __future__ import annotations

import pytest

from unkg.kg.extract import extract_text

FR = "L'Assemblée générale,\n\n"
EN = "The General Assembly,\n\n"

ROWS = [
    ("fr-addressed-unodc-and-branch", FR,
     "1. Félicite l'Office des Nations Unies contre la drogue et le crime, et notamment son Service de la prévention du "
     "terrorisme, de fournir, en consultation étroite avec le Comité contre le terrorisme et sa Direction exécutive, une "
     "assistance technique ;",
     {("body", "unodc", True), ("body", "unodc-tpb", True), ("body", "ctc", False), ("body", "cted", False)}),
    ("fr-parent-is-not-addressed", FR,
     "1. Encourage le Centre pour la prévention internationale du crime de l'Office des Nations Unies contre la drogue "
     "et le crime à poursuivre ses activités ;",
     {("body", "cicp", True), ("body", "unodc", False)}),
    ("fr-short-form", FR,
     "Rappelant le rôle de l'Office des Nations Unies contre la drogue et le crime,\n\n"
     "1. Prie l'Office de continuer à fournir une assistance technique ;",
     {("body", "unodc", True)}),
    ("fr-recommends-to", FR,
     "1. Recommande à la Commission pour la prévention du crime et la justice pénale d'examiner la question ;",
     {("body", "ccpcj", True)}),
    ("fr-partner-not-addressed", FR,
     "1. Prie le Secrétaire général de fournir, en coopération avec l'Organisation de l'aviation civile "
     "internationale, une assistance ;",
     {("body", "secretary-general", True), ("body", "icao", False)}),
    ("fr-cooperation-noted", FR,
     "1. Prend note avec satisfaction de la coopération entre le Bureau de lutte contre le terrorisme et la Direction "
     "exécutive du Comité contre le terrorisme ;",
     {("body", "unoct", False), ("body", "cted", False), ("body", "ctc", False)}),
    ("fr-treaty-series", FR,
     "Rappelant la Convention relative aux droits de l'enfant¹,\n\n¹ Nations Unies, Recueil des Traités, vol. 1577, n° 27531.",
     {("treaty", "crc")}),
    ("fr-palermo-set", FR,
     "Rappelant la Convention²,\n\n² Nations Unies, Recueil des Traités, vol. 2225, 2237, 2241 et 2326, n° 39574.",
     {("treaty", "untoc"), ("treaty", "untoc-protocols")}),
    ("fr-strategy-and-charter", FR,
     "Réaffirmant la Stratégie antiterroriste mondiale des Nations Unies et la Charte des Nations Unies,",
     {("instrument", "gct-strategy"), ("treaty", "un-charter")}),
    ("en-requests-sg", EN, "1. Requests the Secretary-General to submit a report;",
     {("body", "secretary-general", True)}),
    ("en-coordinated-addressees", EN,
     "1. Encourages improved cooperation between the Peacebuilding Commission and the Economic and Social Council;",
     {("body", "pbc", True), ("body", "ecosoc", True)}),
    ("en-partner-after-infinitive", EN,
     "1. Encourages the Peacebuilding Commission to strengthen its partnership with the African Union;",
     {("body", "pbc", True), ("body", "au", False)}),
    ("en-acronym", EN, "Noting the work of UNODC and INTERPOL,",
     {("body", "unodc", False), ("body", "interpol", False)}),
    ("en-nested", EN,
     "Welcoming the work of the Counter-Terrorism Committee Executive Directorate,",
     {("body", "cted", False), ("body", "ctc", False)}),
    ("en-treaty-series", EN,
     "Recalling the Treaty on the Non-Proliferation of Nuclear Weapons,¹\n\n¹ United Nations, Treaty Series, vol. 729, "
     "No. 10485.",
     {("treaty", "npt")}),
    ("en-instrument-by-symbol", EN,
     "1. Urges the Conference on Disarmament to act in accordance with the rules of procedure;²\n\n² CD/8/Rev.9.",
     {("body", "cd", True), ("instrument", "cd-rules-of-procedure")}),
    ("en-unknown-body", EN,
     "1. Requests the Global Alliance for Counter-Terrorism Research Network to cooperate with the Secretary-General;",
     {("body", "global-alliance-for-counter-terrorism-research-network", True),
      ("body", "secretary-general", False)}),
]


@pytest.mark.parametrize(("opening", "text", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_entities(opening, text, expected):
    report = extract_text(opening + text + "\n")
    got = {(r.type, r.id) for r in report.references if r.type in ("body", "treaty", "instrument")}
    assert got == {e[:2] for e in expected}
    for e in expected:
        if len(e) == 3:
            ref = next(r for r in report.references if (r.type, r.id) == e[:2])
            assert ref.addressed is e[2], f"{e[1]} addressed={ref.addressed}"


def test_the_united_nations_itself_is_not_a_body():
    report = extract_text(FR + "1. Prie l'Organisation des Nations Unies et les États Membres de coopérer ;\n")
    assert [r for r in report.references if r.type == "body"] == []
