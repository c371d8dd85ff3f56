"""OCR repairs and markup removal, each checked for its text and for its map to the source."""

from __future__ import annotations

import pytest

from unkg.kg.clean import clean

# (id, source text, cleaned text, a word of the cleaned text, what it quotes in the source)
REPAIRS = [
    ("ocr-one-for-l", "prie 1'Office des Nations Unies", "prie l'Office des Nations Unies", "l'Office", "1'Office"),
    ("ocr-capital-i-for-l", "de I’enfant", "de l'enfant", "l'enfant", "I’enfant"),
    ("ocr-curly-one", "renforcer 1’assistance", "renforcer l'assistance", "l'assistance", "1’assistance"),
    ("ocr-one-inside-a-word", "Requests the Secretary-General a1so to", "Requests the Secretary-General also to", "also", "a1so"),
    ("ocr-etats", "les Etats Membres et chaque Etat", "les États Membres et chaque État", "États", "Etats"),
    ("ocr-cent-sign", "ne doit être associé¢ a aucune religion", "ne doit être associé a aucune religion", "associé", "associé"),
    ("ocr-numero", "vol. 1577, n® 27531.", "vol. 1577, n° 27531.", "n° 27531", "n® 27531"),
    ("md-sup-marker", "des Nations Unies<sup>4</sup>, de son", "des Nations Unies⁴, de son", "⁴", "<sup>4</sup>"),
    ("md-link", "sa résolution [74/175](#) du 18 décembre", "sa résolution 74/175 du 18 décembre", "74/175", "74/175"),
    ("md-emphasis", "1. *Félicite* l'Office", "1. Félicite l'Office", "Félicite", "Félicite"),
    ("md-footnote-ref", "Rights,[^4] and", "Rights,⁴ and", "⁴", "[^4]"),
    ("md-footnote-def", "[^12]: CEDAW/C/GC/39.", "¹² CEDAW/C/GC/39.", "CEDAW/C/GC/39", "CEDAW/C/GC/39"),
    ("nbsp", "Point\u00a0104 de l'ordre du jour", "Point 104 de l'ordre du jour", "104", "104"),
    ("ligature", "of\ufb01cial records", "official records", "official", "of\ufb01cial"),
    ("front-matter", "---\nsymbol: A/RES/80/10\n---\nUnited Nations", "\n\n\nUnited Nations", "United", "United"),
]


@pytest.mark.parametrize(("source", "expected", "word", "quoted"), [r[1:] for r in REPAIRS], ids=[r[0] for r in REPAIRS])
def test_repair(source, expected, word, quoted):
    cleaned = clean(source)
    assert cleaned.text == expected
    i = cleaned.text.index(word)
    s, e = cleaned.source_span(i, i + len(word))
    assert source[s:e] == quoted


def test_untouched_text_maps_to_itself():
    source = "Rappelant sa résolution 62/272 du 5 septembre 2008,"
    cleaned = clean(source)
    assert cleaned.text == source
    assert cleaned.source_span(10, 20) == (10, 20)


def test_english_words_are_not_repaired():
    source = "Invites Member States to continue to provide Information"
    assert clean(source).text == source
