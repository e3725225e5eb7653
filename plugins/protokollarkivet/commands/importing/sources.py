"""Reading an original (text, Word or PDF) into numbered lines, with its page breaks and struck text.

Struck-through text, which in a list of attendees means absent, is marked `~~…~~` in the line, as a
person would mark it when typing the original out; a page break is a line `\\f`. Inputs larger than any
protocol are refused before they are read, so that a wrong file or a zip bomb neither exhausts memory
nor runs for hours."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

from ...format.source import CONTROL_CHARACTERS
from ...strings import Strings

MAX_TEXT_BYTES = 2_000_000  # a .txt file, and the text extracted from a .docx or a .pdf
MAX_DOCX_BYTES = 20_000_000  # a .docx file as stored
MAX_DOCX_UNPACKED_BYTES = 60_000_000  # what its parts unpack to
MAX_PDF_BYTES = 50_000_000
PAGE_BREAK = "\f"
_COLUMN_GAP = re.compile(r" {4,}")  # in a PDF's text laid out, the space between two columns
SUFFIXES = (".txt", ".md", ".docx", ".pdf")


class NotImportableError(Exception):
    """A file that cannot be imported; the message says why and what to do."""


def megabytes(size: int) -> str:
    """'2,0': a size in megabytes, the Swedish way."""
    return f"{size / 1_000_000:.1f}".replace(".", ",")


def read_source(path: Path, strings: Strings) -> list[str]:
    """The file's text as lines (page breaks as lines of their own). Raises NotImportableError."""
    if not path.is_file():
        raise NotImportableError(strings("messages.import_missing", path=path))
    suffix = path.suffix.lower()
    limit = {".docx": MAX_DOCX_BYTES, ".pdf": MAX_PDF_BYTES}.get(suffix, MAX_TEXT_BYTES)
    if path.stat().st_size > limit:
        raise NotImportableError(strings("messages.import_too_large", size=megabytes(path.stat().st_size), limit=megabytes(limit)))
    if suffix == ".docx":
        lines = _read_docx(path, strings)
    elif suffix == ".pdf":
        lines = _read_pdf(path, strings)
    elif suffix in (".txt", ".md", ""):
        lines = _read_text(path, strings)
    else:
        raise NotImportableError(strings("messages.import_unknown_type", suffix=suffix or path.name))
    # Invisible control characters are what a person typing the original out would not type, and the
    # checker refuses them in a protocol; letters are composed (NFC) as the checker reads them.
    lines = [line if line == PAGE_BREAK else CONTROL_CHARACTERS.sub("", unicodedata.normalize("NFC", line)) for line in lines]
    if not any(line.strip() for line in lines):
        raise NotImportableError(strings("messages.import_empty"))
    size = sum(len(line) + 1 for line in lines)
    if size > MAX_TEXT_BYTES:
        raise NotImportableError(strings("messages.import_text_too_large", size=megabytes(size), limit=megabytes(MAX_TEXT_BYTES)))
    return lines


def _read_text(path: Path, strings: Strings) -> list[str]:
    raw = path.read_bytes()
    if b"\0" in raw[:8192]:
        raise NotImportableError(strings("messages.import_binary"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # older Word exports; the review will show oddities
    # A vertical tab is how Word writes a line break within a paragraph to a text file.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n").split("\n")
    # A form feed (a page break in exported text) becomes a line of its own; a wide gap inside a line is a
    # column's edge, as in a PDF laid out ("Palle Lundberg          Lilian Eriksson" under two signatures).
    return [part if part == PAGE_BREAK else _with_columns(part) for line in lines for part in _split_page_breaks(line)]


def _with_columns(line: str) -> str:
    """A line with each wide gap inside it (four spaces or more) as a tab: the edge of a column, in a text
    file laid out with spaces as in a PDF's text laid out. The parser reads a tab as a cell's edge."""
    return _COLUMN_GAP.sub("\t", line.strip(" "))


def _split_page_breaks(line: str) -> list[str]:
    if PAGE_BREAK not in line:
        return [line]
    parts: list[str] = []
    for number, piece in enumerate(line.split(PAGE_BREAK)):
        if number:
            parts.append(PAGE_BREAK)
        if piece.strip():
            parts.append(piece)
    return parts


def _read_docx(path: Path, strings: Strings) -> list[str]:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_DOCX_UNPACKED_BYTES:
            raise NotImportableError(
                strings("messages.import_unpacks_too_large", size=megabytes(unpacked), limit=megabytes(MAX_DOCX_UNPACKED_BYTES))
            )
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError, OSError) as error:
        raise NotImportableError(strings("messages.import_bad_file", kind="Word", detail=error)) from None
    lines: list[str] = []
    body = document.element.body
    for block in body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines += _docx_paragraph(Paragraph(block, document))
        elif tag == "tbl":
            lines += _docx_table(Table(block, document))
    return lines


def _docx_table(table: object) -> list[str]:
    """A table as text lines, its cells separated by tabs as Word saves a table as text: a row per line, and
    a cell of several paragraphs ('Beslutande' with a person a paragraph) over as many lines."""
    lines: list[str] = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells = list(dict.fromkeys(row.cells))  # a merged cell is listed once per column it spans
        paragraphs = [[p.text.strip() for p in cell.paragraphs if p.text.strip()] for cell in cells]
        depth = max((len(texts) for texts in paragraphs), default=0)
        lines.extend("\t".join(texts[index] if index < len(texts) else "" for texts in paragraphs) for index in range(depth))
    return lines


def _docx_paragraph(paragraph: object) -> list[str]:
    """A paragraph's text, struck runs marked `~~…~~`, a page break inside it as a line of its own."""
    text = ""
    struck = False
    lines: list[str] = []
    for run in paragraph.runs:  # type: ignore[attr-defined]
        if 'w:type="page"' in run._element.xml:
            lines.append(text + ("~~" if struck else ""))
            lines.append(PAGE_BREAK)
            text, struck = "~~" if struck else "", struck
        if bool(run.font.strike) != struck and run.text.strip():
            text += "~~"
            struck = not struck
        text += run.text
    if struck:
        text += "~~"
    lines.append(text.replace("~~~~", ""))
    return lines


def _read_pdf(path: Path, strings: Strings) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text(extraction_mode="layout") for page in reader.pages]
    except (PdfReadError, ValueError, OSError) as error:
        raise NotImportableError(strings("messages.import_bad_file", kind="PDF", detail=error)) from None
    if not any(page.strip() for page in pages):
        raise NotImportableError(strings("messages.import_pdf_without_text"))
    lines: list[str] = []
    for number, page in enumerate(pages):
        if number:
            lines.append(PAGE_BREAK)
        previous_blank = False
        for line in page.split("\n"):
            blank = not line.strip()
            if not (blank and previous_blank):  # layout mode repeats blank lines for vertical space
                lines.append(_with_columns(line))
            previous_blank = blank
    return lines
