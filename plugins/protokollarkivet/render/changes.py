"""What a `--dirty` rebuild (as `mkdocs serve --dirty` makes after each save) must write again.

A page or data file names the protocols whose content it shows (`depends_on`); pages that sum up the whole
archive name none (None). Between two builds, an edit changes either only the content of some protocols, in
which case only what shows them is written again, or what every page may show: the registers, which
protocols there are, their dates, numbers, status and counts, or the date (assignments fall overdue). Then
everything is. Rendering the archive to find what changed would cost as much as building it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..format.model import Protocol
from ..index import AssignmentEntry, DecisionEntry, Index, MunicipalityEntry, PersonEntry, ProjectEntry

_UNKNOWN = object()


def digest(value: object) -> str:
    """A fingerprint of a value by its repr (dataclasses of the archive have a faithful one)."""
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Snapshot:
    """What one build was made from: each protocol's fingerprint, and a digest of what every page may show."""

    protocols: dict[str, str]
    shared: str

    @classmethod
    def of(cls, index: Index, today: dt.date) -> Snapshot:
        """The snapshot of an index, built on `today`."""
        outline = [
            (p.id, p.body, p.date, p.number, p.status, p.updated, p.place, len(p.items), len(index.decisions_by_protocol.get(p.id, [])))
            for p in index.protocols
        ]
        registers = index.archive.registers
        shared = digest((today, outline, registers, [(a.id, a.status) for a in index.assignments]))
        protocols = {p.id: p.fingerprint or digest(p) for p in index.protocols}
        protocols |= {attendance_of(p): digest((p.present, p.absent, p.guests)) for p in index.protocols}
        return cls(protocols, shared)


@dataclass
class Changes:
    """Decides, for one rebuild, whether each page or file is unchanged since the previous one."""

    changed: frozenset[str] | None = None  # protocols whose content changed; None: everything
    _depends: dict[str, frozenset[str] | None] = field(default_factory=dict)  # src -> what it showed last
    _snapshot: Snapshot | None = None

    def begin(self, snapshot: Snapshot) -> None:
        """Compare the build about to be made with the previous one."""
        before = self._snapshot
        self._snapshot = snapshot
        if before is None or before.shared != snapshot.shared:
            self.changed = None
            return
        self.changed = frozenset(key for key, value in snapshot.protocols.items() if before.protocols.get(key) != value)

    def unchanged(self, src: str, depends_on: frozenset[str] | None) -> bool:
        """Whether the page or file at `src`, which now shows `depends_on`, is as the previous build wrote it."""
        before = self._depends.get(src, _UNKNOWN)
        self._depends[src] = depends_on
        if self.changed is None or before is _UNKNOWN:
            return False
        if not self.changed:
            return True
        if depends_on is None or before is None:
            return False
        return not (self.changed & (depends_on | before))  # type: ignore[operator]


# --- what each kind of page shows --------------------------------------------------------------------


def shown(parts: Iterable[Protocol | str]) -> frozenset[str]:
    """The `depends_on` of a page or file that shows these protocols (whole), or these parts of them."""
    return frozenset(part if isinstance(part, str) else part.id for part in parts)


def attendance_of(protocol: Protocol) -> str:
    """A protocol's attendance (present, absent, guests), for a page that shows only that of it: an edit
    to the protocol's text leaves such a page as it was."""
    return protocol.id + "#attendance"


def of_protocol(index: Index, protocol: Protocol) -> Iterator[Protocol]:
    """A protocol's page: itself, the meetings before and after it, those it refers to and that refer to
    it, those that report on its assignments and those whose assignments it reports on."""
    yield protocol
    yield from (p for p in index.neighbours(protocol) if p is not None)
    yield from (r.target for r in index.references.get(protocol.id, []) if r.target is not None)
    yield from (r.source for r in index.referenced_by.get(protocol.id, []))
    for entry in index.assignments_by_protocol.get(protocol.id, []):
        yield from _of_assignment(entry)
    for item in protocol.items:
        for report in item.reports:
            reported = index.assignment_by_id.get(report.assignment_id)
            if reported is not None:
                yield reported.decision.protocol


def _of_assignment(entry: AssignmentEntry) -> Iterator[Protocol]:
    yield entry.decision.protocol
    if entry.next_meeting is not None:
        yield entry.next_meeting
    yield from (protocol for protocol, _ in entry.reports)


def _of_decisions(decisions: Iterable[DecisionEntry], assignments: Iterable[AssignmentEntry]) -> Iterator[Protocol]:
    yield from (decision.protocol for decision in decisions)
    for entry in assignments:
        yield from _of_assignment(entry)


def of_person(entry: PersonEntry) -> Iterator[Protocol]:
    """A person's page: every meeting that lists, names or gave a role to the person, and their decisions."""
    for listed in (entry.present, entry.absent, entry.guest):
        yield from (protocol for protocol, _ in listed)
    yield from (role.protocol for role in entry.roles if role.protocol is not None)
    yield from (protocol for protocol, _ in entry.mentions)
    yield from _of_decisions(entry.decisions, entry.assignments)


def of_municipality(entry: MunicipalityEntry) -> Iterator[Protocol | str]:
    """A municipality's page: the attendance of every meeting that lists it (each meeting's title is in
    the archive's outline), and the decisions and assignments naming it."""
    yield from (attendance_of(meeting.protocol) for meeting in entry.meetings)
    yield from _of_decisions(entry.decisions, entry.assignments)


def of_project(entry: ProjectEntry) -> Iterator[Protocol]:
    """A project's page: every item about it, and its decisions."""
    yield from (protocol for protocol, _ in entry.items)
    yield from _of_decisions(entry.decisions, ())
