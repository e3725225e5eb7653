"""Plain data types shared by the parser, the index and the renderer.

Nothing here knows about MkDocs; everything is built once from the files in `protocols/`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


class Level(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One problem in one file, positioned so an editor or a pull request can point at it."""

    path: str
    line: int
    column: int
    level: Level
    message: str
    hint: str = ""

    def format(self, level_names: dict[str, str] | None = None) -> str:
        level = (level_names or {}).get(self.level.value, self.level.value)
        text = f"{self.path}:{self.line}:{self.column}: {level}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


# --- registers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Body:
    slug: str
    name: str
    short: str
    reference_words: tuple[str, ...]
    description: str = ""
    standard_items: tuple[str, ...] = ()  # prefilled by `protokoll new`


@dataclass(frozen=True)
class Municipality:
    slug: str
    name: str


@dataclass(frozen=True)
class Organisation:
    slug: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Person:
    slug: str
    name: str
    municipality: str | None = None
    organisation: str | None = None
    title: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Project:
    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    status: str = ""
    description: str = ""


@dataclass
class Registers:
    bodies: dict[str, Body] = field(default_factory=dict)
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    # name -> line where it is defined, for findings that point into a register
    lines: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)

    _names: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> folded name or alias -> slug

    def add(self, kind: str, slug: str, names: tuple[str, ...]) -> None:
        """Make an entry findable by its name and aliases (case-insensitive), in constant time."""
        table = self._names.setdefault(kind, {})
        for name in names:
            table.setdefault(name.casefold(), slug)

    def _find(self, kind: str, name: str) -> str | None:
        return self._names.get(kind, {}).get(name.strip().casefold())

    def person_by_name(self, name: str) -> Person | None:
        slug = self._find("person", name)
        return self.people[slug] if slug else None

    def municipality_by_name(self, name: str) -> Municipality | None:
        slug = self._find("municipality", name)
        return self.municipalities[slug] if slug else None

    def organisation_by_name(self, name: str) -> Organisation | None:
        slug = self._find("organisation", name)
        return self.organisations[slug] if slug else None

    def project_by_name(self, name: str) -> Project | None:
        slug = self._find("project", name)
        return self.projects[slug] if slug else None


# --- protocols ---------------------------------------------------------------------------


# Classes with an instance per part of a protocol have slots: an archive has hundreds of thousands.
@dataclass(slots=True)
class Participant:
    """Someone listed as present, absent or guest, as the protocol lists them."""

    name: str
    line: int
    municipality: str | None = None  # municipality name, as in the register
    organisation: str | None = None  # organisation name, as in the register
    present_from: str | None = None  # "HH:MM"
    present_until: str | None = None
    items: list[int] = field(default_factory=list)  # ordinals of items a guest took part in


@dataclass(slots=True)
class Signature:
    name: str
    title: str
    line: int


@dataclass(slots=True)
class Attachment:
    name: str
    item: int | None
    line: int


@dataclass(slots=True)
class Correction:
    date: dt.date
    text: str
    line: int


@dataclass(slots=True)
class Decision:
    ordinal: int  # 1-based within its item
    text: str  # Markdown, as written
    line: int


@dataclass(slots=True)
class Item:
    ordinal: int  # 1-based position in the protocol
    number: str | None  # "4" when the original numbers its items
    time: str | None  # "13:15" when the original time-stamps its items
    title: str
    text: str  # Markdown of the item's discussion, decisions excluded
    decisions: list[Decision]
    line: int


@dataclass(slots=True)
class Protocol:
    path: str  # relative to the archive root, for findings
    body: str  # body slug
    date: dt.date
    number: str | None
    start: str | None
    end: str | None
    place: str | None
    status: str  # "utkast" or "justerat"
    approval_date: dt.date | None
    adjusters: list[str]
    chair: str | None
    meeting_leader: str | None
    secretary: str | None
    contact: str | None
    present: list[Participant]
    absent: list[Participant]
    guests: list[Participant]
    attachments: list[Attachment]
    signatures: list[Signature]
    notes: list[str]
    corrections: list[Correction]
    preamble: str
    items: list[Item]
    content_hash: str = ""  # SHA-256 of the file, for caching and verification
    field_lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> line, for findings

    @property
    def id(self) -> str:
        return f"{self.body}-{self.date.isoformat()}"

    @property
    def decisions(self) -> list[tuple[Item, Decision]]:
        return [(item, decision) for item in self.items for decision in item.decisions]


@dataclass
class Archive:
    """Everything read from `protocols/`: the registers, the valid protocols, and what was wrong."""

    registers: Registers
    protocols: list[Protocol]
    findings: list[Finding]
    register_digest: bytes = b""  # changes whenever a register file does

    @property
    def has_errors(self) -> bool:
        return any(f.level is Level.ERROR for f in self.findings)
