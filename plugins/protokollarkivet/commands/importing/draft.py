"""Writing an import as a draft protocol, by the format's own writer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ...format.spec import Status
from ...format.writer import protocol_text
from ...strings import Strings
from ...text import number_ranges
from .attendance import Attendee
from .imported import DraftItem, Imported


def attendee_line(person: Attendee, guest: bool = False) -> str:
    """'Palle Lundberg, Helsingborg, från 09.20', in the format's short form."""
    parts = [person.name]
    if person.place:
        parts.append(person.place)
    if person.present_from:
        parts.append(f"från {person.present_from.replace(':', '.')}")
    if person.present_until:
        parts.append(f"till {person.present_until.replace(':', '.')}")
    if person.items:
        parts.append(
            "punkt " + number_ranges(person.items).replace(", ", " och ", 1) if len(person.items) > 1 else f"punkt {person.items[0]}"
        )
    if not guest:
        if person.from_item is not None:
            parts.append(f"från punkt {person.from_item}")
        if person.until_item is not None:
            parts.append(f"till punkt {person.until_item}")
        if person.not_items:
            parts.append("ej punkt " + number_ranges(person.not_items))
    return ", ".join(parts)


def _heading(item: DraftItem) -> str:
    if item.number is not None:
        return f"## {item.number}. {item.title}"
    if item.time:
        return f"## {item.time.replace(':', '.')} {item.title}"
    return f"## {item.title}"


def render_draft(imported: Imported, strings: Strings, imported_on: dt.date) -> str:
    """The draft protocol file of an import."""
    blocks: list[str] = []
    if imported.preamble:
        blocks.append("\n\n".join(imported.preamble))
    for item in imported.items:
        blocks.append(_heading(item))
        blocks += item.paragraphs
        if item.decisions:
            blocks.append("Beslut")
            blocks += item.decisions
    return protocol_text(_fields(imported, strings, imported_on), "\n\n".join(blocks))


def _fields(result: Imported, strings: Strings, imported_on: dt.date) -> dict[str, object]:
    assert result.date is not None
    fields: dict[str, object] = {"organ": result.body}
    if result.number:
        fields["nummer"] = result.number
    fields["datum"] = result.date
    if result.start and result.end:
        fields["tid"] = f"{result.start.replace(':', '.')}–{result.end.replace(':', '.')}"
    fields["plats"] = result.place or strings("ui.draft_fill_in")
    fields["status"] = Status.DRAFT.value
    roles = {"ordförande": result.chair, "mötesledare": result.meeting_leader, "sekreterare": result.secretary, "kontakt": result.contact}
    fields.update({key: value for key, value in roles.items() if value})
    if result.adjusters:
        fields["justering"] = {"justerare": result.adjusters}
    lists = (
        ("närvarande", result.present, False),
        ("frånvarande", result.absent, False),
        ("anmält förhinder", result.excused, False),
        ("gäster", result.guests, True),
    )
    fields.update({key: [attendee_line(p, guest) for p in people] for key, people, guest in lists if people})
    if result.attachments:
        fields["bilagor"] = list(result.attachments)
    if result.signatures:
        fields["underskrifter"] = [f"{name}, {title}" if title else name for name, title in result.signatures]
    source_note = strings("messages.import_note_source", source=Path(result.source).name, date=imported_on.isoformat())
    fields["anmärkningar"] = [source_note, *result.editorial_notes]
    return fields
