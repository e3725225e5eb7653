"""The cross-reference index: who was where, what was decided, what refers to what.

Built in two linear passes over the archive: one collects every protocol's facts and mentions, one resolves
references between meetings. Everything the renderer shows about people, municipalities, projects and
decisions is read from here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ..format.model import Archive, Body, Decision, Item, Municipality, Participant, Person, Project, Protocol
from ..format.terms import Term
from . import assignments, attendance
from .assignments import AssignmentEntry, ReportProblem
from .matcher import Match, Matcher


# Classes with an instance per part of a protocol have slots: an archive has hundreds of thousands.
@dataclass(slots=True)
class DecisionEntry:
    """A decision with its context and what it names."""

    protocol: Protocol
    item: Item
    decision: Decision
    body: Body
    people: list[str] = field(default_factory=list)  # slugs, in order of mention
    projects: list[str] = field(default_factory=list)
    municipalities: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        """Stable and citable: body abbreviation, meeting date, item number and clause ('kdg-2019-11-22-4-1')."""
        return f"{self.body.short.lower()}-{self.protocol.date.isoformat()}-{self.item.number}-{self.decision.ordinal}"

    @property
    def label(self) -> str:
        """How the decision is cited: 'KDG 2019-11-22 § 4:1'."""
        return f"{self.body.short} {self.protocol.date.isoformat()} § {self.item.number}:{self.decision.ordinal}"


@dataclass(slots=True)
class Reference:
    """A mention of another meeting ('kommundirektörmöte 200117'), resolved when the archive holds it."""

    source: Protocol
    item: Item | None
    text: str
    body: str
    date: dt.date | None
    number: str | None
    line: int = 1
    target: Protocol | None = None


@dataclass(slots=True)
class Role:
    """A role a person held at a meeting (or, for contacts, on a project)."""

    role: str  # key under ui.roles: chair, meeting_leader, secretary, adjuster, signatory, guest, contact
    protocol: Protocol | None
    detail: str = ""


@dataclass
class PersonEntry:
    """Everything the archive says about one person."""

    person: Person
    present: list[tuple[Protocol, Participant]] = field(default_factory=list)
    absent: list[tuple[Protocol, Participant]] = field(default_factory=list)
    guest: list[tuple[Protocol, Participant]] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    mentions: list[tuple[Protocol, Item | None]] = field(default_factory=list)
    contact_for: list[str] = field(default_factory=list)  # project slugs
    decisions: list[DecisionEntry] = field(default_factory=list)
    municipalities: list[str] = field(default_factory=list)  # names, in order first seen
    assignments: list[AssignmentEntry] = field(default_factory=list)

    @property
    def listed(self) -> int:
        """Meetings where the person was on the attendance list, present or absent."""
        return len(self.present) + len(self.absent)

    @property
    def attendance_percent(self) -> int | None:
        """Share of those meetings the person attended, in percent."""
        return round(100 * len(self.present) / self.listed) if self.listed else None

    @property
    def mentions_newest_first(self) -> list[tuple[Protocol, Item | None]]:
        """Newest meeting first, and within a meeting in the order of its items."""
        return sorted(self.mentions, key=lambda m: (-m[0].date.toordinal(), m[1].ordinal if m[1] else 0))

    @property
    def roles_by_meeting(self) -> list[tuple[Protocol, list[str]]]:
        """Each meeting where the person held a role, newest first, with the role keys in order held."""
        grouped: dict[str, tuple[Protocol, list[str]]] = {}
        for role in self.roles:
            if role.protocol is not None:
                grouped.setdefault(role.protocol.id, (role.protocol, []))[1].append(role.role)
        return sorted(grouped.values(), key=lambda pair: pair[0].date, reverse=True)


@dataclass(slots=True)
class Representation:
    """Who represented a municipality at one meeting, and who was absent."""

    protocol: Protocol
    present: list[Participant]
    absent: list[Participant]


@dataclass
class MunicipalityEntry:
    """Everything the archive says about one municipality."""

    municipality: Municipality
    meetings: list[Representation] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # person slugs
    projects: list[str] = field(default_factory=list)
    decisions: list[DecisionEntry] = field(default_factory=list)
    representatives: list[str] = field(default_factory=list)  # slugs of those present for it, latest first
    assignments: list[AssignmentEntry] = field(default_factory=list)

    def by_year(self) -> list[tuple[int, int, int]]:
        """(year, meetings the municipality attended, meetings held) for the attendance chart."""
        years: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for meeting in self.meetings:
            counts = years[meeting.protocol.date.year]
            counts[1] += 1
            counts[0] += 1 if meeting.present else 0
        return [(year, attended, held) for year, (attended, held) in sorted(years.items())]


@dataclass
class ProjectEntry:
    """Everything the archive says about one project."""

    project: Project
    items: list[tuple[Protocol, Item]] = field(default_factory=list)
    decisions: list[DecisionEntry] = field(default_factory=list)
    people: list[str] = field(default_factory=list)

    def timeline(self) -> list[tuple[Protocol, Item, list[DecisionEntry]]]:
        """Every item that concerns the project, oldest first, with the decisions it took on it."""
        by_item: dict[int, list[DecisionEntry]] = defaultdict(list)
        for decision in self.decisions:
            by_item[id(decision.item)].append(decision)
        return [(protocol, item, by_item[id(item)]) for protocol, item in self.items]


@dataclass
class Index:
    """The cross-reference index of an archive; read-only once built."""

    archive: Archive
    matcher: Matcher
    by_body: dict[str, list[Protocol]]  # oldest first
    decisions: list[DecisionEntry]  # newest first
    people: dict[str, PersonEntry]
    municipalities: dict[str, MunicipalityEntry]
    projects: dict[str, ProjectEntry]
    references: dict[str, list[Reference]]  # protocol id -> its outgoing references
    referenced_by: dict[str, list[Reference]]  # protocol id -> incoming references
    unresolved: list[Reference]
    positions: dict[str, int] = field(default_factory=dict)  # protocol id -> place in its body's list
    decisions_by_protocol: dict[str, list[DecisionEntry]] = field(default_factory=lambda: defaultdict(list))
    by_date: dict[tuple[str, dt.date], Protocol] = field(default_factory=dict)
    by_number: dict[tuple[str, str], Protocol] = field(default_factory=dict)
    assignments: list[AssignmentEntry] = field(default_factory=list)  # open, overdue, reported; by due date
    assignment_by_id: dict[str, AssignmentEntry] = field(default_factory=dict)
    assignments_by_protocol: dict[str, list[AssignmentEntry]] = field(default_factory=lambda: defaultdict(list))
    report_problems: list[ReportProblem] = field(default_factory=list)
    terms: dict[str, list[Term]] = field(default_factory=dict)  # body slug -> its terms that hold meetings

    def find_meeting(self, body: str, date: dt.date | None, number: str | None) -> Protocol | None:
        """The body's meeting on `date`, or with protocol `number`."""
        if date:
            return self.by_date.get((body, date))
        return self.by_number.get((body, number)) if number else None

    @property
    def protocols(self) -> list[Protocol]:
        """Every protocol, oldest first within each body."""
        return self.archive.protocols

    def body(self, slug: str) -> Body:
        """The body with this slug."""
        return self.archive.registers.bodies[slug]

    def neighbours(self, protocol: Protocol) -> tuple[Protocol | None, Protocol | None]:
        """The body's meetings before and after this one in the archive."""
        meetings = self.by_body[protocol.body]
        position = self.positions[protocol.id]
        previous = meetings[position - 1] if position > 0 else None
        following = meetings[position + 1] if position + 1 < len(meetings) else None
        return previous, following

    def years(self, body: str) -> dict[int, list[Protocol]]:
        """The body's meetings by year, newest year first."""
        result: dict[int, list[Protocol]] = defaultdict(list)
        for protocol in self.by_body.get(body, []):
            result[protocol.date.year].append(protocol)
        return dict(sorted(result.items(), reverse=True))

    def latest(self, count: int) -> list[Protocol]:
        """The `count` newest meetings of all bodies."""
        return sorted(self.protocols, key=lambda p: (p.date, p.body), reverse=True)[:count]


def build_index(archive: Archive, matcher: Matcher | None = None) -> Index:
    """Index an archive: two linear passes, one collecting, one resolving references. `matcher`, when
    given, was made from registers equal to the archive's."""
    registers = archive.registers
    index = Index(
        archive=archive,
        matcher=matcher or Matcher(registers),
        by_body={slug: [] for slug in registers.bodies},
        decisions=[],
        people={slug: PersonEntry(person) for slug, person in registers.people.items()},
        municipalities={slug: MunicipalityEntry(m) for slug, m in registers.municipalities.items()},
        projects={slug: ProjectEntry(p) for slug, p in registers.projects.items()},
        references={},
        referenced_by=defaultdict(list),
        unresolved=[],
    )
    _collect_projects(index)
    for protocol in sorted(archive.protocols, key=lambda p: (p.date, p.body)):
        meetings = index.by_body.setdefault(protocol.body, [])
        index.positions[protocol.id] = len(meetings)
        meetings.append(protocol)
        _collect_attendance(index, protocol)
        _collect_roles(index, protocol)
        _collect_representation(index, protocol)
        _collect_text(index, protocol)
        assignments.collect(index, protocol)
    _resolve_references(index)
    assignments.resolve(index)
    index.terms = {body: attendance.body_terms(index, body) for body in index.by_body}
    _collect_representatives(index)
    index.decisions.sort(key=lambda d: (d.protocol.date, d.protocol.body, -d.item.ordinal, -d.decision.ordinal), reverse=True)
    return index


def _append(values: list[str], value: str) -> None:
    if value not in values:
        values.append(value)


def _person_entry(index: Index, name: str) -> PersonEntry | None:
    person = index.archive.registers.person_by_name(name)
    return index.people[person.slug] if person else None


def _collect_projects(index: Index) -> None:
    """Contacts and municipalities, as the project register names them."""
    registers = index.archive.registers
    for project in registers.projects.values():
        for name in project.contacts:
            entry = _person_entry(index, name)
            if entry is not None:
                _append(entry.contact_for, project.slug)
                _append(index.projects[project.slug].people, entry.person.slug)
                entry.roles.append(Role("contact", None, project.slug))
        for name in project.municipalities:
            municipality = registers.municipality_by_name(name)
            if municipality:
                _append(index.municipalities[municipality.slug].projects, project.slug)


def _collect_attendance(index: Index, protocol: Protocol) -> None:
    """Who was present, absent or a guest, on their pages and on their municipalities'."""
    registers = index.archive.registers
    for kind, participants in (("present", protocol.present), ("absent", protocol.absent), ("guest", protocol.guests)):
        for participant in participants:
            entry = _person_entry(index, participant.name)
            if entry is None:
                continue
            getattr(entry, kind).append((protocol, participant))
            if kind == "guest":
                entry.roles.append(Role("guest", protocol))
            for place in (participant.municipality, participant.organisation):
                if place:
                    _append(entry.municipalities, place)
            municipality = registers.municipality_by_name(participant.municipality or "")
            if municipality and kind != "guest":
                _append(index.municipalities[municipality.slug].people, entry.person.slug)


def _collect_roles(index: Index, protocol: Protocol) -> None:
    """Chair, meeting leader, secretary, adjusters and signatories."""
    for role, names in (
        ("chair", [protocol.chair]),
        ("meeting_leader", [protocol.meeting_leader]),
        ("secretary", [protocol.secretary]),
        ("adjuster", protocol.adjusters),
        ("signatory", [s.name for s in protocol.signatures]),
    ):
        for name in names:
            entry = _person_entry(index, name) if name else None
            if entry:
                entry.roles.append(Role(role, protocol))


def _collect_representation(index: Index, protocol: Protocol) -> None:
    """For every municipality, who represented it at this meeting and who was absent."""
    representations = {m.municipality.name: Representation(protocol, [], []) for m in index.municipalities.values()}
    for participants, kind in ((protocol.present, "present"), (protocol.absent, "absent")):
        for participant in participants:
            if participant.municipality in representations:
                getattr(representations[participant.municipality], kind).append(participant)
    for municipality_entry in index.municipalities.values():
        municipality_entry.meetings.append(representations[municipality_entry.municipality.name])


def _collect_representatives(index: Index) -> None:
    """Everyone who represented a municipality, the latest first."""
    for municipality_entry in index.municipalities.values():
        for meeting in reversed(municipality_entry.meetings):
            for participant in meeting.present:
                entry = _person_entry(index, participant.name)
                if entry is not None:
                    _append(municipality_entry.representatives, entry.person.slug)


def _collect_text(index: Index, protocol: Protocol) -> None:
    """Names, projects and meeting references in the text; the decisions and what they concern."""
    references: list[Reference] = []
    for match in index.matcher.find(protocol.preamble):
        _mention(index, protocol, None, match, references, 1)
    for item in protocol.items:
        # A decision concerns the projects it names and the project its item is titled after;
        # the item concerns every project named anywhere in it.
        title_projects = _projects_in(index, protocol, item, item.title, item.line, references)
        text_projects = _projects_in(index, protocol, item, item.text, item.line + 2, references)
        item_projects = list(dict.fromkeys(title_projects + text_projects))
        for decision in item.decisions:
            entry = _decision_entry(index, protocol, item, decision, references)
            for slug in title_projects:
                _append(entry.projects, slug)
            for slug in entry.projects:
                _append(item_projects, slug)
            _file_decision(index, entry)
        for slug in item_projects:
            index.projects[slug].items.append((protocol, item))
    index.references[protocol.id] = references


def _projects_in(index: Index, protocol: Protocol, item: Item, text: str, first_line: int, references: list[Reference]) -> list[str]:
    """The projects a part of an item names; its mentions of people and meetings are recorded too."""
    projects: list[str] = []
    for match in index.matcher.find(text):
        _mention(index, protocol, item, match, references, first_line + text.count("\n", 0, match.start))
        if match.kind == "project":
            _append(projects, match.slug)
    return projects


def _decision_entry(index: Index, protocol: Protocol, item: Item, decision: Decision, references: list[Reference]) -> DecisionEntry:
    """A decision with the people, projects and municipalities its text names."""
    entry = DecisionEntry(protocol, item, decision, index.body(protocol.body))
    for match in index.matcher.find(decision.text):
        _mention(index, protocol, item, match, references, decision.line + decision.text.count("\n", 0, match.start))
        target = {"person": entry.people, "project": entry.projects, "municipality": entry.municipalities}.get(match.kind)
        if target is not None:
            _append(target, match.slug)
    return entry


def _file_decision(index: Index, entry: DecisionEntry) -> None:
    """A decision on the pages of everything it concerns, and in the register."""
    for slug in entry.people:
        index.people[slug].decisions.append(entry)
    for slug in entry.projects:
        index.projects[slug].decisions.append(entry)
    for slug in entry.municipalities:
        index.municipalities[slug].decisions.append(entry)
    index.decisions.append(entry)
    index.decisions_by_protocol[entry.protocol.id].append(entry)


def _mention(index: Index, protocol: Protocol, item: Item | None, match: Match, references: list[Reference], line: int) -> None:
    if match.kind == "person":
        mentions = index.people[match.slug].mentions
        # Protocols are collected one at a time, so a repeat can only be the last entry.
        if not mentions or mentions[-1][0] is not protocol or mentions[-1][1] is not item:
            mentions.append((protocol, item))
    elif match.kind == "reference":
        text = " ".join(match.text.split())
        if not any(r.text == text and r.item is item for r in references):
            references.append(
                Reference(protocol, item, text, match.slug, match.reference_date(protocol.date.year), match.reference_number, line)
            )


def _resolve_references(index: Index) -> None:
    index.by_date = {(p.body, p.date): p for p in index.protocols}
    index.by_number = {(p.body, p.number): p for p in index.protocols if p.number}
    for references in index.references.values():
        for reference in references:
            reference.target = index.find_meeting(reference.body, reference.date, reference.number)
            if reference.target is None:
                index.unresolved.append(reference)
            elif reference.target is not reference.source:
                incoming = index.referenced_by[reference.target.id]
                if not any(r.source is reference.source for r in incoming):
                    incoming.append(reference)
