"""Reading the registers in `protocols/`: bodies, municipalities, organisations, people and projects.

Registers hold plain text. Each name (and alias) is unique within its register, compared as
`model.name_key` compares names; a name that differs from a registered one only by look-alike or
invisible characters is reported with the character, not with a suggestion that looks identical.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..strings import Strings
from ..text import closest, describe_character, odd_characters, skeleton, slugify
from . import safety, source
from .model import Body, Finding, Level, Municipality, Organisation, Person, Project, Publisher, Registers, Shortcoming, name_key
from .spec import (
    ACCESSIBILITY_KEYS,
    APPROVER_ROLES,
    APPROVERS_KEY,
    BODIES_FILE,
    BODY_KEYS,
    DEFAULT_APPROVERS,
    GITHUB_HANDLE,
    MUNICIPALITIES_FILE,
    MUNICIPALITY_KEYS,
    ORGANISATION_KEYS,
    ORGANISATIONS_FILE,
    PEOPLE_FILE,
    PERSON_KEYS,
    PROJECT_KEYS,
    PROJECT_STATUSES,
    PROJECTS_FILE,
    PUBLISHER_FILE,
    PUBLISHER_KEYS,
    TERMS_KEY,
)
from .terms import Term

_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[A-Za-z]{2,}$")


def unknown_field(field: object, known: tuple[str, ...]) -> tuple[str, dict[str, Any]]:
    """The message key and its values for a field not in `known`: the known field closest to it, or all."""
    suggestion = closest(str(field), known)
    if suggestion:
        return "unknown_field_suggest", {"field": str(field), "suggestion": suggestion}
    return "unknown_field", {"field": str(field), "known": ", ".join(known)}


def unknown_name_message(registers: Registers, kind: str, name: str, strings: Strings) -> str:
    """What to say of a name not in the register of `kind` ("person" or "municipality", which also
    covers organisations): the look-alike character, the closest registered name, or where to add it."""
    if kind == "person":
        candidates = [p.name for p in registers.people.values()]
        for person in registers.people.values():
            candidates += person.aliases
    else:
        candidates = [m.name for m in registers.municipalities.values()] + [o.name for o in registers.organisations.values()]
    looks = skeleton(name)
    same_looking = next((c for c in candidates if skeleton(c) == looks), None)
    odd = odd_characters(name)
    if same_looking is not None and odd:
        characters = ", ".join(describe_character(c, strings.section("characters")) for c in odd)
        return strings(f"messages.unknown_{kind}_lookalike", name=name, registered=same_looking, characters=characters)
    suggestion = closest(name, candidates)
    if suggestion:
        return strings(f"messages.unknown_{kind}_suggest", name=name, suggestion=suggestion)
    if kind == "person":
        return strings("messages.unknown_person", name=name, register=PEOPLE_FILE)
    return strings("messages.unknown_municipality", name=name, known=", ".join(candidates))


class _Reader:
    """Collects findings while reading one register file."""

    def __init__(self, root: Path, name: str, strings: Strings, findings: list[Finding], prefix: str = "") -> None:
        self.path = f"{prefix.rstrip('/')}/{name}" if prefix else name
        self.strings = strings
        self.findings = findings
        self.doc = source.Located(None)
        self.names: dict[str, tuple[str, int]] = {}  # name_key -> (name, line), for duplicates
        file = root / name
        if not file.exists():
            return
        try:
            if not file.is_file():
                raise source.SourceError("not_a_file", 1)
            self.doc = source.load_yaml(source.read_text(file.read_bytes()))
        except source.SourceError as problem:
            self.error(problem.line, problem.key, column=problem.column, **problem.values)
        except OSError as error:
            self.error(1, "unreadable_file", detail=error.strerror or str(error))
        for path, text in self.doc.written.items():
            for unsafe in safety.find_html(text):
                self.error(self.doc.line(*path), "html_in_register", found=unsafe.text)

    def error(self, line: int, message_key: str, /, column: int = 1, hint: str = "", **values: Any) -> None:
        message = self.strings(f"messages.{message_key}", **values)
        self.findings.append(Finding(self.path, line, column, Level.ERROR, message, hint))

    def entries(self) -> list[tuple[Any, Any]]:
        """(index, entry) for a list register; a mapping register gives (key, value)."""
        value = self.doc.value
        if value is None:
            return []
        if isinstance(value, list):
            return list(enumerate(value))
        if isinstance(value, dict):
            return list(value.items())
        self.error(1, "register_not_list")
        return []

    def records(self, shorthand: Callable[[str], dict[str, Any]], known: tuple[str, ...]) -> Iterator[tuple[Any, dict[str, Any]]]:
        """(key, fields) of each entry; an entry written as a text is expanded by `shorthand`. A field not
        in `known` is an error at its line, with the known field it is closest to."""
        for key, entry in self.entries():
            if isinstance(entry, str):
                yield key, shorthand(entry)
            elif isinstance(entry, dict):
                self._unknown_fields(entry, key, known)
                yield key, entry
            else:
                self.error(self.doc.line(key), "register_entry_invalid")

    def _unknown_fields(self, entry: dict[str, Any], key: Any, known: tuple[str, ...]) -> None:
        for field_name in entry:
            if field_name not in known:
                message, detail = unknown_field(field_name, known)
                self.error(self.doc.line(key, field_name), message, **detail)

    def text(self, entry: dict[str, Any], key: str, where: tuple[Any, ...], required: bool = False) -> str:
        value = entry.get(key)
        if value is None:
            if required:
                self.error(self.doc.line(*where), "missing_field", field=key)
            return ""
        if isinstance(value, (list, dict)):
            self.error(self.doc.line(*where, key), "field_not_text", field=key)
            return ""
        written = self.doc.text(*where, key)
        text = (written if written is not None else str(value)).strip()
        if required and not text:
            self.error(self.doc.line(*where), "field_empty", field=key)
        return text

    def texts(self, entry: dict[str, Any], key: str, where: tuple[Any, ...]) -> tuple[str, ...]:
        value = entry.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value.strip(),)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(self.doc.line(*where, key), "field_not_list", field=key)
            return ()
        return tuple(v.strip() for v in value)

    def unique(self, names: tuple[str, ...], line: int) -> bool:
        """Whether none of `names` is already in this register; a repeat is an error naming both lines."""
        for name in names:
            key = name_key(name)
            if key in self.names:
                other, other_line = self.names[key]
                self.error(line, "duplicate_entry", name=name, other=other, line=other_line)
                return False
        for name in names:
            self.names.setdefault(name_key(name), (name, line))
        return True


def load_registers(root: Path, strings: Strings, prefix: str = "") -> tuple[Registers, list[Finding]]:
    """Read every register under `root`; findings name files as `prefix/name`."""
    findings: list[Finding] = []
    registers = Registers()
    bodies = _Reader(root, BODIES_FILE, strings, findings, prefix)
    _read_bodies(bodies, registers)
    _read_municipalities(_Reader(root, MUNICIPALITIES_FILE, strings, findings, prefix), registers)
    _read_organisations(_Reader(root, ORGANISATIONS_FILE, strings, findings, prefix), registers)
    _read_people(_Reader(root, PEOPLE_FILE, strings, findings, prefix), registers)
    _read_projects(_Reader(root, PROJECTS_FILE, strings, findings, prefix), registers)
    registers.publisher = _read_publisher(_Reader(root, PUBLISHER_FILE, strings, findings, prefix))
    if not registers.bodies:
        findings.append(Finding(bodies.path, 1, 1, Level.ERROR, strings("messages.no_bodies")))
    return registers, findings


def _name_only(text: str) -> dict[str, Any]:
    return {"namn": text}


def _read_bodies(reader: _Reader, registers: Registers) -> None:
    for key, data in reader.records(_name_only, BODY_KEYS):
        name = reader.text(data, "namn", (key,), required=True) or str(key)
        slug = str(key) if isinstance(key, str) else slugify(name)
        if slug != slugify(slug):
            reader.error(reader.doc.line(key), "bad_body_slug", slug=slug, suggestion=slugify(slug))
            continue
        if not reader.unique((name,), reader.doc.line(key)):
            continue
        body = Body(
            slug=slug,
            name=name,
            short=reader.text(data, "förkortning", (key,)) or name[:3].upper(),
            reference_words=reader.texts(data, "referensord", (key,)),
            description=reader.text(data, "beskrivning", (key,)),
            standard_items=reader.texts(data, "standardpunkter", (key,)),
            approvers=_approver_roles(reader, data, key),
            terms=_terms(reader, data, key),
        )
        registers.bodies[body.slug] = body
        registers.lines[("body", body.slug)] = (reader.path, reader.doc.line(key))


def _approver_roles(reader: _Reader, data: dict[str, Any], key: Any) -> tuple[str, ...]:
    """A body's `justeras av`: the roles whose approval justering requires."""
    if data.get(APPROVERS_KEY) is None:
        return DEFAULT_APPROVERS
    roles = reader.texts(data, APPROVERS_KEY, (key,))
    unknown = [role for role in roles if role not in APPROVER_ROLES]
    for role in unknown:
        reader.error(reader.doc.line(key, APPROVERS_KEY), "unknown_approver_role", role=role, known=", ".join(APPROVER_ROLES))
    return tuple(role for role in roles if role in APPROVER_ROLES) or DEFAULT_APPROVERS


def _terms(reader: _Reader, data: dict[str, Any], key: Any) -> tuple[Term, ...]:
    """A body's own `mandatperioder`: each with `från` and `till` (and a `namn`), in order, not overlapping."""
    entries = data.get(TERMS_KEY)
    if entries is None:
        return ()
    if not isinstance(entries, list):
        reader.error(reader.doc.line(key, TERMS_KEY), "field_not_list", field=TERMS_KEY)
        return ()
    terms: list[Term] = []
    for index, entry in enumerate(entries):
        line = reader.doc.line(key, TERMS_KEY, index)
        start = entry.get("från") if isinstance(entry, dict) else None
        end = entry.get("till") if isinstance(entry, dict) else None
        if not isinstance(start, dt.date) or not isinstance(end, dt.date) or end < start:
            reader.error(line, "term_invalid")
            continue
        if terms and start <= terms[-1].end:
            reader.error(line, "term_overlaps", name=terms[-1].name)
            continue
        name = reader.text(entry, "namn", (key, TERMS_KEY, index)) or f"{start.year}–{end.year}"
        terms.append(Term(name, start, end))
    return tuple(terms)


def _read_municipalities(reader: _Reader, registers: Registers) -> None:
    for key, data in reader.records(_name_only, MUNICIPALITY_KEYS):
        name = reader.text(data, "namn", (key,), required=True)
        if name and reader.unique((name,), reader.doc.line(key)):
            municipality = Municipality(slugify(name), name)
            registers.municipalities[municipality.slug] = municipality
            registers.add("municipality", municipality.slug, (name,))


def _read_organisations(reader: _Reader, registers: Registers) -> None:
    for key, data in reader.records(_name_only, ORGANISATION_KEYS):
        name = reader.text(data, "namn", (key,), required=True)
        aliases = reader.texts(data, "alias", (key,))
        if name and reader.unique((name, *aliases), reader.doc.line(key)):
            organisation = Organisation(slugify(name), name, aliases)
            registers.organisations[organisation.slug] = organisation
            registers.add("organisation", organisation.slug, (name, *aliases))


def _split_person(text: str) -> dict[str, Any]:
    name, _, place = text.partition(",")
    return {"namn": name.strip(), "kommun": place.strip() or None}


def _github_handle(reader: _Reader, data: dict[str, Any], key: Any, handles: dict[str, tuple[str, int]]) -> str:
    """A person's `github`: a valid user name, written with or without '@', held by no one else."""
    written = reader.text(data, "github", (key,)).removeprefix("@")
    if not written:
        return ""
    line = reader.doc.line(key, "github")
    if not GITHUB_HANDLE.fullmatch(written):
        reader.error(line, "bad_github_handle", handle=written)
        return ""
    other = handles.get(written.lower())
    if other is not None:
        reader.error(line, "duplicate_github_handle", handle=written, other=other[0], line=other[1])
        return ""
    handles[written.lower()] = (reader.text(data, "namn", (key,)), line)
    return written


def _read_people(reader: _Reader, registers: Registers) -> None:
    slugs: dict[str, str] = {}  # slug -> name: two names may not share a page
    handles: dict[str, tuple[str, int]] = {}  # GitHub handle (lower case) -> (name, line)
    for key, data in reader.records(_split_person, PERSON_KEYS):
        name = reader.text(data, "namn", (key,), required=True)
        line = reader.doc.line(key)
        aliases = reader.texts(data, "alias", (key,))
        if not name or not reader.unique((name, *aliases), line):
            continue
        if slugify(name) in slugs:
            reader.error(line, "duplicate_slug", name=name, other=slugs[slugify(name)], slug=slugify(name))
            continue
        place = reader.text(data, "kommun", (key,)) or None
        municipality = registers.municipality_by_name(place) if place else None
        organisation_name = reader.text(data, "organisation", (key,)) or None
        if place and municipality is None:
            organisation = registers.organisation_by_name(place)
            if organisation is not None:
                organisation_name = organisation.name
            else:
                reader.error(
                    reader.doc.line(key, "kommun"),
                    "register_unknown_place",
                    detail=unknown_name_message(registers, "municipality", place, reader.strings),
                )
        person = Person(
            slug=slugify(name),
            name=name,
            municipality=municipality.name if municipality else None,
            organisation=organisation_name,
            title=reader.text(data, "titel", (key,)),
            aliases=aliases,
            github=_github_handle(reader, data, key, handles),
        )
        slugs[person.slug] = name
        registers.people[person.slug] = person
        registers.add("person", person.slug, (name, *aliases))
        registers.lines[("person", person.slug)] = (reader.path, line)


def _read_projects(reader: _Reader, registers: Registers) -> None:
    for key, data in reader.records(_name_only, PROJECT_KEYS):
        name = reader.text(data, "namn", (key,), required=True)
        aliases = reader.texts(data, "alias", (key,))
        if not name or not reader.unique((name, *aliases), reader.doc.line(key)):
            continue
        contacts = reader.texts(data, "kontaktpersoner", (key,))
        for index, contact in enumerate(contacts):
            if not registers.person_by_name(contact):
                detail = unknown_name_message(registers, "person", contact, reader.strings)
                reader.error(reader.doc.line(key, "kontaktpersoner", index), "register_unknown_person", detail=detail)
        municipalities = reader.texts(data, "kommuner", (key,))
        for index, place in enumerate(municipalities):
            if not registers.municipality_by_name(place):
                detail = unknown_name_message(registers, "municipality", place, reader.strings)
                reader.error(reader.doc.line(key, "kommuner", index), "register_unknown_place", detail=detail)
        status = reader.text(data, "status", (key,))
        if status and status not in PROJECT_STATUSES:
            reader.error(reader.doc.line(key, "status"), "unknown_project_status", status=status, allowed=", ".join(PROJECT_STATUSES))
        project = Project(
            slug=slugify(name),
            name=name,
            aliases=aliases,
            contacts=tuple(p.name for c in contacts if (p := registers.person_by_name(c))),
            municipalities=tuple(m.name for c in municipalities if (m := registers.municipality_by_name(c))),
            status=status,
            description=reader.text(data, "beskrivning", (key,)),
        )
        if project.slug in registers.projects:
            other = registers.projects[project.slug].name
            reader.error(reader.doc.line(key), "duplicate_slug", name=name, other=other, slug=project.slug)
            continue
        registers.projects[project.slug] = project
        registers.add("project", project.slug, (name, *aliases))
        registers.lines[("project", project.slug)] = (reader.path, reader.doc.line(key))


def _read_publisher(reader: _Reader) -> Publisher | None:
    """The publisher (utgivare.yml): a mapping of fields, not a list."""
    data = reader.doc.value
    if data is None:
        return None
    if not isinstance(data, dict):
        reader.error(1, "register_entry_invalid")
        return None
    for key in data:
        if key not in PUBLISHER_KEYS:
            reader.error(reader.doc.line(key), "unknown_field", field=key, known=", ".join(PUBLISHER_KEYS))
    name = reader.text(data, "namn", (), required=True)
    email = reader.text(data, "e-post", (), required=True)
    if email and not _EMAIL.match(email):
        reader.error(reader.doc.line("e-post"), "bad_email", field="e-post", value=email)
    optional = {
        field: reader.text(data, key, ())
        for field, key in (("organisation_number", "organisationsnummer"), ("address", "postadress"), ("phone", "telefon"))
    }
    licence = {
        field: value for field, key in (("licence", "licens"), ("licence_url", "licensadress")) if (value := reader.text(data, key, ()))
    }
    assessed, assessment, shortcomings = _read_accessibility(reader, data.get("tillgänglighet") or {})
    if not name or not email:
        return None
    return Publisher(
        name,
        email,
        **optional,
        **licence,
        assessed=assessed,
        assessment=assessment,
        shortcomings=shortcomings,
    )


def _read_accessibility(reader: _Reader, accessibility: object) -> tuple[dt.date | None, str, tuple[Shortcoming, ...]]:
    """The publisher's `tillgänglighet`: date and method of the last assessment, the known shortcomings."""
    if not isinstance(accessibility, dict):
        reader.error(reader.doc.line("tillgänglighet"), "register_entry_invalid")
        return None, "", ()
    for key in accessibility:
        if key not in ACCESSIBILITY_KEYS:
            reader.error(reader.doc.line("tillgänglighet", key), "unknown_field", field=key, known=", ".join(ACCESSIBILITY_KEYS))
    assessed = accessibility.get("bedömd")
    if assessed is not None and not isinstance(assessed, dt.date):
        reader.error(reader.doc.line("tillgänglighet", "bedömd"), "bad_date", field="tillgänglighet.bedömd", value=assessed)
        assessed = None
    shortcomings = []
    for index, entry in enumerate(accessibility.get("brister") or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            reader.error(reader.doc.line("tillgänglighet", "brister", index), "register_entry_invalid")
            continue
        shortcomings.append(Shortcoming(entry["text"], str(entry.get("kriterium") or ""), str(entry.get("axe") or "")))
    return assessed, reader.text(accessibility, "metod", ("tillgänglighet",)), tuple(shortcomings)
