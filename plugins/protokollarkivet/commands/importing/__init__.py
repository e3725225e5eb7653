"""`protokoll import`: old protocols (text, Word, PDF) into drafts, with a report of what to check.

Reading (`sources.py`) turns a file into lines; parsing (`parse.py`, with the vocabulary of Swedish
minutes in `language.py` and lists of attendees read against the registers in `attendance.py`) reads
them into an `Imported`; `draft.py` writes it as a draft; `bulk.py` imports a whole folder."""

from .draft import render_draft
from .imported import Imported
from .parse import parse_source
from .sources import MAX_DOCX_UNPACKED_BYTES, MAX_TEXT_BYTES, NotImportableError, read_source

__all__ = ["MAX_DOCX_UNPACKED_BYTES", "MAX_TEXT_BYTES", "Imported", "NotImportableError", "parse_source", "read_source", "render_draft"]
