"""`protokoll new`: a draft protocol prefilled from the body's latest meeting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..format.model import Archive, Participant, Protocol, Registers
from ..format.spec import Status
from ..format.writer import protocol_text
from ..index import assignments, build_index
from ..render import urls
from ..strings import Strings
from ..text import closest


class DraftError(Exception):
    """A reason not to write the draft, already phrased for the user."""


@dataclass
class Draft:
    """A draft ready to be written: where, and its text."""

    path: Path
    text: str


def next_number(archive: Archive, body: str, date: dt.date) -> str:
    """The next running number in the meeting's year: '9/2019' after '8/2019', '1/2026' in a new year."""
    numbers = [
        int(p.number.split("/")[0])
        for p in archive.protocols
        if p.body == body and p.number and p.number.endswith(f"/{date.year}") and p.date < date
    ]
    return f"{max(numbers, default=0) + 1}/{date.year}"


def participant_line(participant: Participant, registers: Registers) -> str:
    """'Name, Place' in the short form; a place whose name has a comma is written by an alias without one."""
    place = participant.municipality
    if not place and participant.organisation:
        organisation = registers.organisation_by_name(participant.organisation)
        names = [participant.organisation, *(organisation.aliases if organisation else ())]
        place = next((name for name in names if "," not in name), None)
    return f"{participant.name}, {place}" if place else participant.name


def make_draft(archive: Archive, root: Path, body_slug: str, date_text: str, strings: Strings) -> Draft:
    """The draft for `body_slug`'s meeting on `date_text`; DraftError says why there is none."""
    registers = archive.registers
    body = registers.bodies.get(body_slug)
    if body is None:
        suggestion = closest(body_slug, list(registers.bodies))
        if suggestion:
            raise DraftError(strings("messages.unknown_body_suggest", name=body_slug, suggestion=suggestion))
        raise DraftError(strings("messages.unknown_body", name=body_slug, known=", ".join(registers.bodies)))
    try:
        date = dt.date.fromisoformat(date_text)
    except ValueError:
        raise DraftError(strings("messages.bad_date", value=date_text, field="--date")) from None
    target = root / urls.protocol(body_slug, date)
    if target.exists():
        raise DraftError(strings("messages.draft_exists", path=target))

    earlier = [p for p in archive.protocols if p.body == body_slug and p.date < date]
    latest: Protocol | None = max(earlier, key=lambda p: p.date, default=None)
    fill_in = strings("ui.draft_fill_in")
    fields: dict[str, Any] = {
        "organ": body_slug,
        "nummer": next_number(archive, body_slug, date),
        "datum": date,
        "tid": "09.00–12.00",
        "plats": (latest.place if latest else None) or fill_in,
        "status": Status.DRAFT.value,
    }
    roles = {"ordförande": latest.chair, "mötesledare": latest.meeting_leader, "sekreterare": latest.secretary} if latest else {}
    fields.update({key: name for key, name in roles.items() if name})
    if latest and latest.contact:
        fields["kontakt"] = latest.contact
    fields["närvarande"] = [participant_line(p, registers) for p in (*latest.present, *latest.absent)] if latest else []
    fields["frånvarande"] = []
    fields["gäster"] = []
    comments = {"tid": fill_in, "närvarande": strings("ui.draft_members_hint")}
    due = _assignments_due(archive, body_slug, date)
    if due:
        comments["status"] = "\n".join([strings("ui.draft_open_assignments"), *due])
    items = body.standard_items or strings.section("ui")["draft_standard_items"]
    body_text = "\n\n".join(f"## {number}. {title}" for number, title in enumerate(items, start=1))
    return Draft(target, protocol_text(fields, body_text, comments))


def _assignments_due(archive: Archive, body_slug: str, date: dt.date) -> list[str]:
    """Lines naming the body's assignments not yet reported whose deadline is this meeting or earlier."""
    lines = []
    for entry in build_index(archive).assignments:
        protocol = entry.decision.protocol
        task = entry.assignment
        if protocol.body != body_slug or entry.status == assignments.REPORTED or protocol.date >= date:
            continue
        if task.next_meeting or (task.deadline is not None and task.deadline <= date):
            who = ", ".join([*task.responsible, *task.municipalities])
            lines.append(f"- {entry.id} ({who}): {' '.join(entry.decision.decision.text.split())[:100]}")
    return lines
