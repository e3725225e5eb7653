"""Reading one protocol file (Markdown with YAML front-matter) into a `Protocol`, with positioned findings.

The front-matter holds the meeting's facts; the Markdown body holds the items, each a `## ` heading, with
decisions as `att ...` paragraphs under a `Beslut` line. See docs/skriva-protokoll.md for the format.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import frontmatter

from . import yamlsource
from .model import (
    Attachment,
    Correction,
    Decision,
    Finding,
    Item,
    Level,
    Participant,
    Protocol,
    Registers,
    Signature,
)
from .strings import Strings
from .text import closest, normalise_time

STATUSES = ("utkast", "justerat")
FIELDS = (
    "organ", "nummer", "datum", "tid", "plats", "status", "justering", "ordförande", "mötesledare",
    "sekreterare", "kontakt", "närvarande", "frånvarande", "gäster", "bilagor", "underskrifter",
    "anmärkningar", "rättelser",
)  # fmt: skip

_ITEM_HEADING = re.compile(r"^##\s+(?P<title>.+?)\s*$")
_ITEM_NUMBER = re.compile(r"^(?P<number>\d+)\.\s+(?P<title>.+)$")
_ITEM_TIME = re.compile(r"^(?P<time>\d{1,2}[.:]\d{2})\s+(?P<title>.+)$")
_DECISION_MARK = re.compile(r"^(#{3,6}\s*)?(\*\*)?Beslut(\*\*)?:?\s*$")
_CLAUSE = re.compile(r"^(att|Att)\s")
_ADDENDUM = re.compile(r"^Medskick\b")
_FENCE = re.compile(r"^(```|~~~)")
_NUMBER = re.compile(r"^(?P<n>\d+)/(?P<year>\d{4})$")
_TIME_RANGE = re.compile(r"^(?P<start>\d{1,2}[.:]\d{2})\s*(?:-|–|—)\s*(?P<end>\d{1,2}[.:]\d{2})$")
_FROM = re.compile(r"^från\s+(?:kl(?:ockan|\.)?\s+)?(?P<time>\d{1,2}[.:]\d{2})$", re.IGNORECASE)
_UNTIL = re.compile(r"^till\s+(?:kl(?:ockan|\.)?\s+)?(?P<time>\d{1,2}[.:]\d{2})$", re.IGNORECASE)
_ITEMS = re.compile(r"^(?:punkt(?:erna)?|§)\s*(?P<list>\d+(?:\s*(?:och|,|&)\s*\d+)*)$", re.IGNORECASE)


@dataclass
class _Context:
    path: str
    doc: yamlsource.Located
    registers: Registers
    strings: Strings
    findings: list[Finding]

    def report(self, level: Level, line: int, key: str, column: int = 1, /, **values: Any) -> None:
        message = self.strings(f"messages.{key}", **values)
        self.findings.append(Finding(self.path, line, column, level, message))

    def error(self, line: int, key: str, /, **values: Any) -> None:
        self.report(Level.ERROR, line, key, **values)

    def line(self, *path: str | int) -> int:
        return self.doc.line(*path)


def parse_protocol(path: str, raw: bytes, registers: Registers, strings: Strings) -> tuple[Protocol | None, list[Finding]]:
    """Parse and validate one protocol; `None` when it has errors, so the build keeps only sound protocols."""
    findings: list[Finding] = []
    try:
        text = yamlsource.decode(raw)
        metadata_text, metadata_line, body_text, body_line = _split(text)
        doc = yamlsource.load(metadata_text, offset=metadata_line - 1)
    except yamlsource.YamlProblem as problem:
        message = strings(f"messages.{problem.key}", **problem.values)
        return None, [Finding(path, problem.line, problem.column, Level.ERROR, message)]
    context = _Context(path, doc, registers, strings, findings)
    if not isinstance(doc.value, dict):
        context.error(1, "no_front_matter")
        return None, findings
    protocol = _build(context, doc.value, body_text, body_line)
    protocol.content_hash = hashlib.sha256(raw).hexdigest()
    protocol.field_lines = {key: doc.line(key) for key in FIELDS if key in doc.value}
    if any(f.level is Level.ERROR for f in findings):
        return None, findings
    return protocol, findings


def _split(text: str) -> tuple[str, int, str, int]:
    """Front-matter text and the 1-based line it starts on; the same for the Markdown body."""
    if not text.startswith("---"):
        raise yamlsource.YamlProblem("no_front_matter", 1)
    handler = frontmatter.YAMLHandler()
    try:
        metadata, body = handler.split(text)
    except ValueError:
        raise yamlsource.YamlProblem("unclosed_front_matter", 1) from None
    # Count lines up to each part so that every finding points at the right line of the file.
    metadata_start = text.index(metadata)
    body_start = text.index(body, metadata_start + len(metadata)) if body else len(text)
    return metadata, text.count("\n", 0, metadata_start) + 1, body, text.count("\n", 0, body_start) + 1


def _build(context: _Context, data: dict[str, Any], body_text: str, body_line: int) -> Protocol:
    for key in data:
        if key not in FIELDS:
            suggestion = closest(key, FIELDS)
            if suggestion:
                context.error(context.line(key), "unknown_field_suggest", field=key, suggestion=suggestion)
            else:
                context.error(context.line(key), "unknown_field", field=key, known=", ".join(FIELDS))

    body = _body(context, data)
    date = _date(context, data, "datum", required=True) or dt.date(1900, 1, 1)
    _check_file_name(context, body, date if "datum" in data else None)
    for required in ("tid", "plats"):
        if data.get(required) is None:
            context.error(context.line(required) if required in data else 1, "missing_field", field=required)
    number = _optional_text(context, data, "nummer")
    if number:
        match = _NUMBER.match(number)
        if not match:
            context.error(context.line("nummer"), "bad_number", number=number)
        elif int(match.group("year")) != date.year and "datum" in data:
            context.error(context.line("nummer"), "number_year_mismatch", number=number, year=date.year)
    start, end = _time_range(context, data)
    status = _optional_text(context, data, "status") or ""
    if status not in STATUSES:
        if "status" not in data:
            context.error(1, "missing_field", field="status")
        else:
            context.error(context.line("status"), "bad_status", status=status, allowed=", ".join(STATUSES))
    approval_date, adjusters = _approval(context, data, status)

    present = _participants(context, data, "närvarande")
    absent = _participants(context, data, "frånvarande")
    guests = _participants(context, data, "gäster")
    for person in present:
        for time in (person.present_from, person.present_until):
            if time and start and end and not start <= time <= end:
                context.report(Level.WARNING, person.line, "presence_outside_meeting", name=person.name, time=time)
    preamble, items = _items(context, body_text, body_line)
    for guest in guests:
        for ordinal in guest.items:
            if not 1 <= ordinal <= len(items):
                context.error(guest.line, "guest_item_missing", name=guest.name, item=ordinal)

    protocol = Protocol(
        path=context.path,
        body=body,
        date=date,
        number=number,
        start=start,
        end=end,
        place=_optional_text(context, data, "plats"),
        status=status,
        approval_date=approval_date,
        adjusters=adjusters,
        chair=_role(context, data, "ordförande"),
        meeting_leader=_role(context, data, "mötesledare"),
        secretary=_role(context, data, "sekreterare"),
        contact=_optional_text(context, data, "kontakt"),
        present=present,
        absent=absent,
        guests=guests,
        attachments=_attachments(context, data, len(items)),
        signatures=_signatures(context, data),
        notes=_notes(context, data),
        corrections=_corrections(context, data),
        preamble=preamble,
        items=items,
    )
    _check_attendance(context, protocol)
    return protocol


# --- front-matter fields -----------------------------------------------------------------------


def _optional_text(context: _Context, data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and key == "tid":
        # YAML 1.1 reads 13:00 as the number 780 (base 60); say how to write it instead.
        context.error(context.line(key), "time_needs_quotes", field=key)
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        context.error(context.line(key), "field_not_text", field=key)
        return None
    return str(value).strip() or None


def _body(context: _Context, data: dict[str, Any]) -> str:
    name = _optional_text(context, data, "organ")
    if not name:
        context.error(context.line("organ") if "organ" in data else 1, "missing_field", field="organ")
        return ""
    bodies = context.registers.bodies
    if name in bodies:
        return name
    for body in bodies.values():
        if body.name.casefold() == name.casefold():
            return body.slug
    suggestion = closest(name, list(bodies) + [b.name for b in bodies.values()])
    if suggestion:
        context.error(context.line("organ"), "unknown_body_suggest", name=name, suggestion=suggestion)
    else:
        context.error(context.line("organ"), "unknown_body", name=name, known=", ".join(bodies))
    return ""


def _check_file_name(context: _Context, body: str, date: dt.date | None) -> None:
    """The file's place in the archive must match its front-matter, or two files could claim one URL."""
    path = PurePosixPath(context.path)
    if date is not None and path.stem != date.isoformat():
        context.error(context.line("datum"), "file_date_mismatch", name=path.name, date=date.isoformat())
    if body and path.parent.name != body:
        context.error(context.line("organ"), "file_body_mismatch", folder=path.parent.name, body=body)


def _date(context: _Context, data: dict[str, Any], key: str, required: bool = False) -> dt.date | None:
    value = data.get(key)
    if value is None:
        if required:
            context.error(context.line(key) if key in data else 1, "missing_field", field=key)
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    context.error(context.line(key), "bad_date", field=key, value=value)
    return None


def _time_range(context: _Context, data: dict[str, Any]) -> tuple[str | None, str | None]:
    text = _optional_text(context, data, "tid")
    if text is None:
        return None, None
    match = _TIME_RANGE.match(text)
    start = normalise_time(match.group("start")) if match else None
    end = normalise_time(match.group("end")) if match else None
    if not (start and end):
        context.error(context.line("tid"), "bad_time_range", value=text)
        return None, None
    if end <= start:
        context.error(context.line("tid"), "time_order", start=start, end=end)
    return start, end


def _approval(context: _Context, data: dict[str, Any], status: str) -> tuple[dt.date | None, list[str]]:
    approval = data.get("justering")
    if approval is None:
        if status == "justerat":
            context.error(context.line("status"), "approval_missing")
        return None, []
    if not isinstance(approval, dict):
        context.error(context.line("justering"), "approval_not_mapping")
        return None, []
    for key in approval:
        if key not in ("datum", "justerare"):
            context.error(context.line("justering", key), "unknown_field", field=f"justering.{key}", known="datum, justerare")
    date = approval.get("datum")
    if date is not None and not isinstance(date, dt.date):
        context.error(context.line("justering", "datum"), "bad_date", field="justering.datum", value=date)
        date = None
    adjusters = approval.get("justerare") or []
    if isinstance(adjusters, str):
        adjusters = [adjusters]
    if not isinstance(adjusters, list) or not all(isinstance(a, str) for a in adjusters):
        context.error(context.line("justering", "justerare"), "field_not_list", field="justering.justerare")
        adjusters = []
    names = []
    for index, name in enumerate(adjusters):
        person = _person(context, name.strip(), context.line("justering", "justerare", index))
        names.append(person)
    if status == "justerat":
        if date is None:
            context.error(context.line("justering"), "approval_date_missing")
        if not names:
            context.error(context.line("justering"), "adjusters_missing")
    return date, names


def _person(context: _Context, name: str, line: int) -> str:
    """The register's spelling of a person's name; an unknown name is an error with the closest match."""
    person = context.registers.person_by_name(name)
    if person:
        return person.name
    suggestion = closest(name, [p.name for p in context.registers.people.values()])
    if suggestion:
        context.error(line, "unknown_person_suggest", name=name, suggestion=suggestion)
    else:
        context.error(line, "unknown_person", name=name, register="personer.yml")
    return name


def _role(context: _Context, data: dict[str, Any], key: str) -> str | None:
    name = _optional_text(context, data, key)
    return _person(context, name, context.line(key)) if name else None


def _entries(context: _Context, data: dict[str, Any], key: str) -> list[tuple[int, Any]]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        context.error(context.line(key), "field_not_list", field=key)
        return []
    return list(enumerate(value))


def _participants(context: _Context, data: dict[str, Any], key: str) -> list[Participant]:
    result = []
    for index, entry in _entries(context, data, key):
        line = context.line(key, index)
        if isinstance(entry, str):
            fields = _participant_line(context, entry, line)
        elif isinstance(entry, dict):
            fields = _participant_mapping(context, entry, line)
        else:
            context.error(line, "participant_invalid")
            continue
        if fields is None:
            continue
        name, place, start, until, items = fields
        participant = Participant(name=_person(context, name, line), line=line, items=items)
        participant.present_from, participant.present_until = start, until
        if place:
            _place(context, participant, place, line)
        else:
            registered = context.registers.person_by_name(name)
            if registered:
                participant.municipality = registered.municipality
                participant.organisation = registered.organisation
        if key != "närvarande" and (start or until):
            context.error(line, "times_only_for_present", name=name)
        if key != "gäster" and items:
            context.error(line, "items_only_for_guests", name=name)
        result.append(participant)
    return result


_ParticipantFields = tuple[str, str | None, str | None, str | None, list[int]]


def _participant_line(context: _Context, text: str, line: int) -> _ParticipantFields | None:
    """'Palle Lundberg, Helsingborg, från 09:20' -> its parts; see the format page for the grammar."""
    parts = [part.strip() for part in text.split(",")]
    name, place, start, until, items = parts[0], None, None, None, []
    for part in parts[1:]:
        if match := _FROM.match(part):
            start = _checked_time(context, match.group("time"), line)
        elif match := _UNTIL.match(part):
            until = _checked_time(context, match.group("time"), line)
        elif match := _ITEMS.match(part):
            items += [int(n) for n in re.findall(r"\d+", match.group("list"))]
        elif place is None and part:
            place = part
        else:
            context.error(line, "participant_extra", part=part, text=text)
            return None
    if not name:
        context.error(line, "participant_no_name", text=text)
        return None
    if start and until and until <= start:
        context.error(line, "time_order", start=start, end=until)
    return name, place, start, until, items


def _participant_mapping(context: _Context, entry: dict[str, Any], line: int) -> _ParticipantFields | None:
    allowed = ("namn", "kommun", "organisation", "från", "till", "punkter")
    for key in entry:
        if key not in allowed:
            context.error(line, "unknown_field", field=key, known=", ".join(allowed))
    name = entry.get("namn")
    if not isinstance(name, str) or not name.strip():
        context.error(line, "participant_no_name", text=str(entry))
        return None
    place = entry.get("kommun") or entry.get("organisation")
    times = [entry.get(k) for k in ("från", "till")]
    start, until = (_checked_time(context, str(t), line) if t is not None else None for t in times)
    raw_items = entry.get("punkter") or []
    items = raw_items if isinstance(raw_items, list) else [raw_items]
    if not all(isinstance(i, int) for i in items):
        context.error(line, "field_not_list", field="punkter")
        items = []
    return name.strip(), str(place).strip() if place else None, start, until, items


def _checked_time(context: _Context, text: str, line: int) -> str | None:
    time = normalise_time(text)
    if time is None:
        context.error(line, "bad_time", value=text)
    return time


def _place(context: _Context, participant: Participant, place: str, line: int) -> None:
    registers = context.registers
    municipality = registers.municipality_by_name(place)
    if municipality:
        participant.municipality = municipality.name
        return
    organisation = registers.organisation_by_name(place)
    if organisation:
        participant.organisation = organisation.name
        return
    names = [m.name for m in registers.municipalities.values()]
    suggestion = closest(place, names + [o.name for o in registers.organisations.values()])
    if suggestion:
        context.error(line, "unknown_municipality_suggest", name=place, suggestion=suggestion)
    else:
        context.error(line, "unknown_municipality", name=place, known=", ".join(names))


def _attachments(context: _Context, data: dict[str, Any], item_count: int) -> list[Attachment]:
    result = []
    for index, entry in _entries(context, data, "bilagor"):
        line = context.line("bilagor", index)
        if not isinstance(entry, str):
            context.error(line, "field_not_text", field="bilagor")
            continue
        name, _, rest = entry.rpartition(",") if _ITEMS.match(entry.rpartition(",")[2].strip()) else (entry, "", "")
        match = _ITEMS.match(rest.strip()) if rest else None
        item = int(re.findall(r"\d+", match.group("list"))[0]) if match else None
        if item is not None and not 1 <= item <= item_count:
            context.error(line, "attachment_item_missing", item=item)
        result.append(Attachment(name.strip(), item, line))
    return result


def _signatures(context: _Context, data: dict[str, Any]) -> list[Signature]:
    result = []
    for index, entry in _entries(context, data, "underskrifter"):
        line = context.line("underskrifter", index)
        if not isinstance(entry, str):
            context.error(line, "field_not_text", field="underskrifter")
            continue
        name, _, title = entry.partition(",")
        result.append(Signature(_person(context, name.strip(), line), title.strip(), line))
    return result


def _notes(context: _Context, data: dict[str, Any]) -> list[str]:
    notes = []
    for index, entry in _entries(context, data, "anmärkningar"):
        if not isinstance(entry, str) or not entry.strip():
            context.error(context.line("anmärkningar", index), "field_not_text", field="anmärkningar")
            continue
        notes.append(entry.strip())
    return notes


def _corrections(context: _Context, data: dict[str, Any]) -> list[Correction]:
    result = []
    for index, entry in _entries(context, data, "rättelser"):
        line = context.line("rättelser", index)
        if not isinstance(entry, dict) or not isinstance(entry.get("datum"), dt.date) or not isinstance(entry.get("text"), str):
            context.error(line, "correction_invalid")
            continue
        result.append(Correction(entry["datum"], entry["text"].strip(), line))
    return result


def _check_attendance(context: _Context, protocol: Protocol) -> None:
    present = {p.name for p in protocol.present}
    for person in protocol.absent:
        if person.name in present:
            context.error(person.line, "both_present_and_absent", name=person.name)
    for index, name in enumerate(protocol.adjusters):
        if name not in present:
            context.error(context.line("justering", "justerare", index), "adjuster_not_present", name=name)
    seen: set[str] = set()
    for person in protocol.present + protocol.absent:
        if person.name in seen:
            context.error(person.line, "listed_twice", name=person.name)
        seen.add(person.name)


# --- the Markdown body ---------------------------------------------------------------------


@dataclass
class _ItemDraft:
    heading: str
    line: int
    text: list[str]
    decisions: list[Decision]
    has_mark: bool = False


def _items(context: _Context, body: str, first_line: int) -> tuple[str, list[Item]]:
    preamble: list[str] = []
    drafts: list[_ItemDraft] = []
    in_decisions = False
    in_fence = False
    for paragraph, line in _paragraphs(body, first_line):
        head = paragraph[0]
        if _FENCE.match(head):
            in_fence = not in_fence if len(paragraph) == 1 or not _FENCE.match(paragraph[-1]) else in_fence
        if not in_fence and (match := _ITEM_HEADING.match(head)) and not head.startswith("###"):
            drafts.append(_ItemDraft(match.group("title"), line, [], []))
            in_decisions = False
            paragraph = paragraph[1:]
            line += 1
            if not paragraph:
                continue
            head = paragraph[0]
        target = drafts[-1] if drafts else None
        if not in_fence and _DECISION_MARK.match(head):
            if target is None:
                context.error(line, "decision_before_items")
                continue
            in_decisions, target.has_mark = True, True
            paragraph = paragraph[1:]
            line += 1
            if not paragraph:
                continue
            head = paragraph[0]
        text = "\n".join(paragraph)
        if in_decisions and target is not None:
            if _CLAUSE.match(head):
                target.decisions.append(Decision(len(target.decisions) + 1, text, line))
            elif _ADDENDUM.match(head) and target.decisions:
                target.decisions[-1].text += "\n\n" + text
            else:
                context.error(line, "paragraph_in_decision", start=head[:40])
            continue
        if not in_fence and head.startswith("att "):
            context.error(line, "clause_outside_decision", start=head[:40])
        (target.text if target else preamble).append(text)
    items = []
    for ordinal, draft in enumerate(drafts, start=1):
        number, time, title = _heading(draft.heading)
        if draft.has_mark and not draft.decisions:
            context.error(draft.line, "decision_without_clause", item=draft.heading)
        items.append(Item(ordinal, number, time, title, "\n\n".join(draft.text), draft.decisions, draft.line))
    _check_numbering(context, items)
    return "\n\n".join(preamble), items


def _paragraphs(body: str, first_line: int) -> list[tuple[list[str], int]]:
    """Blank-line separated blocks with the line each starts on; a heading is always its own block's head."""
    blocks: list[tuple[list[str], int]] = []
    current: list[str] = []
    start = first_line
    for offset, raw in enumerate(body.split("\n")):
        line = raw.rstrip()
        if not line.strip() or (line.startswith("#") and current):
            if current:
                blocks.append((current, start))
                current = []
            if not line.strip():
                continue
        if not current:
            start = first_line + offset
        current.append(line)
    if current:
        blocks.append((current, start))
    return blocks


def _heading(heading: str) -> tuple[str | None, str | None, str]:
    clean = heading.replace("**", "").strip()
    if match := _ITEM_TIME.match(clean):
        return None, normalise_time(match.group("time")), match.group("title").strip()
    if match := _ITEM_NUMBER.match(clean):
        return match.group("number"), None, match.group("title").strip()
    return None, None, clean


def _check_numbering(context: _Context, items: list[Item]) -> None:
    numbered = [item for item in items if item.number is not None]
    expected = 1
    for item in numbered:
        if int(item.number or 0) != expected:
            context.report(Level.WARNING, item.line, "numbering_gap", expected=expected, found=item.number)
        expected = int(item.number or 0) + 1
