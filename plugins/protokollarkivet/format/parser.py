"""Reading one protocol file (Markdown with YAML front-matter) into a `Protocol`, with positioned findings.

The front-matter holds the meeting's facts, read field by field as the table in `spec.py` says; the
Markdown body holds the items, each a `## ` heading, with decisions as `att ...` paragraphs under a
`Beslut` line. docs/sekretariatet/skriva-protokoll.md describes the format for the secretariat.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from ..strings import Strings
from ..text import closest, normalise_time
from . import safety, spec
from .model import (
    Assignment,
    Attachment,
    Correction,
    Decision,
    Finding,
    Item,
    Level,
    Participant,
    Protocol,
    Registers,
    Report,
    Signature,
)
from .registers import unknown_field, unknown_name_message
from .source import Located, SourceError, read_protocol
from .spec import Kind, Status

_NUMBER = re.compile(r"^(?P<n>\d{1,4})/(?P<year>\d{4})$")
_TIME_RANGE = re.compile(r"^(?P<start>\d{1,2}[.:]\d{2})\s*(?:-|–|—)\s*(?P<end>\d{1,2}[.:]\d{2})$")
_FROM = re.compile(r"^från\s+(?:kl(?:ockan|\.)?\s+)?(?P<time>\d{1,2}[.:]\d{2})$", re.IGNORECASE)
_UNTIL = re.compile(r"^till\s+(?:kl(?:ockan|\.)?\s+)?(?P<time>\d{1,2}[.:]\d{2})$", re.IGNORECASE)
_ITEM_WORD = re.compile(r"^(?:punkt(?:erna)?|§)\s*\d", re.IGNORECASE)  # an item reference, well-formed or not
_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[A-Za-z]{2,}$")


@dataclass
class _Context:
    path: str
    doc: Located
    registers: Registers
    strings: Strings
    findings: list[Finding] = field(default_factory=list)
    draft: bool = False  # a draft may name people and places not yet in the registers

    def unknown_name(self, line: int, message: str) -> None:
        """A name not in the registers: an error, but only information in a draft, so that an imported
        draft is previewed before its new people are registered."""
        if self.draft:
            message += self.strings("messages.unknown_in_draft")
        self.findings.append(Finding(self.path, line, 1, Level.INFO if self.draft else Level.ERROR, message))

    def report(self, level: Level, line: int, key: str, column: int = 1, /, **values: Any) -> None:
        message = self.strings(f"messages.{key}", **values)
        self.findings.append(Finding(self.path, line, column, level, message))

    def error(self, line: int, key: str, /, **values: Any) -> None:
        self.report(Level.ERROR, line, key, **values)

    def line(self, *path: str | int) -> int:
        return self.doc.line(*path)


def parse_protocol(
    path: str, raw: bytes, registers: Registers, strings: Strings, keep_with_errors: bool = False
) -> tuple[Protocol | None, list[Finding]]:
    """Parse and validate one protocol; `None` when it has errors, so the build keeps only sound protocols.
    With `keep_with_errors`, what could be read is returned all the same (to compare a copy with)."""
    try:
        protocol_source = read_protocol(raw)
    except SourceError as problem:
        message = strings(f"messages.{problem.key}", **problem.values)
        return None, [Finding(path, problem.line, problem.column, Level.ERROR, message)]
    context = _Context(path, protocol_source.front_matter, registers, strings)
    data = protocol_source.front_matter.value
    if not isinstance(data, dict):
        context.error(1, "no_front_matter")
        return None, context.findings
    protocol = _ProtocolReader(context, data).read(protocol_source.body, protocol_source.body_line)
    protocol.fingerprint = protocol_source.fingerprint
    if any(f.level is Level.ERROR for f in context.findings) and not keep_with_errors:
        return None, context.findings
    return protocol, context.findings


class _ProtocolReader:
    """Reads the front-matter field by field, as `spec.FIELDS` describes it, then the body."""

    def __init__(self, context: _Context, data: dict[str, Any]) -> None:
        self.context = context
        self.data = data
        # "från punkt 3", "till punkt 5" of a participant, resolved once the items are known
        self.item_spans: dict[int, tuple[int | None, int | None]] = {}
        self.readers: dict[Kind, Callable[[str, Any], Any]] = {
            Kind.TEXT: self._text,
            Kind.BODY: self._body,
            Kind.NUMBER: self._number,
            Kind.DATE: self._date,
            Kind.TIME_RANGE: self._time_range,
            Kind.STATUS: self._status,
            Kind.APPROVAL: self._approval,
            Kind.PERSON: self._role,
            Kind.EMAIL: self._email,
            Kind.PARTICIPANTS: self._participants,
            Kind.ATTACHMENTS: self._attachments,
            Kind.SIGNATURES: self._signatures,
            Kind.NOTES: self._notes,
            Kind.CORRECTIONS: self._corrections,
            Kind.ASSIGNMENTS: self._assignments,
        }

    def read(self, body_text: str, body_line: int) -> Protocol:
        context = self.context
        for key in self.data:
            if key not in spec.BY_KEY:
                message, detail = unknown_field(key, spec.FIELD_KEYS)
                context.error(context.line(key), message, **detail)
        for path, text in context.doc.written.items():
            for unsafe in safety.find_html(text):
                context.error(context.line(*path), "html_in_field", found=unsafe.text)
        values: dict[str, Any] = {}
        for item in spec.FIELDS:
            value = self.data.get(item.key)
            if value is None:
                if item.required:
                    context.error(context.line(item.key) if item.key in self.data else 1, "missing_field", field=item.key)
                values[item.key] = None
                continue
            values[item.key] = self.readers[item.kind](item.key, value)
        _check_unsafe_body(context, body_text, body_line)
        preamble, items, numbered_in_order = _items(context, body_text, body_line)
        protocol = self._protocol(values, preamble, items)
        protocol.numbered_in_order = numbered_in_order
        self._resolve_item_spans(protocol)
        self._check(protocol, values)
        return protocol

    def _protocol(self, values: dict[str, Any], preamble: str, items: list[Item]) -> Protocol:
        start, end = values["tid"] or (None, None)
        approval_date, adjusters, review_url = values["justering"] or (None, [], None)
        return Protocol(
            path=self.context.path,
            body=values["organ"] or "",
            date=values["datum"] or dt.date(1900, 1, 1),
            number=values["nummer"],
            start=start,
            end=end,
            place=values["plats"],
            status=values["status"] or Status.DRAFT,
            approval_date=approval_date,
            adjusters=adjusters,
            chair=values["ordförande"],
            meeting_leader=values["mötesledare"],
            secretary=values["sekreterare"],
            contact=values["kontakt"],
            present=values[spec.PRESENT] or [],
            absent=[*(values[spec.ABSENT] or []), *(values[spec.EXCUSED] or [])],
            guests=values[spec.GUESTS] or [],
            attachments=values["bilagor"] or [],
            signatures=values["underskrifter"] or [],
            notes=values["anmärkningar"] or [],
            corrections=values[spec.CORRECTIONS] or [],
            preamble=preamble,
            items=items,
            field_lines={key: self.context.line(key) for key in spec.FIELD_KEYS if key in self.data},
            review_url=review_url,
            assignments=values[spec.ASSIGNMENTS] or [],
        )

    def _resolve_item_spans(self, protocol: Protocol) -> None:
        """'från punkt 3' -> the items from 3 to the last; 'till punkt 5' -> the first to 5."""
        numbers = [item.number for item in protocol.items]
        for person in protocol.present:
            span = self.item_spans.get(id(person))
            if span is None:
                continue
            first, last = span
            for bound in (first, last):
                if bound is not None and bound not in numbers:
                    self.context.error(person.line, "guest_item_missing", name=person.name, item=bound)
            person.items = [
                n for n in numbers if (first is None or n >= first) and (last is None or n <= last) and n not in person.not_items
            ]

    # --- cross-field checks ---------------------------------------------------------------------

    def _check(self, protocol: Protocol, values: dict[str, Any]) -> None:
        context = self.context
        if values["datum"] is not None:
            _check_dates(context, protocol)
        if protocol.status is Status.APPROVED:
            _check_approval(context, protocol, has_approval=values["justering"] is not None)
        _check_presence_times(context, protocol)
        _check_item_references(context, protocol)
        _check_attendance(context, protocol)
        _check_assignments(context, protocol)

    # --- readers, one per kind of field ----------------------------------------------------------

    def _text(self, key: str, value: Any, *path: str | int) -> str | None:
        """A text field as written; numbers and dates in YAML are taken as the text they were written as."""
        path = path or (key,)
        if isinstance(value, (list, dict)):
            self.context.error(self.context.line(*path), "field_not_text", field=key)
            return None
        written = self.context.doc.text(*path)
        text = (value if isinstance(value, str) else written if written is not None else str(value)).strip()
        if not text:
            self.context.error(self.context.line(*path), "field_empty", field=key)
            return None
        return text

    def _body(self, key: str, value: Any) -> str | None:
        name = self._text(key, value)
        if not name:
            return None
        bodies = self.context.registers.bodies
        if name in bodies:
            return name
        for body in bodies.values():
            if body.name.casefold() == name.casefold():
                return body.slug
        suggestion = closest(name, list(bodies) + [b.name for b in bodies.values()])
        if suggestion:
            self.context.error(self.context.line(key), "unknown_body_suggest", name=name, suggestion=suggestion)
        elif not bodies:  # organ.yml is missing, empty or broken: said there too
            self.context.error(self.context.line(key), "unknown_body_none", name=name)
        else:
            self.context.error(self.context.line(key), "unknown_body", name=name, known=", ".join(bodies))
        return None

    def _number(self, key: str, value: Any) -> str | None:
        number = self._text(key, value)
        if number and not _NUMBER.match(number):
            self.context.error(self.context.line(key), "bad_number", number=number)
            return None
        return number

    def _date(self, key: str, value: Any, *path: str | int) -> dt.date | None:
        path = path or (key,)
        if isinstance(value, dt.datetime):
            value = value.date()
        if not isinstance(value, dt.date):
            shown = _shortened(str(self.context.doc.text(*path) or value))
            self.context.error(self.context.line(*path), "bad_date", field=".".join(map(str, path)), value=shown)
            return None
        if not spec.MIN_YEAR <= value.year <= spec.MAX_YEAR:
            self.context.error(
                self.context.line(*path), "date_out_of_range", value=value.isoformat(), first=spec.MIN_YEAR, last=spec.MAX_YEAR
            )
            return None
        return value

    def _time_range(self, key: str, value: Any) -> tuple[str, str] | None:
        text = self._text(key, value)
        if text is None:
            return None
        match = _TIME_RANGE.match(text)
        start = normalise_time(match.group("start")) if match else None
        end = normalise_time(match.group("end")) if match else None
        if not (start and end):
            self.context.error(self.context.line(key), "bad_time_range", value=text)
            return None
        if end <= start:
            self.context.error(self.context.line(key), "time_order", start=start, end=end)
        return start, end

    def _status(self, key: str, value: Any) -> Status | None:
        text = self._text(key, value)
        if text is None:
            return None
        self.context.draft = text == Status.DRAFT.value
        try:
            return Status(text)
        except ValueError:
            allowed = ", ".join(s.value for s in Status)
            self.context.error(self.context.line(key), "bad_status", status=text, allowed=allowed)
            return None

    def _approval(self, key: str, value: Any) -> tuple[dt.date | None, list[str], str | None] | None:
        context = self.context
        if not isinstance(value, dict):
            context.error(context.line(key), "approval_not_mapping")
            return None
        for part in value:
            if part not in spec.APPROVAL_KEYS:
                context.error(context.line(key, part), "unknown_field", field=f"{key}.{part}", known=", ".join(spec.APPROVAL_KEYS))
        date = self._date(f"{key}.datum", value["datum"], key, "datum") if value.get("datum") is not None else None
        adjusters = value.get("justerare") or []
        if isinstance(adjusters, str):
            adjusters = [adjusters]
        if not isinstance(adjusters, list) or not all(isinstance(a, str) for a in adjusters):
            context.error(context.line(key, "justerare"), "field_not_list", field=f"{key}.justerare")
            adjusters = []
        names = [self._person(name.strip(), context.line(key, "justerare", index)) for index, name in enumerate(adjusters)]
        return date, names, self._review_url(key, value.get("granskning"))

    def _review_url(self, key: str, value: Any) -> str | None:
        """`justering.granskning`: the address of the review (the pull request) in which it was approved."""
        if value is None:
            return None
        text = str(value).strip()
        parts = urlsplit(text)
        if parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in text):
            self.context.error(self.context.line(key, "granskning"), "bad_review_url", value=_shortened(text))
            return None
        return text

    def _person(self, name: str, line: int) -> str:
        """The register's spelling of a person's name; an unknown name is an error saying what to do."""
        person = self.context.registers.person_by_name(name)
        if person:
            return person.name
        self.context.unknown_name(line, unknown_name_message(self.context.registers, "person", name, self.context.strings))
        return name

    def _role(self, key: str, value: Any) -> str | None:
        name = self._text(key, value)
        return self._person(name, self.context.line(key)) if name else None

    def _email(self, key: str, value: Any) -> str | None:
        text = self._text(key, value)
        if text and not _EMAIL.match(text):
            self.context.error(self.context.line(key), "bad_email", field=key, value=text)
            return None
        return text

    def _entries(self, key: str, value: Any) -> list[tuple[int, Any]]:
        if not isinstance(value, list):
            self.context.error(self.context.line(key), "field_not_list", field=key)
            return []
        return list(enumerate(value))

    def _participants(self, key: str, value: Any) -> list[Participant]:
        result = []
        for index, entry in self._entries(key, value):
            line = self.context.line(key, index)
            if isinstance(entry, str):
                fields = _participant_line(self.context, entry, line)
            elif isinstance(entry, dict):
                fields = _participant_mapping(self.context, entry, line)
            else:
                self.context.error(line, "participant_invalid")
                continue
            if fields is None:
                continue
            participant = Participant(
                self._person(fields.name, line), line, items=fields.items, not_items=fields.not_items, excused=key == spec.EXCUSED
            )
            participant.present_from, participant.present_until = fields.start, fields.until
            if fields.from_item or fields.until_item:
                self.item_spans[id(participant)] = (fields.from_item, fields.until_item)
            if fields.place:
                _place(self.context, participant, fields.place, line)
            elif registered := self.context.registers.person_by_name(fields.name):
                participant.municipality = registered.municipality
                participant.organisation = registered.organisation
            self._check_participant_kind(key, fields, line)
            result.append(participant)
        return result

    def _check_participant_kind(self, key: str, fields: _ParticipantFields, line: int) -> None:
        """Times are for those present; items for guests and those present; none for the absent."""
        if key != spec.PRESENT and (fields.start or fields.until):
            self.context.error(line, "times_only_for_present", name=fields.name)
        if key in spec.ABSENCES and (fields.items or fields.not_items or fields.from_item or fields.until_item):
            self.context.error(line, "items_not_for_absent", name=fields.name)
        if key == spec.GUESTS and (fields.not_items or fields.from_item or fields.until_item):
            self.context.error(line, "item_span_only_for_present", name=fields.name)

    def _texts(self, key: str, value: Any) -> Iterator[tuple[int, str]]:
        """(line, text) of each entry of a list of texts; an entry that is not a text is reported."""
        for index, entry in self._entries(key, value):
            line = self.context.line(key, index)
            if isinstance(entry, str) and entry.strip():
                yield line, entry
            else:
                self.context.error(line, "field_not_text", field=key)

    def _attachments(self, key: str, value: Any) -> list[Attachment]:
        result = []
        for line, entry in self._texts(key, value):
            name, _, rest = entry.rpartition(",")
            match = spec.ITEM_LIST.match(rest.strip()) if name else None
            item = int(spec.ITEM_LIST_NUMBER.findall(match.group("list"))[0]) if match else None
            result.append(Attachment((name if match else entry).strip(), item, line))
        return result

    def _signatures(self, key: str, value: Any) -> list[Signature]:
        result = []
        for line, entry in self._texts(key, value):
            name, _, title = entry.partition(",")
            result.append(Signature(self._person(name.strip(), line), title.strip(), line))
        return result

    def _notes(self, key: str, value: Any) -> list[str]:
        notes = []
        for index, entry in self._entries(key, value):
            line = self.context.line(key, index)
            if isinstance(entry, dict) and len(entry) == 1:
                # "- Datum: rubriken anger …" is read by YAML as a mapping; the writer meant a sentence.
                self.context.error(line, "note_read_as_mapping", start=str(next(iter(entry))))
            elif not isinstance(entry, str) or not entry.strip():
                self.context.error(line, "field_not_text", field=key)
            else:
                notes.append(entry.strip())
        return notes

    def _corrections(self, key: str, value: Any) -> list[Correction]:
        result = []
        for index, entry in self._entries(key, value):
            line = self.context.line(key, index)
            if not isinstance(entry, dict) or not isinstance(entry.get("text"), str) or entry.get("datum") is None:
                self.context.error(line, "correction_invalid")
                continue
            for part in entry:
                if part not in spec.CORRECTION_KEYS:
                    self.context.error(
                        self.context.line(key, index, part), "unknown_field", field=f"{key}.{part}", known=", ".join(spec.CORRECTION_KEYS)
                    )
            date = self._date(f"{key}.datum", entry["datum"], key, index, "datum")
            text = " ".join(entry["text"].split())
            if len(text.split()) < spec.MIN_CORRECTION_WORDS:
                self.context.error(self.context.line(key, index, "text"), "correction_too_short", words=spec.MIN_CORRECTION_WORDS)
            if date is not None:
                result.append(Correction(date, entry["text"].strip(), line))
        return result

    def _assignments(self, key: str, value: Any) -> list[Assignment]:
        result = []
        for index, entry in self._entries(key, value):
            line = self.context.line(key, index)
            if not isinstance(entry, dict) or entry.get("beslut") is None:
                self.context.error(line, "assignment_invalid")
                continue
            for part in entry:
                if part not in spec.ASSIGNMENT_KEYS:
                    known = ", ".join(spec.ASSIGNMENT_KEYS)
                    self.context.error(self.context.line(key, index, part), "unknown_field", field=f"{key}.{part}", known=known)
            # the text as written: YAML would read 6:2 as a number in base 60
            written = self.context.doc.text(key, index, "beslut") or str(entry["beslut"])
            match = spec.DECISION_REFERENCE.match(written.strip())
            if match is None:
                self.context.error(self.context.line(key, index, "beslut"), "assignment_bad_decision", value=_shortened(written))
                continue
            people, municipalities = self._responsible(entry.get("ansvarig"), (key, index, "ansvarig"))
            deadline, next_meeting = self._deadline(entry.get("senast"), (key, index, "senast"))
            result.append(Assignment(int(match["item"]), int(match["ordinal"]), people, municipalities, deadline, next_meeting, line))
        return result

    def _responsible(self, value: Any, where: tuple[str | int, ...]) -> tuple[list[str], list[str]]:
        """People and municipalities responsible for an assignment: registered names, one or a list."""
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            self.context.error(self.context.line(*where), "assignment_no_responsible")
            return [], []
        people, municipalities = [], []
        registers = self.context.registers
        for position, name in enumerate(names):
            if (municipality := registers.municipality_by_name(name.strip())) is not None:
                municipalities.append(municipality.name)
            else:
                people.append(
                    self._person(name.strip(), self.context.line(*where, position) if len(names) > 1 else self.context.line(*where))
                )
        return people, municipalities

    def _deadline(self, value: Any, where: tuple[str | int, ...]) -> tuple[dt.date | None, bool]:
        """A date, "nästa möte" or "tills vidare" (or nothing): (the date, whether it is the next meeting)."""
        if value is None:
            return None, False
        if isinstance(value, str) and " ".join(value.split()).lower() in (spec.NEXT_MEETING, spec.UNTIL_FURTHER_NOTICE):
            return None, " ".join(value.split()).lower() == spec.NEXT_MEETING
        date = self._date(".".join(str(part) for part in where), value, *where)
        return date, False


# --- participants ---------------------------------------------------------------------------------


@dataclass
class _ParticipantFields:
    """A participant's entry, read but not yet checked against the registers and the items."""

    name: str
    place: str | None = None
    start: str | None = None
    until: str | None = None
    items: list[int] = field(default_factory=list)
    not_items: list[int] = field(default_factory=list)
    from_item: int | None = None
    until_item: int | None = None


def _participant_line(context: _Context, text: str, line: int) -> _ParticipantFields | None:
    """'Palle Lundberg, Helsingborg, från 09.20' -> its parts; see the format page for the grammar."""
    parts = [part.strip() for part in text.split(",")]
    fields = _ParticipantFields(parts[0])
    for part in parts[1:]:
        if not _participant_part(context, fields, part, line):
            if fields.place is None and part and not _ITEM_WORD.match(part):
                fields.place = part
            else:
                context.error(line, "participant_extra", part=_shortened(part), text=_shortened(text))
                return None
    if not fields.name:
        context.error(line, "participant_no_name", text=text)
        return None
    if fields.start and fields.until and fields.until <= fields.start:
        context.error(line, "time_order", start=fields.start, end=fields.until)
    return fields


def _participant_part(context: _Context, fields: _ParticipantFields, part: str, line: int) -> bool:
    """Reads a time or an item part of a participant's line into `fields`; False for any other part."""
    if match := _FROM.match(part):
        fields.start = _checked_time(context, match.group("time"), line)
    elif match := _UNTIL.match(part):
        fields.until = _checked_time(context, match.group("time"), line)
    elif match := spec.ITEM_LIST.match(part):
        fields.items += spec.item_list(match.group("list"))
    elif match := spec.NOT_ITEMS.match(part):
        fields.not_items += spec.item_list(match.group("list"))
    elif match := spec.FROM_ITEM.match(part):
        fields.from_item = int(match.group("number"))
    elif match := spec.UNTIL_ITEM.match(part):
        fields.until_item = int(match.group("number"))
    else:
        return False
    return True


def _shortened(text: str, limit: int = 60) -> str:
    """A value quoted in a message, cut short: a pasted paragraph need not be repeated whole."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _item_numbers(context: _Context, entry: dict[str, Any], key: str, line: int) -> list[int]:
    raw = entry.get(key) or []
    items = raw if isinstance(raw, list) else [raw]
    if not all(isinstance(i, int) and not isinstance(i, bool) and 0 < i < 10**spec.MAX_ITEM_NUMBER_DIGITS for i in items):
        context.error(line, "bad_item_list", field=key)
        return []
    return items


def _participant_mapping(context: _Context, entry: dict[str, Any], line: int) -> _ParticipantFields | None:
    for key in entry:
        if key not in spec.PARTICIPANT_KEYS:
            context.error(line, "unknown_field", field=key, known=", ".join(spec.PARTICIPANT_KEYS))
    name = entry.get("namn")
    if not isinstance(name, str) or not name.strip():
        context.error(line, "participant_no_name", text=str(entry)[:80])
        return None
    place = entry.get("kommun") or entry.get("organisation")
    if place is not None and not isinstance(place, str):
        context.error(line, "field_not_text", field="kommun")
        place = None
    times = [entry.get(k) for k in ("från", "till")]
    start, until = (_checked_time(context, str(t), line) if t is not None else None for t in times)
    items, not_items = _item_numbers(context, entry, "punkter", line), _item_numbers(context, entry, "ej punkter", line)
    return _ParticipantFields(name.strip(), place.strip() if place else None, start, until, items, not_items)


def _checked_time(context: _Context, text: str, line: int) -> str | None:
    time = normalise_time(text)
    if time is None:
        context.error(line, "bad_time", value=text[:40])
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
    context.unknown_name(line, unknown_name_message(registers, "municipality", place, context.strings))
    participant.organisation = place  # shown as written in a draft


def _check_dates(context: _Context, protocol: Protocol) -> None:
    """The file name, the number's year, the approval and the corrections agree with the meeting's date."""
    _check_file_name(context, protocol.body, protocol.date)
    if protocol.number and int(protocol.number.split("/")[1]) != protocol.date.year:
        context.error(context.line("nummer"), "number_year_mismatch", number=protocol.number, year=protocol.date.year)
    if protocol.approval_date and protocol.approval_date < protocol.date:
        approved, date = protocol.approval_date.isoformat(), protocol.date.isoformat()
        context.error(context.line("justering", "datum"), "approval_before_meeting", approved=approved, date=date)
    for correction in protocol.corrections:
        if correction.date < protocol.date:
            context.error(correction.line, "correction_before_meeting", date=correction.date.isoformat())


def _check_approval(context: _Context, protocol: Protocol, has_approval: bool) -> None:
    """An approved protocol says when it was approved and by whom."""
    if not has_approval:
        context.error(context.line("status"), "approval_missing")
        return
    if protocol.approval_date is None:
        context.error(context.line("justering"), "approval_date_missing")
    if not protocol.adjusters:
        context.error(context.line("justering"), "adjusters_missing")


def _check_assignments(context: _Context, protocol: Protocol) -> None:
    """Each assignment names a decision of this protocol, once, and a deadline after the meeting."""
    clauses = {item.number: len(item.decisions) for item in protocol.items}
    seen: set[tuple[int, int]] = set()
    for assignment in protocol.assignments:
        key = (assignment.item, assignment.ordinal)
        if clauses.get(assignment.item, 0) < assignment.ordinal:
            context.error(assignment.line, "assignment_no_such_decision", item=assignment.item, ordinal=assignment.ordinal,
                          count=clauses.get(assignment.item, 0))  # fmt: skip
        elif key in seen:
            context.error(assignment.line, "assignment_twice", item=assignment.item, ordinal=assignment.ordinal)
        seen.add(key)
        if assignment.deadline is not None and assignment.deadline <= protocol.date:
            context.error(assignment.line, "assignment_deadline_before_meeting", deadline=assignment.deadline.isoformat())
    if protocol.status is Status.DRAFT:
        _suggest_assignments(context, protocol, seen)


def _suggest_assignments(context: _Context, protocol: Protocol, marked: set[tuple[int, int]]) -> None:
    """In a draft, a clause worded as a task ("återkopplar senast nästa möte") that is not marked: a
    suggestion, never a mark, since only the secretary knows whether it is one."""
    for item in protocol.items:
        for decision in item.decisions:
            cues = list(dict.fromkeys(m.lower() for m in spec.ASSIGNMENT_CUES.findall(decision.text)))
            if cues and (item.number, decision.ordinal) not in marked:
                words = ", ".join(f"'{cue}'" for cue in cues)
                context.report(Level.INFO, decision.line, "assignment_suggested", item=item.number, ordinal=decision.ordinal, words=words)


def _check_presence_times(context: _Context, protocol: Protocol) -> None:
    """A warning for someone present from or until a time outside the meeting's."""
    if not (protocol.start and protocol.end):
        return
    for person in protocol.present:
        for time in (person.present_from, person.present_until):
            if time and not protocol.start <= time <= protocol.end:
                context.report(Level.WARNING, person.line, "presence_outside_meeting", name=person.name, time=time)


def _check_item_references(context: _Context, protocol: Protocol) -> None:
    """Guests and attachments name items the protocol has."""
    numbers = {item.number for item in protocol.items}
    for person in protocol.guests + protocol.present:
        for number in [*person.items, *person.not_items]:
            if number not in numbers:
                context.error(person.line, "guest_item_missing", name=person.name, item=number)
    for attachment in protocol.attachments:
        if attachment.item is not None and attachment.item not in numbers:
            context.error(attachment.line, "attachment_item_missing", item=attachment.item)


def _check_file_name(context: _Context, body: str, date: dt.date) -> None:
    """The file's place in the archive must match its front-matter, or two files could claim one URL."""
    path = PurePosixPath(context.path)
    if path.stem != date.isoformat():
        context.error(context.line("datum"), "file_date_mismatch", name=path.name, date=date.isoformat())
    if body and path.parent.name != body:
        context.error(context.line("organ"), "file_body_mismatch", folder=path.parent.name, body=body)


def _check_attendance(context: _Context, protocol: Protocol) -> None:
    present = {p.name for p in protocol.present}
    absent = {p.name for p in protocol.absent}
    for person in protocol.absent:
        if person.name in present:
            context.error(person.line, "both_present_and_absent", name=person.name)
    # who chaired or kept the minutes was there: an absent one is a slip in either list
    for field_name, name, key in (("ordförande", protocol.chair, "chair_absent"), ("sekreterare", protocol.secretary, "secretary_absent")):
        if name is not None and name in absent:
            context.error(context.line(field_name), key, name=name)
    for index, name in enumerate(protocol.adjusters):
        if name not in present:
            context.error(context.line("justering", "justerare", index), "adjuster_not_present", name=name)
    seen: set[str] = set()
    for person in protocol.present + protocol.absent + protocol.guests:
        if person.name in seen:
            context.error(person.line, "listed_twice", name=person.name)
        seen.add(person.name)


# --- the Markdown body ---------------------------------------------------------------------------


def _check_unsafe_body(context: _Context, body: str, first_line: int) -> None:
    for unsafe in safety.find_unsafe_markdown(body):
        line, column = safety.position(body, unsafe.offset, first_line)
        key = {"html": "html_in_text", "link": "unsafe_link", "image": "image_in_text"}[unsafe.kind]
        context.report(Level.ERROR, line, key, column, found=unsafe.text)


@dataclass
class _ItemDraft:
    heading: str
    line: int
    text: list[str]
    decisions: list[Decision]
    has_mark: bool = False
    reports: list[Report] = field(default_factory=list)


def _items(context: _Context, body: str, first_line: int) -> tuple[str, list[Item], bool]:
    """The preamble, the items, and whether the items were numbered here (the original has no numbers)."""
    preamble: list[str] = []
    drafts: list[_ItemDraft] = []
    in_decisions = False
    in_fence = False
    for paragraph, line in _paragraphs(body, first_line):
        head = paragraph[0]
        if spec.FENCE.match(head):
            in_fence = not in_fence if len(paragraph) == 1 or not spec.FENCE.match(paragraph[-1]) else in_fence
        if not in_fence:
            _check_headings(context, paragraph, line, before_items=not drafts)
        if not in_fence and (match := spec.ITEM_HEADING.match(head)) and not head.startswith("###"):
            drafts.append(_ItemDraft(match.group("title"), line, [], []))
            in_decisions = False
            paragraph, line = paragraph[1:], line + 1
            if not paragraph:
                continue
            head = paragraph[0]
        target = drafts[-1] if drafts else None
        if not in_fence and spec.DECISION_MARK.match(head):
            if target is None:
                context.error(line, "decision_before_items")
                continue
            in_decisions, target.has_mark = True, True
            paragraph, line = paragraph[1:], line + 1
            if not paragraph:
                continue
            head = paragraph[0]
        if in_decisions and target is not None:
            _add_to_decisions(context, target, paragraph, line)
            continue
        _add_text(context, target, preamble, paragraph, line, in_fence)
    items, numbered_in_order = _numbered(context, drafts)
    return "\n\n".join(preamble), items, numbered_in_order


def _check_headings(context: _Context, paragraph: list[str], line: int, before_items: bool) -> None:
    """Headings the page could not show as written: level 1 is the protocol's title alone, a heading
    before the first item sits above the attendance, and a text underlined with '===' or '---' becomes a
    level 1 or 2 heading. Protocol text is sanitised to the headings an item may hold (### to ######), so
    these would be shown as plain text."""
    head = paragraph[0]
    if spec.LEVEL_ONE_HEADING.match(head):
        context.error(line, "heading_level_one", heading=head[:60], title=head.lstrip("# ")[:60])
    elif before_items and spec.ANY_HEADING.match(head) and not spec.ITEM_HEADING.match(head):
        context.error(line, "heading_before_items", heading=head[:60])
    # Markdown reads a block's second line as an underline (a later '---' is a rule, a later '===' text)
    start = 1 if spec.ANY_HEADING.match(head) else 0  # an item's text is a block of its own after its heading
    if len(paragraph) > start + 1 and spec.SETEXT_UNDERLINE.match(paragraph[start + 1]):
        text, underline = paragraph[start], paragraph[start + 1]
        context.error(line + start + 1, "setext_heading", underline=underline.strip()[:20], text=text[:60])


def _add_text(context: _Context, item: _ItemDraft | None, preamble: list[str], paragraph: list[str], line: int, in_fence: bool) -> None:
    """A paragraph of an item's text (or of the preamble), its "Redovisar:" lines taken out."""
    if not in_fence:
        paragraph = _take_reports(context, item, paragraph, line)
        if not paragraph:
            return
        if paragraph[0].startswith("att "):
            context.error(line, "clause_outside_decision", start=paragraph[0][:40])
    (item.text if item else preamble).append("\n".join(paragraph))


def _take_reports(context: _Context, item: _ItemDraft | None, paragraph: list[str], line: int) -> list[str]:
    """Lines "Redovisar: <id>, <id>" of a paragraph become the item's reports; the rest is its text."""
    kept = []
    for offset, text in enumerate(paragraph):
        match = spec.REPORT_LINE.match(text.strip())
        if match is None:
            kept.append(text)
            continue
        if item is None:
            context.error(line + offset, "report_outside_item")
            continue
        for assignment_id in (part.strip() for part in match["ids"].split(",")):
            if spec.DECISION_ID.match(assignment_id):
                item.reports.append(Report(assignment_id.lower(), line + offset))
            else:
                context.error(line + offset, "report_bad_id", value=_shortened(assignment_id))
    return kept


def _add_to_decisions(context: _Context, item: _ItemDraft, paragraph: list[str], line: int) -> None:
    """A paragraph under "Beslut": a new clause, a "Medskick" to the clause before it, or an error."""
    head, text = paragraph[0], "\n".join(paragraph)
    if spec.CLAUSE.match(head):
        item.decisions.append(Decision(len(item.decisions) + 1, text, line))
    elif spec.ADDENDUM.match(head) and item.decisions:
        item.decisions[-1].text += "\n\n" + text
    else:
        context.error(line, "paragraph_in_decision", start=head[:40])


def _numbered(context: _Context, drafts: list[_ItemDraft]) -> tuple[list[Item], bool]:
    """Items keep the number written in their heading, and written numbers run without gaps or repeats.
    A protocol that numbers none of its items (unnumbered or time-stamped headings) is numbered in order."""
    headings = [_heading(draft.heading) for draft in drafts]
    written = [number for number, _, _ in headings]
    numbered_in_order = all(number is None for number in written)
    items = []
    expected: int | None = None
    for ordinal, (draft, (number, time, title)) in enumerate(zip(drafts, headings, strict=False), start=1):
        if draft.has_mark and not draft.decisions:
            context.error(draft.line, "decision_without_clause", item=draft.heading)
        if numbered_in_order:
            number = ordinal
        elif number is None:
            context.error(draft.line, "item_unnumbered", heading=draft.heading, number=expected or ordinal)
            number = expected or ordinal
        elif expected is not None and number != expected:
            key = "numbering_repeat" if number < expected else "numbering_gap"
            context.error(draft.line, key, heading=draft.heading, expected=expected, found=number)
        expected = number + 1
        items.append(Item(ordinal, number, time, title, "\n\n".join(draft.text), draft.decisions, draft.line, draft.reports))
    return items, numbered_in_order


def _paragraphs(body: str, first_line: int) -> list[tuple[list[str], int]]:
    """Blank-line separated blocks with the line each starts on; a heading is always its own block's head.
    Trailing spaces go: a line break in protocol text is a line break on the page anyway."""
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


def _heading(heading: str) -> tuple[int | None, str | None, str]:
    """(number as written, time, title) of an item heading such as '4. Title', '§ 4 13.15 Title'."""
    clean = heading.replace("**", "").strip()
    number = None
    if match := spec.ITEM_NUMBER.match(clean):
        number = int(match.group("number") or match.group("paragraph"))
        clean = match.group("title").strip()
    if match := spec.ITEM_TIME.match(clean):
        time = normalise_time(match.group("time"))
        if time is not None:
            return number, time, match.group("title").strip()
    return number, None, clean
