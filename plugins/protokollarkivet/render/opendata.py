"""Open data: the archive as JSON (with JSON Schemas beside it) and CSV, for anyone to reuse."""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import Any, TextIO

from ..format.model import Participant, Protocol
from ..index import AssignmentEntry, DecisionEntry, Index, Reference, attendance
from . import urls
from .output import DataFile, write_json
from .urls import UrlScheme

SCHEMAS = ("protocols", "decisions", "people", "municipalities", "projects", "uppdrag", "narvaro")


def _participant(person: Participant, present: bool = False, guest: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {"name": person.name, "municipality": person.municipality, "organisation": person.organisation}
    if present:
        data |= {"from": person.present_from, "until": person.present_until, "items": person.items, "not_items": person.not_items}
    if guest:
        data["items"] = person.items
    return data


def decision_json(entry: DecisionEntry, index: Index, scheme: UrlScheme) -> dict[str, Any]:
    """A decision as decisions.json describes it."""
    people = index.people
    projects = index.projects
    return {
        "id": entry.id,
        "label": entry.label,
        "text": " ".join(entry.decision.text.split()),
        "url": scheme.url(
            urls.protocol(entry.protocol.body, entry.protocol.date), urls.decision_anchor(entry.item.number, entry.decision.ordinal)
        ),
        "date": entry.protocol.date.isoformat(),
        "body": entry.protocol.body,
        "protocol": entry.protocol.id,
        "item": entry.item.number,
        "item_title": entry.item.title,
        "projects": [projects[slug].project.name for slug in entry.projects],
        "people": [people[slug].person.name for slug in entry.people],
        "municipalities": [index.municipalities[slug].municipality.name for slug in entry.municipalities],
    }


def reference_json(reference: Reference, scheme: UrlScheme) -> dict[str, Any]:
    """A reference to another meeting as protocols.json describes it."""
    return {
        "text": reference.text,
        "body": reference.body,
        "date": reference.date.isoformat() if reference.date else None,
        "number": reference.number,
        "item": reference.item.number if reference.item else None,
        "url": scheme.url(urls.protocol(reference.target.body, reference.target.date)) if reference.target else None,
    }


def protocol_json(protocol: Protocol, index: Index, scheme: UrlScheme) -> dict[str, Any]:
    """A protocol as protocols.json describes it."""
    decisions = {(d.item.number, d.decision.ordinal): d for d in index.decisions_by_protocol.get(protocol.id, [])}
    src = urls.protocol(protocol.body, protocol.date)
    return {
        "id": protocol.id,
        "body": protocol.body,
        "number": protocol.number,
        "date": protocol.date.isoformat(),
        "start": protocol.start,
        "end": protocol.end,
        "place": protocol.place,
        "status": protocol.status.value,
        "approved": protocol.approval_date.isoformat() if protocol.approval_date else None,
        "review": protocol.review_url,
        "url": scheme.url(src),
        "chair": protocol.chair,
        "meeting_leader": protocol.meeting_leader,
        "secretary": protocol.secretary,
        "adjusters": protocol.adjusters,
        "contact": protocol.contact,
        "present": [_participant(p, present=True) for p in protocol.present],
        "absent": [{**_participant(p), "excused": p.excused} for p in protocol.absent],
        "guests": [_participant(p, guest=True) for p in protocol.guests],
        "items": [
            {
                "id": f"{protocol.id}-{item.number}",
                "number": item.number,
                "original_number": None if protocol.numbered_in_order else str(item.number),
                "time": item.time,
                "title": item.title,
                "url": scheme.url(src, urls.item_anchor(item.number)),
                "decisions": [
                    {
                        "id": decisions[(item.number, d.ordinal)].id,
                        "text": " ".join(d.text.split()),
                        "url": scheme.url(src, urls.decision_anchor(item.number, d.ordinal)),
                    }
                    for d in item.decisions
                ],
            }
            for item in protocol.items
        ],
        "attachments": [{"name": a.name, "item": a.item} for a in protocol.attachments],
        "signatures": [{"name": s.name, "title": s.title} for s in protocol.signatures],
        "notes": protocol.notes,
        "corrections": [{"date": c.date.isoformat(), "text": c.text} for c in protocol.corrections],
        "references": [reference_json(r, scheme) for r in index.references.get(protocol.id, [])],
        "referenced_by": [r.source.id for r in index.referenced_by.get(protocol.id, [])],
        "sha256": protocol.fingerprint,
        "source": urls.source(protocol.body, protocol.date) if protocol.source_file else None,
    }


def data_files(index: Index, scheme: UrlScheme) -> list[DataFile]:
    """The open-data files, each written an entry at a time when the site is: an archive's worth of JSON
    need not be in memory at once."""

    def protocols(out: TextIO) -> None:
        bodies = [
            {"slug": b.slug, "name": b.name, "short": b.short, "url": scheme.url(urls.body(b.slug))}
            for b in index.archive.registers.bodies.values()
        ]
        chosen = (protocol_json(p, index, scheme) for p in index.latest(len(index.protocols)))
        _write_json(out, {"protocols": chosen, "bodies": bodies})

    def decisions() -> Iterator[dict[str, Any]]:
        return (decision_json(d, index, scheme) for d in index.decisions)

    def assignments() -> Iterator[dict[str, Any]]:
        return (assignment_json(a, index, scheme) for a in index.assignments)

    files = [
        DataFile(f"{urls.API_DIR}/protocols.json", protocols),
        DataFile(f"{urls.API_DIR}/decisions.json", lambda out: _write_json(out, {"decisions": decisions()})),
        DataFile(f"{urls.API_DIR}/people.json", lambda out: _write_json(out, {"people": _people(index, scheme)})),
        DataFile(f"{urls.API_DIR}/municipalities.json", lambda out: _write_json(out, {"municipalities": _municipalities(index, scheme)})),
        DataFile(f"{urls.API_DIR}/projects.json", lambda out: _write_json(out, {"projects": _projects(index, scheme)})),
        DataFile(f"{urls.DOWNLOADS_DIR}/beslut.csv", lambda out: _write_csv(out, _decision_rows(decisions()))),
        DataFile(f"{urls.DOWNLOADS_DIR}/narvaro.csv", lambda out: _write_csv(out, _attendance_rows(index))),
        DataFile(f"{urls.API_DIR}/uppdrag.json", lambda out: _write_json(out, {"assignments": assignments()})),
        DataFile(f"{urls.API_DIR}/narvaro.json", lambda out: _write_json(out, attendance_json(index, scheme))),
        DataFile(f"{urls.DOWNLOADS_DIR}/narvaro-mandatperioder.csv", lambda out: _write_csv(out, _term_rows(index))),
        DataFile(f"{urls.DOWNLOADS_DIR}/uppdrag.csv", lambda out: _write_csv(out, _assignment_rows(assignments()))),
    ]
    files += [DataFile(f"{urls.API_DIR}/{name}.schema.json", functools.partial(_copy_schema, name)) for name in SCHEMAS]
    return files


def assignment_json(entry: AssignmentEntry, index: Index, scheme: UrlScheme) -> dict[str, Any]:
    """An assignment as uppdrag.json describes it."""
    decision = entry.decision
    protocol = decision.protocol
    task = entry.assignment
    return {
        "id": entry.id,
        "decision": decision.label,
        "text": " ".join(decision.decision.text.split()),
        "body": protocol.body,
        "date": protocol.date.isoformat(),
        "protocol": protocol.id,
        "item": decision.item.number,
        "url": scheme.url(
            urls.protocol(protocol.body, protocol.date), urls.decision_anchor(decision.item.number, decision.decision.ordinal)
        ),
        "responsible": task.responsible,
        "municipalities": task.municipalities,
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "next_meeting": task.next_meeting,
        "due": entry.due.isoformat() if entry.due else None,
        "status": entry.status,
        "reported": [
            {
                "protocol": report.id,
                "date": report.date.isoformat(),
                "item": item.number,
                "url": scheme.url(urls.protocol(report.body, report.date), urls.item_anchor(item.number)),
            }
            for report, item in entry.reports
        ],
    }


def _assignment_rows(assignments: Iterable[dict[str, Any]]) -> Iterator[list[Any]]:
    yield ["id", "beslut", "datum", "organ", "text", "ansvariga", "kommuner", "senast", "status", "redovisat", "länk"]
    for a in assignments:
        deadline = a["deadline"] or (a["due"] or "nästa möte" if a["next_meeting"] else "tills vidare")
        reported = ", ".join(f"{r['protocol']} § {r['item']}" for r in a["reported"])
        row = [a["decision"], a["date"], a["body"], a["text"], ", ".join(a["responsible"]), ", ".join(a["municipalities"])]
        yield [a["id"], *row, deadline, a["status"], reported, a["url"]]


def _term_json(row: attendance.TermAttendance) -> dict[str, Any]:
    fields = ("held", "attended", "partly", "absent", "minutes_missed")
    return {"body": row.body, "term": row.term.name, **{name: getattr(row, name) for name in fields}}


def attendance_json(index: Index, scheme: UrlScheme) -> dict[str, Any]:
    """narvaro.json: the terms of each body, and attendance per term of every municipality and person."""
    terms = [
        {"body": body, "name": term.name, "start": term.start.isoformat(), "end": term.end.isoformat()}
        for body, body_terms in index.terms.items()
        for term in body_terms
    ]
    municipalities = (
        {
            "name": e.municipality.name,
            "url": scheme.url(urls.municipality(slug)),
            "terms": [_term_json(r) for r in attendance.municipality_terms(index, e)],
        }
        for slug, e in index.municipalities.items()
    )
    people = (
        {"name": e.person.name, "url": scheme.url(urls.person(slug)), "terms": [_term_json(r) for r in attendance.person_terms(index, e)]}
        for slug, e in index.people.items()
    )
    return {"terms": terms, "municipalities": municipalities, "people": people}


def _term_rows(index: Index) -> Iterator[list[Any]]:
    yield ["typ", "namn", "organ", "mandatperiod", "möten", "hela mötet", "delvis", "missade minuter", "frånvarande"]
    named = [
        *(("kommun", e.municipality.name, attendance.municipality_terms(index, e)) for e in index.municipalities.values()),
        *(("person", e.person.name, attendance.person_terms(index, e)) for e in index.people.values()),
    ]
    for kind, name, rows in named:
        for r in rows:
            yield [kind, name, r.body, r.term.name, r.held, r.attended, r.partly, r.minutes_missed, r.absent]


def _copy_schema(name: str, out: TextIO) -> None:
    out.write(resources.files("protokollarkivet").joinpath("schemas", f"{name}.schema.json").read_text("utf-8"))


def _write_json(out: TextIO, fields: dict[str, Any]) -> None:
    write_json(out, fields)
    out.write("\n")


def _people(index: Index, scheme: UrlScheme) -> list[dict[str, Any]]:
    return [
        {
            "name": entry.person.name,
            "url": scheme.url(urls.person(slug)),
            "municipalities": entry.municipalities or [x for x in (entry.person.municipality, entry.person.organisation) if x],
            "present": [p.date.isoformat() for p, _ in entry.present],
            "absent": [p.date.isoformat() for p, _ in entry.absent],
            "guest": [p.date.isoformat() for p, _ in entry.guest],
            "roles": sorted({role.role for role in entry.roles}),
            "contact_for": [index.projects[s].project.name for s in entry.contact_for],
            "decisions": [d.id for d in entry.decisions],
        }
        for slug, entry in index.people.items()
    ]


def _municipalities(index: Index, scheme: UrlScheme) -> list[dict[str, Any]]:
    return [
        {
            "name": entry.municipality.name,
            "url": scheme.url(urls.municipality(slug)),
            "representatives": [
                {
                    "protocol": meeting.protocol.id,
                    "date": meeting.protocol.date.isoformat(),
                    "present": [p.name for p in meeting.present],
                    "absent": [p.name for p in meeting.absent],
                }
                for meeting in entry.meetings
            ],
            "people": [index.people[s].person.name for s in entry.people],
            "decisions": [d.id for d in entry.decisions],
        }
        for slug, entry in index.municipalities.items()
    ]


def _projects(index: Index, scheme: UrlScheme) -> list[dict[str, Any]]:
    return [
        {
            "name": entry.project.name,
            "aliases": list(entry.project.aliases),
            "url": scheme.url(urls.project(slug)),
            "status": entry.project.status or None,
            "contacts": list(entry.project.contacts),
            "protocols": list(dict.fromkeys(p.id for p, _ in entry.items)),
            "decisions": [d.id for d in entry.decisions],
        }
        for slug, entry in index.projects.items()
    ]


def _write_csv(out: TextIO, rows: Iterable[list[Any]]) -> None:
    # A byte-order mark and semicolons: what Swedish Excel expects when the file is opened by double-click.
    out.write("\ufeff")
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)


def _decision_rows(decisions: Iterable[dict[str, Any]]) -> Iterator[list[Any]]:
    yield ["id", "datum", "organ", "protokoll", "punkt", "rubrik", "beslut", "projekt", "personer", "länk"]
    for d in decisions:
        yield [
            d["id"],
            d["date"],
            d["body"],
            d["protocol"],
            d["item"],
            d["item_title"],
            d["text"],
            ", ".join(d["projects"]),
            ", ".join(d["people"]),
            d["url"],
        ]


def _attendance_rows(index: Index) -> Iterator[list[Any]]:
    yield ["datum", "organ", "protokoll", "namn", "kommun", "organisation", "närvaro", "från", "till"]
    for protocol in index.latest(len(index.protocols)):
        for kind, people in (("närvarande", protocol.present), ("frånvarande", protocol.absent), ("gäst", protocol.guests)):
            for p in people:
                yield [
                    protocol.date.isoformat(),
                    protocol.body,
                    protocol.id,
                    p.name,
                    p.municipality or "",
                    p.organisation or "",
                    kind,
                    p.present_from or "",
                    p.present_until or "",
                ]
