"""Stage 1: turn a file (text, Markdown, PDF, DOCX, HTML) into the text every later stage reads.

Spans in the extraction report point into ``Source.text``: the decoded text with newlines
normalised to ``\\n`` and any leading BOM removed, or, for PDF, DOCX and HTML, the text this
module extracts from them. Any input either gives a :class:`Source` or raises
:class:`ReadError` with a one-line message naming the file, so a bad file never stops a batch.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import replace
from pathlib import Path, PurePath

from bs4 import BeautifulSoup, NavigableString, Tag
from charset_normalizer import from_bytes
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from .clean import superscript
from .errors import ReadError
from .models import Source

# A UTF-32 LE BOM starts with the UTF-16 LE one, so UTF-32 is tried first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Legacy encodings a French/English/Spanish resolution plausibly comes in. Wider lists
# (Cyrillic, CJK) make charset-normalizer read short French texts as Russian or Big5.
_LEGACY_ENCODINGS = ["cp1252", "iso8859_15", "mac_roman", "cp850"]
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
_MAX_CONTROL_RATIO = 0.1

# pypdf logs each irregularity it recovers from; with no logging configured Python would print
# them to stderr, around the CLI's one-line errors. Apps that configure logging still get them.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html)", re.I | re.S
)
_HTML_TAG = re.compile(r"<[a-zA-Z][\w-]*[\s/>]")
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
# fmt: off
_HTML_DROP = frozenset({"script", "style", "nav", "header", "footer", "noscript", "head", "template"})
_HTML_BLOCKS = frozenset({
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "section", "article",
    "blockquote", "ul", "ol", "table", "dl", "dt", "dd", "main", "aside", "figure", "figcaption",
    "pre", "hr", "address", "body",
})
# fmt: on
_HTML_CELLS = frozenset({"td", "th"})

# Strong Markdown signals: a heading, bold, a link or <sup>; or several *emphasis* spans.
# One stray asterisk is an OCR'd footnote mark, not Markdown.
_MARKDOWN_STRONG = re.compile(
    r"^#{1,6}[ \t]+\S|\*\*[^*\n]+\*\*|\[[^\]\n]+\]\([^)\s]*\)|<sup>", re.M
)
_MARKDOWN_EMPHASIS = re.compile(r"(?<![*\w])\*[^*\s][^*\n]*\*(?![*\w])")
_MARKDOWN_MIN_EMPHASIS = 3


def read_source(path: Path) -> Source:
    """Read the file at ``path``; its format is sniffed from the content, then the suffix."""
    path = Path(path)
    if path.is_dir():
        raise _error(path, "is a directory; pass a file (or use a command that takes folders)")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _error(path, "no such file; check the path") from None
    except PermissionError:
        raise _error(path, "permission denied; check the file's permissions") from None
    except OSError as e:
        raise _error(path, f"cannot read file: {e.strerror or e}") from None
    return read_bytes(data, str(path))


def read_bytes(data: bytes, name: str = "<bytes>") -> Source:
    """Read ``data`` as if it were a file called ``name`` (used for tests and HTTP uploads)."""
    return replace(_read_bytes(data, name), sha256=hashlib.sha256(data).hexdigest())


def _read_bytes(data: bytes, name: str) -> Source:
    path = Path(name)
    suffix = PurePath(name).suffix.lower()
    if not data.strip():
        raise _error(name, "empty file, nothing to extract")
    if data[:1024].lstrip().startswith(b"%PDF-") or suffix == ".pdf":
        return Source(path, _pdf_text(data, name), "pdf")
    if _is_docx(data) or suffix == ".docx":
        return Source(path, _docx_text(data, name), "docx")
    if data.startswith(b"PK\x03\x04"):
        raise _error(name, "binary file (not text, PDF, DOCX or HTML)")
    text, encoding = _decode(data, name)
    if not text.strip():
        raise _error(name, "empty file, nothing to extract")
    if _HTML_START.match(text[:4096]) or (suffix in _HTML_SUFFIXES and _HTML_TAG.search(text)):
        return Source(path, _html_text(text, name), "html", encoding)
    markdown = suffix in (".md", ".markdown") or _looks_like_markdown(text)
    return Source(path, text, "markdown" if markdown else "text", encoding)


def _error(name: str | Path, what: str) -> ReadError:
    """A ReadError whose message is one line even if the name or a library's reason is not."""
    return ReadError(re.sub(r"\s*[\r\n]+\s*", " ", f"{name}: {what}"))


def _normalise(text: str) -> str:
    """CRLF and CR become LF and a leading BOM goes: the text all spans refer to."""
    return text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode text bytes without ever failing: BOM, UTF-8, BOM-less UTF-16, a guess, cp1252."""
    text, encoding = _decode_unchecked(data, name)
    controls = sum(
        1 for c in text if c not in _ALLOWED_CONTROLS and unicodedata.category(c) == "Cc"
    )
    if "\x00" in text or controls > _MAX_CONTROL_RATIO * len(text):
        raise _error(name, "binary file (not text, PDF, DOCX or HTML)")
    return _normalise(text), encoding


def _decode_unchecked(data: bytes, name: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding.removesuffix("-sig")), encoding
            except UnicodeDecodeError:
                continue
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_by_nuls(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise _error(name, "binary file (not text, PDF, DOCX or HTML)")
    guess = from_bytes(data, cp_isolation=_LEGACY_ENCODINGS).best()
    if guess is not None:
        return str(guess), guess.encoding
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _utf16_by_nuls(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NULs in every other byte (mostly-Latin text)."""
    sample = data[:4096]
    if len(data) % 2 or len(sample) < 2:
        return None
    pairs = len(sample) // 2
    even = sample[0::2].count(0) / pairs
    odd = sample[1::2].count(0) / pairs
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _looks_like_markdown(text: str) -> bool:
    if _MARKDOWN_STRONG.search(text):
        return True
    return len(_MARKDOWN_EMPHASIS.findall(text, 0, 20000)) >= _MARKDOWN_MIN_EMPHASIS


def _pdf_text(data: bytes, name: str) -> str:
    """The text layer, page by page in pypdf's reading order; pages joined by a blank line."""
    # pypdf raises many exception types (ValueError, KeyError, struct errors, recursion)
    # on damaged files; each means the same to the user: this PDF cannot be read.
    try:
        pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
    except FileNotDecryptedError:
        raise _error(
            name, "cannot read PDF: it is password-protected; remove the password first"
        ) from None
    except Exception as e:
        raise _error(name, f"cannot read PDF: {e or type(e).__name__}") from None
    text = "\n\n".join(p for p in (_normalise(page).strip() for page in pages) if p)
    if not text:
        raise _error(name, "PDF has no text layer (scanned image?); run OCR first")
    return text


def _is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        return False


def _docx_text(data: bytes, name: str) -> str:
    """Body paragraphs and table cells in order, then the footnotes as ``N text`` lines.

    Footnote marks are not text in Word (a ``footnoteReference`` element), so they are
    written as superscript digits glued to the word they follow, numbered as Word shows
    them: by order of first reference in the body.
    """
    # python-docx and the zip/XML layers below it raise many exception types on damaged files.
    try:
        document = Document(io.BytesIO(data))
        labels: dict[str, int] = {}
        blocks = list(_docx_blocks(document.element.body, labels))
        notes = _docx_footnotes(document)
    except Exception as e:
        raise _error(name, f"cannot read DOCX: {e or type(e).__name__}") from None
    blocks += [f"{n} {notes[i]}" for i, n in labels.items() if notes.get(i)]
    text = _normalise("\n\n".join(blocks))
    if not text.strip():
        raise _error(name, "document has no text, nothing to extract")
    return text


def _docx_blocks(container, labels: dict[str, int]):
    """Paragraph texts of a body or table cell, descending into tables and content controls."""
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            text = _docx_paragraph(child, labels).strip()
            if text:
                yield text
        elif child.tag == qn("w:tbl"):
            for row in child.iterchildren(qn("w:tr")):
                for cell in row.iterchildren(qn("w:tc")):
                    yield from _docx_blocks(cell, labels)
        elif child.tag == qn("w:sdt"):
            for content in child.iterchildren(qn("w:sdtContent")):
                yield from _docx_blocks(content, labels)


def _docx_paragraph(p, labels: dict[str, int]) -> str:
    """Run texts joined; superscript digits and footnote references become ¹²³ glued left."""
    out = ""
    # Text boxes are skipped: Word stores them twice (modern and fallback markup).
    for r in p.xpath(".//w:r[not(ancestor::w:txbxContent)]"):
        refs = r.xpath("./w:footnoteReference/@w:id")
        if refs:
            marks = "".join(str(labels.setdefault(i, len(labels) + 1)) for i in refs)
            out = out.rstrip() + superscript(marks)
            continue
        text = r.text
        if r.xpath("./w:rPr/w:vertAlign[@w:val='superscript']") and text.strip().isdecimal():
            out = out.rstrip() + superscript(text.strip())
        else:
            out += text
    return out


def _docx_footnotes(document) -> dict[str, str]:
    """Footnote id → its text, from word/footnotes.xml (python-docx has no footnote API)."""
    parts = [
        rel.target_part
        for rel in document.part.rels.values()
        if rel.reltype == RT.FOOTNOTES and not rel.is_external
    ]
    notes: dict[str, str] = {}
    for part in parts:
        for note in parse_xml(part.blob).iterchildren(qn("w:footnote")):
            if note.get(qn("w:type")) in (None, "normal"):
                paragraphs = (_docx_paragraph(p, {}).strip() for p in note.iter(qn("w:p")))
                notes[note.get(qn("w:id"))] = " ".join(p for p in paragraphs if p)
    return notes


def _html_text(text: str, name: str) -> str:
    """Visible text, one block per paragraph-like element, blocks separated by a blank line.

    Walks the tree with an explicit stack: pages nested hundreds deep must not hit Python's
    recursion limit.
    """
    soup = BeautifulSoup(text, "lxml")
    blocks: list[str] = []
    line: list[str] = []
    end_of_block = object()

    def flush() -> None:
        block = " ".join("".join(line).split())
        if block:
            blocks.append(block)
        line.clear()

    stack: list = [soup]
    while stack:
        node = stack.pop()
        if node is end_of_block:
            flush()
        elif isinstance(node, NavigableString):
            if type(node) is NavigableString:  # not a comment, doctype or CDATA section
                line.append(str(node))
        elif isinstance(node, Tag) and node.name not in _HTML_DROP:
            mark = node.get_text().strip() if node.name == "sup" else ""
            if mark.isascii() and mark.isdecimal():
                glued = "".join(line).rstrip() + superscript(mark)
                line[:] = [glued]
                continue
            if node.name in _HTML_CELLS:
                line.append(" ")
            if node.name in _HTML_BLOCKS:
                flush()
                stack.append(end_of_block)
            stack.extend(reversed(node.contents))
    flush()
    if not blocks:
        raise _error(name, "HTML page has no visible text, nothing to extract")
    return "\n\n".join(blocks)
