"""Reading the registers in `protocols/`: bodies, municipalities, organisations, people and projects."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import yamlsource
from .model import Body, Finding, Level, Municipality, Organisation, Person, Project, Registers
from .strings import Strings
from .text import closest, slugify

BODIES_FILE = "organ.yml"
MUNICIPALITIES_FILE = "kommuner.yml"
ORGANISATIONS_FILE = "organisationer.yml"
PEOPLE_FILE = "personer.yml"
PROJECTS_FILE = "projekt.yml"
REGISTER_FILES = (BODIES_FILE, MUNICIPALITIES_FILE, ORGANISATIONS_FILE, PEOPLE_FILE, PROJECTS_FILE)
PROJECT_STATUSES = ("idé", "prioriterad", "planerad", "pågående", "avslutad")


class _Reader:
    """Collects findings while reading one register file."""

    def __init__(self, root: Path, name: str, strings: Strings, findings: list[Finding], prefix: str = "") -> None:
        self.path = f"{prefix.rstrip('/')}/{name}" if prefix else name
        self.strings = strings
        self.findings = findings
        self.doc = yamlsource.Located(None)
        file = root / name
        if not file.exists():
            return
        try:
            self.doc = yamlsource.load(yamlsource.decode(file.read_bytes()))
        except yamlsource.YamlProblem as problem:
            self.error(problem.line, problem.key, column=problem.column, **problem.values)

    def error(self, line: int, message_key: str, /, column: int = 1, hint: str = "", **values: Any) -> None:
        message = self.strings(f"messages.{message_key}", **values)
        self.findings.append(Finding(self.path, line, column, Level.ERROR, message, hint))

    def entries(self) -> list[tuple[int, Any]]:
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

    def text(self, entry: dict[str, Any], key: str, where: tuple[Any, ...], required: bool = False) -> str:
        value = entry.get(key)
        if value is None:
            if required:
                self.error(self.doc.line(*where), "missing_field", field=key)
            return ""
        if not isinstance(value, (str, int, float)):
            self.error(self.doc.line(*where, key), "field_not_text", field=key)
            return ""
        return str(value).strip()

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


def load_registers(root: Path, strings: Strings, prefix: str = "") -> tuple[Registers, list[Finding]]:
    findings: list[Finding] = []
    registers = Registers()
    bodies = _Reader(root, BODIES_FILE, strings, findings, prefix)
    _read_bodies(bodies, registers)
    _read_municipalities(_Reader(root, MUNICIPALITIES_FILE, strings, findings, prefix), registers)
    _read_organisations(_Reader(root, ORGANISATIONS_FILE, strings, findings, prefix), registers)
    _read_people(_Reader(root, PEOPLE_FILE, strings, findings, prefix), registers)
    _read_projects(_Reader(root, PROJECTS_FILE, strings, findings, prefix), registers)
    if not registers.bodies:
        findings.append(Finding(bodies.path, 1, 1, Level.ERROR, strings("messages.no_bodies")))
    return registers, findings


def _mapping(reader: _Reader, key: Any, entry: Any, shorthand: Callable[[str], dict[str, Any]]) -> dict[str, Any] | None:
    if isinstance(entry, str):
        return shorthand(entry)
    if isinstance(entry, dict):
        return entry
    reader.error(reader.doc.line(key), "register_entry_invalid")
    return None


def _read_bodies(reader: _Reader, registers: Registers) -> None:
    for slug, entry in reader.entries():
        data = _mapping(reader, slug, entry, lambda s: {"namn": s})
        if data is None:
            continue
        name = reader.text(data, "namn", (slug,), required=True) or str(slug)
        body = Body(
            slug=str(slug) if isinstance(slug, str) else slugify(name),
            name=name,
            short=reader.text(data, "förkortning", (slug,)) or name[:3].upper(),
            reference_words=reader.texts(data, "referensord", (slug,)),
            description=reader.text(data, "beskrivning", (slug,)),
            standard_items=reader.texts(data, "standardpunkter", (slug,)),
        )
        registers.bodies[body.slug] = body
        registers.lines[("body", body.slug)] = (reader.path, reader.doc.line(slug))


def _read_municipalities(reader: _Reader, registers: Registers) -> None:
    for key, entry in reader.entries():
        data = _mapping(reader, key, entry, lambda s: {"namn": s})
        if data is None:
            continue
        name = reader.text(data, "namn", (key,), required=True)
        if name:
            municipality = Municipality(slugify(name), name)
            registers.municipalities[municipality.slug] = municipality
            registers.add("municipality", municipality.slug, (name,))


def _read_organisations(reader: _Reader, registers: Registers) -> None:
    for key, entry in reader.entries():
        data = _mapping(reader, key, entry, lambda s: {"namn": s})
        if data is None:
            continue
        name = reader.text(data, "namn", (key,), required=True)
        if name:
            organisation = Organisation(slugify(name), name, reader.texts(data, "alias", (key,)))
            registers.organisations[organisation.slug] = organisation
            registers.add("organisation", organisation.slug, (name, *organisation.aliases))


def _split_person(text: str) -> dict[str, Any]:
    name, _, place = text.partition(",")
    return {"namn": name.strip(), "kommun": place.strip() or None}


def _read_people(reader: _Reader, registers: Registers) -> None:
    for key, entry in reader.entries():
        data = _mapping(reader, key, entry, _split_person)
        if data is None:
            continue
        name = reader.text(data, "namn", (key,), required=True)
        if not name:
            continue
        municipality = reader.text(data, "kommun", (key,)) or None
        if municipality and not registers.municipality_by_name(municipality):
            organisation = registers.organisation_by_name(municipality)
            if organisation:
                data = {**data, "organisation": organisation.name}
                municipality = None
            else:
                _unknown_municipality(reader, registers, municipality, reader.doc.line(key, "kommun"))
                municipality = None
        person = Person(
            slug=slugify(name),
            name=name,
            municipality=registers.municipality_by_name(municipality).name if municipality else None,  # type: ignore[union-attr]
            organisation=reader.text(data, "organisation", (key,)) or None,
            title=reader.text(data, "titel", (key,)),
            aliases=reader.texts(data, "alias", (key,)),
        )
        if person.slug in registers.people:
            reader.error(reader.doc.line(key), "duplicate_person", name=name)
            continue
        registers.people[person.slug] = person
        registers.add("person", person.slug, (name, *person.aliases))
        registers.lines[("person", person.slug)] = (reader.path, reader.doc.line(key))


def _read_projects(reader: _Reader, registers: Registers) -> None:
    for key, entry in reader.entries():
        data = _mapping(reader, key, entry, lambda s: {"namn": s})
        if data is None:
            continue
        name = reader.text(data, "namn", (key,), required=True)
        if not name:
            continue
        contacts = reader.texts(data, "kontaktpersoner", (key,))
        for index, contact in enumerate(contacts):
            if not registers.person_by_name(contact):
                _unknown_person(reader, registers, contact, reader.doc.line(key, "kontaktpersoner", index))
        status = reader.text(data, "status", (key,))
        if status and status not in PROJECT_STATUSES:
            reader.error(
                reader.doc.line(key, "status"),
                "unknown_project_status",
                status=status,
                allowed=", ".join(PROJECT_STATUSES),
            )
        project = Project(
            slug=slugify(name),
            name=name,
            aliases=reader.texts(data, "alias", (key,)),
            contacts=contacts,
            municipalities=reader.texts(data, "kommuner", (key,)),
            status=status,
            description=reader.text(data, "beskrivning", (key,)),
        )
        registers.projects[project.slug] = project
        registers.add("project", project.slug, (name, *project.aliases))
        registers.lines[("project", project.slug)] = (reader.path, reader.doc.line(key))


def _unknown_municipality(reader: _Reader, registers: Registers, name: str, line: int) -> None:
    names = [m.name for m in registers.municipalities.values()] + [o.name for o in registers.organisations.values()]
    suggestion = closest(name, names)
    if suggestion:
        reader.error(line, "unknown_municipality_suggest", name=name, suggestion=suggestion)
    else:
        reader.error(line, "unknown_municipality", name=name, known=", ".join(names))


def _unknown_person(reader: _Reader, registers: Registers, name: str, line: int) -> None:
    suggestion = closest(name, [p.name for p in registers.people.values()])
    if suggestion:
        reader.error(line, "unknown_person_suggest", name=name, suggestion=suggestion)
    else:
        reader.error(line, "unknown_person", name=name, register=PEOPLE_FILE)
