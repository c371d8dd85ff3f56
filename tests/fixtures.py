"""Build PDF, DOCX and HTML versions of a seed text at test time: no binary fixtures in git.

The seeds (``kg/sample_corpus/*.txt``) are Markdown-ish: ``# headings``, ``*italic*``,
``**bold**``, ``[x](#)`` links, ``<sup>1</sup>``, ``^e`` and ``¹`` footnote marks. Each builder
renders that markup as its format's own formatting (a DOCX gets real Word footnotes), so
reading the built file back should give :func:`plain_text` of the seed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from fpdf import FPDF

SEEDS = sorted((Path(__file__).resolve().parents[1] / "kg" / "sample_corpus").glob("*.txt"))
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

_TO_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_MARKUP = re.compile(
    r"\*\*(?P<b>.+?)\*\*"
    r"|(?<![*\w])\*(?P<i>[^*\s](?:[^*]*?[^*\s])?)\*(?![*\w])"
    r"|\[(?P<link>[^\]]+)\]\([^)]*\)"
    r"|<sup>(?P<sup>.*?)</sup>"
    r"|\^(?P<caret>\w+)"
    r"|(?P<usup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)",
    re.S,
)
_HEADING = re.compile(r"(#{1,6})\s+")
_RULE = re.compile(r"(-{3,}|_{3,}|\*{3,})")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class _Paragraph:
    """A seed paragraph as formatted runs: ``(text, styles)`` with styles from b, i, sup."""

    runs: tuple[tuple[str, frozenset[str]], ...]
    level: int = 0  # Markdown heading level; 0 for body text

    @property
    def note(self) -> str | None:
        """The footnote label if the paragraph is a footnote (starts with a mark and a space)."""
        if len(self.runs) > 1 and "sup" in self.runs[0][1] and self.runs[0][0].isdecimal():
            return self.runs[0][0] if self.runs[1][0][:1].isspace() else None
        return None

    def plain(self, start: int = 0) -> str:
        """Text as a reader gives it: digit superscripts as ¹²³ glued to the previous word."""
        out = ""
        for text, styles in self.runs[start:]:
            if "sup" in styles and text.isdecimal():
                out = out.rstrip() + text.translate(_TO_SUPERSCRIPT)
            else:
                out += text
        return out.strip()


def _runs(text: str, styles: frozenset[str] = frozenset()) -> list[tuple[str, frozenset[str]]]:
    runs, pos = [], 0
    for m in _MARKUP.finditer(text):
        if m.start() > pos:
            runs.append((text[pos : m.start()], styles))
        kind, inner = m.lastgroup, m.group(m.lastgroup)
        if kind in ("b", "i"):
            runs += _runs(inner, styles | {kind})
        elif kind == "link":
            runs += _runs(inner, styles)
        else:
            runs.append((inner.translate(_FROM_SUPERSCRIPT), styles | {"sup"}))
        pos = m.end()
    if pos < len(text):
        runs.append((text[pos:], styles))
    return runs


def _paragraphs(text: str) -> list[_Paragraph]:
    """Blank-line separated paragraphs; horizontal rules dropped, heading marks removed."""
    out = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk or _RULE.fullmatch(chunk):
            continue
        heading = _HEADING.match(chunk)
        level = len(heading.group(1)) if heading else 0
        out.append(_Paragraph(tuple(_runs(chunk[heading.end() if heading else 0 :])), level))
    return out


def _split_notes(paragraphs: list[_Paragraph]) -> tuple[list[_Paragraph], dict[str, _Paragraph]]:
    """Body paragraphs and the footnotes (by label) that some body mark refers to."""
    notes = {p.note: p for p in paragraphs if p.note}
    marks = {t for p in paragraphs if not p.note for t, s in p.runs if "sup" in s}
    notes = {label: p for label, p in notes.items() if label in marks}
    return [p for p in paragraphs if p.note not in notes], notes


def plain_text(text: str, *, footnotes_at_end: bool = False) -> str:
    """What reading a built file should give; ``footnotes_at_end`` for DOCX (``N text`` lines).

    The seeds number footnotes in order of reference, as Word does, so labels are kept.
    """
    paragraphs = _paragraphs(text)
    if not footnotes_at_end:
        return "\n\n".join(p.plain() for p in paragraphs)
    body, notes = _split_notes(paragraphs)
    lines = [p.plain() for p in body]
    lines += [f"{label} {' '.join(p.plain(1).split())}" for label, p in notes.items()]
    return "\n\n".join(lines)


def make_html(text: str) -> str:
    """A UTF-8 page with a <p> (or <hN>) per paragraph, plus a <script> and <nav> to drop."""
    blocks = []
    for p in _paragraphs(text):
        inner = ""
        for run, styles in p.runs:
            chunk = html.escape(run)
            for style, tag in (("sup", "sup"), ("i", "em"), ("b", "strong")):
                if style in styles:
                    chunk = f"<{tag}>{chunk}</{tag}>"
            inner += chunk
        tag = f"h{p.level}" if p.level else "p"
        blocks.append(f"<{tag}>{inner}</{tag}>")
    body = "\n".join(blocks)
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head><meta charset="utf-8"><title>Résolution</title>'
        "<style>p { margin: 0 0 1em }</style></head>\n<body>\n"
        '<nav><a href="/">NAVMENU Accueil</a> | <a href="/doc">Documents</a></nav>\n'
        '<script>document.title = "SCRIPTCODE";</script>\n'
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def make_pdf(text: str, path: Path) -> Path:
    """A one-column PDF in DejaVu Sans; footnote marks drawn as ¹²³ so the text layer has them."""
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(FONT))
    for p in _paragraphs(text):
        pdf.set_font("DejaVu", size=14 if p.level else 11)
        pdf.multi_cell(0, 6, p.plain(), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    pdf.output(str(path))
    return path


def make_docx(text: str, path: Path) -> Path:
    """A DOCX with a paragraph per seed paragraph, real Word footnotes and superscript marks."""
    document = Document()
    body, notes = _split_notes(_paragraphs(text))
    for p in body:
        paragraph = document.add_paragraph(style=f"Heading {p.level}" if p.level else None)
        for run_text, styles in p.runs:
            run = paragraph.add_run()
            run.bold, run.italic = "b" in styles or None, "i" in styles or None
            run.font.superscript = "sup" in styles or None
            if "sup" in styles and run_text in notes:
                run._r.append(OxmlElement("w:footnoteReference", {qn("w:id"): run_text}))
            else:
                run.text = run_text
    if notes:
        part = Part(
            PackURI("/word/footnotes.xml"),
            CT.WML_FOOTNOTES,
            _footnotes_xml(notes),
            document.part.package,
        )
        document.part.relate_to(part, RT.FOOTNOTES)
    document.save(str(path))
    return path


def _footnotes_xml(notes: dict[str, _Paragraph]) -> bytes:
    """word/footnotes.xml as Word writes it: two separator notes, then one note per label."""
    xml = [
        f'<w:footnotes xmlns:w="{_W}">',
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>",
    ]
    for label, p in notes.items():
        runs = ['<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>']
        for run_text, styles in p.runs[1:]:
            props = "".join(
                tag
                for style, tag in (
                    ("b", "<w:b/>"),
                    ("i", "<w:i/>"),
                    ("sup", '<w:vertAlign w:val="superscript"/>'),
                )
                if style in styles
            )
            flat = " ".join(run_text.splitlines())
            runs.append(
                f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(flat)}</w:t></w:r>'
            )
        xml.append(f'<w:footnote w:id="{label}"><w:p>{"".join(runs)}</w:p></w:footnote>')
    xml.append("</w:footnotes>")
    return "".join(xml).encode("utf-8")
