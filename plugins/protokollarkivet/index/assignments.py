"""Assignments (uppdrag) across meetings: who was asked to do what, whether it was reported back.

A protocol marks a decision as an assignment under `uppdrag`; a later item reports back with a line
"Redovisar: <the decision's id>". Status is computed from the archive alone, never from the day of the
build, so the site does not change by itself:

- redovisat: a later meeting reported back on it;
- försenat: not reported, and its deadline passed: the body has met after the deadline date, or met at
  all after a "nästa möte" deadline;
- öppet: otherwise (and always for "tills vidare").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..format.model import Assignment, Finding, Item, Level, Protocol, Report
from ..strings import Strings
from ..text import closest

if TYPE_CHECKING:
    from .build import DecisionEntry, Index

OPEN, REPORTED, OVERDUE = "öppet", "redovisat", "försenat"
STATUSES = (OPEN, OVERDUE, REPORTED)  # the order registers list them in: what needs attention first


@dataclass(slots=True)
class AssignmentEntry:
    """An assignment with its decision, who is responsible, and what became of it."""

    decision: DecisionEntry
    assignment: Assignment
    people: list[str]  # slugs of the people responsible
    municipalities: list[str]  # slugs of the municipalities responsible
    next_meeting: Protocol | None = None  # the body's meeting after the one that gave it
    reports: list[tuple[Protocol, Item]] = field(default_factory=list)
    status: str = OPEN

    @property
    def id(self) -> str:
        """The decision's id, by which a later item reports back."""
        return self.decision.id

    @property
    def due(self) -> dt.date | None:
        """The deadline as a date: its own, or the next meeting's when due then and held."""
        if self.assignment.next_meeting:
            return self.next_meeting.date if self.next_meeting else None
        return self.assignment.deadline


@dataclass(slots=True)
class ReportProblem:
    """A "Redovisar:" line that reports on nothing the archive holds as an assignment before it."""

    protocol: Protocol
    report: Report
    key: str  # message key
    suggestion: str = ""


def collect(index: Index, protocol: Protocol) -> None:
    """The protocol's assignments, once its decisions are indexed."""
    decisions = {(d.item.number, d.decision.ordinal): d for d in index.decisions_by_protocol.get(protocol.id, [])}
    registers = index.archive.registers
    for assignment in protocol.assignments:
        decision = decisions.get((assignment.item, assignment.ordinal))
        if decision is None:
            continue  # the checker has said so
        people = [p.slug for name in assignment.responsible if (p := registers.person_by_name(name))]
        municipalities = [m.slug for name in assignment.municipalities if (m := registers.municipality_by_name(name))]
        entry = AssignmentEntry(decision, assignment, people, municipalities)
        index.assignments.append(entry)
        index.assignment_by_id[entry.id] = entry
        index.assignments_by_protocol[protocol.id].append(entry)
        for slug in people:
            index.people[slug].assignments.append(entry)
        for slug in municipalities:
            index.municipalities[slug].assignments.append(entry)


def resolve(index: Index) -> None:
    """Reports matched to their assignments, then each assignment's status."""
    for protocol in sorted(index.archive.protocols, key=lambda p: (p.date, p.body)):
        for item in protocol.items:
            for report in item.reports:
                _match(index, protocol, item, report)
    for entry in index.assignments:
        protocol = entry.decision.protocol
        meetings = index.by_body[protocol.body]
        position = index.positions[protocol.id]
        entry.next_meeting = meetings[position + 1] if position + 1 < len(meetings) else None
        entry.status = _status(entry, meetings[-1].date)
    index.assignments.sort(key=lambda e: (STATUSES.index(e.status), e.due or dt.date.max, e.id))


def _match(index: Index, protocol: Protocol, item: Item, report: Report) -> None:
    entry = index.assignment_by_id.get(report.assignment_id)
    if entry is None:
        key = "report_not_assignment" if any(d.id == report.assignment_id for d in index.decisions) else "report_unknown"
        suggestion = closest(report.assignment_id, list(index.assignment_by_id)) or ""
        index.report_problems.append(ReportProblem(protocol, report, key, suggestion))
    elif entry.decision.protocol.date >= protocol.date:
        index.report_problems.append(ReportProblem(protocol, report, "report_before_assignment"))
    else:
        entry.reports.append((protocol, item))


def _status(entry: AssignmentEntry, last_meeting: dt.date) -> str:
    if entry.reports:
        return REPORTED
    if entry.assignment.next_meeting:
        return OVERDUE if entry.next_meeting else OPEN
    if entry.assignment.deadline is not None and last_meeting > entry.assignment.deadline:
        return OVERDUE
    return OPEN


def problem_findings(index: Index, strings: Strings) -> list[Finding]:
    """The report problems as findings at their lines, for the checker and the build."""
    findings = []
    for problem in index.report_problems:
        hint = strings("messages.report_did_you_mean", suggestion=problem.suggestion) if problem.suggestion else ""
        message = strings(f"messages.{problem.key}", id=problem.report.assignment_id) + hint
        findings.append(Finding(problem.protocol.path, problem.report.line, 1, Level.ERROR, message))
    return findings
