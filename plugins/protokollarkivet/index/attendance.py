"""Attendance over terms of office: per body and term, how often a municipality or a person was there.

A municipality attended a meeting when someone was present for it, and attended partly when everyone
present for it came late, left early or missed items. A person attended when listed as present, partly
when arriving after the start, leaving before the end or missing items; absent when listed as absent.
Minutes missed are counted from the meeting's times and the person's 'från' and 'till'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..format.model import Participant, Protocol
from ..format.terms import Term, municipal_terms, term_of

if TYPE_CHECKING:
    from .build import Index, MunicipalityEntry, PersonEntry


@dataclass
class TermAttendance:
    """One body's meetings in one term, as one municipality or person attended them."""

    body: str  # body slug
    term: Term
    held: int = 0  # the body's meetings in the term (for a person: those they were listed at)
    attended: int = 0  # present for the whole meeting
    partly: int = 0  # present for part of it
    absent: int = 0
    minutes_missed: int = 0  # of the meetings attended partly, where the times say

    @property
    def present(self) -> int:
        """Meetings attended at all, wholly or partly."""
        return self.attended + self.partly


def body_terms(index: Index, body: str) -> list[Term]:
    """The body's terms that hold any of its meetings: its own, or the municipal ones (one pass)."""
    meetings = index.by_body.get(body, [])
    if not meetings:
        return []
    registered = index.archive.registers.bodies.get(body)
    terms = list(registered.terms) if registered and registered.terms else municipal_terms(meetings[0].date, meetings[-1].date)
    held = {term_of(meeting.date, terms) for meeting in meetings}
    return [term for term in terms if term in held]


def _minutes(time: str) -> int:
    hours, minutes = time.split(":")
    return int(hours) * 60 + int(minutes)


def minutes_missed(protocol: Protocol, participant: Participant) -> int:
    """Minutes between the meeting's start and the arrival, and between the leaving and its end."""
    missed = 0
    if participant.present_from and protocol.start:
        missed += max(0, _minutes(participant.present_from) - _minutes(protocol.start))
    if participant.present_until and protocol.end:
        missed += max(0, _minutes(protocol.end) - _minutes(participant.present_until))
    return missed


def is_partial(protocol: Protocol, participant: Participant) -> bool:
    """Whether someone listed as present missed part of the meeting."""
    all_items = [item.number for item in protocol.items]
    missed_items = bool(participant.not_items) or (bool(participant.items) and participant.items != all_items)
    return bool(participant.present_from or participant.present_until or missed_items)


def _rows(index: Index) -> dict[tuple[str, Term], TermAttendance]:
    return {(body, term): TermAttendance(body, term) for body, terms in index.terms.items() for term in terms}


def _row_for(rows: dict[tuple[str, Term], TermAttendance], index: Index, protocol: Protocol) -> TermAttendance | None:
    term = term_of(protocol.date, index.terms.get(protocol.body, []))
    return rows.get((protocol.body, term)) if term else None


def municipality_terms(index: Index, entry: MunicipalityEntry) -> list[TermAttendance]:
    """A municipality's attendance per body and term, oldest first; every meeting of the body counts."""
    rows = _rows(index)
    for meeting in entry.meetings:
        row = _row_for(rows, index, meeting.protocol)
        if row is None:
            continue
        row.held += 1
        if not meeting.present:
            row.absent += 1
        elif all(is_partial(meeting.protocol, p) for p in meeting.present):
            row.partly += 1
            row.minutes_missed += min(minutes_missed(meeting.protocol, p) for p in meeting.present)
        else:
            row.attended += 1
    return _ordered(rows)


def person_terms(index: Index, entry: PersonEntry) -> list[TermAttendance]:
    """A person's attendance per body and term, oldest first, at the meetings that list them."""
    rows = _rows(index)
    for protocol, participant in entry.present:
        row = _row_for(rows, index, protocol)
        if row is None:
            continue
        row.held += 1
        if is_partial(protocol, participant):
            row.partly += 1
            row.minutes_missed += minutes_missed(protocol, participant)
        else:
            row.attended += 1
    for protocol, _ in entry.absent:
        row = _row_for(rows, index, protocol)
        if row is not None:
            row.held += 1
            row.absent += 1
    return _ordered(rows)


def _ordered(rows: dict[tuple[str, Term], TermAttendance]) -> list[TermAttendance]:
    return sorted((row for row in rows.values() if row.held), key=lambda row: (row.term.start, row.body))


__all__ = ["TermAttendance", "body_terms", "minutes_missed", "municipality_terms", "person_terms"]
