"""Segmentation of the layouts resolutions come in: blank-line paragraphs, PDF text with none,
OCR text whose footnotes interrupt a paragraph, sub-items, footers, split footnote lines."""

from __future__ import annotations

from unkg.kg.clean import clean
from unkg.kg.segment import segment


def labels(text: str) -> list[tuple[str, str]]:
    layout = segment(clean(text).text)
    return [(p.label, " ".join(p.text.split())) for p in layout.paragraphs]


def test_blank_line_paragraphs_and_footer():
    text = (
        "64/177. Titre\n\nL'Assemblée générale,\n\nRappelant sa résolution 62/272,\n\n"
        "Rappelant également sa résolution 63/195,\n\n1. Prie le Secrétaire général de faire rapport ;\n\n"
        "2. Décide de poursuivre l'examen de la question.\n\n65e séance plénière\n18 décembre 2009\n"
    )
    assert [lab for lab, _ in labels(text)] == ["header", "preamble 1", "preamble 2", "operative 1", "operative 2", "footer"]


def test_pdf_text_without_blank_lines():
    text = (
        "The General Assembly,\nRecalling its resolution 62/272 of 5 September 2008, in which it\n"
        "called upon Member States,\nReaffirming its resolution 60/288,\n1. Requests the Secretary-General\n"
        "to report;\n2. Decides to remain seized of the matter.\n"
    )
    got = labels(text)
    assert [lab for lab, _ in got] == ["preamble 1", "preamble 2", "operative 1", "operative 2"]
    assert got[0][1].endswith("called upon Member States,")
    assert got[2][1] == "1. Requests the Secretary-General to report;"


def test_an_ocr_footnote_interrupting_a_paragraph():
    text = (
        "L'Assemblée générale,\n\n4. Demande aux États Membres de renforcer la coopération,\n\n"
        "6 Nations Unies, Recueil des Traités, vol. 2225, n° 39574.\n"
        " notamment conformément à la Charte des Nations Unies ;\n\n5. Prie l'Office de fournir une assistance ;\n"
    )
    got = dict(labels(text))
    assert got["footnote 6"] == "Nations Unies, Recueil des Traités, vol. 2225, n° 39574."
    assert got["operative 4"].endswith("coopération, notamment conformément à la Charte des Nations Unies ;")
    assert "operative 5" in got


def test_sub_items_stay_in_their_operative_paragraph():
    text = (
        "The General Assembly,\n\n1. Decides:\n\n(a) To request the Secretariat to report;\n\n"
        "(b) To invite the Commission to act;\n\n2. Requests the Secretary-General to report.\n"
    )
    got = labels(text)
    assert [lab for lab, _ in got] == ["operative 1", "operative 2"]
    assert "(b) To invite the Commission" in got[0][1]


def test_a_footnote_line_split_at_a_year_is_one_footnote():
    text = (
        "The General Assembly,\n\nRecalling the Programme of Action,[^10]\n\n"
        "[^10]: Report of the International Conference on Population and Development, Cairo, 5–13 September\n"
        "[^1994]: (United Nations publication, Sales No. E.95.XIII.18), chap. I, resolution 1, annex.\n"
    )
    got = labels(text)
    assert [lab for lab, _ in got] == ["preamble 1", "footnote 10"]
    assert got[1][1].endswith("chap. I, resolution 1, annex.")


def test_no_opening_line_means_no_header():
    layout = segment(clean("Rappelant sa résolution 62/272,\n").text)
    assert layout.organ is None and [p.kind for p in layout.paragraphs] == ["preamble"]
