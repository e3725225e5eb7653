"""A static OParl 1.1 endpoint under `oparl/v1/`: every object and list a plain JSON file.

OParl is the exchange format of German and Austrian council information systems; its clients and
validators read any archive that speaks it. The mapping:

- System (`system.json`) -> the list of Bodies (`bodies.json`), one Body per organ.
- A Body's Organizations: the organ itself, and each municipality and organisation someone represented.
- Persons: everyone an approved protocol names as present, absent or guest, or in a role.
- Memberships: a person's membership of the organ on behalf of a municipality ("ledamot"), and the roles
  chair, meeting leader and secretary, dated from the first to the last meeting that shows them (no end
  while they appear in the latest meeting).
- Meetings: one per approved protocol, with its Location, participants, agenda items and the protocol as
  `resultsProtocol` (a File: the published Markdown source, whose SHA-256 is the fingerprint).
- AgendaItems: number as written, title, decisions as `resolutionText`.

Ids are absolute URLs built from `site_url` and the organ's, person's and meeting's slugs and dates, so
they stay the same from build to build. `created` and `modified` come from the protocols' history
(approval and corrections), never from the build. What OParl has no field for is kept in extension
fields prefixed `pa:` (documented on the open-data page). Drafts never appear.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from ..format import source
from ..format.model import Body, Participant, Protocol
from ..format.spec import Status
from ..index import Index
from ..text import slugify
from . import changes, urls
from .output import DataFile, write_json
from .urls import UrlScheme

ROOT = "oparl/v1"
SCHEMA = "https://schema.oparl.org/1.1/"
PAGE_SIZE = 100  # objects per list page
TIMEZONE = ZoneInfo("Europe/Stockholm")
MEMBER, CHAIR, MEETING_LEADER, SECRETARY = "ledamot", "ordförande", "mötesledare", "sekreterare"
ROLES = ((CHAIR, "chair"), (MEETING_LEADER, "meeting_leader"), (SECRETARY, "secretary"))
LISTS = ("organizations", "persons", "meetings", "agenda-items", "memberships", "locations", "papers")
EPOCH = dt.date(1970, 1, 1)  # the history of an organ without approved protocols


def system_path() -> str:
    """Where a client starts."""
    return f"{ROOT}/system.json"


def _list_path(name: str, page: int, body: str | None = None) -> str:
    stem = f"{ROOT}/body/{body}/{name}" if body else f"{ROOT}/{name}"
    return f"{stem}.json" if page == 1 else f"{stem}-{page}.json"


def _object_path(body: str, kind: str, key: str) -> str:
    return f"{ROOT}/body/{body}/{kind}/{key}.json"


def _timestamp(day: dt.date, time: str | None = None) -> str:
    """A date-time in Swedish time with its offset ('2019-11-22T08:35:00+01:00'); midnight for a day."""
    hours, minutes = (int(part) for part in (time or "00:00").split(":"))
    return dt.datetime.combine(day, dt.time(hours, minutes), TIMEZONE).isoformat()


@dataclass
class _History:
    """When something first appeared in approved protocols, and when any of them last changed."""

    created: dt.date | None = None
    modified: dt.date | None = None

    def add(self, protocol: Protocol) -> None:
        self.created = min(filter(None, (self.created, protocol.created)))
        self.modified = max(filter(None, (self.modified, protocol.updated)))

    def fields(self) -> dict[str, str]:
        return {"created": _timestamp(self.created or EPOCH), "modified": _timestamp(self.modified or EPOCH)}


@dataclass
class _Membership:
    person: str  # person slug
    role: str
    on_behalf_of: str | None  # organization key
    first: dt.date
    last: dt.date
    history: _History = field(default_factory=_History)


@dataclass
class _BodyData:
    """What a body's OParl objects are made of, collected in one pass over its approved protocols."""

    body: Body
    protocols: list[Protocol] = field(default_factory=list)  # newest first
    people: dict[str, _History] = field(default_factory=dict)  # person slug -> history
    organizations: dict[str, tuple[str, str, _History]] = field(default_factory=dict)  # key -> (name, kind, history)
    memberships: dict[str, _Membership] = field(default_factory=dict)
    locations: dict[str, tuple[str, _History]] = field(default_factory=dict)  # key -> (place, history)
    history: _History = field(default_factory=_History)


class OParlWriter:
    """The endpoint's files for one build."""

    def __init__(self, index: Index, scheme: UrlScheme, site_name: str) -> None:
        self.index = index
        self.scheme = scheme
        self.site_name = site_name
        registers = index.archive.registers
        self.publisher = registers.publisher
        self.licence = self.publisher.licence_url if self.publisher else "https://creativecommons.org/publicdomain/zero/1.0/"
        self.bodies = {slug: self._collect(body) for slug, body in registers.bodies.items()}
        self.history = _History()
        for data in self.bodies.values():
            for protocol in data.protocols:
                self.history.add(protocol)

    def url(self, src: str, anchor: str = "") -> str:
        """An id or a link: absolute, from `site_url`."""
        return self.scheme.absolute(src, anchor)

    # --- collecting ------------------------------------------------------------------------------

    def _collect(self, body: Body) -> _BodyData:
        data = _BodyData(body)
        approved = [p for p in self.index.by_body.get(body.slug, []) if p.status is Status.APPROVED]
        data.protocols = sorted(approved, key=lambda p: p.date, reverse=True)
        data.organizations[body.slug] = (body.name, "organ", data.history)
        latest = data.protocols[0].date if data.protocols else None
        for protocol in reversed(data.protocols):  # oldest first: memberships run from first to last
            data.history.add(protocol)
            self._collect_people(data, protocol)
            if protocol.place:
                key = slugify(protocol.place)
                data.locations.setdefault(key, (protocol.place, _History()))[1].add(protocol)
        for membership in data.memberships.values():
            if membership.last == latest:
                membership.last = dt.date.max  # still a member: no end date
        return data

    def _collect_people(self, data: _BodyData, protocol: Protocol) -> None:
        members = [*protocol.present, *protocol.absent]
        for participant in [*members, *protocol.guests]:
            self._person(data, participant.name, protocol)
        for participant in members:
            organization = self._organization(data, participant, protocol)
            self._membership(data, participant.name, MEMBER, organization, protocol)
        for role, attribute in ROLES:
            name = getattr(protocol, attribute)
            if name:
                self._person(data, name, protocol)
                self._membership(data, name, role, None, protocol)
        for name in protocol.adjusters:
            self._person(data, name, protocol)

    def _person(self, data: _BodyData, name: str, protocol: Protocol) -> str | None:
        person = self.index.archive.registers.person_by_name(name)
        if person is None:
            return None
        data.people.setdefault(person.slug, _History()).add(protocol)
        return person.slug

    def _organization(self, data: _BodyData, participant: Participant, protocol: Protocol) -> str | None:
        registers = self.index.archive.registers
        if participant.municipality:
            municipality = registers.municipality_by_name(participant.municipality)
            key, name, kind = (f"kommun-{municipality.slug}", municipality.name, "kommun") if municipality else (None, "", "")
        elif participant.organisation:
            organisation = registers.organisation_by_name(participant.organisation)
            key, name, kind = (f"org-{organisation.slug}", organisation.name, "organisation") if organisation else (None, "", "")
        else:
            return None
        if key is None:
            return None
        data.organizations.setdefault(key, (name, kind, _History()))[2].add(protocol)
        return key

    def _membership(self, data: _BodyData, name: str, role: str, organization: str | None, protocol: Protocol) -> None:
        person = self.index.archive.registers.person_by_name(name)
        if person is None:
            return
        key = f"{person.slug}--{organization}" if role == MEMBER and organization else f"{person.slug}--{slugify(role)}"
        membership = data.memberships.setdefault(key, _Membership(person.slug, role, organization, protocol.date, protocol.date))
        membership.last = protocol.date
        membership.history.add(protocol)

    # --- objects -----------------------------------------------------------------------------------

    def _common(self, kind: str, src: str, history: _History, web: str | None = None) -> dict[str, Any]:
        fields: dict[str, Any] = {"id": self.url(src), "type": SCHEMA + kind}
        if web:
            fields["web"] = web
        return fields | history.fields()

    def system(self) -> dict[str, Any]:
        """The System: where a client starts."""
        fields = self._common("System", system_path(), self.history, self.url(urls.START))
        fields |= {
            "oparlVersion": SCHEMA,
            "license": self.licence,
            "body": self.url(_list_path("bodies", 1)),
            "name": self.site_name,
            "website": self.url(urls.START),
        }
        return fields | self._contact()

    def _contact(self) -> dict[str, str]:
        if self.publisher is None:
            return {}
        return {"contactEmail": self.publisher.email, "contactName": self.publisher.name}

    def body(self, slug: str) -> dict[str, Any]:
        """An organ as an OParl Body, with its lists."""
        data = self.bodies[slug]
        fields = self._common("Body", f"{ROOT}/body/{slug}.json", data.history, self.url(urls.body(slug)))
        fields |= {
            "system": self.url(system_path()),
            "shortName": data.body.short,
            "name": data.body.name,
            "website": self.url(urls.body(slug)),
            "license": self.licence,
            "mainOrganization": self.url(_object_path(slug, "organization", slug)),
            "organization": self.url(_list_path("organizations", 1, slug)),
            "person": self.url(_list_path("persons", 1, slug)),
            "meeting": self.url(_list_path("meetings", 1, slug)),
            "paper": self.url(_list_path("papers", 1, slug)),
            "agendaItem": self.url(_list_path("agenda-items", 1, slug)),
            "membership": self.url(_list_path("memberships", 1, slug)),
            "locationList": self.url(_list_path("locations", 1, slug)),
            "legislativeTerm": [],
        }
        if data.body.description:
            fields["pa:description"] = data.body.description
        return fields | self._contact()

    def organization(self, slug: str, key: str) -> dict[str, Any]:
        """The organ itself, or a municipality or organisation someone represented in it."""
        data = self.bodies[slug]
        name, kind, history = data.organizations[key]
        web = self._organization_web(slug, key, kind)
        fields = self._common("Organization", _object_path(slug, "organization", key), history, web)
        fields |= {"body": self.url(f"{ROOT}/body/{slug}.json"), "name": name, "organizationType": kind, "classification": kind}
        if kind == "organ":
            fields["shortName"] = data.body.short
            fields["membership"] = [self.url(_object_path(slug, "membership", k)) for k in data.memberships]
            fields["meeting"] = self.url(_list_path("meetings", 1, slug))
        return fields

    def _organization_web(self, slug: str, key: str, kind: str) -> str | None:
        if kind == "organ":
            return self.url(urls.body(slug))
        if kind == "kommun":
            return self.url(urls.municipality(key.removeprefix("kommun-")))
        return None

    def membership(self, slug: str, key: str) -> dict[str, Any]:
        """A membership of the organ (on behalf of a municipality), or a role in it, with its dates."""
        data = self.bodies[slug]
        membership = data.memberships[key]
        web = self.url(urls.person(membership.person))
        fields = self._common("Membership", _object_path(slug, "membership", key), membership.history, web)
        fields |= {
            "person": self.url(_object_path(slug, "person", membership.person)),
            "organization": self.url(_object_path(slug, "organization", slug)),
            "role": membership.role,
            "startDate": membership.first.isoformat(),
        }
        if membership.last != dt.date.max:
            fields["endDate"] = membership.last.isoformat()
        if membership.on_behalf_of:
            fields["onBehalfOf"] = self.url(_object_path(slug, "organization", membership.on_behalf_of))
        return fields

    def person(self, slug: str, person_slug: str) -> dict[str, Any]:
        """A person as the organ's protocols name them, with their memberships embedded."""
        data = self.bodies[slug]
        person = self.index.archive.registers.people[person_slug]
        fields = self._common(
            "Person", _object_path(slug, "person", person_slug), data.people[person_slug], self.url(urls.person(person_slug))
        )
        fields |= {"body": self.url(f"{ROOT}/body/{slug}.json"), "name": person.name}
        if person.title:
            fields["status"] = [person.title]
        fields["membership"] = [self.membership(slug, key) for key, m in data.memberships.items() if m.person == person_slug]
        return fields

    def location(self, slug: str, key: str) -> dict[str, Any]:
        """A place the organ met at. Without OParl's optional list of the meetings held there: it grows with
        the archive, and every meeting embeds its location (the body's meeting list has them all)."""
        place, history = self.bodies[slug].locations[key]
        fields = self._common("Location", _object_path(slug, "location", key), history)
        return fields | {"description": place, "bodies": [self.url(f"{ROOT}/body/{slug}.json")]}

    @staticmethod
    def _meeting_path(protocol: Protocol) -> str:
        return _object_path(protocol.body, "meeting", protocol.date.isoformat())

    def meeting(self, protocol: Protocol) -> dict[str, Any]:
        """An approved protocol as a Meeting, with its agenda items and the protocol file embedded."""
        history = _History()
        history.add(protocol)
        page = urls.protocol(protocol.body, protocol.date)
        fields = self._common("Meeting", self._meeting_path(protocol), history, self.url(page))
        fields |= {
            "name": self.index.body(protocol.body).name + " " + protocol.date.isoformat(),
            "meetingState": "genomfört",
            "cancelled": False,
            "start": _timestamp(protocol.date, protocol.start),
            "organization": [self.url(_object_path(protocol.body, "organization", protocol.body))],
            "participant": [self.url(_object_path(protocol.body, "person", s)) for s in self._participants(protocol)],
            "resultsProtocol": self.protocol_file(protocol),
            "agendaItem": [self.agenda_item(protocol, item.ordinal) for item in protocol.items],
            "license": self.licence,
        }
        if protocol.end:
            fields["end"] = _timestamp(protocol.date, protocol.end)
        if protocol.place:
            fields["location"] = self.location(protocol.body, slugify(protocol.place))
        return fields | self._meeting_extensions(protocol)

    def _participants(self, protocol: Protocol) -> list[str]:
        """Slugs of those present and the guests: who took part."""
        registers = self.index.archive.registers
        found = (registers.person_by_name(p.name) for p in [*protocol.present, *protocol.guests])
        return list(dict.fromkeys(person.slug for person in found if person is not None))

    def _meeting_extensions(self, protocol: Protocol) -> dict[str, Any]:
        """What OParl has no field for: the protocol's number, approval, roles, partial attendance,
        absences, corrections, notes and references, prefixed `pa:`."""
        person = functools.partial(self._person_url, protocol.body)
        extensions: dict[str, Any] = {
            "pa:number": protocol.number,
            "pa:approved": protocol.approval_date.isoformat() if protocol.approval_date else None,
            "pa:review": protocol.review_url,
            "pa:chair": person(protocol.chair),
            "pa:meetingLeader": person(protocol.meeting_leader),
            "pa:secretary": person(protocol.secretary),
            "pa:adjusters": [person(name) for name in protocol.adjusters],
            "pa:participation": [self._participation(protocol, p, status) for status, people in self._attendance(protocol) for p in people],
            "pa:corrections": [{"date": c.date.isoformat(), "text": c.text} for c in protocol.corrections],
            "pa:notes": protocol.notes,
            "pa:references": [self.url(self._meeting_path(target)) for target in self._referenced(protocol)],
            "pa:sha256": protocol.fingerprint,
        }
        return {key: value for key, value in extensions.items() if value not in (None, [])}

    @staticmethod
    def _attendance(protocol: Protocol) -> Iterator[tuple[str, list[Participant]]]:
        yield "närvarande", protocol.present
        yield "frånvarande", [p for p in protocol.absent if not p.excused]
        yield "anmält förhinder", [p for p in protocol.absent if p.excused]
        yield "gäst", protocol.guests

    def _referenced(self, protocol: Protocol) -> list[Protocol]:
        """The approved meetings this protocol refers to."""
        targets = (reference.target for reference in self.index.references.get(protocol.id, []))
        return [target for target in targets if target is not None and target.status is Status.APPROVED]

    def _person_url(self, body: str, name: str | None) -> str | None:
        person = self.index.archive.registers.person_by_name(name) if name else None
        return self.url(_object_path(body, "person", person.slug)) if person else None

    def _participation(self, protocol: Protocol, participant: Participant, status: str) -> dict[str, Any]:
        """A participant reference with what OParl's plain list of persons cannot say."""
        reference: dict[str, Any] = {"person": self._person_url(protocol.body, participant.name), "pa:status": status}
        registers = self.index.archive.registers
        place = participant.municipality or participant.organisation
        if participant.municipality and (municipality := registers.municipality_by_name(participant.municipality)):
            reference["pa:onBehalfOf"] = self.url(_object_path(protocol.body, "organization", f"kommun-{municipality.slug}"))
        elif participant.organisation and (organisation := registers.organisation_by_name(participant.organisation)):
            reference["pa:onBehalfOf"] = self.url(_object_path(protocol.body, "organization", f"org-{organisation.slug}"))
        optional = {
            "pa:place": place,
            "pa:from": participant.present_from,
            "pa:until": participant.present_until,
            "pa:items": participant.items,
            "pa:notItems": participant.not_items,
        }
        return reference | {key: value for key, value in optional.items() if value not in (None, [])}

    def protocol_file(self, protocol: Protocol) -> dict[str, Any]:
        """The protocol as a File: its published Markdown source, whose SHA-256 is the fingerprint."""
        history = _History()
        history.add(protocol)
        page = urls.protocol(protocol.body, protocol.date)
        src = _object_path(protocol.body, "file", protocol.date.isoformat())
        fields = self._common("File", src, history, self.url(page))
        text = self._source_text(protocol)
        body = self.index.body(protocol.body).name
        fields |= {
            "name": f"{body} {protocol.number or protocol.date.isoformat()}",
            "fileName": f"{protocol.date.isoformat()}.md",
            "mimeType": "text/markdown",
            "date": protocol.created.isoformat(),
            "accessUrl": self.scheme.file(urls.source(protocol.body, protocol.date)),
            "downloadUrl": self.scheme.file(urls.source(protocol.body, protocol.date)),
            "fileLicense": self.licence,
            "meeting": [self.url(self._meeting_path(protocol))],
            "pa:sha256": protocol.fingerprint,
        }
        if text is not None:
            encoded = text.encode("utf-8")
            fields |= {"size": len(encoded), "sha512Checksum": hashlib.sha512(encoded).hexdigest()}
        return fields

    def _source_text(self, protocol: Protocol) -> str | None:
        """The protocol's normalised text as published, or None when its file is gone since reading."""
        root = self.index.archive.root
        if root is None or not protocol.source_file:
            return None
        try:
            return source.read_text((root / protocol.source_file).read_bytes())
        except (OSError, source.SourceError):
            return None

    def agenda_item(self, protocol: Protocol, ordinal: int) -> dict[str, Any]:
        """An item of the agenda, its decisions as `resolutionText`."""
        item = protocol.items[ordinal - 1]
        history = _History()
        history.add(protocol)
        page = urls.protocol(protocol.body, protocol.date)
        src = _object_path(protocol.body, "agenda-item", f"{protocol.date.isoformat()}-{ordinal}")
        fields = self._common("AgendaItem", src, history, self.url(page, urls.item_anchor(item.number)))
        fields |= {"meeting": self.url(self._meeting_path(protocol)), "order": ordinal, "name": item.title, "public": True}
        if not protocol.numbered_in_order:
            fields["number"] = str(item.number)
        if item.time:
            fields["start"] = _timestamp(protocol.date, item.time)
        entries = self.index.decisions_by_protocol.get(protocol.id, [])
        decisions = [entry for entry in entries if entry.item is item]
        if decisions:
            fields["result"] = "beslutat"
            fields["resolutionText"] = "\n\n".join(" ".join(entry.decision.text.split()) for entry in decisions)
            fields["pa:decisions"] = [
                {
                    "id": entry.id,
                    "text": " ".join(entry.decision.text.split()),
                    "web": self.url(page, urls.decision_anchor(item.number, entry.decision.ordinal)),
                }
                for entry in decisions
            ]
        return fields

    # --- files ---------------------------------------------------------------------------------------

    def files(self) -> list[DataFile]:
        """Every file of the endpoint, each written when the site is. Pages link to the entry (system.json)
        only; a client finds the rest from there."""
        files = [*self._list("bodies", None, list(self.bodies), self.body)]
        for slug, data in self.bodies.items():
            files.append(DataFile(f"{ROOT}/body/{slug}.json", _writer(functools.partial(self.body, slug))))
            files += self._objects(slug, data)
        for file in files:
            file.linked = False
        return [DataFile(system_path(), _writer(self.system)), *files]

    def _objects(self, slug: str, data: _BodyData) -> list[DataFile]:
        kinds: list[tuple[str, str, list[Any], Callable[[Any], dict[str, Any]], Callable[[Any], str]]] = [
            ("organizations", "organization", list(data.organizations), functools.partial(self.organization, slug), str),
            ("persons", "person", sorted(data.people), functools.partial(self.person, slug), str),
            ("memberships", "membership", list(data.memberships), functools.partial(self.membership, slug), str),
            ("locations", "location", list(data.locations), functools.partial(self.location, slug), str),
        ]
        files: list[DataFile] = []
        for list_name, kind, keys, make, name in kinds:
            files += self._list(list_name, slug, keys, make)
            files += [DataFile(_object_path(slug, kind, name(key)), _writer(functools.partial(make, key))) for key in keys]
        files += self._list("meetings", slug, data.protocols, self.meeting, lambda p: p)
        items = [(protocol, item.ordinal) for protocol in data.protocols for item in protocol.items]
        files += self._list("agenda-items", slug, items, lambda pair: self.agenda_item(*pair), lambda pair: pair[0])
        for protocol in data.protocols:
            key, shown = protocol.date.isoformat(), changes.shown([protocol])
            files.append(DataFile(_object_path(slug, "meeting", key), _writer(functools.partial(self.meeting, protocol)), shown))
            files.append(DataFile(_object_path(slug, "file", key), _writer(functools.partial(self.protocol_file, protocol)), shown))
            for item in protocol.items:
                src = _object_path(slug, "agenda-item", f"{key}-{item.ordinal}")
                files.append(DataFile(src, _writer(functools.partial(self.agenda_item, protocol, item.ordinal)), shown))
        files += self._list("papers", slug, [], lambda key: {})
        return files

    def _list(self, name: str, body: str | None, keys: list[Any], make: Callable[[Any], dict[str, Any]],
              protocol_of: Callable[[Any], Protocol] | None = None) -> list[DataFile]:  # fmt: skip
        """A paged list: `name.json`, `name-2.json`, … with OParl's `pagination` and `links`. A list of
        meetings or their items names the protocols of each page, for a --dirty rebuild."""
        listing = _Listing(name, body, keys, make)
        files = []
        for page in range(1, listing.pages + 1):
            shown = None if protocol_of is None else changes.shown(map(protocol_of, listing.chosen(page)))
            files.append(DataFile(_list_path(name, page, body), functools.partial(self._write_page, listing, page), shown))
        return files

    def _write_page(self, listing: _Listing, page: int, out: TextIO) -> None:
        name, body, pages = listing.name, listing.body, listing.pages
        chosen = listing.chosen(page)
        links = {"first": self.url(_list_path(name, 1, body)), "last": self.url(_list_path(name, pages, body))}
        if page > 1:
            links["prev"] = self.url(_list_path(name, page - 1, body))
        if page < pages:
            links["next"] = self.url(_list_path(name, page + 1, body))
        pagination = {"totalElements": len(listing.keys), "elementsPerPage": PAGE_SIZE, "currentPage": page, "totalPages": pages}
        write_json(out, {"data": (listing.make(key) for key in chosen), "pagination": pagination, "links": links})
        out.write("\n")


@dataclass(frozen=True)
class _Listing:
    """A list of objects of one kind, of a body (or of the system), and how to make each."""

    name: str
    body: str | None
    keys: list[Any]
    make: Callable[[Any], dict[str, Any]]

    @property
    def pages(self) -> int:
        return max(1, math.ceil(len(self.keys) / PAGE_SIZE))

    def chosen(self, page: int) -> list[Any]:
        """The keys on page `page` (from 1)."""
        return self.keys[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]


def _writer(make: Callable[[], dict[str, Any]]) -> Callable[[TextIO], None]:
    def write(out: TextIO) -> None:
        write_json(out, make())
        out.write("\n")

    return write


def source_files(index: Index) -> list[DataFile]:
    """Each protocol's file as the archive holds it (normalised), for `resultsProtocol` and for anyone
    who wants to check a copy: its SHA-256 is the published fingerprint."""
    root = index.archive.root
    if root is None:
        return []
    return [
        DataFile(urls.source(p.body, p.date), functools.partial(_copy_source, root / p.source_file), changes.shown([p]))
        for p in index.protocols
        if p.source_file
    ]


def _copy_source(path: Path, out: TextIO) -> None:
    out.write(source.read_text(path.read_bytes()))
