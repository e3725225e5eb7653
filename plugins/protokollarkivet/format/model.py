"""Plain data types shared by the parser, the index and the renderer.

Nothing here knows about MkDocs; everything is built once from the files in `protocols/`.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from .spec import DEFAULT_APPROVERS, Status
from .terms import Term


class Level(StrEnum):
    """How serious a finding is: an error keeps the protocol out of the site and fails `--strict`."""

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
        """`file:line:column: level: message (hint)`, the form editors and CI logs link to."""
        level = (level_names or {}).get(self.level.value, self.level.value)
        text = f"{self.path}:{self.line}:{self.column}: {level}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


# --- registers ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=16384)  # a few hundred names, looked up tens of thousands of times a build
def name_key(name: str) -> str:
    """How names are compared: Unicode NFC, case-insensitive, runs of spaces as one. Only the ordinary
    space counts as one: a name with a hard space is not the registered name, and is reported so."""
    return " ".join(part for part in unicodedata.normalize("NFC", name).strip().casefold().split(" ") if part)


@dataclass(frozen=True)
class Body:
    """A body (organ) whose meetings the archive holds."""

    slug: str
    name: str
    short: str
    reference_words: tuple[str, ...]
    description: str = ""
    standard_items: tuple[str, ...] = ()  # prefilled by `protokoll new`
    approvers: tuple[str, ...] = DEFAULT_APPROVERS  # roles whose approval justering requires
    terms: tuple[Term, ...] = ()  # its own terms of office; none: the Swedish municipal terms


@dataclass(frozen=True)
class Municipality:
    """A member municipality; attendees represent one."""

    slug: str
    name: str


@dataclass(frozen=True)
class Organisation:
    """An organisation other than a municipality that attendees can represent."""

    slug: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Person:
    """A person the protocols name."""

    slug: str
    name: str
    municipality: str | None = None
    organisation: str | None = None
    title: str = ""
    aliases: tuple[str, ...] = ()
    github: str = ""  # their GitHub account, whose review approves a protocol for them


@dataclass(frozen=True)
class Project:
    """A project or project idea the protocols follow."""

    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    status: str = ""
    description: str = ""


@dataclass(frozen=True)
class Shortcoming:
    """A known accessibility shortcoming: what it is, the WCAG criterion, the axe rule that finds it."""

    text: str
    criterion: str = ""
    axe_rule: str = ""


@dataclass(frozen=True)
class Publisher:
    """Who publishes the archive: named in every page's footer and on the legal pages."""

    name: str
    email: str
    organisation_number: str = ""
    address: str = ""
    phone: str = ""
    licence: str = "CC0 1.0"
    licence_url: str = "https://creativecommons.org/publicdomain/zero/1.0/deed.sv"
    assessed: dt.date | None = None  # the date of the last accessibility assessment
    assessment: str = ""  # how it was assessed
    shortcomings: tuple[Shortcoming, ...] = ()


@dataclass
class Registers:
    """Everything the registers in `protocols/` define, findable by name and alias."""

    bodies: dict[str, Body] = field(default_factory=dict)
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    publisher: Publisher | None = None
    # name -> line where it is defined, for findings that point into a register
    lines: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)

    _names: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> folded name or alias -> slug

    def add(self, kind: str, slug: str, names: tuple[str, ...]) -> None:
        """Make an entry findable by its name and aliases (case-insensitive), in constant time."""
        table = self._names.setdefault(kind, {})
        for name in names:
            table.setdefault(name_key(name), slug)

    def names(self, kind: str) -> dict[str, str]:
        """Compared form of every name and alias of a kind -> slug."""
        return self._names.get(kind, {})

    def _find(self, kind: str, name: str) -> str | None:
        return self._names.get(kind, {}).get(name_key(name))

    def person_by_name(self, name: str) -> Person | None:
        """The registered person with this name or alias (compared as `name_key` does)."""
        slug = self._find("person", name)
        return self.people[slug] if slug else None

    def municipality_by_name(self, name: str) -> Municipality | None:
        """The registered municipality with this name."""
        slug = self._find("municipality", name)
        return self.municipalities[slug] if slug else None

    def organisation_by_name(self, name: str) -> Organisation | None:
        """The registered organisation with this name or alias."""
        slug = self._find("organisation", name)
        return self.organisations[slug] if slug else None

    def project_by_name(self, name: str) -> Project | None:
        """The registered project with this name or alias."""
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
    items: list[int] = field(default_factory=list)  # items a guest took part in; a member attended only these
    not_items: list[int] = field(default_factory=list)  # items a present member did not attend
    excused: bool = False  # absent having sent word ("anmält förhinder"), as the original says


@dataclass(slots=True)
class Signature:
    """A signature line: who signed, and as what."""

    name: str
    title: str
    line: int


@dataclass(slots=True)
class Attachment:
    """An attachment, with the number of the item it belongs to."""

    name: str
    item: int | None
    line: int


@dataclass(slots=True)
class Correction:
    """A correction of an approved protocol: when, and what changed and why."""

    date: dt.date
    text: str
    line: int


@dataclass(slots=True)
class Decision:
    """One "att ..." clause under "Beslut", with any "Medskick" that follows it."""

    ordinal: int  # 1-based within its item
    text: str  # Markdown, as written
    line: int


@dataclass(slots=True)
class Assignment:
    """A decision that gives someone a task (uppdrag): who, and by when."""

    item: int  # the decision's item number, as written
    ordinal: int  # the clause within the item
    responsible: list[str]  # people's names, as the register spells them
    municipalities: list[str]  # municipalities responsible, by name
    deadline: dt.date | None  # a date; None for "nästa möte" or "tills vidare"
    next_meeting: bool  # due at the body's next meeting
    line: int


@dataclass(slots=True)
class Report:
    """A line "Redovisar: <id>" in an item: the item reports back on that assignment."""

    assignment_id: str
    line: int


@dataclass(slots=True)
class Item:
    """An agenda item: a `## ` heading and what follows it."""

    ordinal: int  # 1-based position in the protocol
    number: int  # as written in the heading; in order when the protocol does not number its items
    time: str | None  # "13:15" when the original time-stamps its items
    title: str
    text: str  # Markdown of the item's discussion, decisions excluded
    decisions: list[Decision]
    line: int
    reports: list[Report] = field(default_factory=list)


@dataclass(slots=True)
class Protocol:
    """One meeting's protocol, validated."""

    path: str  # relative to the archive root, for findings
    body: str  # body slug
    date: dt.date
    number: str | None
    start: str | None
    end: str | None
    place: str | None
    status: Status
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
    fingerprint: str = ""  # SHA-256 of the normalised file, published for verification
    review_url: str | None = None  # the pull request in which it was approved (justering.granskning)
    source_file: str = ""  # the file, relative to the archive's folder, whose normalised text is published
    assignments: list[Assignment] = field(default_factory=list)
    numbered_in_order: bool = False  # the original does not number its items; they are numbered here
    field_lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> line, for findings
    # Unique in the archive: body slug and date ('kommundirektorsgruppen-2019-11-22'). Set once: every
    # page, link and data file asks for it, a hundred thousand times a build at 1,000 protocols.
    id: str = field(init=False, repr=False, compare=False, default="")

    def __post_init__(self) -> None:
        self.id = f"{self.body}-{self.date.isoformat()}"

    @property
    def decisions(self) -> list[tuple[Item, Decision]]:
        """Every decision with its item, in order."""
        return [(item, decision) for item in self.items for decision in item.decisions]

    @property
    def updated(self) -> dt.date:
        """The day the record last changed: its approval, or its latest correction (the meeting's day for
        a draft). Feeds and OParl date their entries by it, never by when the site was built."""
        latest = max((c.date for c in self.corrections), default=None)
        return max(d for d in (self.date, self.approval_date, latest) if d is not None)

    @property
    def created(self) -> dt.date:
        """The day the record came into being: its approval (the meeting's day for a draft)."""
        return self.approval_date or self.date

    def approvers(self, roles: tuple[str, ...]) -> list[str]:
        """The names this protocol gives to `roles` (spec.APPROVER_ROLES), each once, in that order."""
        by_role: dict[str, list[str | None]] = {
            "ordförande": [self.chair],
            "justerare": list(self.adjusters),
            "sekreterare": [self.secretary],
            "mötesledare": [self.meeting_leader],
        }
        names: list[str] = []
        for role in roles:
            names += [name for name in by_role.get(role, []) if name and name not in names]
        return names


@dataclass
class Archive:
    """Everything read from `protocols/`: the registers, the valid protocols, and what was wrong."""

    registers: Registers
    protocols: list[Protocol]
    findings: list[Finding]
    register_digest: bytes = b""  # changes whenever a register file does
    root: Path | None = None  # the folder it was read from

    @property
    def has_errors(self) -> bool:
        """Whether any finding is an error."""
        return any(f.level is Level.ERROR for f in self.findings)
