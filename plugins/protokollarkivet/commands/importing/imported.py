"""What the importer reads from an original: plain data, written as a draft by `draft.py`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ...format.model import Level
from .attendance import Attendee


@dataclass
class Note:
    """One line of the import's report: the source line, what the importer did or was unsure of."""

    line: int
    level: Level
    message: str


@dataclass
class DraftItem:
    """An agenda item as read from the original."""

    title: str
    line: int
    number: int | None = None
    time: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)  # clauses ("att …") and addenda ("Medskick …"), in order
    has_decision_mark: bool = False


@dataclass
class Imported:
    """Everything read from one original, ready to be written as a draft."""

    source: str
    body: str = ""
    number: str | None = None
    date: dt.date | None = None
    start: str | None = None
    end: str | None = None
    place: str | None = None
    contact: str | None = None
    chair: str | None = None
    meeting_leader: str | None = None
    secretary: str | None = None
    adjusters: list[str] = field(default_factory=list)
    present: list[Attendee] = field(default_factory=list)
    absent: list[Attendee] = field(default_factory=list)
    excused: list[Attendee] = field(default_factory=list)  # "anmält förhinder"
    guests: list[Attendee] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    signatures: list[tuple[str, str]] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    items: list[DraftItem] = field(default_factory=list)
    editorial_notes: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
