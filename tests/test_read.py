"""Stage 1, reading: every format and encoding gives the seed's text; every bad input a ReadError."""

from __future__ import annotations

import codecs
import random
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from fixtures import FONT, SEEDS, make_docx, make_html, make_pdf, plain_text
from fpdf import FPDF
from hypothesis import given, settings
from hypothesis import strategies as st

from unkg.kg.errors import ReadError
from unkg.kg.read import read_bytes, read_source

SEED = next(p for p in SEEDS if p.name.startswith("000_"))  # 64/177, with ¹ ² footnotes
SEED_TEXT = SEED.read_text(encoding="utf-8")
needs_font = pytest.mark.skipif(
    not FONT.exists(), reason=f"{FONT} absent (apt-get install -y fonts-dejavu-core)"
)


def words(text: str) -> list[str]:
    return text.split()


def assert_key_phrases(text: str, footnote_mark: str = "superscript") -> None:
    """The symbol line, a body's full name and both footnote lines survive reading."""
    flat = " ".join(text.split())
    assert "64/177." in flat
    assert "Office des Nations Unies contre la drogue et le crime" in flat
    one, two = ("¹", "²") if footnote_mark == "superscript" else ("1", "2")
    assert re.search(rf"^{one} Résolution 60/288\.$", text, re.M)
    assert re.search(
        rf"^{two} Résolution 2007/12 du Conseil économique et social, annexe\.$", text, re.M
    )
    assert "Nations Unies¹;" in flat  # the footnote mark stays glued to its word


# --- text encodings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SEED_TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SEED_TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + SEED_TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + SEED_TEXT.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + SEED_TEXT.encode("utf-32-le"), "utf-32-le"),
        (codecs.BOM_UTF32_BE + SEED_TEXT.encode("utf-32-be"), "utf-32-be"),
        (SEED_TEXT.encode("utf-16-le"), "utf-16-le"),
        (SEED_TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16le-bom",
        "utf16be-bom",
        "utf32le-bom",
        "utf32be-bom",
        "utf16le-nobom",
        "utf16be-nobom",
    ],
)
def test_unicode_encodings_give_the_same_text(data, encoding):
    source = read_bytes(data, "seed.txt")
    assert source.text == SEED_TEXT
    assert source.encoding == encoding
    assert source.format == "markdown"


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_legacy_encodings_give_the_same_text(seed, codec):
    text = seed.read_text(encoding="utf-8").encode(codec, errors="replace").decode(codec)
    source = read_bytes(text.encode(codec), "seed.txt")
    assert source.text == text
    assert source.encoding in {"cp1252", "iso8859_15", "latin-1"}


def test_newlines_are_normalised_and_the_bom_dropped():
    source = read_bytes(codecs.BOM_UTF8 + b"a\r\nb\rc\n", "x.txt")
    assert source.text == "a\nb\nc\n"


# --- format sniffing ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [(p.name, "markdown" if p.name[:3] in {"000", "001", "003"} else "text") for p in SEEDS],
)
def test_seed_files_are_text_or_markdown(name, expected):
    source = read_source(SEED.parent / name)
    assert source.format == expected
    assert source.path == SEED.parent / name
    assert source.text == (SEED.parent / name).read_text(encoding="utf-8")


def test_md_suffix_means_markdown():
    assert read_bytes(b"Plain words.", "a.md").format == "markdown"
    assert read_bytes(b"Plain words.", "a.txt").format == "text"


def test_content_beats_suffix(tmp_path):
    assert read_bytes(make_html("Texte.").encode(), "page.txt").format == "html"
    assert (
        read_bytes(make_docx("Texte.", tmp_path / "a.docx").read_bytes(), "a.bin").format == "docx"
    )
    if FONT.exists():
        assert (
            read_bytes(make_pdf("Texte.", tmp_path / "a.pdf").read_bytes(), "a.txt").format == "pdf"
        )


def test_html_suffix_needs_tags():
    assert read_bytes(b"<p>Un <b>mot</b></p>", "a.htm").format == "html"
    assert read_bytes(b"a < b and c > d", "a.html").format == "text"
    assert read_bytes(b"<p>Un mot</p>", "a.txt").text == "<p>Un mot</p>"  # a fragment stays text


# --- HTML ---------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_html_gives_the_seed_words(seed):
    text = seed.read_text(encoding="utf-8")
    source = read_bytes(make_html(text).encode("utf-8"), "seed.html")
    assert source.format == "html"
    assert words(source.text) == words(plain_text(text))
    assert "SCRIPTCODE" not in source.text and "NAVMENU" not in source.text


def test_html_key_phrases():
    assert_key_phrases(read_bytes(make_html(SEED_TEXT).encode("utf-8"), "seed.html").text)


def test_html_blocks_superscripts_and_entities():
    page = (
        b"<html><body><header>Top</header><h1>Titre</h1><p>L&#x27;Office  des\n Nations"
        b" Unies <sup>12</sup>, voir le XXI<sup>e</sup> si&egrave;cle<br>ligne</p>"
        b"<ul><li>un</li><li>deux</li></ul><table><tr><td>a</td><td>b</td></tr></table>"
        b"<!-- comment --><footer>Bas</footer></body></html>"
    )
    assert read_bytes(page, "p.html").text == (
        "Titre\n\nL'Office des Nations Unies¹², voir le XXIe siècle\n\nligne\n\nun\n\ndeux\n\na b"
    )


# --- DOCX ---------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_docx_gives_the_seed_words(seed, tmp_path):
    text = seed.read_text(encoding="utf-8")
    source = read_source(make_docx(text, tmp_path / "seed.docx"))
    assert source.format == "docx"
    assert source.encoding is None
    assert words(source.text) == words(plain_text(text, footnotes_at_end=True))


def test_docx_key_phrases(tmp_path):
    text = read_source(make_docx(SEED_TEXT, tmp_path / "seed.docx")).text
    assert_key_phrases(text, footnote_mark="digits")


def test_docx_tables_and_empty_paragraphs(tmp_path):
    document = Document()
    document.add_paragraph("Avant")
    document.add_paragraph("   ")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "A/RES/64/177", "Distr. générale"
    document.add_paragraph("Après")
    document.save(tmp_path / "t.docx")
    assert (
        read_source(tmp_path / "t.docx").text == "Avant\n\nA/RES/64/177\n\nDistr. générale\n\nAprès"
    )


# --- PDF ----------------------------------------------------------------------------------


@needs_font
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_pdf_gives_the_seed_words(seed, tmp_path):
    text = seed.read_text(encoding="utf-8")
    source = read_source(make_pdf(text, tmp_path / "seed.pdf"))
    assert source.format == "pdf"
    assert words(source.text) == words(plain_text(text))


@needs_font
def test_pdf_key_phrases(tmp_path):
    assert_key_phrases(read_source(make_pdf(SEED_TEXT, tmp_path / "seed.pdf")).text)


def test_pdf_without_text_layer(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 100, style="F")  # stands in for a scanned page image
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(ReadError, match=r"scan\.pdf: PDF has no text layer .*run OCR first"):
        read_source(tmp_path / "scan.pdf")


# --- errors -------------------------------------------------------------------------------


def _truncated_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "truncated.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R")
    return path


def _corrupt_docx(tmp_path: Path) -> Path:
    path = tmp_path / "corrupt.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document>not closed")
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "empty.txt", "empty file, nothing to extract"),
        (lambda d: d / "blank.txt", "empty file, nothing to extract"),
        (lambda d: d / "noise.bin", "binary file (not text, PDF, DOCX or HTML)"),
        (_truncated_pdf, "cannot read PDF: "),
        (lambda d: d / "letter.docx", "cannot read DOCX: "),
        (_corrupt_docx, "cannot read DOCX: "),
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d / "folder", "is a directory"),
    ],
    ids=[
        "empty",
        "whitespace",
        "binary",
        "truncated-pdf",
        "text-as-docx",
        "corrupt-docx",
        "missing",
        "directory",
    ],
)
def test_bad_inputs_raise_one_line_read_errors(make, message, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\r\n  ")
    (tmp_path / "noise.bin").write_bytes(random.Random(0).randbytes(4000))
    (tmp_path / "letter.docx").write_text(SEED_TEXT, encoding="utf-8")
    (tmp_path / "folder").mkdir()
    path = make(tmp_path)
    with pytest.raises(ReadError) as caught:
        read_source(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: ")
    assert message in text
    assert "\n" not in text


def test_utf16_whitespace_is_empty():
    with pytest.raises(ReadError, match="empty file"):
        read_bytes(codecs.BOM_UTF16_LE + "  \n ".encode("utf-16-le"), "blank.txt")


def test_permission_denied(tmp_path, monkeypatch):
    """The OS refusing the read (simulated: root, as in CI, may read any file)."""
    path = tmp_path / "secret.txt"
    path.write_text("texte")

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(type(path), "read_bytes", refuse)
    with pytest.raises(ReadError, match=r"secret\.txt: permission denied"):
        read_source(path)


_PREFIXES = [
    b"%PDF-1.4\n",
    b"PK\x03\x04",
    b"<!DOCTYPE html>",
    b"<html><sup>",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xef\xbb\xbf",
    b"\xff\xfe\x00\x00",
]


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=2000),
        st.builds(lambda p, b: p + b, st.sampled_from(_PREFIXES), st.binary(max_size=2000)),
    ),
    st.sampled_from(["x.txt", "x.pdf", "x.docx", "x.html", "x.md", "<bytes>"]),
)
def test_any_bytes_give_a_source_or_a_read_error(data, name):
    try:
        source = read_bytes(data, name)
    except ReadError as e:
        assert "\n" not in str(e) and str(e).startswith(f"{name}: ")
    else:
        assert source.text.strip()
        assert "\r" not in source.text
